#include "payments/ResilientAcquirer.h"

#include <atomic>
#include <cassert>
#include <exception>
#include <utility>

#include "core/Logger.h"
#include "core/Metrics.h"

namespace paydesk::payments {

namespace {

struct AcquirerMetrics {
    Counter& approved;
    Counter& declined;
    Counter& failed;
    Counter& timeout;
    Counter& circuitOpen;
    Histogram& latency;

    static AcquirerMetrics& instance() {
        static AcquirerMetrics metrics{counter("approved"),
                                       counter("declined"),
                                       counter("failed"),
                                       counter("timeout"),
                                       counter("circuit_open"),
                                       MetricsRegistry::global().histogram("paydesk_acquirer_latency_seconds",
                                                                           "Acquirer answer time per attempt")};
        return metrics;
    }

private:
    static Counter& counter(const char* outcome) {
        return MetricsRegistry::global().counter("paydesk_acquirer_requests_total", "Acquirer requests by outcome",
                                                 {{"outcome", outcome}});
    }
};

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// Everything callbacks need, shared so that answers arriving after ~ResilientAcquirer stay safe.
struct ResilientAcquirer::Core : std::enable_shared_from_this<Core> {
    Core(AcquirerConnector& innerConnector, const Clock& clock, Options opts, std::shared_ptr<TimerQueue> timerQueue)
        : inner(innerConnector),
          options(std::move(opts)),
          breaker(options.name, clock, options.breaker),
          timers(std::move(timerQueue)),
          ownsTimers(timers == nullptr),
          metrics(AcquirerMetrics::instance()) {
        if (ownsTimers) timers = std::make_shared<TimerQueue>("acquirer-" + options.name, options.maxPendingTimers);
    }

    void startAttempt(const std::shared_ptr<Call>& call);
    void onAnswer(const std::shared_ptr<Call>& call, const std::shared_ptr<Attempt>& attempt, AcquirerOutcome outcome);
    void onTimeout(const std::shared_ptr<Call>& call, const std::shared_ptr<Attempt>& attempt);
    void afterFailure(const std::shared_ptr<Call>& call, AcquirerOutcome outcome);
    static void finish(Call& call, AcquirerOutcome outcome);

    AcquirerConnector& inner;  // not touched once `stopping` is set: it may be gone by then
    const Options options;
    CircuitBreaker breaker;
    std::shared_ptr<TimerQueue> timers;
    const bool ownsTimers;
    AcquirerMetrics& metrics;
    std::atomic<bool> stopping{false};
};

// One authorize(): its request, its done, and how many attempts it has made.
struct ResilientAcquirer::Call {
    AcquirerRequest request;
    Done done;
    int attempts = 0;  // touched only by the single attempt in flight, which happens-after the previous
    std::atomic<bool> finished{false};
};

// One try against the inner connector: whichever of answer and timeout flips `settled` first wins.
struct ResilientAcquirer::Attempt {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    TimerQueue::TimerId timeoutTimer = 0;
    std::atomic<bool> settled{false};
};

ResilientAcquirer::ResilientAcquirer(AcquirerConnector& inner, const Clock& clock, Options options,
                                     std::shared_ptr<TimerQueue> timers)
    : core_(std::make_shared<Core>(inner, clock, std::move(options), std::move(timers))) {
    assert(core_->options.attemptTimeout.count() > 0);
    assert(core_->options.maxRetries >= 0);
    assert(core_->options.retryBackoff.count() >= 0);
}

ResilientAcquirer::~ResilientAcquirer() {
    core_->stopping.store(true, std::memory_order_release);
    // Fires pending timeouts now (every in-flight call gets its answer) and joins the timer thread.
    if (core_->ownsTimers) core_->timers->stop();
}

CircuitBreaker& ResilientAcquirer::breaker() {
    return core_->breaker;
}
const ResilientAcquirer::Options& ResilientAcquirer::options() const {
    return core_->options;
}

void ResilientAcquirer::authorize(const AcquirerRequest& request, Done done) {
    assert(done);
    auto call = std::make_shared<Call>();
    call->request = request;
    call->done = std::move(done);
    if (core_->stopping.load(std::memory_order_acquire)) {
        Core::finish(*call, AcquirerOutcome::failed(std::string(acquirer_codes::kShuttingDown), "shutting down"));
        return;
    }
    if (!core_->breaker.allow()) {
        core_->metrics.circuitOpen.inc();
        const auto wait = core_->breaker.retryAfter();
        Core::finish(*call, AcquirerOutcome::failed(
                                std::string(acquirer_codes::kCircuitOpen),
                                "acquirer circuit open; retry after " + std::to_string(wait.count()) + " ms"));
        return;
    }
    core_->startAttempt(call);
}

void ResilientAcquirer::Core::finish(Call& call, AcquirerOutcome outcome) {
    if (call.finished.exchange(true, std::memory_order_acq_rel)) {
        assert(false && "an acquirer call finished twice");
        return;
    }
    Done done = std::move(call.done);
    try {
        done(std::move(outcome));
    } catch (const std::exception& e) {
        Logger::error("acquirer", "authorization callback threw", {{"what", e.what()}});
    } catch (...) {
        Logger::error("acquirer", "authorization callback threw a non-standard exception");
    }
}

// Precondition: the breaker allowed this attempt, so it must end with exactly one breaker report
// (onSuccess, onFailure or onAbandoned).
void ResilientAcquirer::Core::startAttempt(const std::shared_ptr<Call>& call) {
    ++call->attempts;
    auto attempt = std::make_shared<Attempt>();
    auto self = shared_from_this();

    // The timeout is armed before the inner call starts, so an answer can always cancel it.
    const auto timer =
        timers->scheduleAfter(options.attemptTimeout, [self, call, attempt] { self->onTimeout(call, attempt); });
    if (!timer) {
        // No timeout could be armed (timer queue full or stopping): calling the acquirer now could
        // leave the caller waiting forever. Not the acquirer's fault, so the breaker is not told of a
        // failure; it only gets its half-open trial slot back.
        // Not counted in paydesk_acquirer_requests_total either: no request was made.
        breaker.onAbandoned();
        const bool shutting = stopping.load(std::memory_order_acquire);
        finish(*call, shutting ? AcquirerOutcome::failed(std::string(acquirer_codes::kShuttingDown), "shutting down")
                               : AcquirerOutcome::failed(std::string(acquirer_codes::kOverloaded),
                                                         "too many acquirer calls pending"));
        return;
    }
    attempt->timeoutTimer = *timer;

    try {
        inner.authorize(call->request, [self, call, attempt](AcquirerOutcome outcome) {
            self->onAnswer(call, attempt, std::move(outcome));
        });
    } catch (const std::exception& e) {
        // A connector must answer through done; if it threw instead (and did not answer), answer for it.
        Logger::error("acquirer", "acquirer connector threw", {{"what", e.what()}});
        onAnswer(call, attempt,
                 AcquirerOutcome::failed(std::string(acquirer_codes::kConnectorError), "acquirer connector error"));
    }
}

void ResilientAcquirer::Core::onTimeout(const std::shared_ptr<Call>& call, const std::shared_ptr<Attempt>& attempt) {
    if (attempt->settled.exchange(true, std::memory_order_acq_rel)) return;  // the answer came first
    if (stopping.load(std::memory_order_acquire)) {
        // Fired early by the timer queue stopping: the acquirer is not to blame.
        breaker.onAbandoned();
        finish(*call, AcquirerOutcome::failed(std::string(acquirer_codes::kShuttingDown), "shutting down"));
        return;
    }
    metrics.timeout.inc();
    metrics.latency.observe(secondsSince(attempt->started));
    breaker.onFailure();
    // Debug, not warn: during an outage this would be one line per call; the breaker opening is the
    // warning that matters.
    Logger::debug("acquirer", "acquirer attempt timed out",
                  {{"paymentId", call->request.paymentId},
                   {"attempt", call->attempts},
                   {"timeoutMs", options.attemptTimeout.count()}});
    afterFailure(call,
                 AcquirerOutcome::failed(std::string(acquirer_codes::kTimeout), "acquirer did not answer in time"));
}

void ResilientAcquirer::Core::onAnswer(const std::shared_ptr<Call>& call, const std::shared_ptr<Attempt>& attempt,
                                       AcquirerOutcome outcome) {
    // A late answer (after the timeout fired) or a second answer from a misbehaving connector.
    if (attempt->settled.exchange(true, std::memory_order_acq_rel)) return;
    timers->cancel(attempt->timeoutTimer);
    metrics.latency.observe(secondsSince(attempt->started));
    switch (outcome.kind) {
        case AcquirerOutcome::Kind::Approved:
            metrics.approved.inc();
            breaker.onSuccess();
            finish(*call, std::move(outcome));
            return;
        case AcquirerOutcome::Kind::Declined:
            // A decline is the acquirer working: a success for the breaker, and final.
            metrics.declined.inc();
            breaker.onSuccess();
            finish(*call, std::move(outcome));
            return;
        case AcquirerOutcome::Kind::Failed:
            metrics.failed.inc();
            breaker.onFailure();
            afterFailure(call, std::move(outcome));
            return;
    }
    assert(false && "unknown acquirer outcome kind");
}

void ResilientAcquirer::Core::afterFailure(const std::shared_ptr<Call>& call, AcquirerOutcome outcome) {
    const bool retriesLeft = call->attempts <= options.maxRetries;
    if (!retriesLeft || stopping.load(std::memory_order_acquire) || !breaker.allow()) {
        finish(*call, std::move(outcome));
        return;
    }
    // The backoff waits on the timer thread, not on a sleeping one. The lambda owns the last failure,
    // so if the retry cannot start, that failure is what the caller gets.
    auto self = shared_from_this();
    auto last = std::make_shared<AcquirerOutcome>(std::move(outcome));
    const auto timer = timers->scheduleAfter(options.retryBackoff, [self, call, last] {
        if (self->stopping.load(std::memory_order_acquire)) {
            self->breaker.onAbandoned();  // the allowed retry never reaches the acquirer
            finish(*call, std::move(*last));
            return;
        }
        self->startAttempt(call);
    });
    if (!timer) {
        breaker.onAbandoned();  // the allowed retry never reaches the acquirer
        finish(*call, std::move(*last));
    }
}

}  // namespace paydesk::payments
