#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/Clock.h"
#include "core/Error.h"

namespace paydesk::store {
class DbPool;
}
namespace paydesk::payments {
class CircuitBreaker;
}

namespace paydesk::events {

class KafkaProducer;

// Publishes the transactional outbox to Kafka. Runs in exactly one paydeskd at a time (database
// lease "outbox.relay", renewed every round, so a dead holder is replaced within `leaseTtl`).
// Each round: read the oldest unpublished events (bounded), produce them keyed by aggregate id with
// the idempotent producer, wait for the acknowledgements, then mark exactly the acknowledged ones
// published. A crash between produce and mark re-sends them: consumers deduplicate by event id.
// When the brokers are unreachable a circuit breaker backs the relay off; the API keeps writing
// and the backlog waits in the database.
//
// Envelope (JSON value): {"eventId","type","aggregateType","aggregateId","occurredAt","schemaVersion",
// "correlationId","payload"}; headers: event-id, event-type, correlation-id, schema-version.
class OutboxRelay {
public:
    struct Options {
        std::size_t batchSize = 5000;
        std::chrono::milliseconds idleWait{50};
        std::chrono::milliseconds leaseTtl{3000};
        std::chrono::milliseconds publishTimeout{10'000};
    };
    OutboxRelay(Options options, const Clock& clock, store::DbPool& db, KafkaProducer& producer, std::string instanceId);
    ~OutboxRelay();
    OutboxRelay(const OutboxRelay&) = delete;
    OutboxRelay& operator=(const OutboxRelay&) = delete;

    void start();
    void stop();
    // One round: events published, 0 when none waiting, -1 when not the lease holder, breaker
    // open, or a failure.
    long runOnce();

    static std::string envelope(const std::string& eventId, const std::string& type, const std::string& aggregateType,
                                const std::string& aggregateId, const std::string& occurredAt, const std::string& correlationId,
                                const std::string& payload);

private:
    void run();
    void updateBacklogMetrics();

    const Options options_;
    const Clock& clock_;
    store::DbPool& db_;
    KafkaProducer& producer_;
    const std::string instanceId_;
    std::unique_ptr<payments::CircuitBreaker> breaker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<double> backlog_{0};
    std::atomic<double> oldestAgeSeconds_{0};
    std::chrono::steady_clock::time_point lastBacklogCheck_{};
};

}  // namespace paydesk::events
