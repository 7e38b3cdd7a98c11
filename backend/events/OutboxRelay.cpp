#include "events/OutboxRelay.h"

#include <cassert>

#include <nlohmann/json.hpp>

#include "core/Logger.h"
#include "core/Metrics.h"
#include "events/KafkaClient.h"
#include "payments/CircuitBreaker.h"
#include "store/Database.h"
#include "store/Lease.h"

namespace paydesk::events {

using namespace std::chrono_literals;

OutboxRelay::OutboxRelay(Options options, const Clock& clock, store::DbPool& db, KafkaProducer& producer, std::string instanceId)
    : options_(options), clock_(clock), db_(db), producer_(producer), instanceId_(std::move(instanceId)) {
    assert(options_.batchSize > 0);
    payments::CircuitBreaker::Options b;
    b.windowSize = 5;
    b.minimumCalls = 2;
    b.failureRateThreshold = 0.5;
    b.openDuration = 2000ms;
    b.halfOpenMaxCalls = 1;
    breaker_ = std::make_unique<payments::CircuitBreaker>("kafka", clock_, b);
    auto& registry = MetricsRegistry::global();
    registry.callbackGauge("paydesk_outbox_backlog", "Events committed but not yet acknowledged by Kafka", {},
                           [this] { return backlog_.load(); });
    registry.callbackGauge("paydesk_outbox_oldest_unpublished_seconds", "Age of the oldest unpublished event", {},
                           [this] { return oldestAgeSeconds_.load(); });
}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::start() {
    assert(!thread_.joinable());
    thread_ = std::thread([this] { run(); });
}

void OutboxRelay::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxRelay::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        long n = -1;
        try {
            n = runOnce();
        } catch (const std::exception& e) {
            Logger::error("outbox", "relay round failed", {{"what", e.what()}});
        }
        lock.lock();
        // Busy: go again at once. Idle, not the holder, or backing off: wait a little.
        if (n > 0 && static_cast<std::size_t>(n) >= options_.batchSize / 2) continue;
        const auto wait = n < 0 ? std::chrono::milliseconds(std::max<long>(options_.idleWait.count(), 200)) : options_.idleWait;
        wake_.wait_for(lock, wait, [&] { return stopping_; });
    }
}

std::string OutboxRelay::envelope(const std::string& eventId, const std::string& type, const std::string& aggregateType,
                                  const std::string& aggregateId, const std::string& occurredAt, const std::string& correlationId,
                                  const std::string& payload) {
    nlohmann::json j = {{"eventId", eventId},         {"type", type},
                        {"aggregateType", aggregateType}, {"aggregateId", aggregateId},
                        {"occurredAt", occurredAt},   {"schemaVersion", 1},
                        {"correlationId", correlationId}};
    j["payload"] = nlohmann::json::parse(payload, nullptr, false);
    if (j["payload"].is_discarded()) j["payload"] = payload;
    return j.dump();
}

void OutboxRelay::updateBacklogMetrics() {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastBacklogCheck_ < 1s) return;
    lastBacklogCheck_ = now;
    auto conn = db_.acquire(500ms);
    if (!conn.ok()) return;
    auto rows = (*conn.value()).query(
        "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(occurred_at), UTC_TIMESTAMP(6)), 0) FROM outbox WHERE published_at IS NULL");
    if (!rows.ok() || rows->rows.empty()) return;
    backlog_.store(static_cast<double>(rows->integer(0, 0)));
    oldestAgeSeconds_.store(static_cast<double>(rows->integer(0, 1)) / 1e6);
}

long OutboxRelay::runOnce() {
    static Counter& published = MetricsRegistry::global().counter("paydesk_outbox_published_total", "Events acknowledged by Kafka");
    static Counter& failedCount = MetricsRegistry::global().counter("paydesk_outbox_publish_failures_total", "Events Kafka did not acknowledge");
    static Histogram& lag = MetricsRegistry::global().histogram("paydesk_outbox_lag_seconds", "Commit-to-acknowledgement time of events");
    updateBacklogMetrics();
    if (!breaker_->allow()) return -1;

    std::vector<OutgoingMessage> messages;
    std::vector<std::string> seqs;
    std::vector<double> ages;
    {
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) {
            breaker_->onAbandoned();
            return -1;
        }
        store::DbConnection& c = *conn.value();
        auto held = store::Lease::tryAcquire(c, "outbox.relay", instanceId_, options_.leaseTtl);
        if (!held.ok() || !held.value()) {
            breaker_->onAbandoned();
            return -1;
        }
        auto rows = c.query("SELECT seq, event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, "
                            "DATE_FORMAT(occurred_at, '%Y-%m-%dT%H:%i:%s.%fZ'), TIMESTAMPDIFF(MICROSECOND, occurred_at, UTC_TIMESTAMP(6)) "
                            "FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT " + std::to_string(options_.batchSize));
        if (!rows.ok()) {
            breaker_->onAbandoned();
            return -1;
        }
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            OutgoingMessage m;
            m.topic = rows->text(r, 2);
            m.key = rows->text(r, 5);
            m.payload = envelope(rows->text(r, 1), rows->text(r, 3), rows->text(r, 4), rows->text(r, 5), rows->text(r, 8), rows->text(r, 6),
                                 rows->text(r, 7));
            m.headers = {{"event-id", rows->text(r, 1)},
                         {"event-type", rows->text(r, 3)},
                         {"correlation-id", rows->text(r, 6)},
                         {"schema-version", "1"}};
            messages.push_back(std::move(m));
            seqs.push_back(rows->text(r, 0));
            ages.push_back(static_cast<double>(rows->integer(r, 9)) / 1e6);
        }
    }
    if (messages.empty()) {
        breaker_->onAbandoned();
        return 0;
    }
    auto results = producer_.produceBatch(messages, options_.publishTimeout);
    if (!results.ok()) {
        breaker_->onFailure();
        return -1;
    }
    std::vector<std::string> done;
    std::string firstError;
    for (std::size_t i = 0; i < results->size(); ++i) {
        if ((*results)[i].ok()) {
            done.push_back(seqs[i]);
            lag.observe(ages[i]);
        } else if (firstError.empty()) {
            firstError = (*results)[i].error().message;
        }
    }
    if (done.empty()) {
        breaker_->onFailure();
        failedCount.inc(messages.size());
        Logger::warn("outbox", "Kafka did not acknowledge any event; backing off", {{"error", firstError}, {"waiting", messages.size()}});
        return -1;
    }
    breaker_->onSuccess();
    if (done.size() < messages.size()) {
        failedCount.inc(messages.size() - done.size());
        Logger::warn("outbox", "some events were not acknowledged; they will be sent again",
                     {{"failed", messages.size() - done.size()}, {"error", firstError}});
    }
    auto conn = db_.acquire(2000ms);
    if (!conn.ok()) return -1;  // they will be re-sent; consumers deduplicate
    store::DbConnection& c = *conn.value();
    constexpr std::size_t kChunk = 1000;
    for (std::size_t i = 0; i < done.size(); i += kChunk) {
        std::string in;
        for (std::size_t j = i; j < std::min(done.size(), i + kChunk); ++j) in += (j > i ? "," : "") + done[j];
        if (auto s = c.execute("UPDATE outbox SET published_at = UTC_TIMESTAMP(6) WHERE seq IN (" + in + ")"); !s.ok()) {
            Logger::warn("outbox", "could not mark events published; they will be sent again", {{"error", s.error().message}});
            return -1;
        }
    }
    published.inc(done.size());
    return static_cast<long>(done.size());
}

}  // namespace paydesk::events
