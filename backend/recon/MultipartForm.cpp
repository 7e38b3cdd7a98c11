#include "recon/MultipartForm.h"

#include <algorithm>
#include <cctype>

namespace paydesk::recon {

namespace {

Error malformed(const std::string& why) {
    return Error::make(ErrorCode::MalformedMultipart, "multipart body: " + why);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The value of parameter `name` in a header value like `form-data; name="file"; filename="a.csv"`.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t semi = header.find(';', pos);
        // A quoted value may contain ';': skip over quotes when looking for the separator.
        if (const std::size_t quote = header.find('"', pos); quote != std::string_view::npos && quote < semi) {
            std::size_t close = quote + 1;
            while (close < header.size() && header[close] != '"') close += header[close] == '\\' ? 2 : 1;
            semi = header.find(';', std::min(close, header.size()));
        }
        const std::string_view item = trim(header.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
        const std::size_t eq = item.find('=');
        if (eq != std::string_view::npos && lower(trim(item.substr(0, eq))) == name) {
            std::string_view value = trim(item.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                std::string out;
                for (std::size_t i = 1; i + 1 < value.size(); ++i) {
                    if (value[i] == '\\' && i + 2 < value.size()) ++i;
                    out.push_back(value[i]);
                }
                return out;
            }
            return std::string(value);
        }
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    return std::nullopt;
}

bool boundaryChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> MultipartForm::boundaryOf(std::string_view contentType) {
    const std::string type = lower(trim(contentType.substr(0, contentType.find(';'))));
    if (type != "multipart/form-data") return std::nullopt;
    auto b = parameter(contentType.substr(std::min(contentType.find(';'), contentType.size())), "boundary");
    if (!b || b->empty() || b->size() > kMaxBoundary || b->back() == ' ' || !std::all_of(b->begin(), b->end(), boundaryChar)) return std::nullopt;
    return b;
}

Result<std::vector<MultipartPart>> MultipartForm::parse(std::string_view contentType, std::string_view body) {
    const auto boundary = boundaryOf(contentType);
    if (!boundary) return malformed("Content-Type multipart/form-data needs a boundary parameter of 1 to 70 characters");
    const std::string delimiter = "--" + *boundary;
    // The first delimiter: at the very start, or after a preamble line.
    std::size_t pos = 0;
    if (body.substr(0, delimiter.size()) != delimiter) {
        pos = body.find("\n" + delimiter);
        if (pos == std::string_view::npos) return malformed("no part starts with the boundary");
        pos += 1;
    }
    std::vector<MultipartPart> parts;
    for (;;) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
        // Transport padding, then the line end.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (body.substr(pos, 2) == "\r\n") pos += 2;
        else if (body.substr(pos, 1) == "\n") pos += 1;
        else return malformed("a boundary line is not followed by a line end");
        if (parts.size() >= kMaxParts) return malformed("more than " + std::to_string(kMaxParts) + " parts");

        // Headers, up to the empty line.
        MultipartPart part;
        bool disposition = false;
        const std::size_t headerStart = pos;
        for (;;) {
            const std::size_t eol = body.find('\n', pos);
            if (eol == std::string_view::npos || eol - headerStart > kMaxPartHeaderBytes) {
                return malformed("part headers longer than " + std::to_string(kMaxPartHeaderBytes) + " bytes or unterminated");
            }
            const std::string_view line = trim(body.substr(pos, eol - pos));
            pos = eol + 1;
            if (line.empty()) break;
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) return malformed("a part header without ':'");
            const std::string name = lower(trim(line.substr(0, colon)));
            const std::string_view value = trim(line.substr(colon + 1));
            if (name == "content-disposition") {
                if (lower(trim(value.substr(0, value.find(';')))) != "form-data") return malformed("a part is not form-data");
                disposition = true;
                part.name = parameter(value, "name").value_or("");
                part.fileName = parameter(value, "filename").value_or("");
            } else if (name == "content-type") {
                part.contentType = std::string(value);
            }
        }
        if (!disposition || part.name.empty()) return malformed("a part has no Content-Disposition name");

        // The body runs to the line end before the next delimiter.
        std::size_t next = body.find("\n" + delimiter, pos == 0 ? 0 : pos - 1);
        while (next != std::string_view::npos && next + 1 < pos) next = body.find("\n" + delimiter, next + 1);
        if (next == std::string_view::npos) return malformed("the closing boundary is missing");
        std::size_t end = next;
        if (end > pos && body[end - 1] == '\r') --end;
        part.body = body.substr(pos, end > pos ? end - pos : 0);
        parts.push_back(std::move(part));
        pos = next + 1;
    }
}

}  // namespace paydesk::recon
