#include "recon/TextEncoding.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

#include "recon/ByteSource.h"
#include "recon/DecodingSource.h"

namespace paydesk::recon {

namespace {

std::string normalized(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == ' ') continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

}  // namespace

std::optional<TextEncoding> parseEncoding(std::string_view name) {
    const std::string n = normalized(name);
    if (n == "utf8") return TextEncoding::Utf8;
    if (n == "cp949" || n == "euckr" || n == "uhc" || n == "ms949" || n == "windows949" || n == "ksc56011987") return TextEncoding::Cp949;
    return std::nullopt;
}

std::string_view encodingName(TextEncoding encoding) { return encoding == TextEncoding::Utf8 ? "UTF-8" : "CP949"; }

std::size_t utf8SequenceLength(std::string_view bytes) {
    if (bytes.empty()) return kIncompleteUtf8;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const unsigned char c = p[0];
    if (c < 0x80) return 1;
    std::size_t length = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
        length = 2;
        cp = c & 0x1Fu;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        cp = c & 0x0Fu;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        cp = c & 0x07u;
        min = 0x10000;
    } else {
        return 0;
    }
    const std::size_t have = std::min(length, bytes.size());
    for (std::size_t i = 1; i < have; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (have < length) {
        // A prefix: reject early what can never become valid (overlong, surrogate, too large).
        if (length == 2 && c < 0xC2) return 0;
        if (length == 3 && have >= 2 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))) return 0;
        if (length == 4 && (c > 0xF4 || (have >= 2 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))))) return 0;
        return kIncompleteUtf8;
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return length;
}

bool isValidUtf8(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        // Fast path: eight ASCII bytes at a time.
        if (bytes.size() - i >= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes.data() + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const std::size_t n = utf8SequenceLength(bytes.substr(i));
        if (n == 0 || n == kIncompleteUtf8) return false;
        i += n;
    }
    return true;
}

TextEncoding detectEncoding(std::string_view bytes) { return isValidUtf8(bytes) ? TextEncoding::Utf8 : TextEncoding::Cp949; }

std::string toUtf8(std::string_view bytes, TextEncoding from) {
    if (from == TextEncoding::Utf8 && isValidUtf8(bytes)) return std::string(bytes);
    MemorySource raw(bytes);
    DecodingSource decoded(raw, from);
    std::string out;
    char buffer[4096];
    while (const std::size_t n = decoded.read(buffer, sizeof buffer)) out.append(buffer, n);
    return out;
}

std::optional<std::string> utf8ToCp949(std::string_view utf8) {
    iconv_t cd = iconv_open("CP949", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(utf8.size() * 2 + 16, '\0');
    std::string in(utf8);
    char* inPtr = in.data();
    std::size_t inLeft = in.size();
    char* outPtr = out.data();
    std::size_t outLeft = out.size();
    const std::size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - outLeft);
    return out;
}

}  // namespace paydesk::recon
