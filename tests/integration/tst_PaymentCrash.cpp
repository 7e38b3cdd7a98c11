#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {
const char* const kKeys = "k1:secret-one-0123456789:m1";
const std::string kSecret = "secret-one-0123456789";

std::string readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}
}  // namespace

// kill -9 of paydeskd under load, several times: every request that got a 200 exists exactly
// once, nothing is half-written, the ledger verifies.
class TestPaymentCrash : public QObject {
    Q_OBJECT
private slots:
    void killNineUnderLoad() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("crash");
        std::mutex m;
        std::map<std::string, std::string> acknowledged;  // idempotency key -> payment id (200s)
        std::vector<std::string> unanswered;              // keys whose fate the client never learned
        std::atomic<int> sequence{0};
        std::atomic<long> lastSigned{0};  // the latest X-Timestamp any original attempt used
        constexpr int kCycles = 3;
        for (int cycle = 0; cycle < kCycles; ++cycle) {
            PaydeskdProcess pd;
            const std::uint16_t port = freePort();
            QVERIFY(pd.start(dir, port, {"--api-keys", kKeys}));
            QVERIFY2(pd.waitReady(), qPrintable(pd.output()));
            std::atomic<bool> stop{false};
            std::vector<std::thread> clients;
            for (int t = 0; t < 8; ++t) {
                clients.emplace_back([&] {
                    while (!stop.load()) {
                        const std::string key = "crash-" + std::to_string(sequence.fetch_add(1));
                        const std::string body = json{{"merchantId", "m1"}, {"amount", 1000}, {"currency", "KRW"}, {"idempotencyKey", key}}.dump();
                        const long now = static_cast<long>(std::time(nullptr));
                        for (long seen = lastSigned.load(); seen < now && !lastSigned.compare_exchange_weak(seen, now);) {
                        }
                        const std::string ts = std::to_string(now);
                        const HttpReply r = httpRequest(port, "POST", "/api/payments/authorize", body,
                                                        {{"Content-Type", "application/json"}, {"X-Api-Key", "k1"}, {"X-Timestamp", ts},
                                                         {"X-Signature", auth::RequestSignature::sign(kSecret, "POST", "/api/payments/authorize", ts, body)}},
                                                        5s);
                        std::lock_guard lock(m);
                        if (r.status == 200) acknowledged[key] = json::parse(r.body)["paymentId"].get<std::string>();
                        else unanswered.push_back(key);  // connection cut, 503 ...: the client would retry
                    }
                });
            }
            std::this_thread::sleep_for(1500ms);
            pd.kill9();
            stop = true;
            for (auto& c : clients) c.join();
        }
        QVERIFY2(acknowledged.size() > 50, "the load did not get going");

        PaydeskdProcess pd;
        const std::uint16_t port = freePort();
        QVERIFY(pd.start(dir, port, {"--api-keys", kKeys}));
        QVERIFY2(pd.waitReady(), qPrintable(pd.output()));
        // Clients retry what they never heard back about, with the same keys: each ends as one payment.
        int retried = 0;
        for (const auto& key : unanswered) {
            const std::string body = json{{"merchantId", "m1"}, {"amount", 1000}, {"currency", "KRW"}, {"idempotencyKey", key}}.dump();
            // A retry is signed anew, with a timestamp later than any original attempt's (a restart
            // can take less than a second, and the same second would repeat the signature).
            const std::string ts = std::to_string(std::max(static_cast<long>(std::time(nullptr)), lastSigned.load() + 1));
            const HttpReply r = httpRequest(port, "POST", "/api/payments/authorize", body,
                                            {{"Content-Type", "application/json"}, {"X-Api-Key", "k1"}, {"X-Timestamp", ts},
                                             {"X-Signature", auth::RequestSignature::sign(kSecret, "POST", "/api/payments/authorize", ts, body)}});
            QVERIFY2(r.status == 200 || r.status == 409, r.body.c_str());  // 409: in flight when killed, Redis marker still alive
            ++retried;
        }

        const auto ep = json::parse(readAll(dir + "/run/endpoints.json"));
        DbEndpoint d;
        d.unixSocket = ep["db"]["socket"].get<std::string>();
        d.password = readAll(dir + "/mariadb/credentials");
        auto conn = store::DbConnection::open(d, {});
        QVERIFY(conn.ok());
        auto& c = *conn.value();
        for (const auto& [key, id] : acknowledged) {
            auto rows = c.query("SELECT payment_id, status FROM payments WHERE merchant_id = 'm1' AND idempotency_key = " + c.quote(key));
            QVERIFY(rows.ok());
            QVERIFY2(rows->rows.size() == 1, key.c_str());
            QCOMPARE(rows->text(0, 0), id);
        }
        // Nothing half-written: every payment has its event and (authorized) its ledger entry.
        QCOMPARE(c.query("SELECT COUNT(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = p.payment_id)")
                     ->integer(0, 0),
                 std::int64_t(0));
        QCOMPARE(c.query("SELECT COUNT(*) FROM payments p WHERE status = 'AUTHORIZED' AND NOT EXISTS "
                         "(SELECT 1 FROM journal_entries j WHERE j.payment_id = p.payment_id)")
                     ->integer(0, 0),
                 std::int64_t(0));
        QCOMPARE(c.query("SELECT COUNT(*) FROM idempotency_records r WHERE r.scope = 'authorize' AND NOT EXISTS "
                         "(SELECT 1 FROM payments p WHERE p.merchant_id = r.merchant_id AND p.idempotency_key = r.idem_key)")
                     ->integer(0, 0),
                 std::int64_t(0));
        qInfo("acknowledged %zu, retried %d, payments %lld", acknowledged.size(), retried,
              static_cast<long long>(c.query("SELECT COUNT(*) FROM payments")->integer(0, 0)));
        conn.value().reset();

        QProcess verify;
        verify.start(paydeskdBinary(), {"ledger", "verify", "--data-dir", dir});
        QVERIFY(verify.waitForFinished(120'000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardError().constData());
        QCOMPARE(pd.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPaymentCrash)
#include "tst_PaymentCrash.moc"
