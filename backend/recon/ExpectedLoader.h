#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/Error.h"
#include "recon/ReconTypes.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::recon {

// Which expected items a statement is reconciled against.
struct LoadScope {
    std::int32_t fromDay = 0;          // candidates: business days [fromDay, toDay]
    std::int32_t toDay = 0;
    std::int32_t expectedFrom = 0;     // items of days [expectedFrom, expectedTo] are expected in this statement
    std::int32_t expectedTo = 0;
    std::string currency;
    std::string merchantId;            // empty: every merchant (operator uploads)
    int utcOffsetMinutes = 540;        // business days are local dates (Asia/Seoul by default)
};

// Loads the items a statement is matched against into the compact ExpectedSet, once per import:
// captured payments by capture date (time slices of at most kPageRows rows, never the whole result set at once),
// approved and paid settlement batches by business day, and whatever an earlier import already
// matched (recon_matches). Bounded by kMaxItems (error TOO_MANY_ITEMS).
class ExpectedLoader {
public:
    static constexpr std::size_t kPageRows = 50'000;
    static constexpr std::size_t kMaxItems = 5'000'000;
    static constexpr std::size_t kMaxReferencedIds = 20'000;
    static constexpr std::size_t kIdsPerQuery = 500;

    static Status loadPayments(store::DbConnection& conn, const LoadScope& scope, ExpectedSet& out);
    static Status loadBatches(store::DbConnection& conn, const LoadScope& scope, ExpectedSet& out);
    // Payments (by payment or acquirer transaction id) and batches named in memos that the windowed
    // load did not bring in, in any state and on any date: rule 1 then explains them (not captured
    // yet, voided, matched by an earlier import...). Loaded as not expected.
    static Status loadReferenced(store::DbConnection& conn, const std::vector<std::string>& ids, const LoadScope& scope, ExpectedSet& out);

    // The UTC instant of local midnight starting `day` (days since 1970-01-01).
    static std::chrono::sys_time<std::chrono::microseconds> utcStartOfDay(std::int32_t day, int utcOffsetMinutes);
};

}  // namespace paydesk::recon
