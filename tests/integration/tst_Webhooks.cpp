#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <ctime>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "core/Crypto.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {
const char* const kKeys = "k1:secret-one-0123456789:m1,k2:secret-two-0123456789:m2";
// Two clerks: an edited dead letter is replayed by someone other than its editor.
const std::string kEditor = "wh-editor-token-0123456789";
const std::string kChecker = "wh-checker-token-0123456789";

HttpReply signedCall(std::uint16_t port, const std::string& key, const std::string& secret, const std::string& method, const std::string& path,
                     const std::string& body) {
    return signedRequest(port, key, secret, method, path, body);
}

std::string readAll(const QString& path) {
    return readFile(path);
}

}  // namespace

// Merchant webhooks through the real pipeline: API → outbox → relay → Kafka → consumer → HTTP.
class TestWebhooks : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;

    std::unique_ptr<store::DbConnection> db() { return embeddedDatabase(dir_); }
    json registerEndpoint(const std::string& key, const std::string& secret, std::uint16_t receiverPort, const json& types) {
        const std::string body = json{{"url", "http:" "//127.0.0.1:" + std::to_string(receiverPort) + "/hooks"}, {"eventTypes", types}}.dump();
        const HttpReply r = signedCall(pd_->port(), key, secret, "POST", "/api/webhooks", body);
        if (r.status != 201) qFatal("register: %d %s", r.status, r.body.c_str());
        return json::parse(r.body);
    }
    std::string authorize(const std::string& key, const std::string& secret, const std::string& merchant) {
        static int n = 0;
        const std::string body = json{{"merchantId", merchant}, {"amount", 1234}, {"currency", "KRW"},
                                      {"idempotencyKey", "wh-" + std::to_string(++n) + "-" + std::to_string(std::time(nullptr))}}
                                     .dump();
        const HttpReply r = signedCall(pd_->port(), key, secret, "POST", "/api/payments/authorize", body);
        if (r.status != 200) qFatal("authorize: %d %s", r.status, r.body.c_str());
        return json::parse(r.body)["paymentId"].get<std::string>();
    }

private slots:
    void initTestCase() {
        dir_ = tmp_.filePath("wh");
        pd_ = std::make_unique<PaydeskdProcess>();
        // The receivers here listen on loopback, which webhooks may only reach when allow-listed.
        const std::string tokens = kEditor + ":erin:clerk," + kChecker + ":chris:clerk";
        QVERIFY(pd_->start(dir_, freePort(),
                           {"--api-keys", kKeys, "--operator-tokens", QString::fromStdString(tokens), "--webhook-attempts", "4",
                            "--webhook-backoff-ms", "100", "--webhook-allow-networks", "127.0.0.0/8"}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    void registrationIsValidated() {
        HttpReply r = signedCall(pd_->port(), "k1", "secret-one-0123456789", "POST", "/api/webhooks", json{{"url", "ftp:" "//x"}}.dump());
        QCOMPARE(r.status, 400);
        QCOMPARE(json::parse(r.body)["field"].get<std::string>(), std::string("url"));
        r = signedCall(pd_->port(), "k1", "secret-one-0123456789", "POST", "/api/webhooks", json{{"url", "http:" "//h/x"}, {"eventTypes", json::array()}}.dump());
        QCOMPARE(r.status, 400);
        r = httpRequest(pd_->port(), "POST", "/api/webhooks", json{{"url", "http:" "//h/x"}}.dump(), {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 401);
    }

    // Loopback is allow-listed here, yet paydeskd's own listener and its embedded servers are never
    // a webhook destination.
    void ownServicesAreRefusedEvenWhenAllowListed() {
        const auto endpoints = json::parse(readAll(dir_ + "/run/endpoints.json"));
        for (const int port : {static_cast<int>(pd_->port()), endpoints["db"]["port"].get<int>(),
                               endpoints["redis"]["port"].get<int>()}) {
            const std::string url = std::string("http:") + "//127.0.0.1:" + std::to_string(port) + "/hooks";
            const HttpReply r = signedCall(pd_->port(), "k1", "secret-one-0123456789", "POST", "/api/webhooks",
                                           json{{"url", url}}.dump());
            QCOMPARE(r.status, 400);
            QVERIFY2(json::parse(r.body)["message"].get<std::string>().find("own services") != std::string::npos,
                     r.body.c_str());
        }
    }

    void failingTwiceThenSucceedingDeliversOnce() {
        TestHttpReceiver receiver([](int n) { return n <= 2 ? 500 : 200; });
        const json endpoint = registerEndpoint("k1", "secret-one-0123456789", receiver.port(), {"payment.authorized"});
        const std::string paymentId = authorize("k1", "secret-one-0123456789", "m1");
        QVERIFY2(receiver.waitFor(3, 30s), "the receiver was not called three times");
        std::this_thread::sleep_for(1500ms);  // nothing more may arrive
        const auto got = receiver.received();
        QCOMPARE(got.size(), std::size_t(3));
        int accepted = 0;
        for (const auto& r : got) {
            QCOMPARE(r.method, std::string("POST"));
            QCOMPARE(r.target, std::string("/hooks"));
            const auto env = json::parse(r.body);
            QCOMPARE(env["payload"]["paymentId"].get<std::string>(), paymentId);
            QCOMPARE(r.headers.at("paydesk-event-id"), env["eventId"].get<std::string>());
            // t=<ts>,v1=<hmac(secret, ts.body)>
            const std::string sig = r.headers.at("paydesk-signature");
            const std::string t = sig.substr(2, sig.find(',') - 2);
            QCOMPARE(sig.substr(sig.find("v1=") + 3), crypto::hmacSha256Hex(endpoint["secret"].get<std::string>(), t + "." + r.body));
            QVERIFY(std::abs(std::stol(t) - static_cast<long>(std::time(nullptr))) < 60);
            if (r.answeredStatus == 200) ++accepted;
        }
        QCOMPARE(accepted, 1);
        QCOMPARE(got[0].headers.at("paydesk-event-id"), got[2].headers.at("paydesk-event-id"));
    }

    void alwaysFailingEndsInTheDeadLetterTable() {
        TestHttpReceiver receiver([](int) { return 503; });
        registerEndpoint("k2", "secret-two-0123456789", receiver.port(), {"*"});
        const std::string paymentId = authorize("k2", "secret-two-0123456789", "m2");
        QVERIFY(receiver.waitFor(4, 30s));
        auto conn = db();
        std::int64_t found = 0;
        for (int i = 0; i < 100 && found == 0; ++i) {
            std::this_thread::sleep_for(100ms);
            found = conn->query("SELECT COUNT(*) FROM dead_letters WHERE status = 'OPEN' AND payload LIKE " +
                                conn->quote("%" + paymentId + "%"))
                        ->integer(0, 0);
        }
        QCOMPARE(found, std::int64_t(1));
        auto row = conn->query("SELECT original_topic, consumer_group, error_class, attempts, message_key FROM dead_letters WHERE payload LIKE " +
                               conn->quote("%" + paymentId + "%"));
        QCOMPARE(row->text(0, 0), std::string("payment.authorized"));
        QCOMPARE(row->text(0, 1), std::string("webhooks"));
        QCOMPARE(row->text(0, 2), std::string("WEBHOOK_HTTP_503"));
        QCOMPARE(row->integer(0, 3), std::int64_t(4));
        QCOMPARE(row->text(0, 4), paymentId);
        QCOMPARE(receiver.received().size(), std::size_t(4));
    }

    // The operator's repair loop: the dead letter is edited by one operator and replayed by another
    // (never by its editor); the receiver gets it once, and a new version replayed again is ignored
    // by the consumer (same event id).
    void deadLetterEditAndReplayDeliversOnce() {
        // m2's earlier endpoint points at a receiver that is gone: remove it.
        const auto existing = json::parse(signedCall(pd_->port(), "k2", "secret-two-0123456789", "GET", "/api/webhooks", "").body);
        for (const auto& e : existing["endpoints"]) {
            QCOMPARE(signedCall(pd_->port(), "k2", "secret-two-0123456789", "DELETE", "/api/webhooks/" + e["endpointId"].get<std::string>(), "").status,
                     204);
        }
        TestHttpReceiver receiver([](int n) { return n <= 4 ? 500 : 200; });
        registerEndpoint("k2", "secret-two-0123456789", receiver.port(), {"payment.authorized"});
        const std::string paymentId = authorize("k2", "secret-two-0123456789", "m2");
        QVERIFY(receiver.waitFor(4, 30s));
        auto conn = db();
        std::string deadLetterId;
        for (int i = 0; i < 100 && deadLetterId.empty(); ++i) {
            std::this_thread::sleep_for(100ms);
            auto rows = conn->query("SELECT dead_letter_id FROM dead_letters WHERE status = 'OPEN' AND message_key = " + conn->quote(paymentId));
            if (!rows->rows.empty()) deadLetterId = rows->text(0, 0);
        }
        QVERIFY(!deadLetterId.empty());
        const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + kEditor},
                                                         {"Content-Type", "application/json"}};
        const std::map<std::string, std::string> checker = {{"Authorization", "Bearer " + kChecker},
                                                            {"Content-Type", "application/json"}};
        HttpReply got = httpRequest(pd_->port(), "GET", "/admin/dead-letters/" + deadLetterId, "", auth);
        QCOMPARE(got.status, 200);
        json payload = json::parse(got.body)["payload"];
        if (payload.is_string()) payload = json::parse(payload.get<std::string>());
        payload["message"] = "edited by an operator";
        HttpReply edited = httpRequest(pd_->port(), "PATCH", "/admin/dead-letters/" + deadLetterId, json{{"payload", payload}}.dump(), auth);
        QVERIFY2(edited.status == 200, edited.body.c_str());
        // The editor may not send her own change to the merchant.
        HttpReply replay = httpRequest(pd_->port(), "POST", "/admin/dead-letters/" + deadLetterId + "/replay", "{}", auth);
        QVERIFY2(replay.status == 403 && replay.body.find("MAKER_CHECKER") != std::string::npos, replay.body.c_str());
        std::this_thread::sleep_for(1s);
        QCOMPARE(receiver.received().size(), std::size_t(4));
        replay = httpRequest(pd_->port(), "POST", "/admin/dead-letters/" + deadLetterId + "/replay", "{}", checker);
        QVERIFY2(replay.status == 200, replay.body.c_str());
        QVERIFY(receiver.waitFor(5, 30s));
        const auto fifth = receiver.received()[4];
        QCOMPARE(fifth.answeredStatus, 200);
        QVERIFY(fifth.body.find("edited by an operator") != std::string::npos);
        // The same version is not sent twice.
        replay = httpRequest(pd_->port(), "POST", "/admin/dead-letters/" + deadLetterId + "/replay", "{}", checker);
        QVERIFY2(replay.status == 409 && replay.body.find("ALREADY_REPLAYED") != std::string::npos,
                 replay.body.c_str());
        // A new version replayed again: applied once all the same (the consumer knows the event id).
        edited = httpRequest(pd_->port(), "PATCH", "/admin/dead-letters/" + deadLetterId,
                             json{{"payload", payload}}.dump(), auth);
        QVERIFY2(edited.status == 200, edited.body.c_str());
        replay = httpRequest(pd_->port(), "POST", "/admin/dead-letters/" + deadLetterId + "/replay", "{}", checker);
        QVERIFY2(replay.status == 200, replay.body.c_str());
        std::this_thread::sleep_for(3s);
        QCOMPARE(receiver.received().size(), std::size_t(5));
        // Every action is in the audit log.
        HttpReply audit = httpRequest(pd_->port(), "GET", "/admin/audit?targetId=" + deadLetterId, "", auth);
        QCOMPARE(audit.status, 200);
        QVERIFY(audit.body.find("replay") != std::string::npos);
        QVERIFY(audit.body.find("four-eyes: edited by erin, replayed by chris") != std::string::npos);
    }

    void listAndDelete() {
        const HttpReply list = signedCall(pd_->port(), "k1", "secret-one-0123456789", "GET", "/api/webhooks", "");
        QCOMPARE(list.status, 200);
        const auto endpoints = json::parse(list.body)["endpoints"];
        QVERIFY(!endpoints.empty());
        QVERIFY(!endpoints[0].contains("secret"));
        const std::string id = endpoints[0]["endpointId"].get<std::string>();
        QCOMPARE(signedCall(pd_->port(), "k2", "secret-two-0123456789", "DELETE", "/api/webhooks/" + id, "").status, 404);  // not m2's
        QCOMPARE(signedCall(pd_->port(), "k1", "secret-one-0123456789", "DELETE", "/api/webhooks/" + id, "").status, 204);
    }

    // One merchant's receiver accepts connections and never answers. Its deliveries time out one
    // after the other (5 s each), yet another merchant's webhook arrives within a couple of seconds,
    // while the black hole still holds connections, and the black hole never gets more than the
    // per-endpoint limit (4) of connections at once.
    void blackHoleEndpointDoesNotDelayOtherMerchants() {
        removeEndpoints("k1", "secret-one-0123456789");
        removeEndpoints("k2", "secret-two-0123456789");
        TestBlackHole hole;
        registerEndpoint("k1", "secret-one-0123456789", hole.port(), {"*"});
        for (int i = 0; i < 6; ++i) authorize("k1", "secret-one-0123456789", "m1");
        QVERIFY2(hole.waitForConnection(20s), "the black hole was never called");

        TestHttpReceiver other([](int) { return 200; });
        registerEndpoint("k2", "secret-two-0123456789", other.port(), {"payment.authorized"});
        const auto start = std::chrono::steady_clock::now();
        const std::string paymentId = authorize("k2", "secret-two-0123456789", "m2");
        QVERIFY2(other.waitFor(1, 4s), "the other merchant's webhook waited behind the black hole");
        const auto waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        QVERIFY2(hole.openNow() >= 1, "the black hole was no longer timing out");
        QVERIFY2(waited < 4s, std::to_string(waited.count()).c_str());
        QCOMPARE(json::parse(other.received()[0].body)["payload"]["paymentId"].get<std::string>(), paymentId);
        QVERIFY2(hole.mostOpenAtOnce() <= 4, std::to_string(hole.mostOpenAtOnce()).c_str());
        removeEndpoints("k1", "secret-one-0123456789");
    }

private:
    void removeEndpoints(const std::string& key, const std::string& secret) {
        const auto existing = json::parse(signedCall(pd_->port(), key, secret, "GET", "/api/webhooks", "").body);
        for (const auto& e : existing["endpoints"]) {
            QCOMPARE(signedCall(pd_->port(), key, secret, "DELETE",
                                "/api/webhooks/" + e["endpointId"].get<std::string>(), "")
                         .status,
                     204);
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_Webhooks.moc"
