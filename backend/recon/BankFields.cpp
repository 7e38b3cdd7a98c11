#include "recon/BankFields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>

namespace paydesk::recon {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// Currency markers banks put around amounts. ISO codes are handled separately.
constexpr std::array<std::string_view, 8> kCurrencyMarks = {
    "\xE2\x82\xA9",  // ₩
    "\xEF\xBF\xA6",  // ￦ (full width)
    "$",
    "\xE2\x82\xAC",  // €
    "\xC2\xA3",      // £
    "\xC2\xA5",      // ¥
    "\xEC\x9B\x90",  // 원
    "US$",
};

bool isUpperAlpha(char c) { return c >= 'A' && c <= 'Z'; }

// The start of a field for an error message: at most maxBytes, never cut inside a UTF-8 character
// (the message is stored as utf8mb4 and sent back as JSON).
std::string shownText(std::string_view text, std::size_t maxBytes) {
    std::size_t n = std::min(text.size(), maxBytes);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return std::string(text.substr(0, n));
}

// Removes one currency marker or ISO code at either end; true when something was removed.
bool stripCurrency(std::string_view& t) {
    for (std::string_view m : kCurrencyMarks) {
        if (startsWith(t, m)) {
            t = trimText(t.substr(m.size()));
            return true;
        }
        if (endsWith(t, m)) {
            t = trimText(t.substr(0, t.size() - m.size()));
            return true;
        }
    }
    if (t.size() > 3 && isUpperAlpha(t[0]) && isUpperAlpha(t[1]) && isUpperAlpha(t[2]) && !isUpperAlpha(t[3])) {
        t = trimText(t.substr(3));
        return true;
    }
    const std::size_t n = t.size();
    if (n > 3 && isUpperAlpha(t[n - 1]) && isUpperAlpha(t[n - 2]) && isUpperAlpha(t[n - 3]) && !isUpperAlpha(t[n - 4])) {
        t = trimText(t.substr(0, n - 3));
        return true;
    }
    return false;
}

Error badAmount(std::string_view original, const std::string& why) {
    const std::string shown = shownText(original, 40);
    return Error::make(ErrorCode::BadAmount, "amount '" + shown + "' " + why);
}

Error beyondLimit(std::string_view original, const AmountFormat& format) {
    return badAmount(original, "is beyond the limit of \xC2\xB1" + formatAmount(kMaxStatementAmount, format.exponent) +
                                   " (10^15 minor units)");
}

bool leapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leapYear(y) ? 29 : kDays[m - 1];
}

int toInt(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!isDigit(c)) return false;
    }
    return true;
}

Error badDate(std::string_view original, const std::string& why) {
    return Error::make(ErrorCode::BadDate, "date '" + shownText(original, 40) + "' " + why);
}

// Replaces Korean date words: "2026년 11월 23일" -> "2026-11-23".
std::string normalizeKoreanDate(std::string_view t) {
    static constexpr std::string_view kYear = "\xEB\x85\x84";   // 년
    static constexpr std::string_view kMonth = "\xEC\x9B\x94";  // 월
    static constexpr std::string_view kDay = "\xEC\x9D\xBC";    // 일
    std::string out;
    for (std::size_t i = 0; i < t.size();) {
        const std::string_view rest = t.substr(i);
        if (startsWith(rest, kYear) || startsWith(rest, kMonth)) {
            out.push_back('-');
            i += 3;
            while (i < t.size() && t[i] == ' ') ++i;
        } else if (startsWith(rest, kDay)) {
            i += 3;
        } else {
            out.push_back(t[i++]);
        }
    }
    return out;
}

}  // namespace

std::string_view trimText(std::string_view t) {
    for (;;) {
        const std::size_t before = t.size();
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\r' || t.front() == '\n')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
        if (startsWith(t, "\xC2\xA0")) t.remove_prefix(2);
        if (endsWith(t, "\xC2\xA0")) t.remove_suffix(2);
        if (startsWith(t, "\xE3\x80\x80")) t.remove_prefix(3);
        if (endsWith(t, "\xE3\x80\x80")) t.remove_suffix(3);
        if (t.size() == before) return t;
    }
}

Result<std::optional<std::int64_t>> parseAmount(std::string_view text, const AmountFormat& format) {
    std::string_view t = trimText(text);
    if (t.empty() || t == "-") return std::optional<std::int64_t>{};
    while (stripCurrency(t)) {
    }
    bool negative = false;
    if (!t.empty() && t.front() == '(' && t.back() == ')' && t.size() >= 2) {
        negative = true;
        t = trimText(t.substr(1, t.size() - 2));
    }
    while (stripCurrency(t)) {
    }
    bool signSeen = false;
    if (startsWith(t, "\xE2\x88\x92")) {  // U+2212 MINUS SIGN
        signSeen = true;
        t = trimText(t.substr(3));
        if (negative) return badAmount(text, "has two signs");
        negative = true;
    } else if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
        signSeen = true;
        const bool minus = t.front() == '-';
        t = trimText(t.substr(1));
        if (minus && negative) return badAmount(text, "has two signs");
        negative = negative || minus;
    }
    if (!t.empty() && t.front() == '(') return badAmount(text, "has two signs");
    if (!t.empty() && t.back() == '-') {  // "5,000-": some banks put the sign last
        if (negative || signSeen) return badAmount(text, "has two signs");
        negative = true;
        t = trimText(t.substr(0, t.size() - 1));
    }
    while (stripCurrency(t)) {
    }
    if (t.empty()) return badAmount(text, "has no digits");

    std::string_view integer = t;
    std::string_view fraction;
    bool hasPoint = false;
    if (const std::size_t point = t.find(format.decimalPoint); point != std::string_view::npos) {
        hasPoint = true;
        integer = t.substr(0, point);
        fraction = t.substr(point + 1);
        if (fraction.find(format.decimalPoint) != std::string_view::npos) return badAmount(text, "has more than one decimal point");
    }
    if (integer.empty() && fraction.empty()) return badAmount(text, "has no digits");
    if (hasPoint && fraction.empty()) return badAmount(text, "ends with a decimal point");
    for (char c : fraction) {
        if (!isDigit(c)) return badAmount(text, "is not a number");
    }

    // Digits of the integer part; separators, when used, must group exactly three digits.
    std::int64_t value = 0;
    std::size_t groupDigits = 0;
    bool grouped = false;
    for (std::size_t i = 0; i < integer.size(); ++i) {
        const char c = integer[i];
        if (isDigit(c)) {
            if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, c - '0', &value)) {
                return beyondLimit(text, format);
            }
            ++groupDigits;
            if (grouped && groupDigits > 3) return badAmount(text, "has a misplaced thousands separator");
        } else if (format.groupSeparator != '\0' && c == format.groupSeparator) {
            if (groupDigits == 0 || (!grouped && groupDigits > 3) || (grouped && groupDigits != 3)) {
                return badAmount(text, "has a misplaced thousands separator");
            }
            grouped = true;
            groupDigits = 0;
        } else {
            return badAmount(text, "is not a number");
        }
    }
    if (grouped && groupDigits != 3) return badAmount(text, "has a misplaced thousands separator");

    // The fraction: at most `exponent` significant digits (trailing zeros beyond are harmless).
    std::int64_t minor = 0;
    const auto exponent = static_cast<std::size_t>(format.exponent);
    for (std::size_t i = 0; i < fraction.size(); ++i) {
        if (i >= exponent) {
            if (fraction[i] != '0') {
                return badAmount(text, exponent == 0 ? "has decimals, but the currency has no minor unit"
                                                     : "has more than " + std::to_string(exponent) + " decimal places");
            }
            continue;
        }
        minor = minor * 10 + (fraction[i] - '0');
    }
    for (std::size_t i = fraction.size(); i < exponent; ++i) minor *= 10;
    for (std::size_t i = 0; i < exponent; ++i) {
        if (__builtin_mul_overflow(value, 10, &value)) return beyondLimit(text, format);
    }
    if (__builtin_add_overflow(value, minor, &value) || value > kMaxStatementAmount) return beyondLimit(text, format);
    return std::optional<std::int64_t>(negative ? -value : value);
}

std::optional<DateOrder> parseDateOrder(std::string_view text) {
    if (text == "YMD") return DateOrder::YMD;
    if (text == "MDY") return DateOrder::MDY;
    if (text == "DMY") return DateOrder::DMY;
    return std::nullopt;
}

std::string_view toString(DateOrder order) {
    switch (order) {
        case DateOrder::YMD: return "YMD";
        case DateOrder::MDY: return "MDY";
        case DateOrder::DMY: return "DMY";
    }
    return "YMD";
}

std::int32_t daysFromCivil(int year, unsigned month, unsigned day) {
    // Howard Hinnant's days_from_civil.
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3u : 9u)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

void civilFromDays(std::int32_t days, int& year, unsigned& month, unsigned& day) {
    const std::int32_t z = days + 719468;
    const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

Result<std::int32_t> parseTimeOfDay(std::string_view text) {
    std::string_view t = trimText(text);
    const std::string shown = shownText(t, 20);
    if (const std::size_t dot = t.find('.'); dot != std::string_view::npos && t.find(':') != std::string_view::npos) {
        t = t.substr(0, dot);  // fractions of a second do not matter for matching
    }
    int h = 0;
    int m = 0;
    int s = 0;
    if (t.size() == 4 && allDigits(t)) {
        h = toInt(t.substr(0, 2));
        m = toInt(t.substr(2, 2));
    } else if (t.size() == 6 && allDigits(t)) {
        h = toInt(t.substr(0, 2));
        m = toInt(t.substr(2, 2));
        s = toInt(t.substr(4, 2));
    } else {
        const std::size_t c1 = t.find(':');
        if (c1 == std::string_view::npos)
            return Error::make(ErrorCode::BadTime, "time '" + shown + "' is not HH:MM[:SS]");
        const std::size_t c2 = t.find(':', c1 + 1);
        const std::string_view hs = t.substr(0, c1);
        const std::string_view ms = t.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1);
        const std::string_view ss = c2 == std::string_view::npos ? std::string_view("0") : t.substr(c2 + 1);
        if (!allDigits(hs) || hs.size() > 2 || !allDigits(ms) || ms.size() != 2 || !allDigits(ss) || ss.size() > 2) {
            return Error::make(ErrorCode::BadTime, "time '" + shown + "' is not HH:MM[:SS]");
        }
        h = toInt(hs);
        m = toInt(ms);
        s = toInt(ss);
    }
    if (h > 23 || m > 59 || s > 59) return Error::make(ErrorCode::BadTime, "time '" + shown + "' is out of range");
    return h * 3600 + m * 60 + s;
}

Result<DateTimeValue> parseDateTime(std::string_view text, DateOrder order) {
    const std::string normalized = normalizeKoreanDate(trimText(text));
    std::string_view t = trimText(normalized);
    if (t.empty()) return badDate(text, "is empty");
    // Split off a time: after a 'T' or a space.
    std::string_view datePart = t;
    std::string_view timePart;
    if (const std::size_t cut = t.find_first_of(" T"); cut != std::string_view::npos) {
        datePart = t.substr(0, cut);
        timePart = trimText(t.substr(cut + 1));
    }
    int y = 0;
    int m = 0;
    int d = 0;
    if (datePart.size() == 8 && allDigits(datePart)) {
        y = toInt(datePart.substr(0, 4));
        m = toInt(datePart.substr(4, 2));
        d = toInt(datePart.substr(6, 2));
    } else {
        const std::size_t s1 = datePart.find_first_of("-./");
        if (s1 == std::string_view::npos) return badDate(text, "is not a date");
        const char sep = datePart[s1];
        const std::size_t s2 = datePart.find(sep, s1 + 1);
        if (s2 == std::string_view::npos) return badDate(text, "is not a date");
        std::string_view a = datePart.substr(0, s1);
        std::string_view b = datePart.substr(s1 + 1, s2 - s1 - 1);
        std::string_view c = datePart.substr(s2 + 1);
        if (!c.empty() && c.back() == sep) c.remove_suffix(1);  // "2026.11.23."
        if (!allDigits(a) || !allDigits(b) || !allDigits(c) || b.size() > 2) return badDate(text, "is not a date");
        if (a.size() == 4) {
            if (c.size() > 2) return badDate(text, "is not a date");
            y = toInt(a);
            m = toInt(b);
            d = toInt(c);
        } else {
            if (c.size() != 4 || a.size() > 2) return badDate(text, "needs a four-digit year");
            y = toInt(c);
            if (order == DateOrder::DMY) {
                d = toInt(a);
                m = toInt(b);
            } else {
                m = toInt(a);
                d = toInt(b);
            }
        }
    }
    if (y < 1900 || y > 2200) return badDate(text, "has a year out of range");
    if (m < 1 || m > 12) return badDate(text, "has no month " + std::to_string(m));
    if (d < 1 || static_cast<unsigned>(d) > daysInMonth(y, static_cast<unsigned>(m))) return badDate(text, "is not a day of the calendar");
    DateTimeValue out;
    out.day = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    if (!timePart.empty()) {
        auto seconds = parseTimeOfDay(timePart);
        if (!seconds.ok()) return badDate(text, "has a bad time part");
        out.seconds = seconds.value();
    }
    return out;
}

std::string formatDate(std::int32_t day) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civilFromDays(day, y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string formatTime(std::int32_t seconds) {
    if (seconds < 0) return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return buf;
}

std::string formatAmount(std::int64_t minorUnits, int exponent) {
    const bool negative = minorUnits < 0;
    // Magnitude as unsigned so INT64_MIN formats too.
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minorUnits) : static_cast<std::uint64_t>(minorUnits);
    std::uint64_t scale = 1;
    for (int i = 0; i < exponent; ++i) scale *= 10;
    const std::uint64_t integer = magnitude / scale;
    const std::uint64_t fraction = magnitude % scale;
    std::string digits = std::to_string(integer);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[i]);
    }
    if (exponent > 0) {
        std::string frac = std::to_string(fraction);
        grouped += "." + std::string(static_cast<std::size_t>(exponent) - frac.size(), '0') + frac;
    }
    return negative ? "-" + grouped : grouped;
}

}  // namespace paydesk::recon
