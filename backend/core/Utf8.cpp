#include "core/Utf8.h"

namespace paydesk {

std::string truncateUtf8(std::string_view text, std::size_t maxChars) {
    std::size_t chars = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (chars == maxChars) break;
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t len = 1;
        if (b >= 0xF0)
            len = 4;
        else if (b >= 0xE0)
            len = 3;
        else if (b >= 0xC0)
            len = 2;
        if (i + len > text.size()) break;  // a cut-off sequence at the end: drop it
        i += len;
        ++chars;
    }
    return std::string(text.substr(0, i));
}

}  // namespace paydesk
