#include "payments/AcquirerSimulator.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <random>
#include <utility>

namespace paydesk::payments {

namespace {

// SplitMix64: a bijective mixer. Distinct inputs give distinct outputs, which the transaction ids
// rely on for uniqueness; it also turns a call number into a well-spread random draw.
std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A double in [0, 1) from the top 53 bits.
double unitInterval(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

double clampRate(double rate) {
    if (!(rate >= 0.0)) return 0.0;  // also NaN
    return std::min(rate, 1.0);
}

std::string digitsOnly(const std::string& number) {
    std::string out;
    out.reserve(number.size());
    for (char c : number) {
        if (c != ' ' && c != '-') out.push_back(c);
    }
    return out;
}

}  // namespace

AcquirerSimulator::AcquirerSimulator(Options options, std::shared_ptr<TimerQueue> timers)
    : seed_(options.seed),
      hangDuration_(options.hangDuration),
      failureRate_(clampRate(options.failureRate)),
      declineRate_(clampRate(options.declineRate)),
      latencyMicros_(options.latency.count()),
      jitterMicros_(options.jitter.count()),
      timers_(std::move(timers)),
      ownsTimers_(timers_ == nullptr) {
    assert(options.latency.count() >= 0 && options.jitter.count() >= 0);
    assert(hangDuration_.count() > 0);
    if (ownsTimers_) timers_ = std::make_shared<TimerQueue>("acquirer-simulator", options.maxPending);
    std::random_device entropy;
    txnBase_ = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
    txnSalt_ = static_cast<std::uint16_t>(entropy());
}

AcquirerSimulator::~AcquirerSimulator() {
    // Answers still waiting (hung calls, slow answers) are delivered now: done is called exactly once.
    if (ownsTimers_) timers_->stop();
}

bool AcquirerSimulator::luhnValid(std::string_view number) {
    int sum = 0;
    int digits = 0;
    bool doubleIt = false;
    for (auto it = number.rbegin(); it != number.rend(); ++it) {
        const char c = *it;
        if (c == ' ' || c == '-') continue;
        if (c < '0' || c > '9') return false;
        int d = c - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        ++digits;
        doubleIt = !doubleIt;
    }
    return digits >= 2 && sum % 10 == 0;
}

void AcquirerSimulator::setFailureRate(double rate) {
    failureRate_.store(clampRate(rate), std::memory_order_relaxed);
}
void AcquirerSimulator::setDeclineRate(double rate) {
    declineRate_.store(clampRate(rate), std::memory_order_relaxed);
}

void AcquirerSimulator::setLatency(std::chrono::microseconds latency, std::chrono::microseconds jitter) {
    assert(latency.count() >= 0 && jitter.count() >= 0);
    latencyMicros_.store(latency.count(), std::memory_order_relaxed);
    jitterMicros_.store(jitter.count(), std::memory_order_relaxed);
}

void AcquirerSimulator::setOutage(bool outage) {
    outage_.store(outage, std::memory_order_relaxed);
}

std::string AcquirerSimulator::nextTxnId() {
    // 4 hex chars of per-instance salt + 16 hex chars of a bijection of (random base + counter):
    // unique within the instance by construction, and across instances with overwhelming odds.
    const std::uint64_t n = txnSequence_.fetch_add(1, std::memory_order_relaxed);
    char buf[4 + 4 + 16 + 1];
    std::snprintf(buf, sizeof buf, "acq_%04x%016llx", static_cast<unsigned>(txnSalt_),
                  static_cast<unsigned long long>(splitmix64(txnBase_ + n)));
    return std::string(buf, sizeof buf - 1);
}

AcquirerOutcome AcquirerSimulator::decide(const std::string& card, std::uint64_t draw) {
    if (card == kCardDeclined) return AcquirerOutcome::declined("CARD_DECLINED", "card declined by issuer");
    if (card == kCardInsufficientFunds) return AcquirerOutcome::declined("INSUFFICIENT_FUNDS", "insufficient funds");
    if (card == kCardExpired) return AcquirerOutcome::declined("EXPIRED_CARD", "card expired");
    if (card == kCardProcessingError) return AcquirerOutcome::failed("PROCESSING_ERROR", "acquirer processing error");

    // Two independent draws from one 64-bit value would correlate; mix again for the second.
    const double failureDraw = unitInterval(draw);
    const double declineDraw = unitInterval(splitmix64(draw));
    if (failureDraw < failureRate_.load(std::memory_order_relaxed)) {
        return AcquirerOutcome::failed("PROCESSING_ERROR", "acquirer processing error (injected)");
    }
    if (declineDraw < declineRate_.load(std::memory_order_relaxed)) {
        return AcquirerOutcome::declined("DO_NOT_HONOR", "do not honor (injected)");
    }
    return AcquirerOutcome::approved(nextTxnId());
}

void AcquirerSimulator::answerAfter(std::chrono::microseconds delay, AcquirerOutcome outcome, Done done) {
    if (delay.count() <= 0) {
        done(std::move(outcome));  // the fast path: no timer, no thread hop
        return;
    }
    // The outcome and done move into the timer; if the queue refuses (full or stopping), the lambda
    // is not run and we still own them, so answer at once with a failure.
    auto shared = std::make_shared<std::pair<AcquirerOutcome, Done>>(std::move(outcome), std::move(done));
    const auto id = timers_->scheduleAfter(delay, [shared] { shared->second(std::move(shared->first)); });
    if (!id) {
        shared->second(AcquirerOutcome::failed(std::string(acquirer_codes::kOverloaded),
                                               "acquirer simulator: too many answers pending"));
    }
}

void AcquirerSimulator::authorize(const AcquirerRequest& request, Done done) {
    assert(done);
    const std::uint64_t n = sequence_.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t draw = splitmix64(seed_ ^ splitmix64(n));
    const std::string card = digitsOnly(request.cardNumber);

    if (outage_.load(std::memory_order_relaxed) || card == kCardNoResponse) {
        answerAfter(hangDuration_, AcquirerOutcome::failed("NO_RESPONSE", "acquirer did not answer"), std::move(done));
        return;
    }

    std::int64_t delayMicros = latencyMicros_.load(std::memory_order_relaxed);
    const std::int64_t jitter = jitterMicros_.load(std::memory_order_relaxed);
    if (jitter > 0) {
        // Uniform in [-jitter, +jitter], from bits the outcome draw does not use.
        const auto span = static_cast<std::uint64_t>(2 * jitter + 1);
        const auto offset = static_cast<std::int64_t>(splitmix64(draw ^ 0x5bd1e995ULL) % span) - jitter;
        delayMicros = std::max<std::int64_t>(0, delayMicros + offset);
    }
    answerAfter(std::chrono::microseconds{delayMicros}, decide(card, draw), std::move(done));
}

}  // namespace paydesk::payments
