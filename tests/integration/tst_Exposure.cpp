#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <ctime>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {
const char* const kKeys = "k1:secret-one-0123456789:m1";

HttpReply signedCall(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body) {
    return signedRequest(port, "k1", "secret-one-0123456789", method, path, body);
}
}  // namespace

// What paydeskd reaches or shows for callers it does not trust, with no allow-list configured:
// webhooks never go to loopback, private or metadata addresses (checked when an endpoint is
// registered and again on every delivery), and anonymous readiness probes see states, not where
// the servers are.
class TestExposure : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;

    std::unique_ptr<store::DbConnection> db() { return embeddedDatabase(dir_); }
    std::string operatorToken() {
        return json::parse(readFile(dir_ + "/operator-token.json"))["token"].get<std::string>();
    }

private slots:
    void initTestCase() {
        dir_ = tmp_.filePath("exposure");
        pd_ = std::make_unique<PaydeskdProcess>();
        QVERIFY(pd_->start(dir_, freePort(),
                           {"--api-keys", kKeys, "--webhook-attempts", "2", "--webhook-backoff-ms", "100"}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    void registrationRefusesNonPublicDestinations_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("range");
        const QString own = QString::number(pd_->port());
        QTest::newRow("loopback") << "http://127.0.0.1:" + own + "/hooks"
                                  << "loopback";
        QTest::newRow("cloud metadata") << "http://169.254.169.254/latest/meta-data/"
                                        << "link-local";
        QTest::newRow("loopback, other spelling") << "http://2130706433:" + own + "/"
                                                  << "loopback";
        QTest::newRow("localhost by name") << "http://localhost:" + own + "/"
                                           << "loopback";
        QTest::newRow("IPv6 loopback") << "http://[::1]:" + own + "/"
                                       << "loopback";
        QTest::newRow("IPv4-mapped IPv6 loopback") << "http://[::ffff:127.0.0.1]/"
                                                   << "loopback";
        QTest::newRow("unspecified") << "http://0.0.0.0:" + own + "/"
                                     << "unspecified";
        QTest::newRow("private") << "https://10.1.2.3/hooks"
                                 << "private network";
        QTest::newRow("unique local IPv6") << "http://[fd00:ec2::254]/"
                                           << "unique local";
    }
    void registrationRefusesNonPublicDestinations() {
        QFETCH(QString, url);
        QFETCH(QString, range);
        const HttpReply r = signedCall(pd_->port(), "POST", "/api/webhooks", json{{"url", url.toStdString()}}.dump());
        QCOMPARE(r.status, 400);
        const auto body = json::parse(r.body);
        QCOMPARE(body["code"].get<std::string>(), std::string("VALIDATION_ERROR"));
        QCOMPARE(body["field"].get<std::string>(), std::string("url"));
        const std::string message = body["message"].get<std::string>();
        QVERIFY2(message.find("not an allowed webhook destination") != std::string::npos, message.c_str());
        QVERIFY2(message.find(range.toStdString()) != std::string::npos, message.c_str());
        // What a name resolved to is not told: that would map the server's DNS for the caller.
        QVERIFY2(message.find("127.0.0.1") == std::string::npos || url.contains("127.0.0.1"), message.c_str());
    }

    void nothingWasRegistered() {
        const HttpReply list = signedCall(pd_->port(), "GET", "/api/webhooks", "");
        QCOMPARE(list.status, 200);
        QVERIFY2(json::parse(list.body)["endpoints"].empty(), list.body.c_str());
    }

    // An endpoint whose host now points somewhere forbidden (a changed DNS record; simulated by
    // changing the stored URL) is refused at delivery: no request reaches the address, the attempts
    // fail with the reason, and the event is dead-lettered with it.
    void deliveryRefusesNonPublicDestinations() {
        TestHttpReceiver receiver([](int) { return 200; });
        auto conn = db();
        QVERIFY(conn->execute("INSERT INTO webhook_endpoints (endpoint_id, merchant_id, url, event_types, secret, "
                              "active, created_at) VALUES "
                              "('whe_rebound', 'm1', " +
                              conn->quote("http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks") +
                              ", '*', 'whsec_test', 1, UTC_TIMESTAMP(6))")
                    .ok());
        const std::string body = json{{"merchantId", "m1"},
                                      {"amount", 1000},
                                      {"currency", "KRW"},
                                      {"idempotencyKey", "exposure-" + std::to_string(std::time(nullptr))}}
                                     .dump();
        const HttpReply r = signedCall(pd_->port(), "POST", "/api/payments/authorize", body);
        QVERIFY2(r.status == 200, r.body.c_str());
        const std::string paymentId = json::parse(r.body)["paymentId"].get<std::string>();
        std::string errorClass;
        std::string errorMessage;
        for (int i = 0; i < 150 && errorClass.empty(); ++i) {
            std::this_thread::sleep_for(100ms);
            auto rows = conn->query(
                "SELECT error_class, error_message FROM dead_letters WHERE consumer_group = 'webhooks' AND message_key "
                "= " +
                conn->quote(paymentId));
            if (rows.ok() && !rows->rows.empty()) {
                errorClass = rows->text(0, 0);
                errorMessage = rows->text(0, 1);
            }
        }
        QCOMPARE(errorClass, std::string("WEBHOOK_FORBIDDEN_DESTINATION"));
        QVERIFY2(errorMessage.find("loopback") != std::string::npos, errorMessage.c_str());
        QCOMPARE(receiver.received().size(), std::size_t(0));
        QVERIFY(conn->execute("UPDATE webhook_endpoints SET active = 0 WHERE endpoint_id = 'whe_rebound'").ok());
    }

    // While paydeskd starts, anonymous callers of /health/ready see what it is doing, never where
    // its data folder is.
    void startupPhaseHidesTheDataFolder() {
        const QString dir = tmp_.filePath("exposure-start");
        const std::uint16_t port = freePort();
        PaydeskdProcess pd;
        QVERIFY(pd.start(dir, port, {"--api-keys", kKeys}));
        std::set<std::string> phases;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
        while (std::chrono::steady_clock::now() < deadline) {
            const HttpReply r = httpGet(port, "/health/ready");
            if (r.status == 200) break;
            const auto body = json::parse(r.body, nullptr, false);
            if (r.status == 503 && body.is_object() && body.contains("phase")) phases.insert(body["phase"].get<std::string>());
            QTest::qWait(20);
        }
        QVERIFY(!phases.empty());
        for (const std::string& phase : phases) {
            QVERIFY2(phase.find(dir.toStdString()) == std::string::npos, phase.c_str());
            QVERIFY2(phase.find(tmp_.path().toStdString()) == std::string::npos, phase.c_str());
        }
        QCOMPARE(pd.terminate(), 0);
    }

    void readinessShowsEndpointsOnlyToOperators() {
        const HttpReply anonymous = httpGet(pd_->port(), "/health/ready");
        QCOMPARE(anonymous.status, 200);
        const auto open = json::parse(anonymous.body);
        QCOMPARE(open["status"].get<std::string>(), std::string("ready"));
        for (const char* c : {"db", "redis", "kafka"}) {
            QCOMPARE(open["components"][c]["state"].get<std::string>(), std::string("up"));
            QCOMPARE(open["components"][c].size(), std::size_t(1));  // the state, nothing else
        }
        QVERIFY2(anonymous.body.find("127.0.0.1") == std::string::npos, anonymous.body.c_str());
        QVERIFY2(anonymous.body.find(".sock") == std::string::npos, anonymous.body.c_str());

        const HttpReply wrong = httpRequest(pd_->port(), "GET", "/health/ready", "",
                                            {{"Authorization", "Bearer not-a-real-token-0123456789"}});
        QCOMPARE(wrong.status, 200);
        QVERIFY2(wrong.body.find("endpoint") == std::string::npos, wrong.body.c_str());

        const HttpReply op =
            httpRequest(pd_->port(), "GET", "/health/ready", "", {{"Authorization", "Bearer " + operatorToken()}});
        QCOMPARE(op.status, 200);
        const auto full = json::parse(op.body);
        for (const char* c : {"db", "redis", "kafka"})
            QVERIFY(!full["components"][c]["endpoint"].get<std::string>().empty());
        QVERIFY(full["components"]["db"]["endpoint"].get<std::string>().find("mariadb.sock") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestExposure)
#include "tst_Exposure.moc"
