#include <QtTest>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/Clock.h"
#include "core/Metrics.h"
#include "payments/AcquirerSimulator.h"
#include "payments/ResilientAcquirer.h"

using namespace paydesk;
using namespace paydesk::payments;
using namespace std::chrono_literals;
using Kind = AcquirerOutcome::Kind;
using SteadyClock = std::chrono::steady_clock;
using BreakerState = CircuitBreaker::State;

namespace {

AcquirerRequest request(std::string card = {}) {
    AcquirerRequest r;
    r.paymentId = "pay_1";
    r.merchantId = "m_1";
    r.amount = 5'000;
    r.currency = "KRW";
    r.cardNumber = std::move(card);
    return r;
}

template <typename Pred>
bool waitFor(Pred pred, std::chrono::milliseconds timeout = 5s) {
    const auto until = SteadyClock::now() + timeout;
    while (!pred()) {
        if (SteadyClock::now() > until) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

std::uint64_t requests(const char* outcome) {
    return MetricsRegistry::global().counter("paydesk_acquirer_requests_total", "", {{"outcome", outcome}}).value();
}

// Counts calls and forwards them (to the simulator).
class CountingConnector final : public AcquirerConnector {
public:
    explicit CountingConnector(AcquirerConnector& inner) : inner_(inner) {}
    void authorize(const AcquirerRequest& r, Done done) override {
        calls.fetch_add(1);
        inner_.authorize(r, std::move(done));
    }
    std::atomic<int> calls{0};

private:
    AcquirerConnector& inner_;
};

// Answers synchronously from a script (then with `fallback`), or holds every done when `hold` is set.
class ScriptedConnector final : public AcquirerConnector {
public:
    void authorize(const AcquirerRequest&, Done done) override {
        calls.fetch_add(1);
        AcquirerOutcome outcome;
        {
            std::lock_guard lock(mutex);
            if (hold) {
                held.push_back(std::move(done));
                return;
            }
            if (!script.empty()) {
                outcome = script.front();
                script.pop_front();
            } else {
                outcome = fallback;
            }
        }
        done(std::move(outcome));
    }
    void releaseAll(const AcquirerOutcome& outcome) {
        std::vector<Done> toCall;
        {
            std::lock_guard lock(mutex);
            toCall.swap(held);
        }
        for (auto& d : toCall) d(outcome);
    }

    std::mutex mutex;
    std::deque<AcquirerOutcome> script;
    AcquirerOutcome fallback = AcquirerOutcome::approved("acq_fake");
    bool hold = false;
    std::vector<Done> held;
    std::atomic<int> calls{0};
};

// Collects the answers of one or more calls.
struct Answers {
    std::mutex mutex;
    std::vector<AcquirerOutcome> got;
    std::atomic<int> count{0};
    AcquirerConnector::Done sink() {
        return [this](AcquirerOutcome o) {
            std::lock_guard lock(mutex);
            got.push_back(std::move(o));
            count.fetch_add(1);
        };
    }
    AcquirerOutcome first() {
        std::lock_guard lock(mutex);
        return got.at(0);
    }
};

ResilientAcquirer::Options fastOptions(const std::string& name) {
    ResilientAcquirer::Options o;
    o.name = name;
    o.attemptTimeout = 100ms;
    o.retryBackoff = 5ms;
    o.maxRetries = 1;
    o.breaker.windowSize = 10;
    o.breaker.minimumCalls = 4;
    o.breaker.failureRateThreshold = 0.5;
    o.breaker.openDuration = 5s;
    o.breaker.halfOpenMaxCalls = 1;
    return o;
}

}  // namespace

class TestResilientAcquirer : public QObject {
    Q_OBJECT
private slots:
    void approvedPassesThroughSynchronously() {
        AcquirerSimulator sim;
        MockClock clock;
        ResilientAcquirer ra(sim, clock, fastOptions("ra_approve"));
        const auto before = requests("approved");
        Answers answers;
        ra.authorize(request("4242424242424242"), answers.sink());
        QCOMPARE(answers.count.load(), 1);  // zero-latency inner: answered before authorize() returned
        QCOMPARE(answers.first().kind, Kind::Approved);
        QVERIFY(answers.first().acquirerTxnId.rfind("acq_", 0) == 0);
        QCOMPARE(requests("approved"), before + 1);
        QCOMPARE(ra.breaker().state(), BreakerState::Closed);
    }

    void declinedIsFinalAndNotRetried() {
        AcquirerSimulator sim;
        CountingConnector counting(sim);
        MockClock clock;
        ResilientAcquirer ra(counting, clock, fastOptions("ra_decline"));
        for (auto card : {AcquirerSimulator::kCardDeclined, AcquirerSimulator::kCardInsufficientFunds,
                          AcquirerSimulator::kCardExpired}) {
            Answers answers;
            const int callsBefore = counting.calls.load();
            ra.authorize(request(std::string(card)), answers.sink());
            QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
            QCOMPARE(answers.first().kind, Kind::Declined);
            QCOMPARE(counting.calls.load(), callsBefore + 1);
        }
        // Declines are the acquirer answering: the breaker sees successes and stays closed.
        for (int i = 0; i < 20; ++i) ra.authorize(request(std::string(AcquirerSimulator::kCardDeclined)), [](auto) {});
        QCOMPARE(ra.breaker().state(), BreakerState::Closed);
        QCOMPARE(ra.breaker().windowFailures(), std::size_t{0});
    }

    void failedIsRetriedOnce() {
        AcquirerSimulator sim;
        CountingConnector counting(sim);
        MockClock clock;
        ResilientAcquirer ra(counting, clock, fastOptions("ra_retry"));
        const auto failedBefore = requests("failed");
        Answers answers;
        ra.authorize(request(std::string(AcquirerSimulator::kCardProcessingError)), answers.sink());
        QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
        QCOMPARE(answers.first().kind, Kind::Failed);
        QCOMPARE(answers.first().declineCode, std::string("PROCESSING_ERROR"));
        QCOMPARE(counting.calls.load(), 2);  // the first try and exactly one retry
        QCOMPARE(requests("failed"), failedBefore + 2);
        std::this_thread::sleep_for(30ms);  // no third attempt arrives later
        QCOMPARE(counting.calls.load(), 2);
        QCOMPARE(answers.count.load(), 1);
    }

    void retryCanSucceed() {
        ScriptedConnector inner;
        inner.script.push_back(AcquirerOutcome::failed("PROCESSING_ERROR", "transient"));
        MockClock clock;
        ResilientAcquirer ra(inner, clock, fastOptions("ra_retry_ok"));
        Answers answers;
        const auto start = SteadyClock::now();
        ra.authorize(request(), answers.sink());
        QCOMPARE(answers.count.load(), 0);  // the retry waits its backoff on the timer thread
        QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
        QVERIFY(SteadyClock::now() - start >= 5ms);
        QCOMPARE(answers.first().kind, Kind::Approved);
        QCOMPARE(inner.calls.load(), 2);
    }

    void noRetryWhenDisabled() {
        ScriptedConnector inner;
        inner.fallback = AcquirerOutcome::failed("PROCESSING_ERROR", "transient");
        MockClock clock;
        auto opts = fastOptions("ra_noretry");
        opts.maxRetries = 0;
        ResilientAcquirer ra(inner, clock, opts);
        Answers answers;
        ra.authorize(request(), answers.sink());
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(inner.calls.load(), 1);
    }

    void timeoutFiresForNeverAnsweringCardAndLateAnswerIsIgnored() {
        AcquirerSimulator::Options simOpts;
        simOpts.hangDuration = 300ms;  // answers, but far too late
        AcquirerSimulator sim(simOpts);
        CountingConnector counting(sim);
        MockClock clock;
        auto opts = fastOptions("ra_timeout");
        opts.maxRetries = 0;
        ResilientAcquirer ra(counting, clock, opts);
        const auto timeoutsBefore = requests("timeout");
        Answers answers;
        const auto start = SteadyClock::now();
        ra.authorize(request(std::string(AcquirerSimulator::kCardNoResponse)), answers.sink());
        QCOMPARE(answers.count.load(), 0);
        QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
        QVERIFY(SteadyClock::now() - start >= 100ms);
        QCOMPARE(answers.first().kind, Kind::Failed);
        QCOMPARE(answers.first().declineCode, std::string("TIMEOUT"));  // the timeout ended it, not the answer
        QCOMPARE(requests("timeout"), timeoutsBefore + 1);
        // The simulator answers at ~300 ms; that answer must go nowhere.
        std::this_thread::sleep_for(300ms);
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(ra.breaker().windowFailures(), std::size_t{1});  // the timeout, counted once
    }

    void timedOutAttemptIsRetried() {
        AcquirerSimulator::Options simOpts;
        simOpts.hangDuration = 1s;
        AcquirerSimulator sim(simOpts);
        CountingConnector counting(sim);
        MockClock clock;
        ResilientAcquirer ra(counting, clock, fastOptions("ra_timeout_retry"));
        Answers answers;
        ra.authorize(request(std::string(AcquirerSimulator::kCardNoResponse)), answers.sink());
        QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
        QCOMPARE(counting.calls.load(), 2);
        QCOMPARE(answers.first().declineCode, std::string("TIMEOUT"));
    }

    void lateAnswerAfterTimeoutIsIgnored() {
        ScriptedConnector inner;
        inner.hold = true;
        MockClock clock;
        auto opts = fastOptions("ra_late");
        opts.attemptTimeout = 30ms;
        opts.maxRetries = 0;
        ResilientAcquirer ra(inner, clock, opts);
        Answers answers;
        ra.authorize(request(), answers.sink());
        QVERIFY(waitFor([&] { return answers.count.load() == 1; }));
        QCOMPARE(answers.first().declineCode, std::string("TIMEOUT"));
        inner.releaseAll(AcquirerOutcome::approved("acq_late"));  // the acquirer approves, too late
        inner.releaseAll(AcquirerOutcome::approved("acq_late"));
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(answers.first().declineCode, std::string("TIMEOUT"));
    }

    void answerBeforeTimeoutCancelsIt() {
        ScriptedConnector inner;
        inner.hold = true;
        MockClock clock;
        auto opts = fastOptions("ra_cancel");
        opts.attemptTimeout = 50ms;
        ResilientAcquirer ra(inner, clock, opts);
        Answers answers;
        ra.authorize(request(), answers.sink());
        inner.releaseAll(AcquirerOutcome::approved("acq_1"));
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(answers.first().kind, Kind::Approved);
        std::this_thread::sleep_for(100ms);  // past the timeout: nothing more happens
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(ra.breaker().windowFailures(), std::size_t{0});
    }

    void breakerOpenFastPathDoesNotCallInner() {
        ScriptedConnector inner;
        inner.fallback = AcquirerOutcome::failed("PROCESSING_ERROR", "down");
        MockClock clock;
        auto opts = fastOptions("ra_open");
        opts.maxRetries = 0;
        ResilientAcquirer ra(inner, clock, opts);
        for (int i = 0; i < 4; ++i) ra.authorize(request(), [](AcquirerOutcome) {});
        QCOMPARE(ra.breaker().state(), BreakerState::Open);
        const int callsBefore = inner.calls.load();
        const auto openBefore = requests("circuit_open");

        Answers answers;
        ra.authorize(request(), answers.sink());
        QCOMPARE(answers.count.load(), 1);  // at once, on this thread
        QCOMPARE(answers.first().kind, Kind::Failed);
        QCOMPARE(answers.first().declineCode, std::string("CIRCUIT_OPEN"));
        QCOMPARE(inner.calls.load(), callsBefore);
        QCOMPARE(requests("circuit_open"), openBefore + 1);
        QCOMPARE(ra.breaker().retryAfter(), 5000ms);
        clock.advance(2s);
        QCOMPARE(ra.breaker().retryAfter(), 3000ms);

        // After openDuration a trial call goes through; its success closes the breaker.
        clock.advance(3s);
        inner.fallback = AcquirerOutcome::approved("acq_back");
        Answers trial;
        ra.authorize(request(), trial.sink());
        QCOMPARE(trial.count.load(), 1);
        QCOMPARE(trial.first().kind, Kind::Approved);
        QCOMPARE(ra.breaker().state(), BreakerState::Closed);
    }

    void halfOpenTrialFailureReopens() {
        ScriptedConnector inner;
        inner.fallback = AcquirerOutcome::failed("PROCESSING_ERROR", "down");
        MockClock clock;
        ResilientAcquirer ra(inner, clock, fastOptions("ra_reopen"));
        Answers tripping;
        for (int i = 0; i < 4; ++i) ra.authorize(request(), tripping.sink());
        // Wait for the retries too, so none of them lands in the half-open phase below.
        QVERIFY(waitFor([&] { return tripping.count.load() == 4; }));
        QCOMPARE(ra.breaker().state(), BreakerState::Open);
        clock.advance(5s);
        const int callsBefore = inner.calls.load();
        Answers trial;
        ra.authorize(request(), trial.sink());
        // The trial fails; the breaker reopens, so the retry is not even attempted.
        QVERIFY(waitFor([&] { return trial.count.load() == 1; }));
        QCOMPARE(trial.first().declineCode, std::string("PROCESSING_ERROR"));
        QCOMPARE(inner.calls.load(), callsBefore + 1);
        QCOMPARE(ra.breaker().state(), BreakerState::Open);
    }

    void noRetryOnceBreakerOpens() {
        ScriptedConnector inner;
        inner.fallback = AcquirerOutcome::failed("PROCESSING_ERROR", "down");
        MockClock clock;
        auto opts = fastOptions("ra_noretry_open");
        opts.breaker.minimumCalls = 1;  // the very first failure opens it
        ResilientAcquirer ra(inner, clock, opts);
        Answers answers;
        ra.authorize(request(), answers.sink());
        QCOMPARE(answers.count.load(), 1);
        QCOMPARE(inner.calls.load(), 1);
        QCOMPARE(answers.first().declineCode, std::string("PROCESSING_ERROR"));
    }

    void outageOpensTheBreakerThroughTimeouts() {
        AcquirerSimulator::Options simOpts;
        simOpts.hangDuration = 10s;
        AcquirerSimulator sim(simOpts);
        sim.setOutage(true);
        MockClock clock;
        auto opts = fastOptions("ra_outage");
        opts.attemptTimeout = 20ms;
        opts.maxRetries = 0;
        ResilientAcquirer ra(sim, clock, opts);
        Answers answers;
        for (int i = 0; i < 4; ++i) ra.authorize(request(), answers.sink());
        QVERIFY(waitFor([&] { return answers.count.load() == 4; }));
        QCOMPARE(ra.breaker().state(), BreakerState::Open);
        Answers refused;
        ra.authorize(request(), refused.sink());
        QCOMPARE(refused.first().declineCode, std::string("CIRCUIT_OPEN"));
    }

    void timerQueueFullAnswersOverloaded() {
        ScriptedConnector inner;
        inner.hold = true;
        MockClock clock;
        auto opts = fastOptions("ra_full");
        opts.maxPendingTimers = 1;
        opts.attemptTimeout = 10s;
        ResilientAcquirer ra(inner, clock, opts);
        Answers first;
        ra.authorize(request(), first.sink());
        Answers second;
        ra.authorize(request(), second.sink());
        QCOMPARE(second.count.load(), 1);
        QCOMPARE(second.first().declineCode, std::string("OVERLOADED"));
        QCOMPARE(inner.calls.load(), 1);  // the second never reached the acquirer
        inner.releaseAll(AcquirerOutcome::approved("acq_1"));
        QCOMPARE(first.first().kind, Kind::Approved);
    }

    void destructionAnswersInFlightCalls() {
        ScriptedConnector inner;
        inner.hold = true;
        MockClock clock;
        Answers answers;
        const auto start = SteadyClock::now();
        {
            auto opts = fastOptions("ra_shutdown");
            opts.attemptTimeout = 10s;
            ResilientAcquirer ra(inner, clock, opts);
            for (int i = 0; i < 10; ++i) ra.authorize(request(), answers.sink());
            QCOMPARE(answers.count.load(), 0);
        }
        QCOMPARE(answers.count.load(), 10);
        QVERIFY(SteadyClock::now() - start < 2s);
        for (const auto& o : answers.got) QCOMPARE(o.declineCode, std::string("SHUTTING_DOWN"));
        inner.releaseAll(AcquirerOutcome::approved("acq_late"));  // after the wrapper is gone: ignored, safe
        QCOMPARE(answers.count.load(), 10);
    }

    void throwingDoneDoesNotEscape() {
        AcquirerSimulator sim;
        MockClock clock;
        ResilientAcquirer ra(sim, clock, fastOptions("ra_throw"));
        bool threw = false;
        try {
            ra.authorize(request(), [](AcquirerOutcome) { throw std::runtime_error("caller bug"); });
        } catch (const std::exception&) {
            threw = true;
        }
        QVERIFY(!threw);
    }

    void tenThousandConcurrentAuthorizationsCompleteExactlyOnce() {
        AcquirerSimulator::Options simOpts;
        simOpts.latency = 1ms;
        AcquirerSimulator sim(simOpts);
        auto opts = fastOptions("ra_load");
        opts.attemptTimeout = 2s;
        opts.breaker = CircuitBreaker::Options{};
        ResilientAcquirer ra(sim, SystemClock::instance(), opts);

        constexpr int kCalls = 10'000;
        constexpr int kThreads = 4;
        std::vector<std::atomic<int>> hits(kCalls);
        std::atomic<int> total{0};
        std::atomic<int> approved{0};
        std::mutex idsMutex;
        std::set<std::string> ids;
        const auto start = SteadyClock::now();
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < kCalls; i += kThreads) {
                    AcquirerRequest r = request("4242424242424242");
                    r.paymentId = "pay_" + std::to_string(i);
                    ra.authorize(r, [&, i](AcquirerOutcome o) {
                        hits[static_cast<std::size_t>(i)].fetch_add(1);
                        if (o.kind == Kind::Approved) {
                            approved.fetch_add(1);
                            std::lock_guard lock(idsMutex);
                            ids.insert(o.acquirerTxnId);
                        }
                        total.fetch_add(1);
                    });
                }
            });
        }
        for (auto& th : threads) th.join();
        const auto submitted = SteadyClock::now() - start;
        QVERIFY(waitFor([&] { return total.load() == kCalls; }));
        const auto finished = SteadyClock::now() - start;
        std::this_thread::sleep_for(20ms);  // nothing answers twice later
        QCOMPARE(total.load(), kCalls);
        for (const auto& h : hits) QCOMPARE(h.load(), 1);
        QCOMPARE(approved.load(), kCalls);
        QCOMPARE(ids.size(), std::size_t{kCalls});
        QCOMPARE(ra.breaker().state(), BreakerState::Closed);
        qInfo("10,000 authorizations: submitted in %lld ms, all answered after %lld ms",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(submitted).count()),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(finished).count()));
    }
};

QTEST_GUILESS_MAIN(TestResilientAcquirer)
#include "tst_ResilientAcquirer.moc"
