#include "webhooks/WebhookDelivery.h"

#include <algorithm>
#include <map>

#include "core/Logger.h"
#include "core/Metrics.h"
#include "core/Utf8.h"
#include "core/WorkerPool.h"
#include "events/EventConsumer.h"
#include "store/Database.h"
#include "store/Lease.h"
#include "store/WriteBatcher.h"
#include "webhooks/DestinationPolicy.h"
#include "webhooks/HttpClient.h"
#include "webhooks/WebhookDispatcher.h"

namespace paydesk::webhooks {

using namespace std::chrono_literals;
using Outcome = EndpointThrottle::Outcome;

namespace {

constexpr const char* kLease = "webhooks.delivery";
constexpr const char* kComponent = "webhooks";

Counter& deliveries(const char* outcome) {
    return MetricsRegistry::global().counter("paydesk_webhook_deliveries_total", "Webhook delivery attempts",
                                             {{"outcome", outcome}});
}

Gauge& inFlightGauge() {
    return MetricsRegistry::global().gauge("paydesk_webhook_deliveries_in_flight", "Webhook deliveries being sent");
}

std::string rowKey(store::DbConnection& c, const std::string& endpointId, const std::string& eventId,
                   const std::string& table = "") {
    return table + "endpoint_id = " + c.quote(endpointId) + " AND " + table + "event_id = " + c.quote(eventId);
}

}  // namespace

WebhookDelivery::WebhookDelivery(WebhookDeliveryOptions options, const Clock& clock, store::DbPool& db,
                                 const DestinationPolicy& policy, events::DeadLetterSink& deadLetters,
                                 std::string instanceId)
    : options_(std::move(options)),
      clock_(clock),
      db_(db),
      policy_(policy),
      deadLetters_(deadLetters),
      instanceId_(std::move(instanceId)),
      // One thread per delivery slot, plus one for the sweep of failed events.
      senders_(std::make_unique<WorkerPool>("webhooks", options_.throttle.maxInFlight + 1,
                                            options_.throttle.maxInFlight + 1)),
      throttle_(options_.throttle) {
    deliveries("delivered");
    deliveries("failed");
    inFlightGauge().set(0);
}

WebhookDelivery::~WebhookDelivery() {
    stop();
}

void WebhookDelivery::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { run(); });
}

void WebhookDelivery::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_.store(true);
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    senders_->stop();  // queued deliveries see cancel_ and return; posts in flight abort within ~50 ms
    if (leaseHeld_) {
        leaseHeld_ = false;
        if (auto conn = db_.acquire(1000ms); conn.ok()) (void)store::Lease::release(*conn.value(), kLease, instanceId_);
    }
}

bool WebhookDelivery::sleepUnlessStopping(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, d, [&] { return stopping_ || woken_; });
    woken_ = false;
    return !stopping_;
}

void WebhookDelivery::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        const auto now = std::chrono::steady_clock::now();
        auto pause = options_.pollInterval;
        if (holdLease(now)) {
            if (!dispatchDue())
                pause = std::max(pause, std::chrono::milliseconds(1000));  // database trouble: do not spin on it
            if (now - sweptAt_ >= options_.recoveryAge / 4 && !sweeping_.exchange(true)) {
                sweptAt_ = now;
                if (!senders_->post([this] {
                        sweepFailedEvents();
                        sweeping_.store(false);
                    })) {
                    sweeping_.store(false);
                }
            }
        }
        if (!sleepUnlessStopping(pause)) return;
    }
}

bool WebhookDelivery::holdLease(std::chrono::steady_clock::time_point now) {
    if (leaseCheckedAt_ != std::chrono::steady_clock::time_point{} && now - leaseCheckedAt_ < options_.leaseTtl / 3)
        return leaseHeld_;
    leaseCheckedAt_ = now;
    auto conn = db_.acquire(1000ms);
    if (!conn.ok()) {
        leaseHeld_ = false;
        return false;
    }
    auto held = store::Lease::tryAcquire(*conn.value(), kLease, instanceId_, options_.leaseTtl);
    leaseHeld_ = held.ok() && held.value();
    return leaseHeld_;
}

bool WebhookDelivery::dispatchDue() {
    {
        std::lock_guard lock(mutex_);
        if (throttle_.full()) return true;
    }
    std::vector<Job> jobs;
    {
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return false;
        auto claimed = claimDue(*conn.value());
        if (!claimed.ok()) {
            Logger::warn(kComponent, "could not read due webhook deliveries", {{"error", claimed.error().message}});
            return false;
        }
        jobs = std::move(claimed).value();
        if (jobs.empty()) return true;
        if (auto s = loadJobs(*conn.value(), jobs); !s.ok()) {
            Logger::warn(kComponent, "could not load webhook deliveries", {{"error", s.error().message}});
            for (const Job& job : jobs) finish(job, Outcome::Abandoned, false);
            return false;
        }
    }
    for (const Job& job : jobs) {
        if (!senders_->post([this, job] { deliver(job); })) finish(job, Outcome::Abandoned, false);
    }
    return true;
}

// Due deliveries, oldest first and at most a few per endpoint (so one endpoint's backlog cannot
// hide the others'), without the endpoints the throttle holds back; each returned job is counted
// in flight. Both reads go through (endpoint_id, state, next_attempt_at): a loose index scan, then
// one range per endpoint, so their cost follows the number of endpoints with work, not the size
// of a dead endpoint's backlog.
Result<std::vector<WebhookDelivery::Job>> WebhookDelivery::claimDue(store::DbConnection& c) {
    std::vector<std::string> unavailable;
    std::size_t free = 0;
    {
        std::lock_guard lock(mutex_);
        unavailable = throttle_.unavailable(std::chrono::steady_clock::now());
        free = options_.throttle.maxInFlight - std::min(options_.throttle.maxInFlight, throttle_.inFlight());
    }
    std::string skip;
    for (const std::string& id : unavailable) skip += (skip.empty() ? "" : ",") + c.quote(id);
    const std::string dueBy = c.quote(store::sqlTimestamp(clock_.now()));
    auto endpoints = c.query("SELECT endpoint_id FROM webhook_pending WHERE state = 'PENDING'" +
                             (skip.empty() ? std::string() : " AND endpoint_id NOT IN (" + skip + ")") +
                             " GROUP BY endpoint_id HAVING MIN(next_attempt_at) <= " + dueBy +
                             " ORDER BY MIN(next_attempt_at) LIMIT " + std::to_string(free));
    if (!endpoints.ok()) return endpoints.error();
    if (endpoints->rows.empty()) return std::vector<Job>{};
    // Room for the rows of an endpoint already in flight, which are still PENDING and due.
    const std::string perEndpoint = std::to_string(2 * options_.throttle.maxInFlightPerEndpoint);
    std::string due;
    for (std::size_t r = 0; r < endpoints->rows.size(); ++r) {
        due += std::string(due.empty() ? "" : " UNION ALL ") +
               "(SELECT endpoint_id, event_id, attempts, next_attempt_at FROM webhook_pending WHERE state = 'PENDING' "
               "AND endpoint_id = " +
               c.quote(endpoints->text(r, 0)) + " AND next_attempt_at <= " + dueBy +
               " ORDER BY next_attempt_at LIMIT " + perEndpoint + ")";
    }
    auto rows = c.query(due + " ORDER BY next_attempt_at");
    if (!rows.ok()) return rows.error();
    std::vector<Job> jobs;
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < rows->rows.size() && !throttle_.full() && !stopping_; ++r) {
        Job job;
        job.endpointId = rows->text(r, 0);
        job.eventId = rows->text(r, 1);
        job.attempts = static_cast<int>(rows->integer(r, 2));
        if (inFlight_.count({job.endpointId, job.eventId}) != 0 || !throttle_.tryStart(job.endpointId, now)) continue;
        inFlight_.insert({job.endpointId, job.eventId});
        jobs.push_back(std::move(job));
    }
    inFlightGauge().set(static_cast<double>(throttle_.inFlight()));
    return jobs;
}

// Fills in body, URL and secret; jobs whose row is gone are dropped (and no longer in flight).
Status WebhookDelivery::loadJobs(store::DbConnection& c, std::vector<Job>& jobs) {
    std::string where;
    for (const Job& job : jobs)
        where += (where.empty() ? "(" : " OR (") + rowKey(c, job.endpointId, job.eventId, "p.") + ")";
    auto rows = c.query(
        "SELECT p.endpoint_id, p.event_id, p.event_type, p.body, e.url, e.secret, COALESCE(e.active, 0) FROM "
        "webhook_pending p "
        "LEFT JOIN webhook_endpoints e ON e.endpoint_id = p.endpoint_id WHERE p.state = 'PENDING' AND (" +
        where + ")");
    if (!rows.ok()) return rows.error();
    std::map<std::pair<std::string, std::string>, std::size_t> found;
    for (std::size_t r = 0; r < rows->rows.size(); ++r) found[{rows->text(r, 0), rows->text(r, 1)}] = r;
    std::vector<Job> loaded;
    for (Job& job : jobs) {
        const auto it = found.find({job.endpointId, job.eventId});
        if (it == found.end()) {
            finish(job, Outcome::Abandoned, false);
            continue;
        }
        job.eventType = rows->text(it->second, 2);
        job.body = rows->text(it->second, 3);
        job.url = rows->text(it->second, 4);
        job.secret = rows->text(it->second, 5);
        job.endpointActive = rows->integer(it->second, 6) == 1;
        loaded.push_back(std::move(job));
    }
    jobs = std::move(loaded);
    return Status::success();
}

Result<int> WebhookDelivery::send(const Job& job) {
    auto url = ParsedUrl::parse(job.url);
    if (!url.ok()) return Error::make(ErrorCode::WebhookBadUrl, url.error().message);
    // Resolved and checked on every attempt, and the connection goes to exactly these addresses:
    // a name that now points somewhere forbidden is refused, and there is no second lookup.
    auto addresses = policy_.resolve(url->host, url->port);
    if (!addresses.ok()) return addresses.error();
    const std::map<std::string, std::string> headers = {
        {"Content-Type", "application/json"},
        {"Paydesk-Event-Id", job.eventId},
        {"Paydesk-Event-Type", job.eventType},
        {"Paydesk-Signature", WebhookDispatcher::signatureHeader(job.secret, clock_.unixSeconds(), job.body)}};
    auto reply = HttpClient::post(url.value(), addresses.value(), headers, job.body, options_.timeout, &cancel_);
    if (!reply.ok()) return reply.error();
    return reply->status;
}

void WebhookDelivery::deliver(const Job& job) {
    if (cancel_.load()) return finish(job, Outcome::Abandoned);
    Result<bool> settled = false;
    Outcome outcome = Outcome::Succeeded;
    if (!job.endpointActive) {
        // The merchant removed the endpoint: nothing to send any more, nothing to remember.
        settled = settle(job.eventId, [&](store::DbConnection& c) {
            return std::vector<std::string>{"DELETE FROM webhook_pending WHERE " +
                                            rowKey(c, job.endpointId, job.eventId)};
        });
    } else {
        auto sent = send(job);
        if (!sent.ok() && sent.error().is(ErrorCode::WebhookCancelled)) return finish(job, Outcome::Abandoned);
        if (sent.ok() && sent.value() >= 200 && sent.value() < 300) {
            deliveries("delivered").inc();
            settled = recordSuccess(job, sent.value());
        } else {
            deliveries("failed").inc();
            outcome = Outcome::Failed;
            Error why = sent.ok() ? Error::make(ErrorCode::WebhookHttpStatus,
                                                job.url + ": answered HTTP " + std::to_string(sent.value()))
                                  : Error::make(sent.error().kind, job.url + ": " + sent.error().message);
            if (sent.ok()) why.code += "_" + std::to_string(sent.value());  // the error class: WEBHOOK_HTTP_503
            Logger::warn(kComponent, "webhook delivery failed",
                         {{"endpointId", job.endpointId},
                          {"eventId", job.eventId},
                          {"attempt", job.attempts + 1},
                          {"errorClass", why.code},
                          {"error", why.message}});
            settled = recordFailure(job, why);
        }
    }
    if (!settled.ok()) {
        // The row is unchanged and will be sent again: at least once, never lost.
        Logger::warn(kComponent, "could not record a webhook delivery's outcome",
                     {{"eventId", job.eventId}, {"error", settled.error().message}});
    } else if (settled.value()) {
        if (auto s = deadLetter(job.eventId); !s.ok()) {
            Logger::warn(kComponent, "could not dead-letter a webhook event; the sweep will retry",
                         {{"eventId", job.eventId}, {"error", s.error().message}});
        }
    }
    finish(job, outcome);
}

Result<bool> WebhookDelivery::recordSuccess(const Job& job, int httpStatus) {
    return settle(job.eventId, [&](store::DbConnection& c) {
        return std::vector<std::string>{"DELETE FROM webhook_pending WHERE " + rowKey(c, job.endpointId, job.eventId),
                                        "INSERT IGNORE INTO webhook_deliveries (endpoint_id, event_id, attempts, "
                                        "http_status, delivered_at) VALUES (" +
                                            c.quote(job.endpointId) + "," + c.quote(job.eventId) + "," +
                                            std::to_string(job.attempts + 1) + "," + std::to_string(httpStatus) + "," +
                                            c.quote(store::sqlTimestamp(clock_.now())) + ")"};
    });
}

Result<bool> WebhookDelivery::recordFailure(const Job& job, const Error& why) {
    const int attempts = job.attempts + 1;
    const auto now = clock_.now();
    auto failure = [&](store::DbConnection& c) {
        return "attempts = " + std::to_string(attempts) + ", first_failure_at = COALESCE(first_failure_at, " +
               c.quote(store::sqlTimestamp(now)) + "), last_error_class = " + c.quote(why.code.substr(0, 64)) +
               ", last_error = " + c.quote(truncateUtf8(why.message, 1000));
    };
    if (attempts < options_.maxAttempts) {
        auto backoff = options_.initialBackoff;
        for (int i = 1; i < attempts && backoff < options_.maxBackoff; ++i) backoff *= 2;
        backoff = std::min(backoff, options_.maxBackoff);
        auto conn = db_.acquire(2000ms);
        if (!conn.ok()) return conn.error();
        store::DbConnection& c = *conn.value();
        auto s = c.execute("UPDATE webhook_pending SET " + failure(c) +
                           ", next_attempt_at = " + c.quote(store::sqlTimestamp(now + backoff)) + " WHERE " +
                           rowKey(c, job.endpointId, job.eventId) + " AND state = 'PENDING'");
        if (!s.ok()) return s.error();
        return false;
    }
    return settle(job.eventId, [&](store::DbConnection& c) {
        return std::vector<std::string>{"UPDATE webhook_pending SET state = 'FAILED', " + failure(c) +
                                        ", failed_at = " + c.quote(store::sqlTimestamp(now)) + " WHERE " +
                                        rowKey(c, job.endpointId, job.eventId)};
    });
}

// One transaction: lock the event's rows (through the event index, in one order, so two senders
// settling the same event wait for each other instead of deadlocking), apply `change`, and tell
// whether the event is now settled with a failure (nothing pending, something FAILED). Exactly one
// settle sees that moment, and its caller dead-letters the event.
Result<bool> WebhookDelivery::settle(const std::string& eventId,
                                     const std::function<std::vector<std::string>(store::DbConnection&)>& change) {
    auto conn = db_.acquire(2000ms);
    if (!conn.ok()) return conn.error();
    store::DbConnection& c = *conn.value();
    if (auto s = c.begin(); !s.ok()) return s.error();
    auto fail = [&](const Error& e) -> Result<bool> {
        (void)c.rollback();
        return e;
    };
    if (auto locked =
            c.query("SELECT endpoint_id FROM webhook_pending WHERE event_id = " + c.quote(eventId) + " FOR UPDATE");
        !locked.ok()) {
        return fail(locked.error());
    }
    for (const std::string& sql : change(c)) {
        if (auto s = c.execute(sql); !s.ok()) return fail(s.error());
    }
    auto left = c.query(
        "SELECT COALESCE(SUM(state = 'PENDING'), 0), COALESCE(SUM(state = 'FAILED'), 0) FROM webhook_pending WHERE "
        "event_id = " +
        c.quote(eventId));
    if (!left.ok()) return fail(left.error());
    if (auto s = c.commit(); !s.ok()) return s.error();
    return left->integer(0, 0) == 0 && left->integer(0, 1) > 0;
}

// Hands the event to the dead-letter sink with its first failure, as the consumer framework would
// have, then removes its FAILED rows and releases its processed_events row so that replaying the
// dead letter delivers it again (to the endpoints that were not served).
Status WebhookDelivery::deadLetter(const std::string& eventId) {
    static Counter& deadLettered = MetricsRegistry::global().counter(
        "paydesk_webhook_events_dead_lettered_total", "Webhook events dead-lettered after their attempts ran out");
    events::IncomingMessage message;
    std::string type, errorClass, errorMessage, firstFailure;
    int attempts = 0;
    {
        auto conn = db_.acquire(2000ms);
        if (!conn.ok()) return conn.error();
        store::DbConnection& c = *conn.value();
        auto rows = c.query(
            "SELECT event_type, body, source_topic, source_partition, source_offset, message_key, attempts, "
            "last_error_class, last_error, "
            "first_failure_at FROM webhook_pending WHERE state = 'FAILED' AND event_id = " +
            c.quote(eventId) + " ORDER BY first_failure_at, endpoint_id");
        if (!rows.ok()) return rows.error();
        if (rows->rows.empty()) return Status::success();  // already done
        type = rows->text(0, 0);
        message.payload = rows->text(0, 1);
        message.topic = rows->text(0, 2);
        message.partition = static_cast<std::int32_t>(rows->integer(0, 3));
        message.offset = rows->integer(0, 4);
        message.key = rows->text(0, 5);
        attempts = static_cast<int>(rows->integer(0, 6));
        errorClass = rows->text(0, 7);
        errorMessage = rows->text(0, 8);
        firstFailure = rows->text(0, 9);
    }
    if (auto s = deadLetters_.send(message, eventId, type, options_.consumerGroup, errorClass, errorMessage, attempts,
                                   firstFailure);
        !s.ok()) {
        return s;
    }
    deadLettered.inc();
    Logger::warn(kComponent, "webhook event dead-lettered",
                 {{"eventId", eventId}, {"errorClass", errorClass}, {"attempts", attempts}});
    auto conn = db_.acquire(2000ms);
    if (!conn.ok()) return conn.error();
    store::DbConnection& c = *conn.value();
    if (auto s = c.begin(); !s.ok()) return s;
    for (const std::string& sql :
         {"DELETE FROM webhook_pending WHERE state = 'FAILED' AND event_id = " + c.quote(eventId),
          "DELETE FROM processed_events WHERE consumer = " + c.quote(options_.consumerGroup) +
              " AND event_id = " + c.quote(eventId)}) {
        if (auto s = c.execute(sql); !s.ok()) {
            (void)c.rollback();
            return s;
        }
    }
    return c.commit();
}

// Events whose deliveries all ended and one FAILED, but that were not dead-lettered (a crash or a
// dead-letter store failure in between): old enough that no sender is still on them.
void WebhookDelivery::sweepFailedEvents() {
    std::vector<std::string> events;
    {
        auto conn = db_.acquire(2000ms);
        if (!conn.ok()) return;
        store::DbConnection& c = *conn.value();
        auto rows = c.query("SELECT DISTINCT event_id FROM webhook_pending f WHERE state = 'FAILED' AND failed_at < " +
                            c.quote(store::sqlTimestamp(clock_.now() - options_.recoveryAge)) +
                            " AND NOT EXISTS (SELECT 1 FROM webhook_pending p WHERE p.event_id = f.event_id AND "
                            "p.state = 'PENDING') LIMIT 50");
        if (!rows.ok()) return;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) events.push_back(rows->text(r, 0));
    }
    for (const std::string& eventId : events) {
        if (cancel_.load()) return;
        if (auto s = deadLetter(eventId); !s.ok()) {
            Logger::warn(kComponent, "could not dead-letter a webhook event",
                         {{"eventId", eventId}, {"error", s.error().message}});
            return;
        }
    }
}

void WebhookDelivery::finish(const Job& job, Outcome outcome, bool wake) {
    {
        std::lock_guard lock(mutex_);
        throttle_.finish(job.endpointId, outcome, std::chrono::steady_clock::now());
        inFlight_.erase({job.endpointId, job.eventId});
        inFlightGauge().set(static_cast<double>(throttle_.inFlight()));
        woken_ = woken_ || wake;  // capacity came free: look for due deliveries at once
    }
    if (wake) wake_.notify_all();
}

}  // namespace paydesk::webhooks
