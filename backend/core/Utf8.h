#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace paydesk {

// Cuts to at most maxChars UTF-8 characters (VARCHAR limits count characters), never inside one.
std::string truncateUtf8(std::string_view text, std::size_t maxChars);

}  // namespace paydesk
