#include "core/CircuitBreaker.h"

#include <algorithm>
#include <cassert>

#include "core/Logger.h"
#include "core/Metrics.h"

namespace paydesk {

namespace {
constexpr const char* kStateMetric = "paydesk_circuit_breaker_state";
constexpr const char* kStateHelp = "Circuit breaker state (0 closed, 1 half-open, 2 open)";
constexpr const char* kTransitionsMetric = "paydesk_circuit_breaker_transitions_total";
constexpr const char* kTransitionsHelp = "Circuit breaker state changes, by target state";

Counter& transitionCounter(const std::string& breaker, const char* to) {
    return MetricsRegistry::global().counter(kTransitionsMetric, kTransitionsHelp, {{"breaker", breaker}, {"to", to}});
}

std::int64_t toNanos(std::chrono::milliseconds d) {
    return std::chrono::nanoseconds(d).count();
}
}  // namespace

std::string_view CircuitBreaker::toString(State state) {
    switch (state) {
        case State::Closed:
            return "closed";
        case State::HalfOpen:
            return "half_open";
        case State::Open:
            return "open";
    }
    return "unknown";
}

CircuitBreaker::CircuitBreaker(std::string name, const Clock& clock, Options options)
    : name_(std::move(name)),
      clock_(clock),
      options_(options),
      ring_(std::make_unique<std::atomic<std::uint8_t>[]>(options.windowSize)),
      stateGauge_(MetricsRegistry::global().gauge(kStateMetric, kStateHelp, {{"breaker", name_}})),
      toClosed_(transitionCounter(name_, "closed")),
      toHalfOpen_(transitionCounter(name_, "half_open")),
      toOpen_(transitionCounter(name_, "open")) {
    assert(!name_.empty());
    assert(options_.windowSize > 0);
    assert(options_.minimumCalls > 0 && options_.minimumCalls <= options_.windowSize);
    assert(options_.failureRateThreshold > 0.0 && options_.failureRateThreshold <= 1.0);
    assert(options_.openDuration.count() > 0);
    assert(options_.halfOpenMaxCalls > 0);
    for (std::size_t i = 0; i < options_.windowSize; ++i) ring_[i].store(0, std::memory_order_relaxed);
    stateGauge_.set(static_cast<double>(State::Closed));
}

CircuitBreaker::~CircuitBreaker() = default;

CircuitBreaker::Nanos CircuitBreaker::nowNanos() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.now().time_since_epoch()).count();
}

bool CircuitBreaker::allow() {
    State s = state();  // may move Open -> HalfOpen
    if (s == State::Closed) return true;
    if (s == State::Open) return false;

    // Half-open: a bounded number of trial calls find out whether the dependency is back.
    if (trialsStarted_.fetch_add(1, std::memory_order_acq_rel) < options_.halfOpenMaxCalls) return true;
    // All trial slots taken. Trials that never report would wedge us here; presume them lost after a
    // whole openDuration and open again (a later allow() will half-open afresh).
    if (nowNanos() - halfOpenedAt_.load(std::memory_order_acquire) >= toNanos(options_.openDuration)) {
        transition(State::HalfOpen, State::Open);
    }
    return false;
}

void CircuitBreaker::onSuccess() {
    switch (state_.load(std::memory_order_acquire)) {
        case State::Closed:
            record(false);
            break;
        case State::HalfOpen:
            if (trialsSucceeded_.fetch_add(1, std::memory_order_acq_rel) + 1 >= options_.halfOpenMaxCalls) {
                transition(State::HalfOpen, State::Closed);
            }
            break;
        case State::Open:
            break;  // a straggler from before the breaker opened: it proves nothing now
    }
}

void CircuitBreaker::onFailure() {
    switch (state_.load(std::memory_order_acquire)) {
        case State::Closed:
            record(true);
            tripIfOverThreshold();
            break;
        case State::HalfOpen:
            transition(State::HalfOpen, State::Open);
            break;
        case State::Open:
            break;
    }
}

void CircuitBreaker::onAbandoned() {
    if (state_.load(std::memory_order_acquire) != State::HalfOpen) return;
    std::uint64_t started = trialsStarted_.load(std::memory_order_acquire);
    while (started > 0 && !trialsStarted_.compare_exchange_weak(started, started - 1, std::memory_order_acq_rel)) {
    }
}

CircuitBreaker::State CircuitBreaker::state() {
    const State s = state_.load(std::memory_order_acquire);
    if (s != State::Open) return s;
    if (nowNanos() < openUntil_.load(std::memory_order_acquire)) return State::Open;
    transition(State::Open, State::HalfOpen);
    return state_.load(std::memory_order_acquire);
}

std::chrono::milliseconds CircuitBreaker::retryAfter() const {
    const auto ceilMillis = [](Nanos ns) {
        if (ns <= 0) return std::chrono::milliseconds{0};
        return std::chrono::milliseconds{(ns + 999'999) / 1'000'000};
    };
    switch (state_.load(std::memory_order_acquire)) {
        case State::Closed:
            return std::chrono::milliseconds{0};
        case State::Open:
            return ceilMillis(openUntil_.load(std::memory_order_acquire) - nowNanos());
        case State::HalfOpen:
            if (trialsStarted_.load(std::memory_order_acquire) < options_.halfOpenMaxCalls) return {};
            // Trials are out; at the latest they are presumed lost after openDuration.
            return ceilMillis(halfOpenedAt_.load(std::memory_order_acquire) + toNanos(options_.openDuration) -
                              nowNanos());
    }
    return std::chrono::milliseconds{0};
}

std::size_t CircuitBreaker::windowCalls() const {
    return static_cast<std::size_t>(
        std::min<std::uint64_t>(position_.load(std::memory_order_acquire), options_.windowSize));
}

std::size_t CircuitBreaker::windowFailures() const {
    return static_cast<std::size_t>(std::max<std::int64_t>(0, failures_.load(std::memory_order_acquire)));
}

void CircuitBreaker::record(bool failure) {
    const std::uint64_t pos = position_.fetch_add(1, std::memory_order_acq_rel);
    const auto value = static_cast<std::uint8_t>(failure ? 1 : 0);
    const std::uint8_t old = ring_[pos % options_.windowSize].exchange(value, std::memory_order_acq_rel);
    if (old != value) failures_.fetch_add(static_cast<std::int64_t>(value) - old, std::memory_order_acq_rel);
}

void CircuitBreaker::tripIfOverThreshold() {
    const std::size_t calls = windowCalls();
    if (calls < options_.minimumCalls) return;
    const auto failures = static_cast<double>(windowFailures());
    if (failures >= options_.failureRateThreshold * static_cast<double>(calls)) {
        transition(State::Closed, State::Open);
    }
}

void CircuitBreaker::clearWindowLocked() {
    position_.store(0, std::memory_order_release);
    for (std::size_t i = 0; i < options_.windowSize; ++i) {
        const std::uint8_t old = ring_[i].exchange(0, std::memory_order_acq_rel);
        if (old != 0) failures_.fetch_sub(old, std::memory_order_acq_rel);
    }
}

bool CircuitBreaker::transition(State from, State to) {
    {
        std::lock_guard lock(transitionMutex_);
        if (state_.load(std::memory_order_acquire) != from) return false;
        const Nanos now = nowNanos();
        switch (to) {
            case State::Open:
                openUntil_.store(now + toNanos(options_.openDuration), std::memory_order_release);
                toOpen_.inc();
                break;
            case State::HalfOpen:
                trialsStarted_.store(0, std::memory_order_release);
                trialsSucceeded_.store(0, std::memory_order_release);
                halfOpenedAt_.store(now, std::memory_order_release);
                toHalfOpen_.inc();
                break;
            case State::Closed:
                // A fresh window: the failures that opened the breaker must not reopen it at once.
                clearWindowLocked();
                toClosed_.inc();
                break;
        }
        // Published last, so whoever sees the new state also sees its bookkeeping.
        state_.store(to, std::memory_order_release);
        stateGauge_.set(static_cast<double>(to));
    }
    const auto level = to == State::Open ? LogLevel::Warn : LogLevel::Info;
    if (Logger::enabled(level)) {
        Logger::log(level, "circuit-breaker", "circuit breaker state changed",
                    {{"breaker", name_}, {"from", toString(from)}, {"to", toString(to)}});
    }
    return true;
}

}  // namespace paydesk
