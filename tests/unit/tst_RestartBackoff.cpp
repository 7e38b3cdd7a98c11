#include <QtTest>

#include <chrono>
#include <cstdint>

#include "local/Supervisor.h"
#include "store/DbWatchdog.h"

using namespace paydesk;
using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

// The schedule of embedded server restarts, and how the database watchdog judges pings: pure logic
// on the times they are given.
class TestRestartBackoff : public QObject {
    Q_OBJECT

    const TimePoint t0 = TimePoint{} + 1000s;

private slots:
    void doublesUpToTheCeiling() {
        local::RestartBackoff b({500ms, 30'000ms, 60'000ms});
        b.started(t0);
        const std::chrono::milliseconds expected[] = {500ms,  1000ms,   2000ms,   4000ms,
                                                      8000ms, 16'000ms, 30'000ms, 30'000ms};
        TimePoint now = t0 + 1s;
        for (const auto e : expected) {
            QCOMPARE(std::int64_t{b.exited(now).count()}, std::int64_t{e.count()});
            b.started(now + e);  // started again, died again soon after
            now += e + 1s;
        }
    }

    void aStableRunStartsOver() {
        local::RestartBackoff b({500ms, 30'000ms, 60'000ms});
        b.started(t0);
        QCOMPARE(b.exited(t0 + 1s).count(), std::int64_t{500});
        b.started(t0 + 2s);
        QCOMPARE(b.exited(t0 + 3s).count(), std::int64_t{1000});
        b.started(t0 + 4s);
        QCOMPARE(b.exited(t0 + 4s + 59s).count(), std::int64_t{2000});  // 59 s: not yet stable
        b.started(t0 + 70s);
        QCOMPARE(b.exited(t0 + 70s + 60s).count(), std::int64_t{500});  // a minute up: back to the start
    }

    void failedStartsKeepBackingOff() {
        local::RestartBackoff b({500ms, 30'000ms, 60'000ms});
        b.started(t0);
        QCOMPARE(b.exited(t0 + 120s).count(), std::int64_t{500});
        // Starts that fail never count as a stable run, however long they keep failing.
        QCOMPARE(b.exited(t0 + 200s).count(), std::int64_t{1000});
        QCOMPARE(b.exited(t0 + 300s).count(), std::int64_t{2000});
    }

    void livenessUpWhilePingsAnswer() {
        store::DbLiveness l(500ms);
        QVERIFY(l.up(t0));
        l.pingStarted(t0);
        QVERIFY(l.up(t0 + 499ms));
        l.pingFinished(true, {});
        QVERIFY(l.up(t0 + 10s));
    }

    void livenessDownWhenAPingHangs() {
        store::DbLiveness l(500ms);
        l.pingStarted(t0);
        QVERIFY(l.up(t0 + 500ms));
        QVERIFY(!l.up(t0 + 501ms));  // noticed while the ping is still waiting
        QVERIFY(l.reason(t0 + 700ms).find("700 ms") != std::string::npos);
        l.pingFinished(false, "Lost connection");
        QVERIFY(!l.up(t0 + 800ms));
        QVERIFY(l.reason(t0 + 800ms).find("Lost connection") != std::string::npos);
        l.pingStarted(t0 + 1s);
        QVERIFY(!l.up(t0 + 1100ms));  // still down until a ping succeeds
        l.pingFinished(true, {});
        QVERIFY(l.up(t0 + 1200ms));
        QVERIFY(l.reason(t0 + 1200ms).empty());
    }
};

QTEST_GUILESS_MAIN(TestRestartBackoff)
#include "tst_RestartBackoff.moc"
