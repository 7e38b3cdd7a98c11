#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/CircuitBreaker.h"
#include "core/Clock.h"
#include "core/Metrics.h"

using namespace paydesk;
using namespace std::chrono_literals;
using State = CircuitBreaker::State;

namespace {
CircuitBreaker::Options smallWindow() {
    CircuitBreaker::Options o;
    o.windowSize = 10;
    o.minimumCalls = 4;
    o.failureRateThreshold = 0.5;
    o.openDuration = 5s;
    o.halfOpenMaxCalls = 2;
    return o;
}

double stateGauge(const std::string& breaker) {
    return MetricsRegistry::global().gauge("paydesk_circuit_breaker_state", "", {{"breaker", breaker}}).value();
}
std::uint64_t transitions(const std::string& breaker, const std::string& to) {
    return MetricsRegistry::global()
        .counter("paydesk_circuit_breaker_transitions_total", "", {{"breaker", breaker}, {"to", to}})
        .value();
}

void trip(CircuitBreaker& b) {
    for (std::size_t i = 0; i < b.options().minimumCalls; ++i) {
        QVERIFY(b.allow());
        b.onFailure();
    }
    QCOMPARE(b.state(), State::Open);
}
}  // namespace

class TestCircuitBreaker : public QObject {
    Q_OBJECT
private slots:
    void startsClosedAndAllows() {
        MockClock clock;
        CircuitBreaker b("cb_start", clock, smallWindow());
        QCOMPARE(b.state(), State::Closed);
        QVERIFY(b.allow());
        QCOMPARE(b.retryAfter(), 0ms);
        QCOMPARE(stateGauge("cb_start"), 0.0);
    }

    void noVerdictBeforeMinimumCalls() {
        MockClock clock;
        CircuitBreaker b("cb_min", clock, smallWindow());
        for (int i = 0; i < 3; ++i) b.onFailure();  // 3 of 3 failed, but fewer than minimumCalls
        QCOMPARE(b.state(), State::Closed);
        b.onFailure();  // the 4th: 4/4 >= 0.5
        QCOMPARE(b.state(), State::Open);
    }

    void opensAtFailureRatio() {
        MockClock clock;
        CircuitBreaker b("cb_ratio", clock, smallWindow());
        // Alternating success/failure: after 4 calls 2/4 = 0.5 -> open on the 2nd failure at call 4.
        b.onSuccess();
        b.onFailure();
        b.onSuccess();
        QCOMPARE(b.state(), State::Closed);
        b.onFailure();
        QCOMPARE(b.state(), State::Open);
        QCOMPARE(b.windowCalls(), std::size_t{4});
    }

    void staysClosedBelowRatio() {
        MockClock clock;
        CircuitBreaker b("cb_below", clock, smallWindow());
        // success, success, failure, repeated: at most 4 of 10 in the window, below 0.5; the window rolls.
        for (int i = 0; i < 30; ++i) {
            QVERIFY(b.allow());
            if (i % 3 == 2)
                b.onFailure();
            else
                b.onSuccess();
        }
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(b.windowCalls(), std::size_t{10});
        QVERIFY(b.windowFailures() <= 4);
    }

    void rollingWindowForgetsOldFailures() {
        MockClock clock;
        CircuitBreaker b("cb_roll", clock, smallWindow());
        for (int i = 0; i < 3; ++i) b.onFailure();
        for (int i = 0; i < 10; ++i) b.onSuccess();  // pushes the three failures out of the window
        QCOMPARE(b.windowFailures(), std::size_t{0});
        for (int i = 0; i < 4; ++i) b.onFailure();  // 4/10 < 0.5
        QCOMPARE(b.state(), State::Closed);
        b.onFailure();  // 5/10
        QCOMPARE(b.state(), State::Open);
    }

    void openRefusesAndReportsRetryAfter() {
        MockClock clock;
        CircuitBreaker b("cb_open", clock, smallWindow());
        const auto before = transitions("cb_open", "open");
        trip(b);
        QVERIFY(!b.allow());
        QVERIFY(!b.allow());
        QCOMPARE(b.retryAfter(), 5000ms);
        QCOMPARE(stateGauge("cb_open"), 2.0);
        QCOMPARE(transitions("cb_open", "open"), before + 1);
        // Reports from calls made before it opened change nothing.
        b.onSuccess();
        b.onFailure();
        QCOMPARE(b.state(), State::Open);
    }

    void retryAfterDecreasesWithTime() {
        MockClock clock;
        CircuitBreaker b("cb_retry", clock, smallWindow());
        trip(b);
        QCOMPARE(b.retryAfter(), 5000ms);
        clock.advance(1s);
        QCOMPARE(b.retryAfter(), 4000ms);
        clock.advance(2500ms);
        QCOMPARE(b.retryAfter(), 1500ms);
        clock.advance(1ms + 500us);
        QCOMPARE(b.retryAfter(), 1499ms);  // rounded up: never tells a caller to come back too early
        clock.advance(1498ms);
        QCOMPARE(b.retryAfter(), 1ms);
        QVERIFY(!b.allow());
        clock.advance(500us);
        QCOMPARE(b.retryAfter(), 0ms);
    }

    void halfOpensAfterOpenDuration() {
        MockClock clock;
        CircuitBreaker b("cb_half", clock, smallWindow());
        trip(b);
        clock.advance(4999ms);
        QCOMPARE(b.state(), State::Open);
        QVERIFY(!b.allow());
        clock.advance(1ms);
        QCOMPARE(b.state(), State::HalfOpen);
        QCOMPARE(stateGauge("cb_half"), 1.0);
        QCOMPARE(transitions("cb_half", "half_open"), std::uint64_t{1});
    }

    void halfOpenAdmitsOnlyTrialCalls() {
        MockClock clock;
        CircuitBreaker b("cb_trials", clock, smallWindow());
        trip(b);
        clock.advance(5s);
        QVERIFY(b.allow());   // trial 1
        QVERIFY(b.allow());   // trial 2 (halfOpenMaxCalls = 2)
        QVERIFY(!b.allow());  // no more until they report
        QCOMPARE(b.state(), State::HalfOpen);
        QVERIFY(b.retryAfter() > 0ms);
    }

    void halfOpenSuccessCloses() {
        MockClock clock;
        CircuitBreaker b("cb_close", clock, smallWindow());
        trip(b);
        clock.advance(5s);
        QVERIFY(b.allow());
        QVERIFY(b.allow());
        b.onSuccess();
        QCOMPARE(b.state(), State::HalfOpen);  // needs every trial to succeed
        b.onSuccess();
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(stateGauge("cb_close"), 0.0);
        QCOMPARE(transitions("cb_close", "closed"), std::uint64_t{1});
        // The window starts afresh: the failures that opened it are forgotten.
        QCOMPARE(b.windowFailures(), std::size_t{0});
        QCOMPARE(b.windowCalls(), std::size_t{0});
        b.onFailure();
        QCOMPARE(b.state(), State::Closed);
        QVERIFY(b.allow());
    }

    void halfOpenFailureReopens() {
        MockClock clock;
        CircuitBreaker b("cb_reopen", clock, smallWindow());
        trip(b);
        clock.advance(5s);
        QVERIFY(b.allow());
        b.onFailure();
        QCOMPARE(b.state(), State::Open);
        QVERIFY(!b.allow());
        QCOMPARE(b.retryAfter(), 5000ms);  // a whole new openDuration from now
        QCOMPARE(transitions("cb_reopen", "open"), std::uint64_t{2});
        clock.advance(5s);
        QCOMPARE(b.state(), State::HalfOpen);
    }

    void halfOpenWithLostTrialsReopens() {
        MockClock clock;
        CircuitBreaker b("cb_lost", clock, smallWindow());
        trip(b);
        clock.advance(5s);
        QVERIFY(b.allow());
        QVERIFY(b.allow());
        // The trials never report. After another openDuration, they are presumed lost.
        clock.advance(4s);
        QVERIFY(!b.allow());
        QCOMPARE(b.state(), State::HalfOpen);
        clock.advance(1s);
        QVERIFY(!b.allow());
        QCOMPARE(b.state(), State::Open);
        clock.advance(5s);
        QVERIFY(b.allow());
    }

    void abandonedTrialFreesItsSlot() {
        MockClock clock;
        CircuitBreaker b("cb_abandon", clock, smallWindow());
        trip(b);
        clock.advance(5s);
        QVERIFY(b.allow());
        QVERIFY(b.allow());
        QVERIFY(!b.allow());
        b.onAbandoned();  // a trial that never reached the dependency
        b.onAbandoned();
        b.onAbandoned();  // more than taken: harmless
        QVERIFY(b.allow());
        b.onSuccess();
        QVERIFY(b.allow());
        b.onSuccess();
        QCOMPARE(b.state(), State::Closed);
    }

    void concurrentUseIsConsistent() {
        // Many threads hammering a breaker: it must end in a legal state, and never admit more
        // half-open trials than allowed.
        MockClock clock;
        CircuitBreaker::Options o = smallWindow();
        o.windowSize = 100;
        o.minimumCalls = 20;
        CircuitBreaker b("cb_concurrent", clock, o);
        std::atomic<int> allowed{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 20'000; ++i) {
                    if (b.allow()) {
                        allowed.fetch_add(1);
                        b.onFailure();
                    }
                }
            });
        }
        for (auto& th : threads) th.join();
        QCOMPARE(b.state(), State::Open);
        QVERIFY(allowed.load() >= 20);
        clock.advance(5s);
        std::atomic<int> trials{0};
        threads.clear();
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 1000; ++i) {
                    if (b.allow()) trials.fetch_add(1);
                }
            });
        }
        for (auto& th : threads) th.join();
        QCOMPARE(trials.load(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_CircuitBreaker.moc"
