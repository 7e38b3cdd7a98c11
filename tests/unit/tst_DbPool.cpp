#include <QtTest>

#include <chrono>
#include <optional>
#include <thread>

#include "TestSupport.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A "server" that accepts connections and never says a word: a hung mariadbd.
DbEndpoint hungServer(const TestBlackHole& hole) {
    DbEndpoint ep;
    ep.host = "127.0.0.1";
    ep.port = hole.port();
    return ep;
}

long long msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

// The pool's waits are bounded by the caller's timeout and by the watchdog's verdict, never by a
// handshake with a server that stopped answering.
class TestDbPool : public QObject {
    Q_OBJECT

private slots:
    void acquireFailsAtOnceWhileUnavailable() {
        TestBlackHole hole;
        store::DbPool pool(hungServer(hole), 4);
        pool.setAvailable(false, "no answer to a ping for 600 ms");
        QVERIFY(!pool.available());
        const auto start = Clock::now();
        auto conn = pool.acquire(5000ms);
        QVERIFY(!conn.ok());
        QCOMPARE(conn.error().code, std::string("DB_UNAVAILABLE"));
        QVERIFY2(conn.error().message.find("600 ms") != std::string::npos, conn.error().message.c_str());
        QVERIFY(msSince(start) < 100);
        QCOMPARE(hole.accepted(), 0);  // the server was not even asked
    }

    void acquireIsBoundedByItsTimeoutDuringAHungHandshake() {
        TestBlackHole hole;
        store::DbPool pool(hungServer(hole), 4);
        const auto start = Clock::now();
        auto conn = pool.acquire(300ms);
        const long long took = msSince(start);
        QVERIFY(!conn.ok());
        QCOMPARE(conn.error().code, std::string("DB_UNAVAILABLE"));
        QVERIFY2(took >= 250 && took < 1000, qPrintable(QStringLiteral("%1 ms").arg(took)));
        QVERIFY(hole.waitForConnection(2s));
    }

    void waitersAreReleasedWhenMarkedUnavailable() {
        TestBlackHole hole;
        store::DbPool pool(hungServer(hole), 1);
        std::optional<Error> failure;
        long long took = 0;
        std::thread waiter([&] {
            const auto start = Clock::now();
            auto conn = pool.acquire(10'000ms);
            took = msSince(start);
            if (!conn.ok()) failure = conn.error();
        });
        QVERIFY(hole.waitForConnection(2s));
        std::this_thread::sleep_for(200ms);
        pool.setAvailable(false, "ping failed");
        waiter.join();
        QVERIFY(failure.has_value());
        QCOMPARE(failure->code, std::string("DB_UNAVAILABLE"));
        QVERIFY2(took < 1000, qPrintable(QStringLiteral("%1 ms").arg(took)));
        pool.setAvailable(true);
        QVERIFY(pool.available());
    }
};

QTEST_GUILESS_MAIN(TestDbPool)
#include "tst_DbPool.moc"
