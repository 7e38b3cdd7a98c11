#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kKeys = "k1:secret-one-0123456789:m1";
const std::string kSecret = "secret-one-0123456789";
using Clock = std::chrono::steady_clock;

// A signed call with its own millisecond timestamp, so that no two calls are replays of each other.
HttpReply signedCall(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body) {
    static std::atomic<long long> last{0};
    const long long now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    long long prev = last.load();
    while (!last.compare_exchange_weak(prev, std::max(now, prev + 1))) {
    }
    const std::string ts = std::to_string(std::max(now, prev + 1));
    return httpRequest(port, method, target, body,
                       {{"Content-Type", "application/json"},
                        {"X-Api-Key", "k1"},
                        {"X-Timestamp", ts},
                        {"X-Signature", auth::RequestSignature::sign(kSecret, method, target, ts, body)}},
                       10s);
}

HttpReply authorize(std::uint16_t port) {
    static std::atomic<int> sequence{0};
    const std::string key = "sup-" + std::to_string(sequence.fetch_add(1)) + "-" + std::to_string(std::time(nullptr));
    const std::string body =
        json{{"merchantId", "m1"}, {"amount", 1500}, {"currency", "EUR"}, {"idempotencyKey", key}}.dump();
    return signedCall(port, "POST", "/api/payments/authorize", body);
}

long long msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

json parsed(const HttpReply& r) {
    return json::parse(r.body, nullptr, false);
}

// Polls until `done` holds (true) or `timeout` passes (false).
bool eventually(std::chrono::milliseconds timeout, const std::function<bool()>& done) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(100ms);
    }
    return done();
}

std::string componentState(const HttpReply& ready, const char* component) {
    const json j = parsed(ready);
    if (!j.is_object() || !j.contains("components")) return {};
    return j["components"][component].value("state", std::string());
}

// Resumes a stopped process whatever happens to the test.
struct Resume {
    pid_t pid;
    ~Resume() { ::kill(pid, SIGCONT); }
};

}  // namespace

// The embedded servers are supervised and a hung database is noticed: paydeskd answers 503 with
// Retry-After quickly while MariaDB is hung or gone, restarts what died, and serves again by itself.
class TestSupervision : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;
    std::uint16_t port_ = 0;

    pid_t pidOf(const char* pidFile) const { return readPidFile(dir_ + pidFile); }
    bool ready() const { return httpGet(port_, "/health/ready").status == 200; }

private slots:
    void initTestCase() {
        pd_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        dir_ = tmp_.filePath("sup");
        QVERIFY(pd_->start(dir_, port_, {"--api-keys", kKeys}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    // SIGSTOP: the server accepts connections and never answers. Every request that needs it gets a
    // JSON 503 with Retry-After within a second; readiness says so; SIGCONT and it serves again.
    void hungDatabaseAnswersFast() {
        QCOMPARE(authorize(port_).status, 200);
        const pid_t db = pidOf("/run/mariadbd.pid");
        QVERIFY(processAlive(db));
        QCOMPARE(::kill(db, SIGSTOP), 0);
        Resume resume{db};
        for (int i = 0; i < 3; ++i) {  // the first one may be in flight when the server hangs
            const auto start = Clock::now();
            const HttpReply r = authorize(port_);
            const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            qInfo("authorize %d with the database hung: %d after %lld ms", i, r.status,
                  static_cast<long long>(took.count()));
            QVERIFY2(r.status == 503, r.body.c_str());
            QVERIFY2(took < 1500ms, qPrintable(QStringLiteral("answered after %1 ms").arg(took.count())));
            QVERIFY(r.headers.count("retry-after") == 1);
            QCOMPARE(parsed(r).value("code", std::string()), std::string("SERVICE_UNAVAILABLE"));
        }
        QVERIFY(eventually(3s, [&] { return componentState(httpGet(port_, "/health/ready"), "db") == "down"; }));
        const HttpReply readiness = httpGet(port_, "/health/ready");
        QCOMPARE(readiness.status, 503);
        QCOMPARE(parsed(readiness).value("status", std::string()), std::string("unavailable"));

        QCOMPARE(::kill(db, SIGCONT), 0);
        const auto resumed = Clock::now();
        QVERIFY2(eventually(10s, [&] { return authorize(port_).status == 200; }),
                 qPrintable(pd_->output().right(3000)));
        qInfo("serving again %lld ms after SIGCONT", msSince(resumed));
        QVERIFY(eventually(5s, [&] { return ready(); }));
    }

    // SIGKILL: the supervisor starts mariadbd again on the same datadir (InnoDB recovery), the pool
    // reconnects, and what was acknowledged before is still there.
    void killedDatabaseIsRestarted() {
        const HttpReply before = authorize(port_);
        QCOMPARE(before.status, 200);
        const std::string paymentId = parsed(before)["paymentId"].get<std::string>();
        const pid_t old = pidOf("/run/mariadbd.pid");
        QVERIFY(processAlive(old));
        QCOMPARE(::kill(old, SIGKILL), 0);
        const auto killed = Clock::now();

        QVERIFY2(eventually(20s,
                            [&] {
                                const pid_t now = pidOf("/run/mariadbd.pid");
                                return now > 0 && now != old && processAlive(now);
                            }),
                 qPrintable(pd_->output().right(3000)));
        QVERIFY2(eventually(15s, [&] { return ready(); }), httpGet(port_, "/health/ready").body.c_str());
        qInfo("ready again %lld ms after SIGKILL of mariadbd", msSince(killed));
        QVERIFY(eventually(5s, [&] { return authorize(port_).status == 200; }));
        const std::string metrics = httpGet(port_, "/metrics").body;
        QVERIFY2(metrics.find("paydesk_embedded_server_restarts_total{server=\"mariadb\"} 1\n") != std::string::npos,
                 metrics.c_str());
        const HttpReply after = signedCall(port_, "GET", "/api/payments/" + paymentId, "");
        QCOMPARE(after.status, 200);
        QCOMPARE(parsed(after)["paymentId"].get<std::string>(), paymentId);
        QVERIFY(eventually(2s, [&] {
            QCoreApplication::processEvents();  // the child's output is read on the event loop
            return pd_->output().contains("embedded MariaDB killed by signal 9; restarting it");
        }));
    }

    // Redis is a fast path only: without it answers stay right (slower), readiness says degraded,
    // and the supervisor brings it back.
    void killedRedisIsRestarted() {
        const pid_t old = pidOf("/run/redis.pid");
        QVERIFY(processAlive(old));
        std::atomic<bool> sawDegraded{false};
        std::atomic<bool> stop{false};
        std::thread watcher([&] {
            while (!stop.load()) {
                const HttpReply r = httpGet(port_, "/health/ready");
                if (componentState(r, "redis") == "degraded" && componentState(r, "db") == "up") sawDegraded = true;
                std::this_thread::sleep_for(20ms);
            }
        });
        QCOMPARE(::kill(old, SIGKILL), 0);
        for (int i = 0; i < 5; ++i) {
            const HttpReply r = authorize(port_);
            QVERIFY2(r.status == 200, r.body.c_str());
        }
        const bool back = eventually(15s, [&] {
            const pid_t now = pidOf("/run/redis.pid");
            return now > 0 && now != old && processAlive(now);
        });
        const bool readyAgain = back && eventually(10s, [&] { return ready(); });
        stop = true;
        watcher.join();
        QVERIFY2(back, qPrintable(pd_->output().right(3000)));
        QVERIFY(sawDegraded.load());
        QVERIFY(readyAgain);
        QCOMPARE(authorize(port_).status, 200);
        QVERIFY(httpGet(port_, "/metrics").body.find("paydesk_embedded_server_restarts_total{server=\"redis\"} 1\n") !=
                std::string::npos);
    }

    // A database configured by URL is not paydeskd's to restart, but it is reconnected to as soon as
    // it is back: here a second paydeskd uses the first one's MariaDB over TCP while it is killed.
    void externalDatabaseIsReconnected() {
        const json ep = json::parse(readFile(dir_ + "/run/endpoints.json"));
        const std::string dbUrl = "mysql://paydesk:" + readFile(dir_ + "/mariadb/credentials") +
                                  "@127.0.0.1:" + std::to_string(ep["db"]["port"].get<int>()) + "/paydesk";
        PaydeskdProcess aux;
        const std::uint16_t port = freePort();
        QVERIFY(aux.start(tmp_.filePath("aux"), port, {"--db", QString::fromStdString(dbUrl), "--api-keys", kKeys}));
        QVERIFY2(aux.waitReady(60s), qPrintable(aux.output()));
        QCOMPARE(authorize(port).status, 200);

        const pid_t old = pidOf("/run/mariadbd.pid");
        QCOMPARE(::kill(old, SIGKILL), 0);
        const auto start = Clock::now();
        const HttpReply refused = authorize(port);
        QVERIFY2(refused.status == 503 && Clock::now() - start < 1500ms, refused.body.c_str());
        QVERIFY2(eventually(30s, [&] { return authorize(port).status == 200; }), qPrintable(aux.output().right(3000)));
        QVERIFY(eventually(5s, [&] { return httpGet(port, "/health/ready").status == 200; }));
        QCOMPARE(aux.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSupervision)
#include "tst_Supervision.moc"
