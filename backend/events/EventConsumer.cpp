#include "events/EventConsumer.h"

#include <cassert>
#include <cmath>
#include <map>

#include "core/BoundedJson.h"
#include "core/Crypto.h"
#include "core/Logger.h"
#include "core/Metrics.h"
#include "events/OutboxReplay.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::events {

using namespace std::chrono_literals;

Status DeadLetterSink::send(const IncomingMessage& m, const std::string& eventId, const std::string& eventType,
                            const std::string& group, const std::string& errorClass, const std::string& errorMessage,
                            int attempts, const std::string& firstFailureAt) {
    const std::string id = "dlq_" + crypto::randomHex(12);
    OutgoingMessage out;
    out.topic = "payment.dlq";
    out.key = m.key;
    out.payload = m.payload;
    out.headers = {{"dead-letter-id", id},
                   {"event-id", eventId},
                   {"event-type", eventType},
                   {"original-topic", m.topic},
                   {"original-partition", std::to_string(m.partition)},
                   {"original-offset", std::to_string(m.offset)},
                   {"original-key", m.key},
                   {"consumer-group", group},
                   {"error-class", errorClass},
                   {"error-message", errorMessage.substr(0, 1000)},
                   {"attempt-count", std::to_string(attempts)},
                   {"first-failure-at", firstFailureAt}};
    auto produced = producer_.produceBatch({out}, 10s);
    if (!produced.ok() || !produced->at(0).ok()) {
        // The table is the operator's source of truth; the topic copy is for other tools.
        Logger::warn("dlq", "could not publish to payment.dlq; the dead letter is kept in the database",
                     {{"deadLetterId", id}});
    }
    auto conn = db_.acquire(5000ms);
    if (!conn.ok()) return conn.error();
    store::DbConnection& c = *conn.value();
    // The payload column holds the event's inner payload so operators edit what consumers read.
    const auto envelope = parseBoundedJson(m.payload);
    const std::string now = store::sqlTimestamp(std::chrono::system_clock::now());
    return c.execute(
        "INSERT INTO dead_letters (dead_letter_id, event_id, event_type, original_topic, original_partition, "
        "original_offset, message_key, "
        "consumer_group, error_class, error_message, attempts, first_failure_at, dead_lettered_at, payload, status, "
        "updated_at) VALUES (" +
        c.quote(id) + "," + c.quote(eventId) + "," + c.quote(eventType) + "," + c.quote(m.topic) + "," +
        std::to_string(m.partition) + "," + std::to_string(m.offset) + "," + c.quote(m.key.substr(0, 128)) + "," +
        c.quote(group) + "," + c.quote(errorClass.substr(0, 64)) + "," + c.quote(errorMessage.substr(0, 1000)) + "," +
        std::to_string(attempts) + "," + c.quote(firstFailureAt) + "," + c.quote(now) + "," +
        c.quote(envelope.is_object() && envelope.contains("payload") ? envelope["payload"].dump() : m.payload) +
        ",'OPEN'," + c.quote(now) + ")");
}

EventConsumer::EventConsumer(std::string group, std::vector<std::string> topics, std::string bootstrap,
                             store::DbPool& db, DeadLetterSink& deadLetters, EventHandler& handler, RetryPolicy retry,
                             const Clock& clock)
    : group_(std::move(group)),
      topics_(std::move(topics)),
      bootstrap_(std::move(bootstrap)),
      db_(db),
      deadLetters_(deadLetters),
      handler_(handler),
      retry_(retry),
      clock_(clock) {
    assert(!group_.empty() && !topics_.empty() && retry_.maxAttempts >= 1);
}

EventConsumer::~EventConsumer() {
    stop();
}

Status EventConsumer::start() {
    auto consumer = join();
    if (!consumer.ok()) return consumer.error();
    consumer_ = std::move(consumer).value();
    thread_ = std::thread([this] { run(); });
    return Status::success();
}

void EventConsumer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (consumer_) consumer_->close();
}

bool EventConsumer::sleepUnlessStopping(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, d, [&] { return stopping_; });
}

void EventConsumer::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        auto polled = consumer_->poll(200ms);
        if (!polled.ok()) {
            auto gap = consumer_->takeGap();
            if (gap && !catchUp(*gap)) return;
            continue;
        }
        if (!polled->has_value()) continue;
        const IncomingMessage& message = **polled;
        if (!process(message)) return;  // stopping mid-retry: leave it uncommitted for the next start
        // Committed after processing or dead-lettering; a crash before this re-delivers, and the
        // processed_events row makes the second delivery a no-op.
        if (auto s = consumer_->commit(message); !s.ok())
            Logger::warn("consumer", "offset commit failed", {{"group", group_}, {"error", s.error().message}});
    }
}

bool EventConsumer::catchUp(const OffsetGap& gap) {
    static Counter& catchUps = MetricsRegistry::global().counter(
        "paydesk_consumer_catchups_total",
        "Partitions caught up from the outbox because their position was not in the log");
    Logger::warn("consumer", "partition position not in the log: catching up from the outbox",
                 {{"group", group_}, {"topic", gap.topic}, {"partition", gap.partition}, {"offset", gap.offset}});
    for (;;) {
        const Status s = catchUpOnce(gap);
        if (s.ok()) break;
        if (s.error().is(ErrorCode::ConsumerStopping)) return false;
        Logger::warn("consumer", "catch-up from the outbox failed; retrying",
                     {{"group", group_}, {"error", s.error().message}});
        if (!sleepUnlessStopping(1000ms)) return false;
    }
    catchUps.inc();
    // A partition stopped this way restarts only with a new assignment: rejoin the group.
    consumer_->close();
    for (;;) {
        auto consumer = join();
        if (consumer.ok()) {
            consumer_ = std::move(consumer).value();
            return true;
        }
        Logger::warn("consumer", "cannot rejoin the group; retrying",
                     {{"group", group_}, {"error", consumer.error().message}});
        if (!sleepUnlessStopping(1000ms)) return false;
    }
}

Status EventConsumer::catchUpOnce(const OffsetGap& gap) {
    // The log start is read before the outbox: whatever the replay does not see committed was
    // produced after this point, so it is in the log from here on (or causes another catch-up).
    auto marks = consumer_->watermarks(gap.topic, gap.partition, 5000ms);
    if (!marks.ok()) return marks.error();
    if (auto s = replay(gap.topic, {gap.partition}); !s.ok()) return s;
    return consumer_->commitOffset(gap.topic, gap.partition, marks->first);
}

Status EventConsumer::catchUpAssigned(const std::vector<OffsetGap>& gaps) {
    std::map<std::string, std::set<std::int32_t>> byTopic;
    for (const OffsetGap& g : gaps) byTopic[g.topic].insert(g.partition);
    for (const auto& [topic, partitions] : byTopic) {
        if (auto s = replay(topic, partitions); !s.ok()) return s;
    }
    return Status::success();
}

Status EventConsumer::replay(const std::string& topic, const std::set<std::int32_t>& partitions) {
    auto count = consumer_ ? consumer_->partitionCount(topic, 5000ms)
                           : Result<std::int32_t>(Error::make(ErrorCode::KafkaUnavailable, "no consumer"));
    if (!count.ok()) return count.error();
    OutboxReplay replay(db_, group_);
    auto replayed = replay.run(topic, partitions, *count, [this](const IncomingMessage& m) { return process(m); });
    if (!replayed.ok()) return replayed.error();
    Logger::info("consumer", "caught up from the outbox",
                 {{"group", group_}, {"topic", topic}, {"partitions", partitions.size()}, {"events", *replayed}});
    return Status::success();
}

Result<std::unique_ptr<KafkaConsumer>> EventConsumer::join() {
    return KafkaConsumer::create(bootstrap_, group_, topics_, OffsetReset::Report,
                                 [this](const std::vector<OffsetGap>& gaps) { return catchUpAssigned(gaps); });
}

EventConsumer::Outcome EventConsumer::attempt(const ConsumedEvent& event, std::string& errorClass,
                                              std::string& errorMessage) {
    auto conn = db_.acquire(5000ms);
    if (!conn.ok()) {
        errorClass = "DB_UNAVAILABLE";
        errorMessage = conn.error().message;
        return Outcome::Failed;
    }
    store::DbConnection& c = *conn.value();
    if (auto s = c.begin(); !s.ok()) {
        errorClass = s.error().code;
        errorMessage = s.error().message;
        return Outcome::Failed;
    }
    auto claimed =
        c.execute("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (" + c.quote(group_) + "," +
                  c.quote(event.eventId) + "," + c.quote(store::sqlTimestamp(clock_.now())) + ")");
    if (!claimed.ok()) {
        (void)c.rollback();
        if (claimed.error().is(ErrorCode::DbDuplicateKey)) return Outcome::Duplicate;
        errorClass = claimed.error().code;
        errorMessage = claimed.error().message;
        return Outcome::Failed;
    }
    Status handled = Error::make(ErrorCode::HandlerException, "handler threw");
    try {
        handled = handler_.handle(event, c);
    } catch (const std::exception& e) {
        handled = Error::make(ErrorCode::HandlerException, e.what());
    }
    if (!handled.ok()) {
        (void)c.rollback();
        errorClass = handled.error().code;
        errorMessage = handled.error().message;
        return Outcome::Failed;
    }
    if (auto s = c.commit(); !s.ok()) {
        errorClass = s.error().code;
        errorMessage = s.error().message;
        return Outcome::Failed;
    }
    return Outcome::Applied;
}

bool EventConsumer::process(const IncomingMessage& message) {
    static Counter& applied = MetricsRegistry::global().counter(
        "paydesk_consumer_events_total", "Events handled by consumers", {{"outcome", "applied"}});
    static Counter& duplicates =
        MetricsRegistry::global().counter("paydesk_consumer_events_total", "", {{"outcome", "duplicate"}});
    static Counter& dead =
        MetricsRegistry::global().counter("paydesk_consumer_events_total", "", {{"outcome", "dead_lettered"}});
    ConsumedEvent event;
    event.message = message;
    event.envelope = parseBoundedJson(message.payload);
    auto header = [&](const char* name) {
        auto it = message.headers.find(name);
        return it == message.headers.end() ? std::string() : it->second;
    };
    event.eventId = header("event-id");
    event.type = header("event-type");
    if (event.envelope.is_object()) {
        if (event.eventId.empty() && event.envelope.contains("eventId"))
            event.eventId = event.envelope.value("eventId", "");
        if (event.type.empty()) event.type = event.envelope.value("type", "");
    }
    const std::string firstFailure = store::sqlTimestamp(clock_.now());
    if (!event.envelope.is_object() || event.eventId.empty()) {
        // Nothing to retry: a malformed event goes straight to the operators.
        (void)deadLetters_.send(message, event.eventId.empty() ? "unknown" : event.eventId,
                                event.type.empty() ? "unknown" : event.type, group_, "MALFORMED_EVENT",
                                "the message is not a Paydesk event envelope", 1, firstFailure);
        dead.inc();
        return true;
    }
    std::string errorClass;
    std::string errorMessage;
    auto backoff = retry_.initialBackoff;
    for (int attemptNo = 1; attemptNo <= retry_.maxAttempts; ++attemptNo) {
        switch (attempt(event, errorClass, errorMessage)) {
            case Outcome::Applied:
                applied.inc();
                return true;
            case Outcome::Duplicate:
                duplicates.inc();
                return true;
            case Outcome::Failed:
                break;
        }
        Logger::warn("consumer", "event failed",
                     {{"group", group_},
                      {"eventId", event.eventId},
                      {"attempt", attemptNo},
                      {"errorClass", errorClass},
                      {"error", errorMessage}});
        if (errorClass == "DB_UNAVAILABLE") {
            // An outage of the database is not the event's fault: wait for it without using up attempts.
            if (!sleepUnlessStopping(1000ms)) return false;
            --attemptNo;
            continue;
        }
        if (attemptNo == retry_.maxAttempts) break;
        if (!sleepUnlessStopping(backoff)) return false;  // stopping: not committed, delivered again later
        backoff = std::min(
            retry_.maxBackoff,
            std::chrono::milliseconds(static_cast<long>(static_cast<double>(backoff.count()) * retry_.multiplier)));
    }
    // The event must land somewhere an operator can see it before its offset is committed.
    for (;;) {
        auto s = deadLetters_.send(message, event.eventId, event.type, group_, errorClass, errorMessage,
                                   retry_.maxAttempts, firstFailure);
        if (s.ok()) break;
        Logger::error("dlq", "could not store a dead letter; retrying",
                      {{"eventId", event.eventId}, {"error", s.error().message}});
        if (!sleepUnlessStopping(1000ms)) return false;
    }
    dead.inc();
    return true;
}

}  // namespace paydesk::events
