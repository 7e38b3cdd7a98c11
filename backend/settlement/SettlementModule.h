#pragma once

#include <memory>
#include <string>

#include "core/Clock.h"
#include "core/Error.h"
#include "settlement/SettlementOptions.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::operators {
class OperatorAuth;
}
namespace paydesk::store {
class DbPool;
}

namespace paydesk::settlement {

class MerchantCalendars;
class SettlementApi;
class SettlementCloser;
class SettlementScheduler;
class SettlementWorkflow;

// Settlement as paydeskd runs it: calendars, closer, workflow, scheduler and the /admin API,
// built together so Application wires one object. start() starts the scheduler; stop() joins it.
class SettlementModule {
public:
    // CONFIG_INVALID when the default time zone, cut-off or fee schedule is unusable.
    static Result<std::unique_ptr<SettlementModule>> create(const SettlementOptions& options, const Clock& clock, store::DbPool& db,
                                                            WorkerPool& workers, const operators::OperatorAuth& auth,
                                                            const std::string& instanceId);
    ~SettlementModule();
    SettlementModule(const SettlementModule&) = delete;
    SettlementModule& operator=(const SettlementModule&) = delete;

    void start();
    void stop();

    SettlementApi& api() { return *api_; }
    SettlementCloser& closer() { return *closer_; }
    SettlementScheduler& scheduler() { return *scheduler_; }

private:
    SettlementModule() = default;

    std::unique_ptr<MerchantCalendars> calendars_;
    std::unique_ptr<SettlementCloser> closer_;
    std::unique_ptr<SettlementWorkflow> workflow_;
    std::unique_ptr<SettlementScheduler> scheduler_;
    std::unique_ptr<SettlementApi> api_;
};

}  // namespace paydesk::settlement
