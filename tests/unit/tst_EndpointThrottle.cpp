#include <QtTest>

#include <algorithm>

#include "webhooks/EndpointThrottle.h"

using namespace paydesk::webhooks;
using namespace std::chrono_literals;
using Outcome = EndpointThrottle::Outcome;

namespace {
ThrottleOptions options(std::size_t total, std::size_t perEndpoint) {
    ThrottleOptions o;
    o.maxInFlight = total;
    o.maxInFlightPerEndpoint = perEndpoint;
    o.initialBackoff = 100ms;
    o.maxBackoff = 1000ms;
    return o;
}
const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
}  // namespace

// Which webhook endpoint may get another delivery: capacity limits and backoff of failing endpoints.
class TestEndpointThrottle : public QObject {
    Q_OBJECT

private slots:
    void perEndpointLimit() {
        EndpointThrottle t(options(10, 2));
        QVERIFY(t.tryStart("a", t0));
        QVERIFY(t.tryStart("a", t0));
        QVERIFY(!t.tryStart("a", t0));
        QVERIFY(t.tryStart("b", t0));
        QCOMPARE(t.inFlight("a"), std::size_t(2));
        QCOMPARE(t.inFlight(), std::size_t(3));
        QCOMPARE(t.unavailable(t0), std::vector<std::string>{"a"});
        t.finish("a", Outcome::Succeeded, t0);
        QVERIFY(t.tryStart("a", t0));
    }

    void totalLimit() {
        EndpointThrottle t(options(3, 2));
        QVERIFY(t.tryStart("a", t0));
        QVERIFY(t.tryStart("b", t0));
        QVERIFY(t.tryStart("c", t0));
        QVERIFY(t.full());
        QVERIFY(!t.tryStart("d", t0));
        t.finish("b", Outcome::Succeeded, t0);
        QVERIFY(!t.full());
        QVERIFY(t.tryStart("d", t0));
    }

    void aFailingEndpointIsBackedOffThenProbedOneAtATime() {
        EndpointThrottle t(options(10, 4));
        QVERIFY(t.tryStart("a", t0));
        t.finish("a", Outcome::Failed, t0);
        QCOMPARE(t.backoffLeft("a", t0), std::chrono::milliseconds(100));
        QVERIFY(!t.tryStart("a", t0 + 99ms));
        QCOMPARE(t.unavailable(t0 + 99ms), std::vector<std::string>{"a"});
        QVERIFY(t.tryStart("a", t0 + 100ms));
        QVERIFY(!t.tryStart("a", t0 + 100ms));  // one probe at a time while failing
        t.finish("a", Outcome::Failed, t0 + 200ms);
        QCOMPARE(t.backoffLeft("a", t0 + 200ms), std::chrono::milliseconds(200));  // doubled
        QVERIFY(t.tryStart("a", t0 + 400ms));
        t.finish("a", Outcome::Failed, t0 + 400ms);
        QCOMPARE(t.backoffLeft("a", t0 + 400ms), std::chrono::milliseconds(400));
        for (int i = 0; i < 10; ++i) {
            const auto now = t0 + 10s * (i + 1);
            QVERIFY(t.tryStart("a", now));
            t.finish("a", Outcome::Failed, now);
        }
        QCOMPARE(t.backoffLeft("a", t0 + 100s), std::chrono::milliseconds(1000));  // capped
        // One success and it gets its full share again.
        QVERIFY(t.tryStart("a", t0 + 200s));
        t.finish("a", Outcome::Succeeded, t0 + 200s);
        QCOMPARE(t.backoffLeft("a", t0 + 200s), std::chrono::milliseconds(0));
        for (int i = 0; i < 4; ++i) QVERIFY(t.tryStart("a", t0 + 200s));
        QVERIFY(!t.tryStart("a", t0 + 200s));
    }

    // A black hole fills its own share and nothing more; when its attempts time out it is backed
    // off, and the other endpoints keep the capacity.
    void aBlackHoleCannotTakeTheOthersCapacity() {
        EndpointThrottle t(options(8, 4));
        int started = 0;
        while (t.tryStart("hole", t0)) ++started;
        QCOMPARE(started, 4);
        for (const char* other : {"b", "c", "d", "e"}) QVERIFY(t.tryStart(other, t0));
        for (const char* other : {"b", "c", "d", "e"}) t.finish(other, Outcome::Succeeded, t0);
        for (int i = 0; i < 4; ++i) t.finish("hole", Outcome::Failed, t0 + 5s);  // timed out
        QVERIFY(!t.tryStart("hole", t0 + 5s));
        for (int i = 0; i < 7; ++i) QVERIFY(t.tryStart("b" + std::to_string(i), t0 + 5s));
    }

    void abandonedSaysNothingAboutTheEndpoint() {
        EndpointThrottle t(options(10, 1));
        QVERIFY(t.tryStart("a", t0));
        t.finish("a", Outcome::Abandoned, t0);
        QCOMPARE(t.backoffLeft("a", t0), std::chrono::milliseconds(0));
        QVERIFY(t.tryStart("a", t0));
        QCOMPARE(t.inFlight(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestEndpointThrottle)
#include "tst_EndpointThrottle.moc"
