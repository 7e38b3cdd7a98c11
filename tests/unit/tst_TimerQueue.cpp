#include <QtTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "payments/TimerQueue.h"

using namespace paydesk::payments;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {
// Polls (this is a test thread; it may sleep) until pred holds or the timeout passes.
template <typename Pred>
bool waitFor(Pred pred, std::chrono::milliseconds timeout = 5s) {
    const auto until = SteadyClock::now() + timeout;
    while (!pred()) {
        if (SteadyClock::now() > until) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}
}  // namespace

class TestTimerQueue : public QObject {
    Q_OBJECT
private slots:
    void firesAtDeadlineNotBefore() {
        TimerQueue q("t");
        const auto start = SteadyClock::now();
        std::atomic<std::int64_t> firedAfterMicros{-1};
        QVERIFY(q.scheduleAfter(50ms, [&] {
            firedAfterMicros =
                std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
        }));
        QVERIFY(waitFor([&] { return firedAfterMicros.load() >= 0; }));
        QVERIFY2(firedAfterMicros.load() >= 50'000, qPrintable(QString::number(firedAfterMicros.load())));
        QVERIFY2(firedAfterMicros.load() < 1'000'000, "a 50 ms timer took more than a second");
    }

    void firesInDeadlineOrder() {
        TimerQueue q("t");
        std::mutex m;
        std::vector<int> order;
        const auto base = SteadyClock::now() + 30ms;
        // Scheduled out of order; the heap sorts them.
        for (int i : {5, 1, 4, 2, 3, 0}) {
            QVERIFY(q.schedule(base + std::chrono::milliseconds(i * 5), [&, i] {
                std::lock_guard lock(m);
                order.push_back(i);
            }));
        }
        QVERIFY(waitFor([&] {
            std::lock_guard lock(m);
            return order.size() == 6;
        }));
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    }

    void earlierTimerWakesTheThread() {
        // A long timer first, then a short one: the short one must not wait for the long one.
        TimerQueue q("t");
        std::atomic<bool> shortFired{false};
        QVERIFY(q.scheduleAfter(10s, [] {}));
        const auto start = SteadyClock::now();
        QVERIFY(q.scheduleAfter(20ms, [&] { shortFired = true; }));
        QVERIFY(waitFor([&] { return shortFired.load(); }, 2s));
        QVERIFY(SteadyClock::now() - start < 1s);
        q.stop();  // runs the 10 s timer now rather than waiting
    }

    void cancelPreventsRun() {
        TimerQueue q("t");
        std::atomic<int> ran{0};
        const auto id = q.scheduleAfter(30ms, [&] { ran.fetch_add(1); });
        QVERIFY(id);
        QVERIFY(q.scheduleAfter(60ms, [&] { ran.fetch_add(10); }));
        QVERIFY(q.cancel(*id));
        QVERIFY(!q.cancel(*id));      // already cancelled
        QVERIFY(!q.cancel(999'999));  // never existed
        QVERIFY(waitFor([&] { return ran.load() != 0; }));
        std::this_thread::sleep_for(20ms);
        QCOMPARE(ran.load(), 10);
        QCOMPARE(q.pending(), std::size_t{0});
    }

    void cancelAfterRunReturnsFalse() {
        TimerQueue q("t");
        std::atomic<bool> ran{false};
        const auto id = q.scheduleAfter(0ms, [&] { ran = true; });
        QVERIFY(id);
        QVERIFY(waitFor([&] { return ran.load(); }));
        QVERIFY(!q.cancel(*id));
    }

    void boundedRefusesBeyondMaxPending() {
        TimerQueue q("t", 3);
        std::atomic<int> ran{0};
        for (int i = 0; i < 3; ++i) QVERIFY(q.scheduleAfter(10s, [&] { ran.fetch_add(1); }));
        QVERIFY(!q.scheduleAfter(10s, [&] { ran.fetch_add(100); }));
        QCOMPARE(q.pending(), std::size_t{3});
        q.stop();
        QCOMPARE(ran.load(), 3);  // the refused one never runs
    }

    void cancelFreesCapacity() {
        TimerQueue q("t", 2);
        const auto a = q.scheduleAfter(10s, [] {});
        QVERIFY(a);
        QVERIFY(q.scheduleAfter(10s, [] {}));
        QVERIFY(!q.scheduleAfter(10s, [] {}));
        QVERIFY(q.cancel(*a));
        QVERIFY(q.scheduleAfter(10s, [] {}));
    }

    void stopRunsPendingAndRefusesNew() {
        std::atomic<int> ran{0};
        TimerQueue q("t");
        for (int i = 0; i < 10; ++i) QVERIFY(q.scheduleAfter(1h, [&] { ran.fetch_add(1); }));
        // A callback scheduling during stop is refused, not lost silently: it sees the refusal.
        std::atomic<bool> reschedRefused{false};
        QVERIFY(q.scheduleAfter(2h, [&] { reschedRefused = !q.scheduleAfter(1ms, [] {}); }));
        const auto start = SteadyClock::now();
        q.stop();
        QVERIFY(SteadyClock::now() - start < 1s);
        QCOMPARE(ran.load(), 10);
        QVERIFY(reschedRefused.load());
        QVERIFY(!q.scheduleAfter(1ms, [] {}));
        q.stop();  // idempotent
    }

    void callbackMaySchedule() {
        TimerQueue q("t");
        std::atomic<int> chain{0};
        std::atomic<bool> refused{false};
        std::function<void()> step = [&] {
            if (chain.fetch_add(1) + 1 < 5 && !q.scheduleAfter(1ms, step)) refused = true;
        };
        QVERIFY(q.scheduleAfter(1ms, step));
        QVERIFY(waitFor([&] { return chain.load() == 5; }));
        QVERIFY(!refused.load());
    }

    void throwingCallbackDoesNotStopTheThread() {
        TimerQueue q("t");
        std::atomic<bool> later{false};
        QVERIFY(q.scheduleAfter(1ms, [] { throw std::runtime_error("boom"); }));
        QVERIFY(q.scheduleAfter(5ms, [&] { later = true; }));
        QVERIFY(waitFor([&] { return later.load(); }));
    }

    void manyTimersFromManyThreadsEachRunOnce() {
        constexpr int kThreads = 4;
        constexpr int kPerThread = 25'000;
        std::vector<std::atomic<int>> hits(kThreads * kPerThread);
        std::atomic<int> total{0};
        TimerQueue q("t");
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    const int idx = t * kPerThread + i;
                    const auto delay = std::chrono::microseconds((idx * 7) % 3000);
                    const auto id = q.scheduleAfter(delay, [&, idx] {
                        hits[static_cast<std::size_t>(idx)].fetch_add(1);
                        total.fetch_add(1);
                    });
                    if (!id) std::abort();
                }
            });
        }
        for (auto& th : threads) th.join();
        QVERIFY(waitFor([&] { return total.load() == kThreads * kPerThread; }));
        for (const auto& h : hits) QCOMPARE(h.load(), 1);
        QCOMPARE(q.pending(), std::size_t{0});
    }

    void cancelledLeftoversAreCompacted() {
        // Many long timers scheduled and cancelled must not pile up: pending() tracks only live ones,
        // and the queue keeps accepting.
        TimerQueue q("t", 100);
        for (int i = 0; i < 50'000; ++i) {
            const auto id = q.scheduleAfter(1h, [] {});
            QVERIFY(id);
            QVERIFY(q.cancel(*id));
        }
        QCOMPARE(q.pending(), std::size_t{0});
        std::atomic<bool> ran{false};
        QVERIFY(q.scheduleAfter(1ms, [&] { ran = true; }));
        QVERIFY(waitFor([&] { return ran.load(); }));
    }
};

QTEST_GUILESS_MAIN(TestTimerQueue)
#include "tst_TimerQueue.moc"
