#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "payments/AcquirerConnector.h"
#include "payments/TimerQueue.h"

namespace paydesk::payments {

// The built-in acquirer: answers like a card network would, with configurable latency, decline rules
// and fault injection, and without a network. Thread-safe; nothing blocks: zero latency answers
// synchronously on the caller's thread, any other latency is served by one timer thread.
//
// Test cards (all Luhn-valid; spaces and dashes in the number are ignored). They are checked before
// the random rates, so they answer the same way whatever the options say:
//
//   | card number      | answer                                                              |
//   |------------------|---------------------------------------------------------------------|
//   | 4000000000000002 | Declined, declineCode CARD_DECLINED                                 |
//   | 4000000000009995 | Declined, declineCode INSUFFICIENT_FUNDS                            |
//   | 4000000000000069 | Declined, declineCode EXPIRED_CARD                                  |
//   | 4000000000000119 | Failed, declineCode PROCESSING_ERROR (every time: a retry fails too) |
//   | 4000000000000259 | never answers in time: answers Failed NO_RESPONSE after hangDuration |
//   | anything else    | Approved, acquirerTxnId "acq_" + 20 hex chars, unique               |
//   | (no card)        | Approved, like any other card                                       |
//
// Then, for other cards: with probability failureRate -> Failed PROCESSING_ERROR; else with
// probability declineRate -> Declined DO_NOT_HONOR; else Approved. The random draws come from `seed`
// and the call's sequence number, so a single-threaded run is reproducible. Transaction ids are not
// derived from the seed: two runs (or two simulators) must never hand out the same id, because
// reconciliation matches bank lines by acquirer transaction id.
//
// Outage (setOutage(true)) models an unreachable acquirer: every call hangs like the never-answering
// card. For fast failures instead, use setFailureRate(1.0).
//
// "Never answers" still calls `done` exactly once, just late (after hangDuration, or at once when the
// simulator is destroyed), so the connector contract holds and callers' timeouts are what fires.
class AcquirerSimulator final : public AcquirerConnector {
public:
    struct Options {
        std::chrono::microseconds latency{0};
        std::chrono::microseconds jitter{0};  // each answer takes latency ± jitter (uniform, never < 0)
        double failureRate = 0.0;
        double declineRate = 0.0;
        std::uint64_t seed = 42;
        std::chrono::milliseconds hangDuration{30'000};  // how late a "never answering" call answers
        std::size_t maxPending = TimerQueue::kDefaultMaxPending;
    };

    static constexpr std::string_view kCardDeclined = "4000000000000002";
    static constexpr std::string_view kCardInsufficientFunds = "4000000000009995";
    static constexpr std::string_view kCardExpired = "4000000000000069";
    static constexpr std::string_view kCardProcessingError = "4000000000000119";
    static constexpr std::string_view kCardNoResponse = "4000000000000259";

    AcquirerSimulator() : AcquirerSimulator(Options{}) {}
    // timers: a shared timer thread, or null for one of its own.
    explicit AcquirerSimulator(Options options, std::shared_ptr<TimerQueue> timers = nullptr);
    ~AcquirerSimulator() override;

    void authorize(const AcquirerRequest& request, Done done) override;

    // Fault injection, effective for calls that start afterwards. Rates are clamped to [0, 1].
    void setFailureRate(double rate);
    void setDeclineRate(double rate);
    void setLatency(std::chrono::microseconds latency, std::chrono::microseconds jitter = std::chrono::microseconds{0});
    void setOutage(bool outage);
    [[nodiscard]] bool outage() const { return outage_.load(std::memory_order_relaxed); }

    [[nodiscard]] std::uint64_t callCount() const { return sequence_.load(std::memory_order_relaxed); }

    // Luhn checksum of a digit string (spaces and dashes ignored); false for anything else.
    static bool luhnValid(std::string_view number);

private:
    AcquirerOutcome decide(const std::string& card, std::uint64_t draw);
    std::string nextTxnId();
    void answerAfter(std::chrono::microseconds delay, AcquirerOutcome outcome, Done done);

    const std::uint64_t seed_;
    const std::chrono::milliseconds hangDuration_;
    std::atomic<double> failureRate_;
    std::atomic<double> declineRate_;
    std::atomic<std::int64_t> latencyMicros_;
    std::atomic<std::int64_t> jitterMicros_;
    std::atomic<bool> outage_{false};
    std::atomic<std::uint64_t> sequence_{0};  // calls so far: drives the random draws
    std::atomic<std::uint64_t> txnSequence_{0};
    std::uint64_t txnBase_ = 0;  // random per instance
    std::uint16_t txnSalt_ = 0;  // random per instance
    std::shared_ptr<TimerQueue> timers_;
    const bool ownsTimers_;
};

}  // namespace paydesk::payments
