#include "settlement/SettlementModule.h"

#include "core/Logger.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/FeeSchedule.h"
#include "settlement/MerchantCalendars.h"
#include "settlement/SettlementApi.h"
#include "settlement/SettlementCloser.h"
#include "settlement/SettlementScheduler.h"
#include "settlement/SettlementWorkflow.h"

namespace paydesk::settlement {

Result<std::unique_ptr<SettlementModule>> SettlementModule::create(const SettlementOptions& options, const Clock& clock, store::DbPool& db,
                                                                    WorkerPool& workers, const operators::OperatorAuth& auth,
                                                                    const std::string& instanceId) {
    auto calendar = BusinessCalendar::create(options.timeZone, options.cutoffMinutes);
    if (!calendar.ok()) return calendar.error();
    if (auto problem = FeeSchedule::validate(options.fee.bps, options.fee.fixed))
        return Error::make(ErrorCode::ConfigInvalid, *problem);
    if (options.interval.count() <= 0 || options.catchUpDays < 1 || options.grace.count() < 0) {
        return Error::make(ErrorCode::ConfigInvalid, "settlement interval, catch-up days and grace must be positive");
    }
    std::unique_ptr<SettlementModule> m(new SettlementModule());
    m->calendars_ = std::make_unique<MerchantCalendars>(std::move(calendar).value());
    m->closer_ = std::make_unique<SettlementCloser>(options, *m->calendars_, clock);
    m->workflow_ = std::make_unique<SettlementWorkflow>(clock);
    m->scheduler_ = std::make_unique<SettlementScheduler>(options, *m->calendars_, *m->closer_, clock, db, instanceId);
    m->api_ = std::make_unique<SettlementApi>(auth, db, workers, *m->closer_, *m->workflow_);
    Logger::info("settlement", "settlement ready",
                 {{"timeZone", options.timeZone}, {"cutoff", BusinessCalendar::formatCutoff(options.cutoffMinutes)},
                  {"feeBps", options.fee.bps}, {"feeFixed", options.fee.fixed}, {"intervalMs", options.interval.count()}});
    return m;
}

SettlementModule::~SettlementModule() { stop(); }

void SettlementModule::start() { scheduler_->start(); }

void SettlementModule::stop() {
    if (scheduler_) scheduler_->stop();
}

}  // namespace paydesk::settlement
