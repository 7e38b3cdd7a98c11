#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace paydesk {

// ISO 4217 currencies Paydesk accepts, with their minor unit exponent and the largest amount one
// payment may carry (in minor units). Money is always an integer count of minor units.
struct Currency {
    std::string_view code;
    int exponent;            // KRW 0, USD 2, KWD 3
    std::int64_t maxAmount;  // inclusive
};

std::optional<Currency> findCurrency(std::string_view code);

}  // namespace paydesk
