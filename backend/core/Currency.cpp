#include "core/Currency.h"

#include <array>

namespace paydesk {

namespace {
// Limits: the equivalent of roughly USD 1,000,000 per payment.
constexpr std::array<Currency, 12> kCurrencies = {{
    {"KRW", 0, 1'500'000'000},
    {"USD", 2, 100'000'000},
    {"EUR", 2, 100'000'000},
    {"GBP", 2, 100'000'000},
    {"JPY", 0, 150'000'000},
    {"CNY", 2, 700'000'000},
    {"HKD", 2, 780'000'000},
    {"SGD", 2, 135'000'000},
    {"AUD", 2, 150'000'000},
    {"CAD", 2, 135'000'000},
    {"CHF", 2, 90'000'000},
    {"KWD", 3, 310'000'000},
}};
}  // namespace

std::optional<Currency> findCurrency(std::string_view code) {
    for (const auto& c : kCurrencies) {
        if (c.code == code) return c;
    }
    return std::nullopt;
}

}  // namespace paydesk
