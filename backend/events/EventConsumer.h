#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Clock.h"
#include "core/Error.h"
#include "events/KafkaClient.h"

namespace paydesk::store {
class DbConnection;
class DbPool;
}  // namespace paydesk::store

namespace paydesk::events {

struct ConsumedEvent {
    IncomingMessage message;
    std::string eventId;
    std::string type;
    nlohmann::json envelope;  // as the relay wrote it
};

// What a consumer does with one event. DB effects go through `txn`, the transaction in which the
// consumer framework also records the event id as processed, so an effect is applied at most once.
// Return an Error to have the event retried (and finally dead-lettered).
class EventHandler {
public:
    virtual ~EventHandler() = default;
    virtual Status handle(const ConsumedEvent& event, store::DbConnection& txn) = 0;
};

struct RetryPolicy {
    int maxAttempts = 5;
    std::chrono::milliseconds initialBackoff{200};
    double multiplier = 2.0;
    std::chrono::milliseconds maxBackoff{10'000};
};

// Where events go that a consumer gave up on: the payment.dlq topic (headers name the original
// topic, partition, offset, key, consumer group, error class and message, attempt count and first
// failure) and the dead_letters table the operator API lists.
class DeadLetterSink {
public:
    DeadLetterSink(store::DbPool& db, KafkaProducer& producer) : db_(db), producer_(producer) {}
    Status send(const IncomingMessage& message, const std::string& eventId, const std::string& eventType,
                const std::string& group, const std::string& errorClass, const std::string& errorMessage, int attempts,
                const std::string& firstFailureAt);

private:
    store::DbPool& db_;
    KafkaProducer& producer_;
};

// A consumer-group member: poll, apply with deduplication by event id, commit the offset after
// processing; failures are retried with exponential backoff (bounded), then dead-lettered.
// The brokers may keep only the tail of a partition (the embedded cluster keeps about 5 MiB): a
// partition whose position is not in the log (a lag longer than the tail, or no committed offset)
// is never skipped. When partitions are assigned, those whose committed offset is not in the log
// first get from the outbox what the group has not processed of them, then start at the log
// start read before that. A partition that falls out of the log while assigned is caught up the
// same way, its log start committed, and the group rejoined.
class EventConsumer {
public:
    EventConsumer(std::string group, std::vector<std::string> topics, std::string bootstrap, store::DbPool& db,
                  DeadLetterSink& deadLetters, EventHandler& handler, RetryPolicy retry, const Clock& clock);
    ~EventConsumer();
    EventConsumer(const EventConsumer&) = delete;
    EventConsumer& operator=(const EventConsumer&) = delete;

    Status start();
    void stop();

    // Applies one event (exposed for tests): true when its offset may be committed (applied,
    // duplicate, or dead-lettered), false when the consumer is stopping before it was settled.
    bool process(const IncomingMessage& message);

private:
    enum class Outcome { Applied, Duplicate, Failed };
    Outcome attempt(const ConsumedEvent& event, std::string& errorClass, std::string& errorMessage);
    void run();
    bool sleepUnlessStopping(std::chrono::milliseconds d);
    // Handles a partition whose position is not in the log; false when stopping meanwhile.
    bool catchUp(const OffsetGap& gap);
    Status catchUpOnce(const OffsetGap& gap);
    // On assignment: applies from the outbox what the gaps' partitions hold that the group has not
    // processed; they then start at their log start.
    Status catchUpAssigned(const std::vector<OffsetGap>& gaps);
    Status replay(const std::string& topic, const std::set<std::int32_t>& partitions);
    Result<std::unique_ptr<KafkaConsumer>> join();

    const std::string group_;
    const std::vector<std::string> topics_;
    const std::string bootstrap_;
    store::DbPool& db_;
    DeadLetterSink& deadLetters_;
    EventHandler& handler_;
    const RetryPolicy retry_;
    const Clock& clock_;
    std::unique_ptr<KafkaConsumer> consumer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace paydesk::events
