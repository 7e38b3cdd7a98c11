#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "core/Error.h"
#include "webhooks/EndpointThrottle.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::store {
class DbConnection;
class DbPool;
}  // namespace paydesk::store
namespace paydesk::events {
class DeadLetterSink;
}

namespace paydesk::webhooks {

class DestinationPolicy;

struct WebhookDeliveryOptions {
    int maxAttempts = 6;                            // per event and endpoint, then the event is dead-lettered
    std::chrono::milliseconds initialBackoff{500};  // doubles per failed attempt of a delivery
    std::chrono::milliseconds maxBackoff{10'000};   // cap of a delivery's retry delay
    std::chrono::milliseconds timeout{5000};        // one attempt, connect to answer
    ThrottleOptions throttle;                       // capacity and per-endpoint limits / backoff
    std::chrono::milliseconds pollInterval{50};     // how often due deliveries are looked for when idle
    std::chrono::milliseconds leaseTtl{5000};       // "webhooks.delivery": one sender per database
    std::chrono::milliseconds recoveryAge{60'000};  // failed events older than this are dead-lettered by the sweep
    std::string consumerGroup = "webhooks";         // whose processed_events row a dead letter releases
};

// Sends the deliveries the webhook consumer recorded in webhook_pending, outside any database
// transaction. One instance per database sends (lease "webhooks.delivery"). A scheduler thread
// picks due deliveries (oldest first, a few per endpoint, skipping endpoints the EndpointThrottle
// holds back) and hands them to a pool of maxInFlight sender threads. A sender resolves the
// endpoint's host and checks every address (DestinationPolicy), connects to exactly those
// addresses, signs and posts, then records the outcome:
//  - 2xx: the pending row becomes a webhook_deliveries row (so a replay skips this endpoint);
//  - otherwise: the attempt is counted and the delivery retried with backoff; after maxAttempts
//    it is FAILED. When none of an event's deliveries is pending any more and one FAILED, the
//    event is dead-lettered once (error class and message of its first failure, as the consumer
//    framework would) and its processed_events row is released so that an operator's replay of
//    the dead letter is delivered again, to the endpoints not yet served.
// A crash at any point leaves the rows in place: deliveries are sent at least once.
class WebhookDelivery {
public:
    WebhookDelivery(WebhookDeliveryOptions options, const Clock& clock, store::DbPool& db,
                    const DestinationPolicy& policy, events::DeadLetterSink& deadLetters, std::string instanceId);
    ~WebhookDelivery();
    WebhookDelivery(const WebhookDelivery&) = delete;
    WebhookDelivery& operator=(const WebhookDelivery&) = delete;

    void start();
    // Cancels deliveries in flight (they are sent again after the next start) and joins. Idempotent.
    void stop();

    struct Job {
        std::string endpointId;
        std::string eventId;
        std::string eventType;
        std::string body;
        std::string url;
        std::string secret;
        int attempts = 0;  // before this one
        bool endpointActive = true;
    };

private:
    void run();
    bool holdLease(std::chrono::steady_clock::time_point now);
    bool dispatchDue();  // false on database trouble
    Result<std::vector<Job>> claimDue(store::DbConnection& c);
    Status loadJobs(store::DbConnection& c, std::vector<Job>& jobs);
    void deliver(const Job& job);
    Result<int> send(const Job& job);
    Result<bool> recordSuccess(const Job& job, int httpStatus);
    Result<bool> recordFailure(const Job& job, const Error& why);
    Result<bool> settle(const std::string& eventId,
                        const std::function<std::vector<std::string>(store::DbConnection&)>& change);
    Status deadLetter(const std::string& eventId);
    void sweepFailedEvents();
    void finish(const Job& job, EndpointThrottle::Outcome outcome, bool wake = true);
    bool sleepUnlessStopping(std::chrono::milliseconds d);

    const WebhookDeliveryOptions options_;
    const Clock& clock_;
    store::DbPool& db_;
    const DestinationPolicy& policy_;
    events::DeadLetterSink& deadLetters_;
    const std::string instanceId_;
    std::unique_ptr<WorkerPool> senders_;

    std::mutex mutex_;  // throttle_, inFlight_, stopping_
    std::condition_variable wake_;
    EndpointThrottle throttle_;
    std::set<std::pair<std::string, std::string>> inFlight_;  // (endpoint, event)
    bool stopping_ = false;
    bool woken_ = false;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> sweeping_{false};
    bool leaseHeld_ = false;
    std::chrono::steady_clock::time_point leaseCheckedAt_{};
    std::chrono::steady_clock::time_point sweptAt_{};
    std::thread thread_;
};

}  // namespace paydesk::webhooks
