#include "admin/Paging.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace paydesk::operators {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t count) {
    if (pos + count > s.size()) return false;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

int number(std::string_view s, std::size_t pos, std::size_t count) {
    int v = 0;
    std::from_chars(s.data() + pos, s.data() + pos + count, v);
    return v;
}

bool leapYear(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leapYear(y) ? 29 : kDays[m - 1];
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string likeEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (char c : text) {
        if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

}  // namespace

http::HttpResponse validationError(const FieldProblem& problem) {
    return http::HttpResponse::error(400, "VALIDATION_ERROR", problem.message, {{"field", problem.field}});
}

std::optional<std::size_t> parseCount(std::string_view text, std::size_t max) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::size_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || v > max) return std::nullopt;
    return v;
}

std::optional<FieldProblem> readPage(const http::HttpRequest& request, Page& out) {
    out = Page{};
    const std::string limit = request.queryParam("limit");
    if (!limit.empty()) {
        const auto v = parseCount(limit, Page::kMaxLimit);
        if (!v || *v == 0)
            return FieldProblem{"limit", "limit must be an integer from 1 to " + std::to_string(Page::kMaxLimit)};
        out.limit = *v;
    }
    const std::string offset = request.queryParam("offset");
    if (!offset.empty()) {
        const auto v = parseCount(offset, Page::kMaxOffset);
        if (!v)
            return FieldProblem{"offset", "offset must be an integer from 0 to " + std::to_string(Page::kMaxOffset)};
        out.offset = *v;
    }
    out.cursor = request.queryParam("cursor");
    if (out.cursor.size() > 512) return FieldProblem{"cursor", "cursor is not one this server issued"};
    return std::nullopt;
}

std::optional<std::string> parseUtcTimestamp(std::string_view s) {
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.remove_suffix(1);
    // YYYY-MM-DD
    if (!digits(s, 0, 4) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2))
        return std::nullopt;
    const int year = number(s, 0, 4);
    const int month = number(s, 5, 2);
    const int day = number(s, 8, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return std::nullopt;
    std::string out(s.substr(0, 10));
    if (s.size() == 10) return out + " 00:00:00.000000";
    // THH:MM:SS[.ffffff]
    if (s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2) || s[13] != ':' ||
        !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2)) {
        return std::nullopt;
    }
    if (number(s, 11, 2) > 23 || number(s, 14, 2) > 59 || number(s, 17, 2) > 59) return std::nullopt;
    out += " " + std::string(s.substr(11, 8));
    std::string fraction;
    if (s.size() > 19) {
        if (s[19] != '.' || s.size() == 20 || s.size() > 26 || !digits(s, 20, s.size() - 20)) return std::nullopt;
        fraction = std::string(s.substr(20));
    }
    fraction.resize(6, '0');
    return out + "." + fraction;
}

std::optional<FieldProblem> readTimeRange(const http::HttpRequest& request, std::string& fromSql, std::string& toSql) {
    fromSql.clear();
    toSql.clear();
    for (auto [name, target] : {std::pair<const char*, std::string*>{"from", &fromSql}, {"to", &toSql}}) {
        const std::string value = request.queryParam(name);
        if (value.empty()) continue;
        const auto parsed = parseUtcTimestamp(value);
        if (!parsed) {
            return FieldProblem{name,
                                std::string(name) + " must be a UTC time like 2026-11-24 or 2026-11-24T09:30:00Z"};
        }
        *target = *parsed;
    }
    if (!fromSql.empty() && !toSql.empty() && toSql < fromSql) return FieldProblem{"to", "to is earlier than from"};
    return std::nullopt;
}

std::string isoMillis(std::string text) {
    // "2026-11-24T01:02:03.456789Z" -> "2026-11-24T01:02:03.456Z"
    if (text.size() == 27) text = text.substr(0, 23) + "Z";
    return text;
}

std::string isoColumn(std::string_view column) {
    return "DATE_FORMAT(" + std::string(column) + ", '%Y-%m-%dT%H:%i:%s.%fZ')";
}

bool validId(std::string_view id, std::size_t maxLength) {
    if (id.empty() || id.size() > maxLength) return false;
    for (char c : id) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
    }
    return true;
}

std::string likeContains(std::string_view text) {
    return "%" + likeEscape(text) + "%";
}
std::string likePrefix(std::string_view text) {
    return likeEscape(text) + "%";
}

std::string encodeCursor(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() * 2);
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

std::optional<std::string> decodeCursor(std::string_view cursor) {
    if (cursor.empty() || cursor.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(cursor.size() / 2);
    for (std::size_t i = 0; i < cursor.size(); i += 2) {
        const int hi = hexValue(cursor[i]);
        const int lo = hexValue(cursor[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

}  // namespace paydesk::operators
