#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace paydesk::auth {

// Merchant request signing (HMAC-SHA256):
//   X-Api-Key:   key id
//   X-Timestamp: unix seconds
//   X-Signature: lowercase hex HMAC-SHA256(secret, METHOD "\n" PATH "\n" TIMESTAMP "\n" hex(SHA256(body)))
// PATH is the request target including its query string.
struct RequestSignature {
    static std::string canonical(std::string_view method, std::string_view target, std::string_view timestamp,
                                 std::string_view body);
    static std::string sign(std::string_view secret, std::string_view method, std::string_view target,
                            std::string_view timestamp, std::string_view body);
    static constexpr std::int64_t kWindowSeconds = 300;
};

}  // namespace paydesk::auth
