#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/Error.h"
#include "service/ServerConfig.h"

namespace paydesk::local {
class DataDirectory;
class LocalStack;
}  // namespace paydesk::local
namespace paydesk::store {
class DbPool;
class DbWatchdog;
}  // namespace paydesk::store
namespace paydesk::events {
class KafkaAdmin;
class DeadLetterSink;
class EventConsumer;
class KafkaProducer;
class OutboxRelay;
}  // namespace paydesk::events
namespace paydesk::webhooks {
class DestinationPolicy;
class WebhookApi;
class WebhookDelivery;
class WebhookDispatcher;
}  // namespace paydesk::webhooks
namespace paydesk::operators {
class OperatorApi;
class OperatorAuth;
}  // namespace paydesk::operators
namespace paydesk::settlement {
class SettlementApi;
class SettlementModule;
}  // namespace paydesk::settlement
namespace paydesk::recon {
class ReconApi;
}
namespace paydesk::http {
class HttpServer;
class Router;
}  // namespace paydesk::http
namespace paydesk {
class WorkerPool;
}
namespace paydesk::cache {
class RedisPool;
}
namespace paydesk::store {
class WriteBatcher;
}
namespace paydesk::payments {
class AcquirerSimulator;
class ExpirySweeper;
class PaymentApi;
class ResilientAcquirer;
}  // namespace paydesk::payments
namespace paydesk::auth {
class ApiKeyStore;
class MerchantAuth;
class RequestAdmission;
}  // namespace paydesk::auth

namespace paydesk::service {

class HealthService;

// paydeskd as an object: starts the HTTP listener first (so /health/live answers and
// /health/ready reports startup progress), then the embedded servers or connections to the
// external ones, applies the schema, and serves. stop() runs the same steps backwards.
class Application {
public:
    explicit Application(ServerConfig config);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    // Blocking. Must run on a thread that lives as long as the application: child servers are
    // tied to the thread that started them (PR_SET_PDEATHSIG).
    Status start();
    // Apply migrations only (paydeskd migrate).
    Status migrateOnly();
    // paydeskd ledger verify: 0 intact, 1 a bad entry (named in `report`), error when unreachable.
    Result<int> verifyLedger(std::string& report);
    // Safe from any thread, including a signal-handling one; start() gives up at its next step.
    void requestStop();
    void waitForStopRequest();
    // Graceful: stop accepting, drain in-flight requests, stop local servers. Idempotent.
    void stop();

    [[nodiscard]] std::uint16_t httpPort() const;
    // Every route start() would serve, registered on a router of its own without starting
    // anything (for the OpenAPI consistency test). Only for an application that is not started.
    const http::Router& routesForDocumentation();
    [[nodiscard]] std::string phase() const;

private:
    Status startHttp();
    Status startDependencies();
    Status applySchema();
    Status startPayments();
    Status startEvents();
    Status startOperatorApi();
    Status startSettlement();
    Status startRecon();
    void registerRoutes();
    [[nodiscard]] std::vector<std::uint16_t> ownPorts() const;
    void setPhase(std::string phase);
    bool stopRequested() const { return stopRequested_.load(); }

    ServerConfig config_;
    std::string mode_;  // embedded / external / mixed, as configured (config_ is filled in later)
    std::unique_ptr<local::DataDirectory> dataDir_;
    std::unique_ptr<local::LocalStack> stack_;
    std::unique_ptr<store::DbPool> db_;
    std::unique_ptr<store::DbWatchdog> dbWatchdog_;
    std::unique_ptr<events::KafkaAdmin> kafka_;
    std::shared_ptr<HealthService> health_;                // read by HTTP handlers while starting
    const operators::OperatorAuth* healthAuth_ = nullptr;  // set with health_: who sees endpoints in /health/ready
    std::unique_ptr<WorkerPool> workers_;
    std::unique_ptr<cache::RedisPool> redisPool_;
    std::unique_ptr<auth::ApiKeyStore> keys_;
    std::unique_ptr<auth::RequestAdmission> admission_;
    std::unique_ptr<auth::MerchantAuth> merchantAuth_;
    std::unique_ptr<payments::AcquirerSimulator> simulator_;
    std::unique_ptr<payments::ResilientAcquirer> acquirer_;
    std::unique_ptr<store::WriteBatcher> writer_;
    std::unique_ptr<payments::PaymentApi> paymentApi_;
    std::atomic<payments::PaymentApi*> paymentApiLive_{nullptr};
    std::unique_ptr<payments::ExpirySweeper> sweeper_;
    std::unique_ptr<events::KafkaProducer> producer_;
    std::unique_ptr<events::OutboxRelay> relay_;
    std::unique_ptr<events::DeadLetterSink> deadLetters_;
    std::unique_ptr<webhooks::DestinationPolicy> webhookPolicy_;
    std::unique_ptr<webhooks::WebhookDispatcher> webhookDispatcher_;
    std::unique_ptr<events::EventConsumer> webhookConsumer_;
    std::unique_ptr<webhooks::WebhookDelivery> webhookDelivery_;
    std::unique_ptr<webhooks::WebhookApi> webhookApi_;
    std::atomic<webhooks::WebhookApi*> webhookApiLive_{nullptr};
    std::unique_ptr<operators::OperatorAuth> operatorAuth_;
    std::unique_ptr<operators::OperatorApi> operatorApi_;
    std::atomic<operators::OperatorApi*> operatorApiLive_{nullptr};
    std::unique_ptr<settlement::SettlementModule> settlement_;
    std::atomic<settlement::SettlementApi*> settlementApiLive_{nullptr};
    std::unique_ptr<recon::ReconApi> reconApi_;
    std::atomic<recon::ReconApi*> reconApiLive_{nullptr};
    std::unique_ptr<http::Router> router_;
    std::unique_ptr<http::HttpServer> http_;
    std::string instanceId_;

    mutable std::mutex mutex_;
    std::condition_variable stopCv_;
    std::atomic<bool> stopRequested_{false};
    std::string phase_ = "created";
    bool stopped_ = false;
};

}  // namespace paydesk::service
