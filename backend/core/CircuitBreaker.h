#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace paydesk {

class Counter;
class Gauge;

// Stops calling a dependency that keeps failing, so callers get an immediate 503 instead of queueing
// behind timeouts, and the dependency gets room to recover.
//
// Policy: failure RATIO over a rolling window of the last `windowSize` calls (count-based, not
// time-based). While Closed, every reported outcome is recorded; when at least `minimumCalls` are in
// the window and failures/calls >= failureRateThreshold, the breaker opens. A ratio (rather than
// "N consecutive failures") also trips on an acquirer that fails most but not all calls, and does
// not depend on how concurrent answers happen to interleave.
//
//   Closed --ratio reached--> Open --openDuration elapsed (seen by allow()/state())--> HalfOpen
//   HalfOpen: admits halfOpenMaxCalls trial calls; all of them succeeding -> Closed (window cleared);
//             any failing -> Open again for another openDuration.
//   A half-open breaker whose trials never report back (a caller that forgot onSuccess/onFailure)
//   reopens once openDuration has passed since it half-opened, so it cannot wedge.
//
// Every allow() that returned true must be followed by exactly one onSuccess(), onFailure() or
// onAbandoned().
// Reports that arrive while Open are ignored (they belong to calls made before it opened).
//
// Thread-safe and lock-light: allow/onSuccess/onFailure are a few atomic operations while Closed;
// the mutex is taken only to change state, which is rare.
//
// Time comes from the Clock seam (const Clock&, which must outlive the breaker): tests use MockClock.
//
// Metrics: gauge paydesk_circuit_breaker_state{breaker} (0 closed, 1 half-open, 2 open) and counter
// paydesk_circuit_breaker_transitions_total{breaker,to} (to = closed|half_open|open). Breakers with
// the same name share their series, so give each breaker its own name.
class CircuitBreaker {
public:
    enum class State : int { Closed = 0, HalfOpen = 1, Open = 2 };  // values are the gauge's

    struct Options {
        std::size_t windowSize = 100;       // calls in the rolling window
        std::size_t minimumCalls = 20;      // no verdict on fewer calls than this
        double failureRateThreshold = 0.5;  // open when failures/calls >= this (0 < x <= 1)
        std::chrono::milliseconds openDuration{5'000};
        std::size_t halfOpenMaxCalls = 3;  // trial calls admitted while half-open
    };

    CircuitBreaker(std::string name, const Clock& clock) : CircuitBreaker(std::move(name), clock, Options{}) {}
    CircuitBreaker(std::string name, const Clock& clock, Options options);
    ~CircuitBreaker();
    CircuitBreaker(const CircuitBreaker&) = delete;
    CircuitBreaker& operator=(const CircuitBreaker&) = delete;

    // False when open (or half-open with all trial slots taken): answer 503 at once, call nothing.
    [[nodiscard]] bool allow();
    void onSuccess();
    void onFailure();
    // An allowed call that never reached the dependency (e.g. a local limit refused it): records
    // nothing, and hands a half-open trial slot back.
    void onAbandoned();
    // The current state; an Open breaker whose openDuration has passed becomes HalfOpen here.
    [[nodiscard]] State state();
    // How long until calls may be admitted again, for the Retry-After header: zero when closed or when
    // a half-open trial slot is free; rounded up to whole milliseconds.
    [[nodiscard]] std::chrono::milliseconds retryAfter() const;

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] const Options& options() const { return options_; }
    // Failures and calls currently in the window (approximate while calls are racing).
    [[nodiscard]] std::size_t windowFailures() const;
    [[nodiscard]] std::size_t windowCalls() const;

    static std::string_view toString(State state);

private:
    using Nanos = std::int64_t;  // Clock time since epoch, in nanoseconds (fits an atomic)
    [[nodiscard]] Nanos nowNanos() const;
    void record(bool failure);
    void tripIfOverThreshold();
    // Moves from `from` to `to` if the breaker is still in `from`; false if someone else moved first.
    bool transition(State from, State to);
    void clearWindowLocked();

    const std::string name_;
    const Clock& clock_;
    const Options options_;

    std::atomic<State> state_{State::Closed};
    std::atomic<Nanos> openUntil_{0};     // when Open: the moment it may half-open
    std::atomic<Nanos> halfOpenedAt_{0};  // when HalfOpen: the moment it half-opened
    std::atomic<std::uint64_t> trialsStarted_{0};
    std::atomic<std::uint64_t> trialsSucceeded_{0};

    // The rolling window: a ring of 0/1 slots. failures_ is kept equal to the sum of the slots by
    // adjusting it with the difference every slot exchange makes, so it stays consistent under races.
    std::unique_ptr<std::atomic<std::uint8_t>[]> ring_;
    std::atomic<std::uint64_t> position_{0};  // calls recorded since the window was last cleared
    std::atomic<std::int64_t> failures_{0};   // signed: may dip below zero for an instant under races

    std::mutex transitionMutex_;

    Gauge& stateGauge_;
    Counter& toClosed_;
    Counter& toHalfOpen_;
    Counter& toOpen_;
};

}  // namespace paydesk
