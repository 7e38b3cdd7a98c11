#include "webhooks/DestinationPolicy.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <memory>

namespace paydesk::webhooks {

namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trimBlanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

struct NamedRange {
    const char* cidr;
    const char* name;
    bool allowable;
};

// Checked in order; the first match names the range. IPv4 first (it also covers IPv4-mapped IPv6).
constexpr NamedRange kV4Ranges[] = {
    {"0.0.0.0/8", "unspecified (\"this network\")", false},
    {"10.0.0.0/8", "private network", true},
    {"100.64.0.0/10", "shared address space (carrier-grade NAT)", true},
    {"127.0.0.0/8", "loopback", true},
    {"169.254.0.0/16", "link-local (cloud metadata)", true},
    {"172.16.0.0/12", "private network", true},
    {"192.0.0.0/24", "IETF protocol assignment", true},
    {"192.0.2.0/24", "documentation", true},
    {"192.88.99.0/24", "6to4 relay anycast", true},
    {"192.168.0.0/16", "private network", true},
    {"198.18.0.0/15", "benchmarking", true},
    {"198.51.100.0/24", "documentation", true},
    {"203.0.113.0/24", "documentation", true},
    {"224.0.0.0/4", "multicast", false},
    {"255.255.255.255/32", "broadcast", false},
    {"240.0.0.0/4", "reserved", true},
};

constexpr NamedRange kV6Ranges[] = {
    {"::/128", "unspecified", false},
    {"::1/128", "loopback", true},
    {"64:ff9b::/96", "IPv4/IPv6 translation (NAT64)", true},
    {"64:ff9b:1::/48", "IPv4/IPv6 translation (NAT64)", true},
    {"100::/64", "discard-only", true},
    {"2001::/32", "Teredo tunnelling", true},
    {"2001:db8::/32", "documentation", true},
    {"2001::/23", "IETF protocol assignment", true},
    {"2002::/16", "6to4 tunnelling", true},
    {"3fff::/20", "documentation", true},
    {"fc00::/7", "unique local (private network)", true},
    {"fe80::/10", "link-local", true},
    {"fec0::/10", "site-local", true},
    {"ff00::/8", "multicast", false},
};

struct CompiledRange {
    IpNetwork network;
    ForbiddenRange range;
};

template <std::size_t N>
std::vector<CompiledRange> compile(const NamedRange (&table)[N]) {
    std::vector<CompiledRange> out;
    for (const NamedRange& r : table) {
        auto network = IpNetwork::parse(r.cidr);
        assert(network.ok() && "built-in range table");
        out.push_back({network.value(), {r.name, r.allowable}});
    }
    return out;
}

const std::vector<CompiledRange>& v4Ranges() {
    static const std::vector<CompiledRange> ranges = compile(kV4Ranges);
    return ranges;
}

const std::vector<CompiledRange>& v6Ranges() {
    static const std::vector<CompiledRange> ranges = compile(kV6Ranges);
    return ranges;
}

std::optional<IpAddress> fromSockaddr(const sockaddr* sa) {
    if (sa == nullptr) return std::nullopt;
    if (sa->sa_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, sa, sizeof in);
        std::array<std::uint8_t, 4> octets{};
        std::memcpy(octets.data(), &in.sin_addr, 4);
        return IpAddress::fromV4(octets);
    }
    if (sa->sa_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, sa, sizeof in6);
        std::array<std::uint8_t, 16> octets{};
        std::memcpy(octets.data(), &in6.sin6_addr, 16);
        return IpAddress::fromV6(octets);
    }
    return std::nullopt;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    const std::string s(text);
    std::array<std::uint8_t, 4> v4{};
    if (::inet_pton(AF_INET, s.c_str(), v4.data()) == 1) return fromV4(v4);
    std::array<std::uint8_t, 16> v6{};
    if (::inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) return fromV6(v6);
    return std::nullopt;
}

IpAddress IpAddress::fromV4(const std::array<std::uint8_t, 4>& octets) {
    IpAddress a;
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes.begin());
    std::copy(octets.begin(), octets.end(), a.bytes.begin() + 12);
    return a;
}

IpAddress IpAddress::fromV6(const std::array<std::uint8_t, 16>& octets) {
    IpAddress a;
    a.bytes = octets;
    return a;
}

bool IpAddress::isV4() const {
    return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::string IpAddress::toString() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (isV4()) {
        ::inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
    } else {
        ::inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    }
    return buf;
}

Result<IpNetwork> IpNetwork::parse(std::string_view cidr) {
    cidr = trimBlanks(cidr);
    const std::size_t slash = cidr.find('/');
    const std::string_view addressText = cidr.substr(0, slash);
    const auto address = IpAddress::parse(addressText);
    const auto bad = [&] {
        return Error::make(ErrorCode::ConfigInvalid, "'" + std::string(cidr.substr(0, 80)) +
                                                         "' is not a network (CIDR such as 10.0.0.0/8 or fd00::/8)");
    };
    if (!address) return bad();
    const bool v4Text = addressText.find(':') == std::string_view::npos;
    const int width = v4Text ? 32 : 128;
    int prefix = width;
    if (slash != std::string_view::npos) {
        const std::string_view digits = cidr.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return bad();
        prefix = std::stoi(std::string(digits));
        if (prefix > width) return bad();
    }
    IpNetwork n;
    n.prefixBits = prefix + (128 - width);
    n.base = *address;
    for (int bit = n.prefixBits; bit < 128; ++bit) {
        n.base.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return n;
}

bool IpNetwork::contains(const IpAddress& address) const {
    const int fullBytes = prefixBits / 8;
    for (int i = 0; i < fullBytes; ++i) {
        if (address.bytes[static_cast<std::size_t>(i)] != base.bytes[static_cast<std::size_t>(i)]) return false;
    }
    const int rest = prefixBits % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xffu << (8 - rest));
    const auto i = static_cast<std::size_t>(fullBytes);
    return (address.bytes[i] & mask) == (base.bytes[i] & mask);
}

std::string IpNetwork::toString() const {
    const bool v4 = base.isV4() && prefixBits >= 96;
    return base.toString() + "/" + std::to_string(v4 ? prefixBits - 96 : prefixBits);
}

Result<std::vector<IpNetwork>> parseNetworkList(std::string_view spec) {
    std::vector<IpNetwork> out;
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = trimBlanks(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (item.empty()) continue;
        if (out.size() == 64) return Error::make(ErrorCode::ConfigInvalid, "at most 64 networks may be allow-listed");
        auto network = IpNetwork::parse(item);
        if (!network.ok()) return network.error();
        out.push_back(network.value());
    }
    return out;
}

std::optional<ForbiddenRange> forbiddenRange(const IpAddress& address) {
    static const IpNetwork globalUnicast = IpNetwork::parse("2000::/3").value();
    for (const CompiledRange& r : address.isV4() ? v4Ranges() : v6Ranges()) {
        if (r.network.contains(address)) return r.range;
    }
    if (!address.isV4() && !globalUnicast.contains(address)) return ForbiddenRange{"reserved", true};
    return std::nullopt;
}

DestinationPolicy::DestinationPolicy(std::vector<IpNetwork> allowed, std::vector<std::uint16_t> ownPorts,
                                     std::vector<IpAddress> hostAddresses)
    : allowed_(std::move(allowed)), ownPorts_(std::move(ownPorts)), hostAddresses_(std::move(hostAddresses)) {}

std::vector<IpAddress> DestinationPolicy::localInterfaceAddresses() {
    std::vector<IpAddress> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (const ifaddrs* p = list; p != nullptr; p = p->ifa_next) {
        if (auto a = fromSockaddr(p->ifa_addr); a && std::find(out.begin(), out.end(), *a) == out.end())
            out.push_back(*a);
    }
    ::freeifaddrs(list);
    return out;
}

bool DestinationPolicy::allowListed(const IpAddress& address) const {
    return std::any_of(allowed_.begin(), allowed_.end(), [&](const IpNetwork& n) { return n.contains(address); });
}

bool DestinationPolicy::isThisHost(const IpAddress& address) const {
    if (const auto range = forbiddenRange(address); range && (range->name == "loopback" || !range->allowable))
        return true;
    return std::find(hostAddresses_.begin(), hostAddresses_.end(), address) != hostAddresses_.end();
}

Status DestinationPolicy::check(const IpAddress& address, std::uint16_t port) const {
    if (const auto range = forbiddenRange(address); range && (!range->allowable || !allowListed(address))) {
        return Error::make(ErrorCode::WebhookForbiddenDestination,
                           "the host is or resolves to a " + std::string(range->name) +
                               " address; webhook receivers must be on public addresses");
    }
    if (std::find(ownPorts_.begin(), ownPorts_.end(), port) != ownPorts_.end() && isThisHost(address)) {
        return Error::make(ErrorCode::WebhookForbiddenDestination,
                           "the host and port are one of this server's own services");
    }
    return Status::success();
}

Result<std::vector<IpAddress>> DestinationPolicy::resolve(const std::string& host, std::uint16_t port) const {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (rc != 0)
        return Error::make(ErrorCode::WebhookConnect, std::string("cannot resolve the host: ") + ::gai_strerror(rc));
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(list, &::freeaddrinfo);
    std::vector<IpAddress> addresses;
    for (const addrinfo* p = list; p != nullptr; p = p->ai_next) {
        const auto a = fromSockaddr(p->ai_addr);
        if (!a) continue;
        // Every address is checked, even those beyond the ones a delivery would try.
        if (auto s = check(*a, port); !s.ok()) return s.error();
        if (std::find(addresses.begin(), addresses.end(), *a) == addresses.end() && addresses.size() < kMaxAddresses)
            addresses.push_back(*a);
    }
    if (addresses.empty()) return Error::make(ErrorCode::WebhookConnect, "the host has no IPv4 or IPv6 address");
    return addresses;
}

}  // namespace paydesk::webhooks
