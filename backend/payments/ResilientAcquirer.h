#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/CircuitBreaker.h"
#include "core/Clock.h"
#include "payments/AcquirerConnector.h"
#include "payments/TimerQueue.h"

namespace paydesk::payments {

// Wraps any connector with a circuit breaker, a per-attempt timeout and bounded retries. This is what
// the authorization path calls; it never blocks a thread:
//
//  - breaker open  -> `done` at once (synchronously) with Failed "CIRCUIT_OPEN"; the inner connector
//                     is not called. Callers answer 503 SERVICE_UNAVAILABLE with
//                     Retry-After = breaker().retryAfter().
//  - each attempt  -> a timeout on the timer thread (default 2 s). If it fires first, the attempt is
//                     Failed "TIMEOUT", and the inner connector's late answer is ignored.
//  - Approved / Declined -> a success for the breaker (the acquirer answered); passed on as is.
//  - Failed / TIMEOUT    -> a failure for the breaker; retried after a small backoff, at most
//                           maxRetries times, and only while the breaker allows. The last failure is
//                           what `done` gets.
//
// `done` is called exactly once per authorize(), on the caller's thread (breaker open, synchronous
// inner connector) or on a timer / connector thread. A `done` that throws is logged, never propagated.
//
// Metrics (per attempt): paydesk_acquirer_requests_total{outcome=approved|declined|failed|timeout|
// circuit_open} and histogram paydesk_acquirer_latency_seconds (from attempt start to its answer or
// timeout).
//
// Lifetimes: `inner` and `clock` must outlive this object. Destroying it stops its own timer thread,
// which fires the pending timeouts at once (in-flight calls end as Failed SHUTTING_DOWN) and refuses
// further retries; answers the inner connector delivers later are ignored safely,
// because callbacks hold the shared state, not this object.
class ResilientAcquirer final : public AcquirerConnector {
public:
    struct Options {
        std::string name = "acquirer";  // the breaker's metric label
        std::chrono::milliseconds attemptTimeout{2'000};
        int maxRetries = 1;
        std::chrono::milliseconds retryBackoff{50};
        CircuitBreaker::Options breaker{};
        std::size_t maxPendingTimers = TimerQueue::kDefaultMaxPending;
    };

    ResilientAcquirer(AcquirerConnector& inner, const Clock& clock) : ResilientAcquirer(inner, clock, Options{}) {}
    // timers: a shared timer thread, or null for one of its own.
    ResilientAcquirer(AcquirerConnector& inner, const Clock& clock, Options options,
                      std::shared_ptr<TimerQueue> timers = nullptr);
    ~ResilientAcquirer() override;

    void authorize(const AcquirerRequest& request, Done done) override;

    [[nodiscard]] CircuitBreaker& breaker();
    [[nodiscard]] const Options& options() const;

private:
    struct Core;
    struct Call;
    struct Attempt;
    std::shared_ptr<Core> core_;
};

}  // namespace paydesk::payments
