#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "payments/AcquirerSimulator.h"

using namespace paydesk::payments;
using namespace std::chrono_literals;
using Kind = AcquirerOutcome::Kind;
using SteadyClock = std::chrono::steady_clock;

namespace {
AcquirerRequest request(std::string card) {
    AcquirerRequest r;
    r.paymentId = "pay_1";
    r.merchantId = "m_1";
    r.amount = 10'000;
    r.currency = "KRW";
    r.cardNumber = std::move(card);
    r.cardExpiry = "12/30";
    return r;
}

// Zero latency answers synchronously, so the outcome is there when authorize() returns.
AcquirerOutcome authorizeNow(AcquirerSimulator& sim, const std::string& card) {
    std::optional<AcquirerOutcome> got;
    int calls = 0;
    sim.authorize(request(card), [&](AcquirerOutcome o) {
        ++calls;
        got = std::move(o);
    });
    if (calls != 1 || !got) qFatal("zero-latency simulator did not answer synchronously exactly once");
    return *got;
}

bool isApprovalId(const std::string& id) {
    if (id.size() != 24 || id.rfind("acq_", 0) != 0) return false;
    for (std::size_t i = 4; i < id.size(); ++i) {
        const char c = id[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
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
}  // namespace

class TestAcquirerSimulator : public QObject {
    Q_OBJECT
private slots:
    void testCardsAreLuhnValid() {
        for (auto card : {AcquirerSimulator::kCardDeclined, AcquirerSimulator::kCardInsufficientFunds,
                          AcquirerSimulator::kCardExpired, AcquirerSimulator::kCardProcessingError,
                          AcquirerSimulator::kCardNoResponse}) {
            QVERIFY2(AcquirerSimulator::luhnValid(card), std::string(card).c_str());
        }
        QVERIFY(AcquirerSimulator::luhnValid("4242 4242 4242 4242"));
        QVERIFY(!AcquirerSimulator::luhnValid("4000000000000001"));
        QVERIFY(!AcquirerSimulator::luhnValid("40000000000000x2"));
        QVERIFY(!AcquirerSimulator::luhnValid(""));
    }

    void declineCards_data() {
        QTest::addColumn<QString>("card");
        QTest::addColumn<QString>("code");
        QTest::newRow("declined") << "4000000000000002"
                                  << "CARD_DECLINED";
        QTest::newRow("insufficient funds") << "4000000000009995"
                                            << "INSUFFICIENT_FUNDS";
        QTest::newRow("expired") << "4000000000000069"
                                 << "EXPIRED_CARD";
        QTest::newRow("with spaces") << "4000 0000 0000 0002"
                                     << "CARD_DECLINED";
    }
    void declineCards() {
        QFETCH(QString, card);
        QFETCH(QString, code);
        AcquirerSimulator sim;
        const AcquirerOutcome o = authorizeNow(sim, card.toStdString());
        QCOMPARE(o.kind, Kind::Declined);
        QCOMPARE(QString::fromStdString(o.declineCode), code);
        QVERIFY(o.acquirerTxnId.empty());
        QVERIFY(!o.message.empty());
    }

    void processingErrorCardFailsEveryTime() {
        AcquirerSimulator sim;
        for (int i = 0; i < 3; ++i) {
            const AcquirerOutcome o = authorizeNow(sim, std::string(AcquirerSimulator::kCardProcessingError));
            QCOMPARE(o.kind, Kind::Failed);
            QCOMPARE(o.declineCode, std::string("PROCESSING_ERROR"));
        }
    }

    void testCardsWinOverRates() {
        AcquirerSimulator::Options opts;
        opts.declineRate = 1.0;
        AcquirerSimulator sim(opts);
        QCOMPARE(authorizeNow(sim, "4000000000009995").declineCode, std::string("INSUFFICIENT_FUNDS"));
        sim.setDeclineRate(0.0);
        sim.setFailureRate(1.0);
        QCOMPARE(authorizeNow(sim, "4000000000000069").declineCode, std::string("EXPIRED_CARD"));
    }

    void otherCardsAndNoCardApprove() {
        AcquirerSimulator sim;
        for (const char* card : {"4242424242424242", "5555555555554444", ""}) {
            const AcquirerOutcome o = authorizeNow(sim, card);
            QCOMPARE(o.kind, Kind::Approved);
            QVERIFY2(isApprovalId(o.acquirerTxnId), o.acquirerTxnId.c_str());
            QVERIFY(o.declineCode.empty());
        }
    }

    void approvalIdsAreUnique() {
        AcquirerSimulator a;
        AcquirerSimulator b;  // same default seed: ids must still differ across instances
        std::set<std::string> ids;
        constexpr int kEach = 20'000;
        for (int i = 0; i < kEach; ++i) {
            ids.insert(authorizeNow(a, "4242424242424242").acquirerTxnId);
            ids.insert(authorizeNow(b, "").acquirerTxnId);
        }
        QCOMPARE(ids.size(), std::size_t{2 * kEach});
    }

    void ratesAreRoughlyHonouredAndReproducible() {
        AcquirerSimulator::Options opts;
        opts.failureRate = 0.2;
        opts.declineRate = 0.25;  // of the calls that did not fail
        auto run = [&] {
            AcquirerSimulator sim(opts);
            std::string kinds;
            for (int i = 0; i < 10'000; ++i) {
                kinds.push_back(static_cast<char>('0' + static_cast<int>(authorizeNow(sim, "4242424242424242").kind)));
            }
            return kinds;
        };
        const std::string first = run();
        QCOMPARE(run(), first);  // same seed, same sequence of outcomes
        const auto failed = std::count(first.begin(), first.end(), '2');
        const auto declined = std::count(first.begin(), first.end(), '1');
        QVERIFY2(failed > 1700 && failed < 2300, qPrintable(QString::number(failed)));
        QVERIFY2(declined > 1700 && declined < 2300, qPrintable(QString::number(declined)));  // 0.8*0.25 = 0.2
    }

    void randomFailureAndDeclineCodes() {
        AcquirerSimulator sim;
        sim.setFailureRate(1.0);
        AcquirerOutcome o = authorizeNow(sim, "4242424242424242");
        QCOMPARE(o.kind, Kind::Failed);
        QCOMPARE(o.declineCode, std::string("PROCESSING_ERROR"));
        sim.setFailureRate(0.0);
        sim.setDeclineRate(1.0);
        o = authorizeNow(sim, "4242424242424242");
        QCOMPARE(o.kind, Kind::Declined);
        QCOMPARE(o.declineCode, std::string("DO_NOT_HONOR"));
    }

    void latencyIsHonouredWithoutBlockingTheCaller() {
        AcquirerSimulator::Options opts;
        opts.latency = 300ms;
        AcquirerSimulator sim(opts);
        std::atomic<int> calls{0};
        std::atomic<std::int64_t> answeredAfterMicros{-1};
        std::atomic<bool> onCallerThread{false};
        const auto caller = std::this_thread::get_id();
        const auto start = SteadyClock::now();
        sim.authorize(request("4242424242424242"), [&](AcquirerOutcome o) {
            answeredAfterMicros =
                std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
            onCallerThread = std::this_thread::get_id() == caller;
            if (o.kind == Kind::Approved) calls.fetch_add(1);
        });
        const auto returnedAfter = SteadyClock::now() - start;
        QVERIFY2(returnedAfter < 150ms, "authorize() blocked the caller");
        QCOMPARE(calls.load(), 0);  // not yet
        QVERIFY(waitFor([&] { return calls.load() == 1; }));
        QVERIFY2(answeredAfterMicros.load() >= 300'000, qPrintable(QString::number(answeredAfterMicros.load())));
        QVERIFY(!onCallerThread.load());
    }

    void jitterStaysInRange() {
        // Wide jitter, so the spread survives a loaded machine delaying every timer a little.
        AcquirerSimulator::Options opts;
        opts.latency = 100ms;
        opts.jitter = 90ms;
        AcquirerSimulator sim(opts);
        std::mutex m;
        std::vector<std::int64_t> delays;
        std::atomic<int> done{0};
        for (int i = 0; i < 40; ++i) {
            const auto start = SteadyClock::now();
            sim.authorize(request(""), [&, start](AcquirerOutcome) {
                const auto d =
                    std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
                std::lock_guard lock(m);
                delays.push_back(d);
                done.fetch_add(1);
            });
        }
        QVERIFY(waitFor([&] { return done.load() == 40; }));
        std::lock_guard lock(m);
        for (auto d : delays) QVERIFY2(d >= 10'000, qPrintable(QString::number(d)));  // never below latency - jitter
        const auto [mn, mx] = std::minmax_element(delays.begin(), delays.end());
        QVERIFY2(*mx - *mn > 40'000, qPrintable(QString("spread %1 us").arg(*mx - *mn)));  // it does vary
    }

    void setLatencyAtRuntime() {
        AcquirerSimulator sim;
        int syncCalls = 0;
        sim.authorize(request(""), [&](AcquirerOutcome) { ++syncCalls; });
        QCOMPARE(syncCalls, 1);
        sim.setLatency(30ms);
        std::atomic<int> calls{0};
        sim.authorize(request(""), [&](AcquirerOutcome) { calls.fetch_add(1); });
        QCOMPARE(calls.load(), 0);
        QVERIFY(waitFor([&] { return calls.load() == 1; }));
    }

    void noResponseCardAnswersOnlyAfterHang() {
        AcquirerSimulator::Options opts;
        opts.hangDuration = 150ms;
        AcquirerSimulator sim(opts);
        std::atomic<int> calls{0};
        std::optional<AcquirerOutcome> got;
        std::mutex m;
        const auto start = SteadyClock::now();
        sim.authorize(request(std::string(AcquirerSimulator::kCardNoResponse)), [&](AcquirerOutcome o) {
            std::lock_guard lock(m);
            got = std::move(o);
            calls.fetch_add(1);
        });
        QCOMPARE(calls.load(), 0);  // even with zero latency it does not answer now
        QVERIFY(waitFor([&] { return calls.load() == 1; }));
        QVERIFY(SteadyClock::now() - start >= 150ms);
        std::lock_guard lock(m);
        QCOMPARE(got->kind, Kind::Failed);
        QCOMPARE(got->declineCode, std::string("NO_RESPONSE"));
    }

    void hungCallsAreAnsweredOnDestruction() {
        std::atomic<int> calls{0};
        const auto start = SteadyClock::now();
        {
            AcquirerSimulator sim;  // default hang: 30 s
            sim.setOutage(true);
            QVERIFY(sim.outage());
            for (int i = 0; i < 100; ++i) sim.authorize(request(""), [&](AcquirerOutcome) { calls.fetch_add(1); });
            QCOMPARE(calls.load(), 0);
        }
        QCOMPARE(calls.load(), 100);  // done exactly once, even at shutdown
        QVERIFY(SteadyClock::now() - start < 2s);
    }

    void outageThenRecovery() {
        AcquirerSimulator::Options opts;
        opts.hangDuration = 20ms;
        AcquirerSimulator sim(opts);
        sim.setOutage(true);
        std::atomic<int> failed{0};
        sim.authorize(request(""), [&](AcquirerOutcome o) {
            if (o.kind == Kind::Failed) failed.fetch_add(1);
        });
        QVERIFY(waitFor([&] { return failed.load() == 1; }));
        sim.setOutage(false);
        QCOMPARE(authorizeNow(sim, "").kind, Kind::Approved);
    }

    void sharedTimerQueueIsUsed() {
        auto timers = std::make_shared<TimerQueue>("shared");
        AcquirerSimulator::Options opts;
        opts.latency = 1s;
        AcquirerSimulator sim(opts, timers);
        std::atomic<int> calls{0};
        sim.authorize(request(""), [&](AcquirerOutcome) { calls.fetch_add(1); });
        QCOMPARE(timers->pending(), std::size_t{1});
        timers->stop();  // the owner of the shared queue decides when it drains
        QCOMPARE(calls.load(), 1);
    }

    void manyConcurrentCallsWithLatencyAllAnswerOnce() {
        AcquirerSimulator::Options opts;
        opts.latency = 1ms;
        AcquirerSimulator sim(opts);
        constexpr int kCalls = 10'000;
        std::vector<std::atomic<int>> hits(kCalls);
        std::atomic<int> total{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < kCalls; i += 4) {
                    sim.authorize(request(""), [&, i](AcquirerOutcome) {
                        hits[static_cast<std::size_t>(i)].fetch_add(1);
                        total.fetch_add(1);
                    });
                }
            });
        }
        for (auto& th : threads) th.join();
        QVERIFY(waitFor([&] { return total.load() == kCalls; }));
        for (const auto& h : hits) QCOMPARE(h.load(), 1);
        QCOMPARE(sim.callCount(), std::uint64_t{kCalls});
    }
};

QTEST_GUILESS_MAIN(TestAcquirerSimulator)
#include "tst_AcquirerSimulator.moc"
