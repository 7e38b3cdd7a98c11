#include "core/BoundedJson.h"

namespace paydesk {

bool jsonDepthWithin(std::string_view text, std::size_t maxDepth) noexcept {
    std::size_t depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

nlohmann::json parseBoundedJson(std::string_view text, bool* tooDeep) {
    const bool deep = !jsonDepthWithin(text);
    if (tooDeep != nullptr) *tooDeep = deep;
    // nlohmann stops at a NUL byte as at the end of input; JSON text never holds a raw NUL, so a
    // document with one is malformed rather than cut short.
    if (deep || text.find('\0') != std::string_view::npos) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace paydesk
