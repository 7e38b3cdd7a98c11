#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Error.h"

// Reading and writing the values of bank statement fields: money as exact integer minor units (no
// floating point anywhere), calendar dates as day numbers, times of day as seconds.
namespace paydesk::recon {

struct AmountFormat {
    int exponent = 0;          // minor-unit digits of the currency: KRW 0, USD 2
    char decimalPoint = '.';
    char groupSeparator = ',';  // thousands separator; '\0' for none
};

// The largest amount a statement field may carry, either sign, in minor units: 10^15 (a quadrillion
// won, ten trillion dollars) is far beyond any bank line, and keeps every sum the matcher and the
// review form of a few thousand lines (and amount ± tolerance) inside int64.
inline constexpr std::int64_t kMaxStatementAmount = 1'000'000'000'000'000;

// Parses "1,234,000", "1,234.50", "-5,000", "(5,000)" (a debit), "5,000-", "₩1,234", "1,234원",
// "KRW 1,234", "+12". Errors (code BAD_AMOUNT) say what is wrong: misplaced separators, more
// decimals than the currency has, a magnitude beyond kMaxStatementAmount minor units. A blank
// field (or a lone "-") is nullopt: no amount.
Result<std::optional<std::int64_t>> parseAmount(std::string_view text, const AmountFormat& format);

enum class DateOrder { YMD, MDY, DMY };
std::optional<DateOrder> parseDateOrder(std::string_view text);
std::string_view toString(DateOrder order);

struct DateTimeValue {
    std::int32_t day = 0;       // days since 1970-01-01
    std::int32_t seconds = -1;  // second of the day when the text carried a time, else -1
};

// "2026.11.23", "2026-11-23", "2026/11/23", "20261123", "2026.11.23.", "2026년 11월 23일", optionally
// followed by a time ("2026-11-23 14:05:01", "2026-11-23T14:05"). With a 4-digit year first the
// order is always Y-M-D; otherwise `order` decides ("11/23/2026" MDY, "23/11/2026" DMY). Code BAD_DATE.
Result<DateTimeValue> parseDateTime(std::string_view text, DateOrder order = DateOrder::YMD);

// "14:05:01", "14:05", "140501", "1405" -> second of the day. Code BAD_TIME.
Result<std::int32_t> parseTimeOfDay(std::string_view text);

std::int32_t daysFromCivil(int year, unsigned month, unsigned day);
void civilFromDays(std::int32_t days, int& year, unsigned& month, unsigned& day);

// "2026-11-23"
std::string formatDate(std::int32_t day);
// "14:05:01"
std::string formatTime(std::int32_t seconds);
// 1234000 (exponent 0) -> "1,234,000"; 123450 (exponent 2) -> "1,234.50"; negatives keep a '-'.
std::string formatAmount(std::int64_t minorUnits, int exponent);

// Trims ASCII whitespace, no-break spaces (U+00A0) and ideographic spaces (U+3000).
std::string_view trimText(std::string_view text);

}  // namespace paydesk::recon
