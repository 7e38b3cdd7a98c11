#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "core/Error.h"
#include "settlement/BatchRecord.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/MerchantCalendars.h"
#include "settlement/SettlementOptions.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::settlement {

// Who closes (an operator, or the scheduler), for closed_by, the audit trail and the events.
struct CloseActor {
    std::string name;
    std::string role;
    std::string correlationId;
};

struct CloseResult {
    std::vector<BatchRecord> closed;  // batches this call closed
    std::int64_t alreadyClosed = 0;   // batches of that day (in scope) closed before, left untouched
    bool skipped = false;             // scheduler only: another run had closed this day already
    // Wall time of each step in milliseconds, in order (logged, and printed by settlebench).
    std::vector<std::pair<std::string, double>> stepMillis;
};

// Closes a business day into settlement batches, set-based: a handful of INSERT ... SELECT and
// UPDATE ... JOIN statements per calendar group, whatever the number of payments (no row-by-row
// loop). One transaction per group, serialized with every other close by a row lock
// (settlement_close_lock), so closes on several instances never interleave.
//
// What a batch (merchant, day, currency) collects when closed:
//   - captures (payments.captured_at) and refunds (refunds.created_at) inside the day's window
//     that no batch holds yet;
//   - late items: ones that no batch holds inside the window of an earlier day of the merchant
//     whose batch was closed before that day was over (+ grace) -- they arrived after it closed;
//   - carries: the negative net of an approved earlier batch of the merchant not yet carried.
// Existing batches in any state but OPEN are never touched: closing a day twice changes nothing.
// settlement_lines' unique source id puts every capture, refund and carry in exactly one batch.
//
// Runs with READ COMMITTED: reading the payments takes no locks, so captures and refunds keep
// flowing while a day closes (needs binlog_format ROW or MIXED when binary logging is on).
class SettlementCloser {
public:
    SettlementCloser(const SettlementOptions& options, const MerchantCalendars& calendars, const Clock& clock);

    // Closes `day` for one merchant (on its own calendar) or, without one, for every merchant
    // (each calendar group in turn). VALIDATION_ERROR when the day has not begun yet.
    Result<CloseResult> closeDay(store::DbConnection& conn, BusinessDay day, const std::optional<std::string>& merchantId,
                                 const CloseActor& actor);

    // Closes `day` for one calendar group. With runInstance set (the scheduler), the day is closed
    // at most once per calendar: a run already recorded in settlement_runs makes this a no-op
    // (skipped), and this run is recorded in the same transaction.
    //
    // AMOUNT_OVERFLOW (and nothing closed) when a fee or a batch total leaves BIGINT: MariaDB refuses
    // the arithmetic (1690) or, in strict mode, the stored total (1264); without strict mode it would
    // store the nearest BIGINT with a warning, which is refused the same way.
    Result<CloseResult> closeGroup(store::DbConnection& conn, const CalendarGroup& group, BusinessDay day, const CloseActor& actor,
                                   const std::string& runInstance = {});

private:
    Result<CloseResult> closeGroupOnce(store::DbConnection& conn, const CalendarGroup& group, BusinessDay day,
                                       const CloseActor& actor, const std::string& runInstance);

    const SettlementOptions options_;
    const MerchantCalendars& calendars_;
    const Clock& clock_;
};

}  // namespace paydesk::settlement
