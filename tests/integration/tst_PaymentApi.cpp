#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <set>
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

const char* const kKeys = "k1:secret-one-0123456789:m1,k2:secret-two-0123456789:m2,k9:secret-nine-0123456789:m9";

struct Merchant {
    std::string merchantId;
    std::string keyId;
    std::string secret;
};
const Merchant kM1{"m1", "k1", "secret-one-0123456789"};
const Merchant kM2{"m2", "k2", "secret-two-0123456789"};

struct Reply {
    int status = 0;
    json body;
    std::map<std::string, std::string> headers;
};

std::atomic<int> gSequence{0};

// A merchant's signed call. `skew` moves the timestamp; `tamper` breaks the signature.
Reply call(std::uint16_t port, const Merchant& m, const std::string& method, const std::string& path, const std::string& body,
           std::map<std::string, std::string> extra = {}, long skew = 0, bool tamper = false, bool sign = true) {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (sign) {
        // Identical requests signed in the same second have identical signatures, which the server
        // rightly refuses as replays; the tests give each repeat its own timestamp in the window.
        long when = static_cast<long>(std::time(nullptr)) + skew;
        if (skew == 0) {
            static std::mutex tsMutex;
            static std::map<std::string, long> last;
            std::lock_guard lock(tsMutex);
            long& previous = last[method + path + body];
            if (when <= previous) when = previous + 1;
            previous = when;
        }
        const std::string ts = std::to_string(when);
        std::string sig = auth::RequestSignature::sign(m.secret, method, path, ts, body);
        if (tamper) sig[0] = sig[0] == 'a' ? 'b' : 'a';
        headers["X-Api-Key"] = m.keyId;
        headers["X-Timestamp"] = ts;
        headers["X-Signature"] = sig;
    }
    if (path.find("/refund/") != std::string::npos) {
        // Refunds require an Idempotency-Key; a fresh one per call unless the test names its own.
        static std::atomic<long> refunds{0};
        headers["Idempotency-Key"] = "test-refund-" + std::to_string(++refunds);
    }
    for (auto& [k, v] : extra) headers[k] = v;
    const HttpReply r = httpRequest(port, method, path, body, headers, 15s);
    Reply out;
    out.status = r.status;
    out.headers = r.headers;
    out.body = json::parse(r.body, nullptr, false);
    return out;
}

std::string authorizeBody(const std::string& merchant, std::int64_t amount, const std::string& key, const std::string& card = {}) {
    json j = {{"merchantId", merchant}, {"amount", amount}, {"currency", "KRW"}, {"idempotencyKey", key}};
    if (!card.empty()) j["card"] = {{"number", card}, {"expiry", "12/30"}};
    return j.dump();
}

std::string uniqueKey(const char* prefix) { return std::string(prefix) + "-" + std::to_string(gSequence.fetch_add(1)) + "-" + std::to_string(std::time(nullptr)); }

std::string code(const Reply& r) { return r.body.is_object() && r.body.contains("code") ? r.body["code"].get<std::string>() : ""; }

}  // namespace

// The merchant API against a real paydeskd with its embedded MariaDB, Redis and Kafka.
class TestPaymentApi : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;
    std::uint16_t port_ = 0;

    std::unique_ptr<store::DbConnection> db() {
        const auto ep = json::parse(readAll(dir_ + "/run/endpoints.json"));
        DbEndpoint d;
        d.unixSocket = ep["db"]["socket"].get<std::string>();
        d.user = "paydesk";
        d.password = readAll(dir_ + "/mariadb/credentials");
        auto c = store::DbConnection::open(d, {});
        if (!c.ok()) qFatal("db: %s", c.error().message.c_str());
        return std::move(c).value();
    }
    static std::string readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
    }
    std::string authorize(const Merchant& m, std::int64_t amount) {
        Reply r = call(port_, m, "POST", "/api/payments/authorize", authorizeBody(m.merchantId, amount, uniqueKey("a")));
        if (r.status != 200) qFatal("authorize failed: %d %s", r.status, r.body.dump().c_str());
        return r.body["paymentId"].get<std::string>();
    }
    // Starts a second paydeskd on the first one's servers (nothing local), with extra flags.
    std::unique_ptr<PaydeskdProcess> startAux(const QStringList& extra, const QString& redisUrl = {}) {
        const auto ep = json::parse(readAll(dir_ + "/run/endpoints.json"));
        const std::string dbUrl = "mysql://paydesk:" + readAll(dir_ + "/mariadb/credentials") + "@127.0.0.1:" +
                                  std::to_string(ep["db"]["port"].get<int>()) + "/paydesk";
        const std::string redis = "redis://:" + readAll(dir_ + "/redis/credentials") + "@127.0.0.1:" + std::to_string(ep["redis"]["port"].get<int>());
        auto aux = std::make_unique<PaydeskdProcess>();
        QStringList args = {"--db", QString::fromStdString(dbUrl), "--redis", redisUrl.isEmpty() ? QString::fromStdString(redis) : redisUrl,
                            "--kafka", QString::fromStdString(ep["kafka"]["bootstrap"].get<std::string>()), "--api-keys", kKeys};
        args += extra;
        if (!aux->start(tmp_.filePath(QStringLiteral("aux%1").arg(gSequence.fetch_add(1))), freePort(), args)) return nullptr;
        return aux;
    }
    // Ready, or (Redis deliberately unreachable) degraded.
    static bool waitServing(PaydeskdProcess& p, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const HttpReply r = httpGet(p.port(), "/health/ready");
            if (r.status == 200 || r.body.find("\"degraded\"") != std::string::npos) return true;
            std::this_thread::sleep_for(200ms);
        }
        return false;
    }

    static void hundredAtOnce(std::uint16_t port, const std::string& key, std::vector<Reply>& replies) {
        const std::string body = authorizeBody("m1", 777, key);
        std::vector<std::thread> threads;
        std::mutex m;
        for (int i = 0; i < 100; ++i) {
            // Distinct signatures (a header the signature does not cover is not enough): vary the
            // timestamp by a few seconds, all inside the window.
            threads.emplace_back([&, i] {
                Reply r = call(port, kM1, "POST", "/api/payments/authorize", body, {}, -(i % 50));
                std::lock_guard lock(m);
                replies.push_back(std::move(r));
            });
        }
        for (auto& t : threads) t.join();
    }

private slots:
    void initTestCase() {
        dir_ = tmp_.filePath("main");
        pd_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        QVERIFY(pd_->start(dir_, port_, {"--api-keys", kKeys}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    void authorizeAnswersTheBriefsShape() {
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 50'000, uniqueKey("shape"), "4111111111111111"));
        QCOMPARE(r.status, 200);
        for (const char* f : {"paymentId", "merchantId", "status", "amount", "currency", "requestedAt", "message"}) QVERIFY2(r.body.contains(f), f);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("AUTHORIZED"));
        QCOMPARE(r.body["amount"].get<std::int64_t>(), std::int64_t(50'000));
        // The card is never stored whole.
        auto conn = db();
        auto rows = conn->query("SELECT card_bin, card_last4 FROM payments WHERE payment_id = " + conn->quote(r.body["paymentId"].get<std::string>()));
        QCOMPARE(rows->text(0, 0), std::string("411111"));
        QCOMPARE(rows->text(0, 1), std::string("1111"));
        QVERIFY(!pd_->output().contains("4111111111111111"));
    }

    void declinedCardIsRecorded() {
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 1000, uniqueKey("decl"), "4000000000000002"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("DECLINED"));
        Reply got = call(port_, kM1, "GET", "/api/payments/" + r.body["paymentId"].get<std::string>(), "");
        QCOMPARE(got.status, 200);
        QCOMPARE(got.body["status"].get<std::string>(), std::string("DECLINED"));
        QVERIFY(got.body["ledger"].empty());  // no money moved
    }

    void fullLifecycleWithLedger() {
        const std::string id = authorize(kM1, 10'000);
        Reply r = call(port_, kM1, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m1","amount":8000})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("CAPTURED"));
        QCOMPARE(r.body["capturedAmount"].get<std::int64_t>(), std::int64_t(8000));
        r = call(port_, kM1, "POST", "/api/payments/refund/" + id, R"({"merchantId":"m1","amount":3000,"reason":"damaged"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("PARTIALLY_REFUNDED"));
        r = call(port_, kM1, "POST", "/api/payments/refund/" + id, R"({"merchantId":"m1","amount":5001,"reason":"too much"})");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("VALIDATION_ERROR"));
        QCOMPARE(r.body["field"].get<std::string>(), std::string("amount"));
        r = call(port_, kM1, "POST", "/api/payments/refund/" + id, R"({"merchantId":"m1","reason":"rest"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("REFUNDED"));
        QCOMPARE(r.body["refundedAmount"].get<std::int64_t>(), std::int64_t(8000));
        r = call(port_, kM1, "POST", "/api/payments/refund/" + id, R"({"merchantId":"m1","amount":1,"reason":"again"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));

        Reply got = call(port_, kM1, "GET", "/api/payments/" + id, "");
        QCOMPARE(got.status, 200);
        QCOMPARE(got.body["refunds"].size(), std::size_t(2));
        QCOMPARE(got.body["ledger"].size(), std::size_t(4));  // authorize, capture, 2 refunds
        for (const auto& entry : got.body["ledger"]) {
            std::int64_t debit = 0, credit = 0;
            for (const auto& l : entry["lines"]) {
                debit += l["debit"].get<std::int64_t>();
                credit += l["credit"].get<std::int64_t>();
            }
            QCOMPARE(debit, credit);
        }
    }

    void illegalTransitionsChangeNothing() {
        const std::string voided = authorize(kM1, 500);
        QCOMPARE(call(port_, kM1, "POST", "/api/payments/void/" + voided, R"({"merchantId":"m1"})").status, 200);
        auto before = call(port_, kM1, "GET", "/api/payments/" + voided, "").body;
        for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                 {"capture", R"({"merchantId":"m1"})"}, {"void", R"({"merchantId":"m1"})"}, {"refund", R"({"merchantId":"m1","reason":"r"})"}}) {
            Reply r = call(port_, kM1, "POST", "/api/payments/" + path + "/" + voided, body);
            QCOMPARE(r.status, 409);
            QCOMPARE(code(r), std::string("INVALID_STATE"));
        }
        QCOMPARE(call(port_, kM1, "GET", "/api/payments/" + voided, "").body, before);

        const std::string captured = authorize(kM1, 700);
        QCOMPARE(call(port_, kM1, "POST", "/api/payments/capture/" + captured, R"({"merchantId":"m1"})").status, 200);
        QCOMPARE(call(port_, kM1, "POST", "/api/payments/capture/" + captured, R"({"merchantId":"m1"})").status, 409);  // once only
        QCOMPARE(call(port_, kM1, "POST", "/api/payments/void/" + captured, R"({"merchantId":"m1"})").status, 409);
        const std::string authorized = authorize(kM1, 700);
        QCOMPARE(call(port_, kM1, "POST", "/api/payments/refund/" + authorized, R"({"merchantId":"m1","reason":"r"})").status, 409);
        Reply over = call(port_, kM1, "POST", "/api/payments/capture/" + authorized, R"({"merchantId":"m1","amount":701})");
        QCOMPARE(over.status, 400);
        QCOMPARE(call(port_, kM1, "GET", "/api/payments/" + authorized, "").body["status"].get<std::string>(), std::string("AUTHORIZED"));
    }

    void validationNamesTheField_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no merchant") << R"({"amount":1,"currency":"KRW","idempotencyKey":"x"})" << "merchantId";
        QTest::newRow("empty merchant") << R"({"merchantId":"","amount":1,"currency":"KRW","idempotencyKey":"x"})" << "merchantId";
        QTest::newRow("no amount") << R"({"merchantId":"m1","currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("zero amount") << R"({"merchantId":"m1","amount":0,"currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("negative") << R"({"merchantId":"m1","amount":-5,"currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("fraction") << R"({"merchantId":"m1","amount":10.5,"currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("string amount") << R"({"merchantId":"m1","amount":"10","currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("huge") << R"({"merchantId":"m1","amount":99999999999999,"currency":"KRW","idempotencyKey":"x"})" << "amount";
        QTest::newRow("unknown currency") << R"({"merchantId":"m1","amount":1,"currency":"ABC","idempotencyKey":"x"})" << "currency";
        QTest::newRow("no key") << R"({"merchantId":"m1","amount":1,"currency":"KRW"})" << "idempotencyKey";
        QTest::newRow("empty key") << R"({"merchantId":"m1","amount":1,"currency":"KRW","idempotencyKey":""})" << "idempotencyKey";
        QTest::newRow("long key") << QString::fromStdString(json{{"merchantId", "m1"}, {"amount", 1}, {"currency", "KRW"},
                                                                 {"idempotencyKey", std::string(256, 'k')}}.dump())
                                  << "idempotencyKey";
        QTest::newRow("bad card") << R"({"merchantId":"m1","amount":1,"currency":"KRW","idempotencyKey":"x","card":{"number":"4111111111111112"}})"
                                  << "card.number";
    }
    void validationNamesTheField() {
        QFETCH(QString, body);
        QFETCH(QString, field);
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", body.toStdString());
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("VALIDATION_ERROR"));
        QCOMPARE(QString::fromStdString(r.body["field"].get<std::string>()), field);
    }

    void malformedInputs() {
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", "{not json");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        r = call(port_, kM1, "POST", "/api/payments/authorize", "[1,2]");
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        r = call(port_, kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 1, "ct"), {{"Content-Type", "text/plain"}});
        QCOMPARE(r.status, 415);
        QCOMPARE(code(r), std::string("UNSUPPORTED_MEDIA_TYPE"));
        r = call(port_, kM1, "GET", "/api/payments/pay_doesnotexist", "");
        QCOMPARE(r.status, 404);
        QCOMPARE(code(r), std::string("NOT_FOUND"));
        const std::string big(2 * 1024 * 1024, 'x');
        r = call(port_, kM1, "POST", "/api/payments/authorize", big);
        QCOMPARE(r.status, 413);
        QCOMPARE(code(r), std::string("PAYLOAD_TOO_LARGE"));
    }

    void signatures() {
        const std::string body = authorizeBody("m1", 100, uniqueKey("sig"));
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", body, {}, 0, false, /*sign=*/false);
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), std::string("MISSING_SIGNATURE"));
        r = call(port_, kM1, "POST", "/api/payments/authorize", body, {}, 0, /*tamper=*/true);
        QCOMPARE(code(r), std::string("INVALID_SIGNATURE"));
        r = call(port_, Merchant{"m1", "unknown-key", "whatever-secret-123"}, "POST", "/api/payments/authorize", body);
        QCOMPARE(code(r), std::string("INVALID_SIGNATURE"));
        r = call(port_, kM1, "POST", "/api/payments/authorize", body, {}, /*skew=*/-301);
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), std::string("SIGNATURE_EXPIRED"));
        r = call(port_, kM1, "POST", "/api/payments/authorize", body, {}, /*skew=*/+400);
        QCOMPARE(code(r), std::string("SIGNATURE_EXPIRED"));
        // The same signed request twice: the second is a replay.
        const std::string ts = std::to_string(std::time(nullptr));
        const std::map<std::string, std::string> h = {{"Content-Type", "application/json"}, {"X-Api-Key", "k1"}, {"X-Timestamp", ts},
                                                      {"X-Signature", auth::RequestSignature::sign(kM1.secret, "POST", "/api/payments/authorize", ts, body)}};
        QCOMPARE(httpRequest(port_, "POST", "/api/payments/authorize", body, h).status, 200);
        const HttpReply replay = httpRequest(port_, "POST", "/api/payments/authorize", body, h);
        QCOMPARE(replay.status, 401);
        QCOMPARE(json::parse(replay.body)["code"].get<std::string>(), std::string("REPLAYED_REQUEST"));
    }

    void merchantsStayApart() {
        // m2's key acting for m1: 403.
        Reply r = call(port_, kM2, "POST", "/api/payments/authorize", authorizeBody("m1", 100, uniqueKey("x")));
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("FORBIDDEN_MERCHANT"));
        // m1's payment looked up or changed by m2: 404, exactly like a missing one.
        const std::string id = authorize(kM1, 100);
        Reply get = call(port_, kM2, "GET", "/api/payments/" + id, "");
        QCOMPARE(get.status, 404);
        Reply missing = call(port_, kM2, "GET", "/api/payments/pay_000000000000000000000000", "");
        QCOMPARE(get.body["code"], missing.body["code"]);
        QCOMPARE(call(port_, kM2, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m2"})").status, 404);
        QCOMPARE(call(port_, kM2, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m1"})").status, 403);
        QCOMPARE(call(port_, kM1, "GET", "/api/payments/" + id, "").body["status"].get<std::string>(), std::string("AUTHORIZED"));
    }

    void idempotentReplayAndMismatch() {
        const std::string key = uniqueKey("idem");
        const std::string body = authorizeBody("m1", 4200, key);
        Reply first = call(port_, kM1, "POST", "/api/payments/authorize", body);
        QCOMPARE(first.status, 200);
        std::this_thread::sleep_for(1100ms);  // a new timestamp, so a new signature
        Reply again = call(port_, kM1, "POST", "/api/payments/authorize", body);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.headers["idempotent-replayed"], std::string("true"));
        QCOMPARE(again.body, first.body);
        Reply other = call(port_, kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 4201, key));
        QCOMPARE(other.status, 422);
        QCOMPARE(code(other), std::string("IDEMPOTENCY_KEY_MISMATCH"));
        // Capture with an Idempotency-Key header is replayed too.
        const std::string id = first.body["paymentId"].get<std::string>();
        Reply c1 = call(port_, kM1, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m1"})", {{"Idempotency-Key", "cap-1"}});
        QCOMPARE(c1.status, 200);
        std::this_thread::sleep_for(1100ms);
        Reply c2 = call(port_, kM1, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m1"})", {{"Idempotency-Key", "cap-1"}});
        QCOMPARE(c2.status, 200);
        QCOMPARE(c2.headers["idempotent-replayed"], std::string("true"));
    }

    void hundredConcurrentRequestsOnePayment() {
        const std::string key = uniqueKey("conc");
        std::vector<Reply> replies;
        hundredAtOnce(port_, key, replies);
        std::set<std::string> ids;
        int ok = 0;
        for (const auto& r : replies) {
            QVERIFY2(r.status == 200 || (r.status == 409 && code(r) == "REQUEST_IN_PROGRESS") || (r.status == 401 && code(r) == "REPLAYED_REQUEST"),
                     r.body.dump().c_str());
            if (r.status == 200) {
                ++ok;
                ids.insert(r.body["paymentId"].get<std::string>());
            }
        }
        QVERIFY(ok >= 1);
        QCOMPARE(ids.size(), std::size_t(1));
        auto conn = db();
        auto rows = conn->query("SELECT COUNT(*) FROM payments WHERE merchant_id = 'm1' AND idempotency_key = " + conn->quote(key));
        QCOMPARE(rows->integer(0, 0), std::int64_t(1));
    }

    void redisDownStaysCorrect() {
        // A second instance on the same database whose Redis is unreachable.
        auto aux = startAux({}, QStringLiteral("redis://127.0.0.1:1"));
        QVERIFY(aux);
        QVERIFY2(waitServing(*aux, 120s), qPrintable(aux->output()));
        const HttpReply ready = httpGet(aux->port(), "/health/ready");
        QCOMPARE(ready.status, 503);
        const auto health = json::parse(ready.body);
        QCOMPARE(health["status"].get<std::string>(), std::string("degraded"));
        QCOMPARE(health["components"]["redis"]["state"].get<std::string>(), std::string("degraded"));
        QCOMPARE(health["components"]["db"]["state"].get<std::string>(), std::string("up"));

        const std::string key = uniqueKey("noredis");
        std::vector<Reply> replies;
        hundredAtOnce(aux->port(), key, replies);
        std::set<std::string> ids;
        for (const auto& r : replies) {
            QVERIFY2(r.status == 200 || r.status == 409 || (r.status == 401 && code(r) == "REPLAYED_REQUEST"), r.body.dump().c_str());
            if (r.status == 200) ids.insert(r.body["paymentId"].get<std::string>());
        }
        QCOMPARE(ids.size(), std::size_t(1));
        auto conn = db();
        QCOMPARE(conn->query("SELECT COUNT(*) FROM payments WHERE idempotency_key = " + conn->quote(key))->integer(0, 0), std::int64_t(1));
        // Replay and mismatch still answered, by the database.
        std::this_thread::sleep_for(1100ms);
        Reply again = call(aux->port(), kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 777, key));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.headers["idempotent-replayed"], std::string("true"));
        QCOMPARE(call(aux->port(), kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 778, key)).status, 422);
        QCOMPARE(aux->terminate(), 0);
    }

    void rateLimitAnswers429() {
        auto aux = startAux({"--rate-limit", "1", "--rate-burst", "3"});
        QVERIFY(aux);
        QVERIFY2(aux->waitReady(), qPrintable(aux->output()));
        const Merchant m9{"m9", "k9", "secret-nine-0123456789"};
        int limited = 0;
        std::string retryAfter;
        for (int i = 0; i < 8; ++i) {
            Reply r = call(aux->port(), m9, "POST", "/api/payments/authorize", authorizeBody("m9", 10, uniqueKey("rl")));
            if (r.status == 429) {
                ++limited;
                QCOMPARE(code(r), std::string("RATE_LIMITED"));
                retryAfter = r.headers["retry-after"];
            }
        }
        QVERIFY(limited >= 4);
        QVERIFY(!retryAfter.empty() && std::stoi(retryAfter) >= 1);
        QCOMPARE(aux->terminate(), 0);
    }

    void unansweredAuthorizationsExpire() {
        auto aux = startAux({"--authorization-hold", "1", "--expiry-sweep-ms", "200"});
        QVERIFY(aux);
        QVERIFY2(aux->waitReady(), qPrintable(aux->output()));
        Reply r = call(aux->port(), kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 900, uniqueKey("exp")));
        QCOMPARE(r.status, 200);
        const std::string id = r.body["paymentId"].get<std::string>();
        std::string status;
        for (int i = 0; i < 50 && status != "EXPIRED"; ++i) {
            std::this_thread::sleep_for(200ms);
            status = call(port_, kM1, "GET", "/api/payments/" + id, "").body["status"].get<std::string>();
        }
        QCOMPARE(status, std::string("EXPIRED"));
        Reply cap = call(port_, kM1, "POST", "/api/payments/capture/" + id, R"({"merchantId":"m1"})");
        QCOMPARE(cap.status, 409);
        QCOMPARE(aux->terminate(), 0);
    }

    void acquirerFailureIsRetryable() {
        const std::string key = uniqueKey("fail");
        Reply r = call(port_, kM1, "POST", "/api/payments/authorize", authorizeBody("m1", 300, key, "4000000000000119"));
        QCOMPARE(r.status, 503);
        QCOMPARE(code(r), std::string("SERVICE_UNAVAILABLE"));
        QVERIFY(!r.headers["retry-after"].empty());
        auto conn = db();
        QCOMPARE(conn->query("SELECT COUNT(*) FROM payments WHERE idempotency_key = " + conn->quote(key))->integer(0, 0), std::int64_t(0));
    }

    void eventsAndLedgerCommitWithState() {
        auto conn = db();
        // Every payment that moved money has its events in the outbox, and the journal balances.
        auto orphans = conn->query(
            "SELECT COUNT(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = p.payment_id)");
        QCOMPARE(orphans->integer(0, 0), std::int64_t(0));
        auto trial = conn->query("SELECT COALESCE(SUM(debit) - SUM(credit), 0) FROM journal_lines");
        QCOMPARE(trial->integer(0, 0), std::int64_t(0));
        QProcess verify;
        verify.start(paydeskdBinary(), {"ledger", "verify", "--data-dir", dir_});
        QVERIFY(verify.waitForFinished(60'000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardError().constData());
        QVERIFY(verify.readAllStandardOutput().contains("ledger intact"));
    }

    // Last: it damages the journal on purpose.
    void ledgerVerifyFindsATamperedRow() {
        auto conn = db();
        auto target = conn->query("SELECT MIN(entry_id) + 1 FROM journal_entries");
        const std::string entry = target->text(0, 0);
        QVERIFY(conn->execute("UPDATE journal_lines SET debit = debit + 1, credit = credit + 1 WHERE entry_id = " + entry + " AND line_no = 1").ok() ||
                true);
        QVERIFY(conn->execute("UPDATE journal_lines SET debit = debit + 5 WHERE entry_id = " + entry + " AND debit > 0 LIMIT 1").ok());
        QProcess verify;
        verify.start(paydeskdBinary(), {"ledger", "verify", "--data-dir", dir_});
        QVERIFY(verify.waitForFinished(60'000));
        QCOMPARE(verify.exitCode(), 1);
        const QString err = QString::fromUtf8(verify.readAllStandardError());
        QVERIFY2(err.contains("entry " + QString::fromStdString(entry)), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestPaymentApi)
#include "tst_PaymentApi.moc"
