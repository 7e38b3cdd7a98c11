#include "settlement/FeeSchedule.h"

#include <cassert>
#include <limits>

namespace paydesk::settlement {

std::int64_t FeeSchedule::feeFor(std::int64_t amount) const {
    assert(amount >= 0 && bps >= 0 && bps <= kMaxBps && fixed >= 0);
    // floor((amount * bps + 5000) / 10000) without forming amount * bps, which leaves int64 from
    // amount > INT64_MAX / 10000 (about 9.2 * 10^14): with amount = q * 10000 + r it is
    // q * bps + floor((r * bps + 5000) / 10000), and q * bps <= amount.
    const std::int64_t q = amount / 10'000;
    const std::int64_t r = amount % 10'000;
    const std::int64_t percentage = q * bps + (r * bps + 5'000) / 10'000;
    std::int64_t fee = 0;
    // Only bps = 10000 with a fixed fee on an amount within kMaxFixed of INT64_MAX gets here.
    if (__builtin_add_overflow(percentage, fixed, &fee)) return std::numeric_limits<std::int64_t>::max();
    return fee;
}

std::string FeeSchedule::sql(std::string_view amountExpr, std::string_view bpsExpr, std::string_view fixedExpr) {
    // DIV is integer division (truncating); with non-negative operands that is floor, as above.
    return "((" + std::string(amountExpr) + " * " + std::string(bpsExpr) + " + 5000) DIV 10000 + " + std::string(fixedExpr) + ")";
}

std::optional<std::string> FeeSchedule::validate(std::int64_t bps, std::int64_t fixed) {
    if (bps < 0 || bps > kMaxBps) return "fee basis points must be between 0 and 10000";
    if (fixed < 0 || fixed > kMaxFixed) return "the fixed fee must be between 0 and " + std::to_string(kMaxFixed);
    return std::nullopt;
}

}  // namespace paydesk::settlement
