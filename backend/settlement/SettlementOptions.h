#pragma once

#include <chrono>
#include <string>

#include "settlement/FeeSchedule.h"

namespace paydesk::settlement {

// Server-wide settlement defaults (ServerConfig: --settlement-time-zone, --settlement-cutoff,
// --settlement-interval-ms, --fee-bps, --fee-fixed). Merchants may override the calendar and the
// fee in settlement_settings.
struct SettlementOptions {
    std::string timeZone = "Asia/Seoul";
    int cutoffMinutes = 0;
    FeeSchedule fee;
    // How long after a business day ends items of it may still be written (clock skew between
    // instances, write batches in flight). The scheduler closes a day only this long after it
    // ended; a day closed earlier (on demand) keeps collecting late items for its merchants' next
    // batches until then.
    std::chrono::milliseconds grace{std::chrono::minutes(5)};
    // How often the scheduler looks for days to close.
    std::chrono::milliseconds interval{std::chrono::seconds(60)};
    // How many past business days the scheduler closes if it finds them not yet closed (e.g.
    // after every instance was down over a cut-off).
    int catchUpDays = 3;
};

}  // namespace paydesk::settlement
