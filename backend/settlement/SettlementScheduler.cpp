#include "settlement/SettlementScheduler.h"

#include <algorithm>
#include <cassert>

#include "core/Logger.h"
#include "store/Database.h"
#include "store/Lease.h"

namespace paydesk::settlement {

using namespace std::chrono_literals;

namespace {
constexpr std::string_view kComponent = "settlement";
}

SettlementScheduler::SettlementScheduler(const SettlementOptions& options, const MerchantCalendars& calendars, SettlementCloser& closer,
                                         const Clock& clock, store::DbPool& db, std::string instanceId)
    : options_(options), calendars_(calendars), closer_(closer), clock_(clock), db_(db), instanceId_(std::move(instanceId)) {
    assert(options_.interval.count() > 0 && options_.catchUpDays >= 1 && !instanceId_.empty());
}

SettlementScheduler::~SettlementScheduler() { stop(); }

void SettlementScheduler::start() {
    assert(!thread_.joinable());
    thread_ = std::thread([this] { run(); });
}

void SettlementScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SettlementScheduler::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        const long n = runOnce();
        if (n > 0) Logger::info(kComponent, "scheduled settlement closed batches", {{"batches", n}});
        lock.lock();
        wake_.wait_for(lock, options_.interval, [&] { return stopping_; });
    }
}

long SettlementScheduler::runOnce() {
    // A close of a million payments takes seconds: the lease outlives several of them.
    const auto ttl = std::max<std::chrono::milliseconds>(options_.interval * 3, 120s);
    auto conn = db_.acquire(1000ms);
    if (!conn.ok()) return -1;
    store::DbConnection& c = *conn.value();
    auto held = store::Lease::tryAcquire(c, kLeaseName, instanceId_, ttl);
    if (!held.ok() || !held.value()) return -1;
    auto groups = calendars_.groups(c);
    if (!groups.ok()) {
        Logger::warn(kComponent, "settlement scheduler could not read merchant calendars", {{"error", groups.error().message}});
        return -1;
    }
    const auto now = clock_.now();
    const CloseActor actor{kActor, "system", "settlement-scheduler"};
    long closed = 0;
    for (const auto& group : *groups) {
        if (!group.everyoneElse && group.merchants.empty()) continue;
        const BusinessDay today = group.calendar.dayOf(now);
        // Oldest first, so a carried negative net moves forward in day order.
        for (int back = options_.catchUpDays; back >= 1; --back) {
            const BusinessDay day = today - std::chrono::days{back};
            if (now < group.calendar.window(day).end + options_.grace) continue;  // stragglers may still be arriving
            auto result = closer_.closeGroup(c, group, day, actor, instanceId_);
            if (!result.ok()) {
                Logger::warn(kComponent, "scheduled settlement close failed; will retry",
                             {{"businessDay", BusinessCalendar::formatDay(day)}, {"timeZone", group.calendar.timeZone()},
                              {"code", result.error().code}, {"error", result.error().message}});
                return -1;
            }
            closed += static_cast<long>(result->closed.size());
        }
    }
    return closed;
}

}  // namespace paydesk::settlement
