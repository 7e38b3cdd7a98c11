#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/Clock.h"
#include "core/Error.h"
#include "events/KafkaClient.h"

namespace paydesk::store {
class DbPool;
}
namespace paydesk {
class CircuitBreaker;
}

namespace paydesk::events {

class KafkaProducer;

// Publishes the transactional outbox to Kafka. Runs in exactly one paydeskd at a time (database
// lease "outbox.relay", renewed every round, so a dead holder is replaced within `leaseTtl`).
// Each round: read the oldest unpublished events (bounded: their seqs from the (published_at, seq)
// index, then the rows by primary key), produce them keyed by aggregate id with the idempotent
// producer, wait for the acknowledgements, then mark exactly the acknowledged ones published (one
// UPDATE over their seq ranges). A crash between produce and mark re-sends them: consumers
// deduplicate by event id. When the brokers are unreachable a circuit breaker backs the relay
// off; the API keeps writing and the backlog waits in the database.
//
// While a backlog drains, marking overlaps the next rounds: up to `markingInFlight` acknowledged
// batches are being marked (each on its own connection) while the next batch is read and
// produced; the rows still being marked are left out of that read. A batch is produced only
// after the previous one was acknowledged, so one key's events still reach Kafka in seq order;
// a batch whose marking fails is sent again once that marking has finished (a duplicate that may
// follow newer events, which consumers drop by event id).
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
        // Acknowledged batches that may be being marked published at once, each on its own pooled
        // connection, while the next batch is read and produced (at least 1).
        std::size_t markingInFlight = 2;
    };
    OutboxRelay(Options options, const Clock& clock, store::DbPool& db, KafkaProducer& producer,
                std::string instanceId);
    ~OutboxRelay();
    OutboxRelay(const OutboxRelay&) = delete;
    OutboxRelay& operator=(const OutboxRelay&) = delete;

    void start();
    void stop();
    // One round, marked published before it returns: events published, 0 when none waiting, -1
    // when not the lease holder, breaker open, or a failure. Not while started.
    long runOnce();

    static std::string envelope(const std::string& eventId, const std::string& type, const std::string& aggregateType,
                                const std::string& aggregateId, const std::string& occurredAt,
                                const std::string& correlationId, const std::string& payload);
    static KafkaHeaders headers(const std::string& eventId, const std::string& type, const std::string& correlationId);

private:
    void run();
    // runOnce's work. With `overlap` the batch is marked in the background and the call returns
    // once Kafka acknowledged it; without, it is marked before the call returns. Returns the
    // events Kafka acknowledged, or 0 / -1 as runOnce.
    long round(bool overlap);
    // Waits for every batch being marked: rows marked, -1 when marking any failed, 0 when none.
    long finishMarking();
    // Waits for the oldest batch being marked: as finishMarking.
    long finishOldestMarking();
    void updateBacklogMetrics();

    const Options options_;
    const Clock& clock_;
    store::DbPool& db_;
    KafkaProducer& producer_;
    const std::string instanceId_;
    std::unique_ptr<CircuitBreaker> breaker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<double> backlog_{0};
    std::atomic<double> oldestAgeSeconds_{0};
    std::chrono::steady_clock::time_point nextBacklogCheck_{};
    // Batches being marked published (relay thread only), oldest first: result and seq span.
    struct Marking {
        std::future<long> result;
        std::int64_t first = 0;
        std::int64_t last = 0;
    };
    std::deque<Marking> marking_;
};

}  // namespace paydesk::events
