#include "events/OutboxRelay.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <span>

#include <nlohmann/json.hpp>

#include "core/CircuitBreaker.h"
#include "core/Logger.h"
#include "core/Metrics.h"
#include "events/KafkaClient.h"
#include "store/Database.h"
#include "store/Lease.h"
#include "store/OutboxStatements.h"

namespace paydesk::events {

using namespace std::chrono_literals;

OutboxRelay::OutboxRelay(Options options, const Clock& clock, store::DbPool& db, KafkaProducer& producer,
                         std::string instanceId)
    : options_(options), clock_(clock), db_(db), producer_(producer), instanceId_(std::move(instanceId)) {
    assert(options_.batchSize > 0);
    CircuitBreaker::Options b;
    b.windowSize = 5;
    b.minimumCalls = 2;
    b.failureRateThreshold = 0.5;
    b.openDuration = 2000ms;
    b.halfOpenMaxCalls = 1;
    breaker_ = std::make_unique<CircuitBreaker>("kafka", clock_, b);
    auto& registry = MetricsRegistry::global();
    registry.callbackGauge("paydesk_outbox_backlog", "Events committed but not yet acknowledged by Kafka", {},
                           [this] { return backlog_.load(); });
    registry.callbackGauge("paydesk_outbox_oldest_unpublished_seconds", "Age of the oldest unpublished event", {},
                           [this] { return oldestAgeSeconds_.load(); });
}

OutboxRelay::~OutboxRelay() {
    stop();
}

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
            n = round(true);
            // Caught up or stalled: let the last batch's mark land before waiting.
            if (n < 0 || static_cast<std::size_t>(n) < options_.batchSize / 2) finishMarking();
        } catch (const std::exception& e) {
            Logger::error("outbox", "relay round failed", {{"what", e.what()}});
        }
        lock.lock();
        // Busy: go again at once. Idle, not the holder, or backing off: wait a little.
        if (n > 0 && static_cast<std::size_t>(n) >= options_.batchSize / 2) continue;
        const auto wait =
            n < 0 ? std::chrono::milliseconds(std::max<long>(options_.idleWait.count(), 200)) : options_.idleWait;
        wake_.wait_for(lock, wait, [&] { return stopping_; });
    }
    lock.unlock();
    finishMarking();
}

namespace {

// A JSON string literal, escaped as nlohmann::json::dump() escapes it (ensure_ascii off).
void appendJsonString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 0xF];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

bool isAscii(std::string_view s) {
    for (const char ch : s) {
        if (static_cast<unsigned char>(ch) >= 0x80) return false;
    }
    return true;
}

// A conservative JSON check that allocates nothing: true only for text that is certainly one
// JSON value nlohmann::json accepts: ASCII only, no \u escapes, no exponents, at most 64 levels
// deep, numbers of at most 40 characters. Anything else answers false, and the caller takes the
// general (nlohmann) path, so a false "no" costs time, never correctness.
class SimpleJson {
public:
    static bool check(std::string_view text) {
        SimpleJson p(text);
        p.skipSpace();
        if (!p.value(0)) return false;
        p.skipSpace();
        return p.pos_ == text.size();
    }

private:
    explicit SimpleJson(std::string_view text) : s_(text) {}

    [[nodiscard]] bool atEnd() const { return pos_ >= s_.size(); }
    [[nodiscard]] char peek() const { return atEnd() ? '\0' : s_[pos_]; }
    void skipSpace() {
        while (!atEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
    }
    bool literal(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }
    bool value(int depth) {
        switch (peek()) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }
    bool object(int depth) {
        if (depth > 64) return false;
        ++pos_;  // {
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"' || !string()) return false;
            skipSpace();
            if (peek() != ':') return false;
            ++pos_;
            skipSpace();
            if (!value(depth)) return false;
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() != '}') return false;
            ++pos_;
            return true;
        }
    }
    bool array(int depth) {
        if (depth > 64) return false;
        ++pos_;  // [
        skipSpace();
        if (peek() == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipSpace();
            if (!value(depth)) return false;
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() != ']') return false;
            ++pos_;
            return true;
        }
    }
    bool string() {
        ++pos_;  // opening quote
        while (!atEnd()) {
            const auto c = static_cast<unsigned char>(s_[pos_++]);
            if (c == '"') return true;
            if (c < 0x20 || c >= 0x80) return false;
            if (c == '\\') {
                if (atEnd()) return false;
                const char e = s_[pos_++];
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                    return false;
            }
        }
        return false;
    }
    static bool digit(char c) { return c >= '0' && c <= '9'; }
    bool number() {
        const std::size_t start = pos_;
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (digit(peek())) {
            while (digit(peek())) ++pos_;
        } else {
            return false;
        }
        if (peek() == '.') {
            ++pos_;
            if (!digit(peek())) return false;
            while (digit(peek())) ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') return false;
        return pos_ - start <= 40;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

}  // namespace

KafkaHeaders OutboxRelay::headers(const std::string& eventId, const std::string& type,
                                  const std::string& correlationId) {
    return {{"event-id", eventId}, {"event-type", type}, {"correlation-id", correlationId}, {"schema-version", "1"}};
}

std::string OutboxRelay::envelope(const std::string& eventId, const std::string& type, const std::string& aggregateType,
                                  const std::string& aggregateId, const std::string& occurredAt,
                                  const std::string& correlationId, const std::string& payload) {
    // The payload column holds nlohmann::json::dump() output, so it is spliced in as it is (after
    // checking that it is JSON) instead of being parsed and printed again: the same bytes as
    // building the whole envelope with nlohmann::json, at a fraction of the cost. Anything
    // unusual (not plain JSON, non-ASCII identifiers) takes the general path.
    const bool fast = isAscii(eventId) && isAscii(type) && isAscii(aggregateType) && isAscii(aggregateId) &&
                      isAscii(occurredAt) && isAscii(correlationId) && SimpleJson::check(payload);
    if (!fast) {
        nlohmann::json j = {{"eventId", eventId},
                            {"type", type},
                            {"aggregateType", aggregateType},
                            {"aggregateId", aggregateId},
                            {"occurredAt", occurredAt},
                            {"schemaVersion", 1},
                            {"correlationId", correlationId}};
        j["payload"] = nlohmann::json::parse(payload, nullptr, false);
        if (j["payload"].is_discarded()) j["payload"] = payload;
        return j.dump();
    }
    // Keys in nlohmann's (sorted) order.
    std::string out;
    out.reserve(payload.size() + eventId.size() + type.size() + aggregateType.size() + aggregateId.size() +
                occurredAt.size() + correlationId.size() + 128);
    out += "{\"aggregateId\":";
    appendJsonString(out, aggregateId);
    out += ",\"aggregateType\":";
    appendJsonString(out, aggregateType);
    out += ",\"correlationId\":";
    appendJsonString(out, correlationId);
    out += ",\"eventId\":";
    appendJsonString(out, eventId);
    out += ",\"occurredAt\":";
    appendJsonString(out, occurredAt);
    out += ",\"payload\":";
    out += payload;
    out += ",\"schemaVersion\":1,\"type\":";
    appendJsonString(out, type);
    out += '}';
    return out;
}

void OutboxRelay::updateBacklogMetrics() {
    const auto now = std::chrono::steady_clock::now();
    if (now < nextBacklogCheck_) return;
    auto conn = db_.acquire(500ms);
    if (!conn.ok()) {
        nextBacklogCheck_ = now + 1s;
        return;
    }
    store::DbConnection& c = *conn.value();
    // The count reads only the (published_at, seq) index; the oldest age reads the first rows in
    // publishing order (occurred_at follows seq up to the write shards' commit skew). Still, a
    // count over a backlog of a million rows takes a noticeable fraction of a second, so it is
    // taken at most every 1 s and at least 20 times as long as it took; in between, the gauge
    // goes down by what the relay publishes.
    auto count = c.query(store::outbox_sql::kCountUnpublished, {});
    auto oldest = c.query(store::outbox_sql::kOldestUnpublishedAge, {});
    const auto took = std::chrono::steady_clock::now() - now;
    nextBacklogCheck_ = now + std::clamp<std::chrono::steady_clock::duration>(took * 20, 1s, 30s);
    if (count.ok() && !count->rows.empty()) backlog_.store(static_cast<double>(count->integer(0, 0)));
    if (oldest.ok() && !oldest->rows.empty()) oldestAgeSeconds_.store(static_cast<double>(oldest->integer(0, 0)) / 1e6);
}

namespace {

// The given seqs (ascending) as runs of consecutive values, so a batch read in seq order is usually
// one range: runs the statement `build(slots)` (prepared per slot count) once per chunk of at most
// kMaxRangeSlots runs and hands each result to `each`. Only seqs in `seqs` are covered: a row
// committed later with a seq inside a gap is left alone.
template <typename Each>
Status forSeqRanges(const std::vector<std::int64_t>& seqs, const char* name, std::string (*build)(std::size_t),
                    store::DbConnection& c, Each&& each) {
    assert(!seqs.empty());
    const std::vector<store::SeqRange> ranges = store::consecutiveRanges(seqs);
    const std::span<const store::SeqRange> all(ranges);
    for (std::size_t at = 0; at < ranges.size(); at += store::kMaxRangeSlots) {
        const auto chunk = all.subspan(at, std::min(store::kMaxRangeSlots, ranges.size() - at));
        const std::size_t slots = store::rangeSlotsFor(chunk.size());
        store::SqlParams params;
        store::bindRangeSlots(params, chunk, slots);
        auto result = c.run(std::string(name) + "/" + std::to_string(slots), params, [&] { return build(slots); });
        if (!result.ok()) return result.error();
        each(*result);
    }
    return Status::success();
}

}  // namespace

long OutboxRelay::runOnce() {
    const long n = round(false);
    const long marked = finishMarking();
    return n > 0 && marked < 0 ? -1 : n;
}

long OutboxRelay::finishOldestMarking() {
    if (marking_.empty()) return 0;
    Marking oldest = std::move(marking_.front());
    marking_.pop_front();
    try {
        return oldest.result.get();
    } catch (const std::exception& e) {
        Logger::warn("outbox", "could not mark events published; they will be sent again", {{"error", e.what()}});
        return -1;
    }
}

long OutboxRelay::finishMarking() {
    long total = 0;
    bool failed = false;
    while (!marking_.empty()) {
        const long n = finishOldestMarking();
        if (n < 0)
            failed = true;
        else
            total += n;
    }
    return failed ? -1 : total;
}

long OutboxRelay::round(bool overlap) {
    static Counter& published =
        MetricsRegistry::global().counter("paydesk_outbox_published_total", "Events acknowledged by Kafka");
    static Counter& failedCount =
        MetricsRegistry::global().counter("paydesk_outbox_publish_failures_total", "Events Kafka did not acknowledge");
    static Histogram& lag =
        MetricsRegistry::global().histogram("paydesk_outbox_lag_seconds", "Commit-to-acknowledgement time of events");
    updateBacklogMetrics();
    if (!breaker_->allow()) return -1;

    std::vector<OutgoingMessage> messages;
    std::vector<std::int64_t> seqs;
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
        // The batch still being marked was acknowledged already: not read again. (A row committed
        // late inside its span is read by the round after.)
        store::SqlParams pendingParams;
        for (const Marking& m : marking_) store::appendRow(pendingParams, m.first, m.last);
        pendingParams.emplace_back(options_.batchSize);
        // Which events: the oldest unpublished seqs, from the (published_at, seq) index alone.
        // Then the rows themselves by primary key ranges: far cheaper for the server than
        // fetching each row through the secondary index.
        auto pending = c.run("outbox.pending/" + std::to_string(marking_.size()), pendingParams,
                             [n = marking_.size()] { return store::outbox_sql::pendingSql(n); });
        if (!pending.ok()) {
            breaker_->onAbandoned();
            return -1;
        }
        if (pending->rows.empty()) {
            breaker_->onAbandoned();
            return 0;
        }
        std::vector<std::int64_t> wanted;
        wanted.reserve(pending->rows.size());
        for (std::size_t r = 0; r < pending->rows.size(); ++r) wanted.push_back(pending->integer(r, 0));
        std::vector<store::DbRow> rows;
        const Status read = forSeqRanges(
            wanted, "outbox.rows", store::outbox_sql::rowsSql, c,
            [&](store::DbResult& part) { std::move(part.rows.begin(), part.rows.end(), std::back_inserter(rows)); });
        if (!read.ok()) {
            breaker_->onAbandoned();
            return -1;
        }
        const std::size_t count = rows.size();
        messages.reserve(count);
        seqs.reserve(count);
        ages.reserve(count);
        static const std::string kNull;
        for (store::DbRow& row : rows) {
            auto col = [&row](std::size_t i) -> const std::string& { return row[i] ? *row[i] : kNull; };
            OutgoingMessage m;
            m.payload = envelope(col(1), col(3), col(4), col(5), col(8), col(6), col(7));
            m.headers = headers(col(1), col(3), col(6));
            m.topic = std::move(row[2]).value_or(std::string());
            m.key = std::move(row[5]).value_or(std::string());
            messages.push_back(std::move(m));
            seqs.push_back(std::strtoll(col(0).c_str(), nullptr, 10));
            ages.push_back(static_cast<double>(std::strtoll(col(9).c_str(), nullptr, 10)) / 1e6);
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
    std::vector<std::int64_t> done;
    done.reserve(seqs.size());
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
        Logger::warn("outbox", "Kafka did not acknowledge any event; backing off",
                     {{"error", firstError}, {"waiting", messages.size()}});
        return -1;
    }
    breaker_->onSuccess();
    if (done.size() < messages.size()) {
        failedCount.inc(messages.size() - done.size());
        Logger::warn("outbox", "some events were not acknowledged; they will be sent again",
                     {{"failed", messages.size() - done.size()}, {"error", firstError}});
    }
    // At most markingInFlight batches are being marked: the oldest finishes first.
    while (marking_.size() >= std::max<std::size_t>(options_.markingInFlight, 1)) finishOldestMarking();
    const std::int64_t first = done.front();
    const std::int64_t last = done.back();
    const auto acknowledged = static_cast<long>(done.size());
    auto mark = [this, done = std::move(done)]() -> long {
        auto conn = db_.acquire(2000ms);
        if (!conn.ok()) {  // they will be re-sent; consumers deduplicate
            Logger::warn("outbox", "could not mark events published; they will be sent again",
                         {{"error", conn.error().message}});
            return -1;
        }
        // One statement (one commit) marks the whole batch: its seqs as ranges of consecutive values.
        // READ COMMITTED, whatever the server's default: a range under REPEATABLE READ would also
        // lock the gap after it, and with it the inserts of new events at the end of the table.
        store::DbConnection& c = *conn.value();
        // More runs than one statement's slots: one transaction, still one commit.
        const bool several = store::consecutiveRanges(done).size() > store::kMaxRangeSlots;
        Status s = c.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        if (s.ok() && several) s = c.begin();
        if (s.ok()) s = forSeqRanges(done, "outbox.mark", store::outbox_sql::markSql, c, [](store::DbResult&) {});
        if (s.ok() && several) s = c.commit();
        if (!s.ok()) {
            Logger::warn("outbox", "could not mark events published; they will be sent again",
                         {{"error", s.error().message}});
            return -1;
        }
        published.inc(done.size());
        backlog_.store(std::max(0.0, backlog_.load() - static_cast<double>(done.size())));
        return static_cast<long>(done.size());
    };
    if (overlap) {
        marking_.push_back({std::async(std::launch::async, std::move(mark)), first, last});
    } else {
        std::promise<long> now;
        now.set_value(mark());
        marking_.push_back({now.get_future(), first, last});
    }
    return acknowledged;
}

}  // namespace paydesk::events
