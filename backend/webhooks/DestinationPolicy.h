#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"

namespace paydesk::webhooks {

// An IPv4 or IPv6 address. IPv4 addresses are held in their IPv4-mapped IPv6 form
// (::ffff:a.b.c.d), so "127.0.0.1" and "::ffff:127.0.0.1" are the same value and are classified
// alike.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};

    // Numeric text only ("10.0.0.1", "::1", "::ffff:10.0.0.1"); names are never looked up here.
    static std::optional<IpAddress> parse(std::string_view text);
    static IpAddress fromV4(const std::array<std::uint8_t, 4>& octets);
    static IpAddress fromV6(const std::array<std::uint8_t, 16>& octets);

    [[nodiscard]] bool isV4() const;  // IPv4, including IPv4-mapped IPv6
    [[nodiscard]] std::string toString() const;
    friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// A CIDR block. IPv4 blocks are stored over the mapped range, so 127.0.0.0/8 also contains
// ::ffff:127.0.0.1.
struct IpNetwork {
    IpAddress base;      // host bits cleared
    int prefixBits = 0;  // prefix length over the 128-bit form

    // "127.0.0.0/8", "fd00::/8", or a bare address (one host). CONFIG_INVALID when malformed.
    static Result<IpNetwork> parse(std::string_view cidr);
    [[nodiscard]] bool contains(const IpAddress& address) const;
    [[nodiscard]] std::string toString() const;
};

// "CIDR[,CIDR...]" as given to --webhook-allow-networks; blanks around entries are ignored and an
// empty text is an empty list. At most 64 entries. CONFIG_INVALID naming the bad entry.
Result<std::vector<IpNetwork>> parseNetworkList(std::string_view spec);

// The special-purpose range an address is in (IANA special-purpose registries, RFC 6890 and
// successors), or nullopt for a public unicast address. IPv6 outside global unicast 2000::/3 is
// "reserved". `allowable` is false for ranges no allow-list can open (unspecified, multicast,
// broadcast): connecting to them is never meaningful, and 0.0.0.0 reaches this host.
struct ForbiddenRange {
    std::string_view name;  // "loopback", "private network", "link-local (cloud metadata)", ...
    bool allowable = true;
};
std::optional<ForbiddenRange> forbiddenRange(const IpAddress& address);

// Where webhooks may go. An address in a forbidden range is refused unless an allow-listed
// network contains it (and the range is allowable). Independently, paydeskd's own services on
// this host (its HTTP listener and the embedded servers' ports, on a loopback address or one of
// the host's interface addresses) are never a destination.
//
// Error code of every refusal: WEBHOOK_FORBIDDEN_DESTINATION; the message names the range but
// never an address a name resolved to (that would let a merchant map internal DNS).
class DestinationPolicy {
public:
    DestinationPolicy() = default;
    DestinationPolicy(std::vector<IpNetwork> allowed, std::vector<std::uint16_t> ownPorts,
                      std::vector<IpAddress> hostAddresses);

    // This host's interface addresses (getifaddrs), for the own-services rule.
    static std::vector<IpAddress> localInterfaceAddresses();

    [[nodiscard]] Status check(const IpAddress& address, std::uint16_t port) const;

    // Resolves `host` (a name or a numeric address) and checks every address it resolves to: one
    // forbidden address refuses the whole host. The result is the complete set of addresses a
    // delivery may connect to; connecting elsewhere (a second lookup) would reopen DNS rebinding.
    // WEBHOOK_CONNECT when the name does not resolve.
    [[nodiscard]] Result<std::vector<IpAddress>> resolve(const std::string& host, std::uint16_t port) const;

    [[nodiscard]] const std::vector<IpNetwork>& allowed() const { return allowed_; }

    static constexpr std::size_t kMaxAddresses = 32;

private:
    [[nodiscard]] bool allowListed(const IpAddress& address) const;
    [[nodiscard]] bool isThisHost(const IpAddress& address) const;

    std::vector<IpNetwork> allowed_;
    std::vector<std::uint16_t> ownPorts_;
    std::vector<IpAddress> hostAddresses_;
};

}  // namespace paydesk::webhooks
