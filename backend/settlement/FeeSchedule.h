#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paydesk::settlement {

// What a merchant pays per capture: basis points of the captured amount plus a fixed amount, in
// the currency's minor unit.
//
// Rounding rule (per transaction, half up): fee = floor((amount * bps + 5000) / 10000) + fixed.
// The percentage part is rounded to the nearest minor unit, halves rounding up, for each capture
// on its own; a batch's fee is the exact sum of its captures' fees, so every line of the batch
// detail shows the fee it contributes and the lines add up to the batch. Refunds carry no fee and
// return none. The fee is not capped: a fixed fee above a tiny capture makes that line negative.
// Integer arithmetic only: with the currency limits (at most 1.5e9 minor units per payment)
// amount * bps stays below 2^44, far from overflow. feeFor() never forms amount * bps, so it is
// exact for any non-negative int64 amount (a fee past INT64_MAX, possible only at 100 % plus a
// fixed fee, saturates); in SQL such an amount is refused (see SettlementCloser: AMOUNT_OVERFLOW).
struct FeeSchedule {
    static constexpr std::int64_t kMaxBps = 10'000;               // 100 %
    static constexpr std::int64_t kMaxFixed = 1'000'000'000;      // sanity bound for configuration

    std::int64_t bps = 0;
    std::int64_t fixed = 0;

    [[nodiscard]] std::int64_t feeFor(std::int64_t amount) const;

    // The same rule as an SQL expression over SQL expressions (columns or literals), so the
    // set-based close computes exactly what feeFor() does.
    static std::string sql(std::string_view amountExpr, std::string_view bpsExpr, std::string_view fixedExpr);

    // A reason when bps is outside 0..10000 or fixed outside 0..kMaxFixed.
    static std::optional<std::string> validate(std::int64_t bps, std::int64_t fixed);
};

}  // namespace paydesk::settlement
