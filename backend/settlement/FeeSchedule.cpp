#include "settlement/FeeSchedule.h"

#include <cassert>

namespace paydesk::settlement {

std::int64_t FeeSchedule::feeFor(std::int64_t amount) const {
    assert(amount >= 0 && bps >= 0 && bps <= kMaxBps && fixed >= 0);
    return (amount * bps + 5'000) / 10'000 + fixed;
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
