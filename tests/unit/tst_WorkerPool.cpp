#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/WorkerPool.h"

using namespace paydesk;

class TestWorkerPool : public QObject {
    Q_OBJECT
private slots:
    void runsEverything() {
        std::atomic<int> done{0};
        {
            WorkerPool pool("t", 4, 1000);
            for (int i = 0; i < 500; ++i) QVERIFY(pool.post([&] { done.fetch_add(1); }));
            pool.stop();  // drains the queue first
        }
        QCOMPARE(done.load(), 500);
    }
    void boundedQueueRefuses() {
        WorkerPool pool("t", 1, 2);
        std::atomic<bool> release{false};
        QVERIFY(pool.post([&] {
            while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }));
        // The worker may or may not have picked the first task yet: at most 3 fit, a 4th never does.
        int accepted = 0;
        for (int i = 0; i < 4; ++i) accepted += pool.post([] {}) ? 1 : 0;
        QVERIFY(accepted <= 2);
        QVERIFY(accepted >= 1);
        release = true;
    }
    void throwingTaskDoesNotKillPool() {
        WorkerPool pool("t", 1, 10);
        std::atomic<int> done{0};
        QVERIFY(pool.post([] { throw std::runtime_error("boom"); }));
        QVERIFY(pool.post([&] { done = 1; }));
        pool.stop();
        QCOMPARE(done.load(), 1);
    }
    void refusesAfterStop() {
        WorkerPool pool("t", 1, 10);
        pool.stop();
        QVERIFY(!pool.post([] {}));
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_WorkerPool.moc"
