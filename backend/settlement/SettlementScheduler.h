#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/Clock.h"
#include "settlement/MerchantCalendars.h"
#include "settlement/SettlementCloser.h"
#include "settlement/SettlementOptions.h"

namespace paydesk::store {
class DbPool;
}

namespace paydesk::settlement {

// Closes the previous business day of every merchant with activity, like a cron job: every
// `interval` it looks at each calendar group and closes each of the last `catchUpDays` business
// days that ended at least `grace` ago and that the scheduler has not closed yet (settlement_runs).
// With several paydeskd instances on one database it runs on one of them (database lease
// "settlement.scheduler"); the run record, the close lock and the batches' unique key make a day
// close once even if two instances ever overlapped. All time comes through the Clock.
class SettlementScheduler {
public:
    static constexpr const char* kLeaseName = "settlement.scheduler";
    static constexpr const char* kActor = "system:settlement-scheduler";

    SettlementScheduler(const SettlementOptions& options, const MerchantCalendars& calendars, SettlementCloser& closer, const Clock& clock,
                        store::DbPool& db, std::string instanceId);
    ~SettlementScheduler();
    SettlementScheduler(const SettlementScheduler&) = delete;
    SettlementScheduler& operator=(const SettlementScheduler&) = delete;

    void start();
    void stop();
    // One round now (tests, and the loop): the number of batches closed, or -1 when the lease is
    // held elsewhere or the database failed.
    long runOnce();

private:
    void run();

    const SettlementOptions options_;
    const MerchantCalendars& calendars_;
    SettlementCloser& closer_;
    const Clock& clock_;
    store::DbPool& db_;
    const std::string instanceId_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace paydesk::settlement
