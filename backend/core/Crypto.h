#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace paydesk::crypto {

std::string sha256Hex(std::string_view data);
std::string hmacSha256Hex(std::string_view key, std::string_view data);
// Compares without leaking where the inputs differ (for signatures and tokens).
bool constantTimeEquals(std::string_view a, std::string_view b);
// Cryptographically random bytes, hex encoded (2 * bytes characters).
std::string randomHex(std::size_t bytes);

}  // namespace paydesk::crypto
