#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <atomic>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "events/KafkaClient.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kKeys = "k1:secret-one-0123456789:m1,k9:secret-nine-0123456789:m9";
const std::string kClerk = "clerk-token-0123456789abcdef";
const std::string kClerk2 = "second-clerk-token-0123456789abcdef";
const std::string kSupervisor = "supervisor-token-0123456789abcdef";
const std::string kAdmin = "admin-token-0123456789abcdef";

struct Reply {
    int status = 0;
    json body;
    std::map<std::string, std::string> headers;
};

std::string code(const Reply& r) {
    return r.body.is_object() && r.body.contains("code") ? r.body["code"].get<std::string>() : "";
}
std::string field(const Reply& r) {
    return r.body.is_object() && r.body.contains("field") ? r.body["field"].get<std::string>() : "";
}

// An operator call; an empty token sends no Authorization header.
Reply admin(std::uint16_t port, const std::string& token, const std::string& method, const std::string& target,
            const std::string& body = {}, const std::string& contentType = "application/json") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!body.empty()) headers["Content-Type"] = contentType;
    const HttpReply r = httpRequest(port, method, target, body, headers, 30s);
    Reply out;
    out.status = r.status;
    out.headers = r.headers;
    out.body = json::parse(r.body, nullptr, false);
    return out;
}

// A merchant's signed call (see tst_PaymentApi for the rules).
Reply merchant(std::uint16_t port, const std::string& key, const std::string& secret, const std::string& method,
               const std::string& path, const std::string& body) {
    const HttpReply r = signedRequest(port, key, secret, method, path, body);
    Reply out;
    out.status = r.status;
    out.body = json::parse(r.body, nullptr, false);
    return out;
}

std::string readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

std::atomic<int> gSequence{0};
std::string unique(const char* prefix) {
    return std::string(prefix) + std::to_string(gSequence.fetch_add(1)) + crypto::randomHex(4);
}

json validPayload(const std::string& paymentId) {
    return {
        {"paymentId", paymentId}, {"merchantId", "m1"}, {"status", "CAPTURED"}, {"amount", 5000}, {"currency", "KRW"}};
}

// validPayload("pay_edit") with one field replaced.
json with(const char* key, const json& value) {
    json j = validPayload("pay_edit");
    j[key] = value;
    return j;
}

}  // namespace

// The operator API against a real paydeskd: tokens and roles, the dead-letter repair flow with
// its audit trail, payment search and the overview's stats. The first paydeskd runs the embedded
// stack with no operator tokens configured (so it generates the local admin token); a second one
// on the same servers has clerk, supervisor and admin tokens configured.
class TestOperatorApi : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> main_;
    std::unique_ptr<PaydeskdProcess> aux_;
    std::uint16_t port_ = 0;  // the instance with configured tokens

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
    std::string kafkaBootstrap() {
        return json::parse(readAll(dir_ + "/run/endpoints.json"))["kafka"]["bootstrap"].get<std::string>();
    }

    // Arguments for a paydeskd on the first one's servers (nothing embedded) with these operator tokens.
    QStringList externalArgs(const std::string& operatorTokens) {
        const auto ep = json::parse(readAll(dir_ + "/run/endpoints.json"));
        const std::string dbUrl = "mysql://paydesk:" + readAll(dir_ + "/mariadb/credentials") +
                                  "@127.0.0.1:" + std::to_string(ep["db"]["port"].get<int>()) + "/paydesk";
        const std::string redis = "redis://:" + readAll(dir_ + "/redis/credentials") +
                                  "@127.0.0.1:" + std::to_string(ep["redis"]["port"].get<int>());
        return {"--db",
                QString::fromStdString(dbUrl),
                "--redis",
                QString::fromStdString(redis),
                "--kafka",
                QString::fromStdString(ep["kafka"]["bootstrap"].get<std::string>()),
                "--api-keys",
                kKeys,
                "--operator-tokens",
                QString::fromStdString(operatorTokens)};
    }

    // A dead letter as a consumer's DeadLetterSink would have stored it.
    std::string insertDeadLetter(const std::string& type, const std::string& topic, const std::string& key,
                                 const std::string& payload, const std::string& errorClass = "HANDLER_FAILED",
                                 const std::string& eventId = {}) {
        const std::string id = unique("dlq_t");
        auto c = db();
        const std::string evt = eventId.empty() ? unique("evt_t") : eventId;
        auto s = c->execute(
            "INSERT INTO dead_letters (dead_letter_id, event_id, event_type, original_topic, original_partition, "
            "original_offset, message_key, "
            "consumer_group, error_class, error_message, attempts, first_failure_at, dead_lettered_at, payload, "
            "status, updated_at) VALUES (" +
            c->quote(id) + "," + c->quote(evt) + "," + c->quote(type) + "," + c->quote(topic) + ",2,41," +
            c->quote(key) + ",'webhooks'," + c->quote(errorClass) +
            ",'receiver answered 500 for the event',5,UTC_TIMESTAMP(6),UTC_TIMESTAMP(6)," + c->quote(payload) +
            ",'OPEN',UTC_TIMESTAMP(6))");
        if (!s.ok()) qFatal("insert dead letter: %s", s.error().message.c_str());
        return id;
    }

    json auditFor(const std::string& deadLetterId) {
        const Reply r = admin(port_, kClerk, "GET", "/admin/audit?targetType=dead_letter&targetId=" + deadLetterId);
        if (r.status != 200) qFatal("audit: %d %s", r.status, r.body.dump().c_str());
        return r.body["items"];
    }

    std::string authorize(const std::string& key, const std::string& secret, const std::string& merchantId,
                          std::int64_t amount) {
        const std::string body =
            json{{"merchantId", merchantId}, {"amount", amount}, {"currency", "KRW"}, {"idempotencyKey", unique("op-")}}
                .dump();
        const Reply r = merchant(port_, key, secret, "POST", "/api/payments/authorize", body);
        if (r.status != 200) qFatal("authorize: %d %s", r.status, r.body.dump().c_str());
        return r.body["paymentId"].get<std::string>();
    }

    // Waits for a message on `topic` carrying replayed-from-dead-letter = id.
    std::optional<events::IncomingMessage> consumeReplay(const std::string& topic, const std::string& id) {
        auto consumer = events::KafkaConsumer::create(kafkaBootstrap(), unique("tst-operator-"), {topic});
        if (!consumer.ok()) qFatal("consumer: %s", consumer.error().message.c_str());
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto m = consumer.value()->poll(500ms);
            if (!m.ok() || !m->has_value()) continue;
            auto it = (*m)->headers.find("replayed-from-dead-letter");
            if (it != (*m)->headers.end() && it->second == id) {
                auto found = **m;
                consumer.value()->close();
                return found;
            }
        }
        consumer.value()->close();
        return std::nullopt;
    }

private slots:
    void initTestCase() {
        dir_ = tmp_.filePath("main");
        main_ = std::make_unique<PaydeskdProcess>();
        QVERIFY(main_->start(dir_, freePort(), {"--api-keys", kKeys}));
        QVERIFY2(main_->waitReady(), qPrintable(main_->output()));

        const std::string tokens = kClerk + ":carol:clerk," + kClerk2 + ":dave:clerk," + kSupervisor +
                                   ":sam:supervisor," + kAdmin + ":ada:admin";
        aux_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        QVERIFY(aux_->start(tmp_.filePath("aux"), port_, externalArgs(tokens)));
        QVERIFY2(aux_->waitReady(), qPrintable(aux_->output()));
    }
    void cleanupTestCase() {
        if (aux_) {
            const QString out = aux_->output();
            QVERIFY2(!out.contains(QString::fromStdString(kClerk)) && !out.contains(QString::fromStdString(kAdmin)),
                     "an operator token reached the log");
            QCOMPARE(aux_->terminate(), 0);
        }
        if (main_) QCOMPARE(main_->terminate(), 0);
    }

    void embeddedDefaultGeneratesALocalAdminToken() {
        const QString path = dir_ + "/operator-token.json";
        QVERIFY2(QFileInfo::exists(path), "DIR/operator-token.json was not written");
        struct stat st {};
        QCOMPARE(::stat(path.toLocal8Bit().constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777u, 0600u);
        const json file = json::parse(readAll(path));
        QCOMPARE(file["name"].get<std::string>(), std::string("local-admin"));
        QCOMPARE(file["role"].get<std::string>(), std::string("admin"));
        const std::string token = file["token"].get<std::string>();
        QVERIFY(token.size() >= 16);

        const Reply me = admin(main_->port(), token, "GET", "/admin/whoami");
        QCOMPARE(me.status, 200);
        QCOMPARE(me.body["name"].get<std::string>(), std::string("local-admin"));
        QCOMPARE(me.body["role"].get<std::string>(), std::string("admin"));
        QVERIFY2(!main_->output().contains(QString::fromStdString(token)), "the local admin token reached the log");
        // The instance with configured tokens does not accept it.
        QCOMPARE(admin(port_, token, "GET", "/admin/whoami").status, 401);
    }

    void missingOrBadTokensAre401() {
        Reply r = admin(port_, "", "GET", "/admin/whoami");
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), std::string("UNAUTHORIZED"));
        QVERIFY(r.headers.count("www-authenticate") == 1);
        r = admin(port_, "not-a-configured-token-at-all", "GET", "/admin/dead-letters");
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), std::string("UNAUTHORIZED"));
        // A near miss: the configured token with one character changed.
        std::string near = kAdmin;
        near.back() = near.back() == 'f' ? 'e' : 'f';
        QCOMPARE(admin(port_, near, "GET", "/admin/whoami").status, 401);
        const HttpReply basic = httpRequest(port_, "GET", "/admin/whoami", {}, {{"Authorization", "Basic " + kAdmin}});
        QCOMPARE(basic.status, 401);
        // Every admin route is protected, also the ones that change things.
        for (auto [method, path] : {std::pair{"GET", "/admin/stats"},
                                    {"GET", "/admin/payments"},
                                    {"GET", "/admin/audit"},
                                    {"POST", "/admin/dead-letters/replay"},
                                    {"POST", "/admin/dead-letters/dlq_x/discard"},
                                    {"PATCH", "/admin/dead-letters/dlq_x"}}) {
            QCOMPARE(admin(port_, "", method, path, "{}").status, 401);
        }
    }

    void badTokenConfigurationRefusesToStart() {
        struct Case {
            std::string spec;
            const char* secret;  // must not be printed
            const char* says;
        };
        const std::vector<Case> cases = {
            {"tooshort1:bob:clerk", "tooshort1", "16"},
            {"long-enough-token-0123:bob:boss", "long-enough-token-0123", "clerk, supervisor or admin"},
            {"no-role-token-0123456789:bob", "no-role-token-0123456789", "token:name:role"},
            {"dup-token-0123456789:a:clerk,dup-token-0123456789:b:admin", "dup-token-0123456789", "twice"},
        };
        for (const Case& c : cases) {
            PaydeskdProcess bad;
            QVERIFY(bad.start(tmp_.filePath(QString::fromStdString(unique("bad"))), freePort(), externalArgs(c.spec)));
            const int exit = bad.waitForExit(120s);
            const QString out = bad.output();
            QVERIFY2(exit != 0 && exit != -1, qPrintable(out));
            QVERIFY2(out.contains(QString::fromUtf8(c.says)), qPrintable(out));
            QVERIFY2(!out.contains(QString::fromUtf8(c.secret)), qPrintable(out));
        }
    }

    void whoamiNamesEachRole() {
        for (auto [token, name, role] :
             {std::tuple{kClerk, "carol", "clerk"}, {kSupervisor, "sam", "supervisor"}, {kAdmin, "ada", "admin"}}) {
            const Reply r = admin(port_, token, "GET", "/admin/whoami");
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body["name"].get<std::string>(), std::string(name));
            QCOMPARE(r.body["role"].get<std::string>(), std::string(role));
        }
    }

    void clerkCannotDiscardOrBulkReplay() {
        const std::string id =
            insertDeadLetter("payment.captured", "payment.captured", "pay_role", validPayload("pay_role").dump());
        Reply r = admin(port_, kClerk, "POST", "/admin/dead-letters/" + id + "/discard",
                        R"({"reason":"not mine to decide"})");
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("FORBIDDEN_ROLE"));
        QVERIFY2(r.body["message"].get<std::string>().find("requires supervisor") != std::string::npos,
                 r.body.dump().c_str());
        r = admin(port_, kClerk, "POST", "/admin/dead-letters/replay", R"({"filter":{"type":"none"},"limit":1})");
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("FORBIDDEN_ROLE"));
        // Nothing happened to the dead letter.
        r = admin(port_, kClerk, "GET", "/admin/dead-letters/" + id);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("OPEN"));
        QVERIFY(auditFor(id).empty());
        // A supervisor may; so may an admin (checked in the discard and bulk tests).
        r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/" + id + "/discard",
                  R"({"reason":"duplicate of an applied event"})");
        QCOMPARE(r.status, 200);
    }

    void listFilterAndGet() {
        const std::string type = unique("test.list.");
        const std::string a =
            insertDeadLetter(type, "payment.captured", "pay_a", validPayload("pay_a").dump(), "TIMEOUT");
        const std::string b =
            insertDeadLetter(type, "payment.refunded", "pay_b", validPayload("pay_b").dump(), "HANDLER_FAILED");

        Reply r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["total"].get<int>(), 2);
        QCOMPARE(r.body["items"].size(), std::size_t(2));
        QCOMPARE(r.body["items"][0]["id"].get<std::string>(), b);  // newest first
        QVERIFY(r.body["items"][0].contains("payloadPreview"));
        QVERIFY(!r.body["items"][0].contains("payload"));

        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&topic=payment.captured&status=OPEN");
        QCOMPARE(r.body["total"].get<int>(), 1);
        QCOMPARE(r.body["items"][0]["id"].get<std::string>(), a);
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&error=TIMEOUT");
        QCOMPARE(r.body["total"].get<int>(), 1);
        r = admin(port_, kClerk, "GET",
                  "/admin/dead-letters?type=" + type + "&error=answered%20500");  // substring of the message
        QCOMPARE(r.body["total"].get<int>(), 2);
        r = admin(port_, kClerk, "GET",
                  "/admin/dead-letters?type=" + type + "&from=2000-01-01&to=2999-01-01T00:00:00Z");
        QCOMPARE(r.body["total"].get<int>(), 2);
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&from=2999-01-01");
        QCOMPARE(r.body["total"].get<int>(), 0);
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&status=REPLAYED");
        QCOMPARE(r.body["total"].get<int>(), 0);
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&limit=1");
        QCOMPARE(r.body["items"].size(), std::size_t(1));
        QCOMPARE(r.body["nextOffset"].get<int>(), 1);
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?type=" + type + "&limit=1&offset=1");
        QCOMPARE(r.body["items"][0]["id"].get<std::string>(), a);
        QVERIFY(r.body["nextOffset"].is_null());

        r = admin(port_, kClerk, "GET", "/admin/dead-letters?status=BROKEN");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("status"));
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?from=yesterday");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("from"));
        r = admin(port_, kClerk, "GET", "/admin/dead-letters?limit=501");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("limit"));

        r = admin(port_, kClerk, "GET", "/admin/dead-letters/" + a);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["payload"], validPayload("pay_a"));
        QCOMPARE(r.body["originalTopic"].get<std::string>(), std::string("payment.captured"));
        QCOMPARE(r.body["originalPartition"].get<int>(), 2);
        QCOMPARE(r.body["originalOffset"].get<int>(), 41);
        QCOMPARE(r.body["attempts"].get<int>(), 5);
        QCOMPARE(admin(port_, kClerk, "GET", "/admin/dead-letters/dlq_does_not_exist").status, 404);
    }

    void editValidatesAndIsAudited() {
        const std::string id =
            insertDeadLetter("payment.captured", "payment.captured", "pay_edit", validPayload("pay_edit").dump());
        const std::string path = "/admin/dead-letters/" + id;
        struct Case {
            json payload;
            const char* field;
        };
        json noAmount = validPayload("pay_edit");
        noAmount.erase("amount");
        const std::vector<Case> bad = {
            {json::array({1, 2}), "payload"},
            {json{{"paymentId", "pay_edit"}}, "payload.merchantId"},
            {noAmount, "payload.amount"},
            {with("amount", "5000"), "payload.amount"},
            {with("amount", 0), "payload.amount"},
            {with("amount", -5), "payload.amount"},
            {with("amount", 12.5), "payload.amount"},
            {with("currency", "krw"), "payload.currency"},
            {with("currency", "KRWX"), "payload.currency"},
            {with("status", 3), "payload.status"},
            {with("paymentId", ""), "payload.paymentId"},
        };
        for (const Case& c : bad) {
            const Reply r = admin(port_, kClerk, "PATCH", path, json{{"payload", c.payload}}.dump());
            QCOMPARE(r.status, 400);
            QCOMPARE(code(r), std::string("VALIDATION_ERROR"));
            QVERIFY2(field(r) == c.field, (c.payload.dump() + " -> " + r.body.dump()).c_str());
        }
        Reply r = admin(port_, kClerk, "PATCH", path, R"({"nopayload":{}})");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("payload"));
        r = admin(port_, kClerk, "PATCH", path, "{not json");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        r = admin(port_, kClerk, "PATCH", path, R"({"payload":{}})", "text/plain");
        QCOMPARE(r.status, 415);
        QVERIFY(auditFor(id).empty());  // refused edits change nothing and are not audited

        json fixed = validPayload("pay_edit");
        fixed["amount"] = 4500;
        fixed["note"] = "corrected by operator";  // extra fields are kept
        r = admin(port_, kClerk, "PATCH", path, json{{"payload", fixed}}.dump());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["payload"], fixed);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("OPEN"));
        r = admin(port_, kClerk, "GET", path);
        QCOMPARE(r.body["payload"], fixed);

        const json audit = auditFor(id);
        QCOMPARE(audit.size(), std::size_t(1));
        QCOMPARE(audit[0]["action"].get<std::string>(), std::string("dead_letter.edit"));
        QCOMPARE(audit[0]["actor"].get<std::string>(), std::string("carol"));
        QCOMPARE(audit[0]["role"].get<std::string>(), std::string("clerk"));
        QCOMPARE(audit[0]["before"]["payload"], validPayload("pay_edit"));
        QCOMPARE(audit[0]["after"]["payload"], fixed);
        QVERIFY(!audit[0]["correlationId"].get<std::string>().empty());

        // Unknown event types only need an object.
        const std::string other = insertDeadLetter("recon.unmatched", "recon.unmatched", "line-7", R"({"line":7})");
        r = admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + other, R"({"payload":{"line":7,"fixed":true}})");
        QCOMPARE(r.status, 200);
    }

    void replayProducesToTheOriginalTopic() {
        const std::string eventId = unique("evt_orig");
        const std::string id = insertDeadLetter("payment.captured", "payment.captured", "pay_replay",
                                                validPayload("pay_replay").dump(), "HANDLER_FAILED", eventId);
        json edited = validPayload("pay_replay");
        edited["amount"] = 4999;
        Reply r = admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id, json{{"payload", edited}}.dump());
        QCOMPARE(r.status, 200);

        // Four eyes: the clerk who changed the amount may not send it out herself.
        r = admin(port_, kClerk, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("MAKER_CHECKER"));
        QVERIFY2(r.body["message"].get<std::string>().find("a different operator must replay it") != std::string::npos,
                 r.body.dump().c_str());
        QCOMPARE(r.body["editedBy"], json::array({"carol"}));
        r = admin(port_, kClerk, "GET", "/admin/dead-letters/" + id);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(r.body["replayCount"].get<int>(), 0);
        QCOMPARE(r.body["editedBy"], json::array({"carol"}));
        QCOMPARE(auditFor(id).size(), std::size_t(1));  // the refusal changed nothing

        r = admin(port_, kClerk2, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("REPLAYED"));
        QCOMPARE(r.body["replayCount"].get<int>(), 1);
        QCOMPARE(r.body["editedBy"], json::array());  // the next edit starts a new version

        const auto message = consumeReplay("payment.captured", id);
        QVERIFY2(message.has_value(), "the replayed event did not arrive on payment.captured");
        QCOMPARE(message->key, std::string("pay_replay"));
        QCOMPARE(message->headers.at("event-id"), eventId);
        QCOMPARE(message->headers.at("event-type"), std::string("payment.captured"));
        QVERIFY(message->headers.count("correlation-id") == 1);
        const json envelope = json::parse(message->payload);
        QCOMPARE(envelope["eventId"].get<std::string>(), eventId);
        QCOMPARE(envelope["type"].get<std::string>(), std::string("payment.captured"));
        QCOMPARE(envelope["payload"], edited);  // the edited payload, not the original

        // REPLAYED: this version is not sent again, by anyone, and cannot be discarded.
        for (const std::string& token : {kClerk, kClerk2, kSupervisor}) {
            r = admin(port_, token, "POST", "/admin/dead-letters/" + id + "/replay", {});
            QCOMPARE(r.status, 409);
            QCOMPARE(code(r), std::string("ALREADY_REPLAYED"));
            QCOMPARE(r.body["replayCount"].get<int>(), 1);
        }
        r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/" + id + "/discard", R"({"reason":"too late"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));

        // An edit makes a new version: OPEN again, and again not for its editor to replay.
        edited["amount"] = 4998;
        r = admin(port_, kClerk2, "PATCH", "/admin/dead-letters/" + id, json{{"payload", edited}}.dump());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(r.body["editedBy"], json::array({"dave"}));
        QCOMPARE(admin(port_, kClerk2, "POST", "/admin/dead-letters/" + id + "/replay", {}).status, 403);
        r = admin(port_, kClerk, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["replayCount"].get<int>(), 2);

        json audit = auditFor(id);  // newest first
        QCOMPARE(audit.size(), std::size_t(4));
        QCOMPARE(audit[0]["action"].get<std::string>(), std::string("dead_letter.replay"));
        QCOMPARE(audit[1]["action"].get<std::string>(), std::string("dead_letter.edit"));
        QCOMPARE(audit[2]["action"].get<std::string>(), std::string("dead_letter.replay"));
        QCOMPARE(audit[3]["action"].get<std::string>(), std::string("dead_letter.edit"));
        // Both names of each four-eyes replay are on record.
        QCOMPARE(audit[3]["actor"].get<std::string>(), std::string("carol"));
        QCOMPARE(audit[3]["after"]["editedBy"], json::array({"carol"}));
        QCOMPARE(audit[2]["actor"].get<std::string>(), std::string("dave"));
        QCOMPARE(audit[2]["before"]["status"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(audit[2]["before"]["editedBy"], json::array({"carol"}));
        QCOMPARE(audit[2]["after"]["status"].get<std::string>(), std::string("REPLAYED"));
        QCOMPARE(audit[2]["after"]["topic"].get<std::string>(), std::string("payment.captured"));
        QCOMPARE(audit[2]["after"]["editedBy"], json::array({"carol"}));
        QCOMPARE(audit[2]["after"]["replayedBy"].get<std::string>(), std::string("dave"));
        QCOMPARE(audit[2]["note"].get<std::string>(), std::string("four-eyes: edited by carol, replayed by dave"));
        QCOMPARE(audit[1]["before"]["status"].get<std::string>(), std::string("REPLAYED"));
        QCOMPARE(audit[1]["after"]["status"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(audit[0]["actor"].get<std::string>(), std::string("carol"));
        QCOMPARE(audit[0]["after"]["editedBy"], json::array({"dave"}));
        QCOMPARE(audit[0]["after"]["replayCount"].get<int>(), 2);

        QCOMPARE(admin(port_, kClerk, "POST", "/admin/dead-letters/dlq_missing/replay", {}).status, 404);
    }

    void everyEditorIsKeptFromReplaying() {
        const std::string id =
            insertDeadLetter("payment.captured", "payment.captured", "pay_two", validPayload("pay_two").dump());
        json changed = validPayload("pay_two");
        changed["merchantId"] = "m9";
        QCOMPARE(admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id, json{{"payload", changed}}.dump()).status,
                 200);
        // A second editor does not make the first one a checker of her own change.
        Reply r = admin(port_, kClerk2, "PATCH", "/admin/dead-letters/" + id, json{{"payload", changed}}.dump());
        QCOMPARE(r.status, 200);
        for (const std::string& token : {kClerk, kClerk2}) {
            const Reply refused = admin(port_, token, "POST", "/admin/dead-letters/" + id + "/replay", {});
            QCOMPARE(refused.status, 403);
            QCOMPARE(code(refused), std::string("MAKER_CHECKER"));
        }
        QCOMPARE(r.body["editedBy"], json::array({"carol", "dave"}));
        QCOMPARE(admin(port_, kSupervisor, "POST", "/admin/dead-letters/" + id + "/replay", {}).status, 200);
    }

    void uneditedDeadLetterReplaysOnceEvenWhenRaced() {
        // Unedited: whoever looks at it may replay it, as before; but only once.
        const std::string id =
            insertDeadLetter("payment.captured", "payment.captured", "pay_once", validPayload("pay_once").dump());
        std::vector<Reply> replies(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < replies.size(); ++i) {
            threads.emplace_back([&, i] {
                replies[i] =
                    admin(port_, i % 2 == 0 ? kClerk : kClerk2, "POST", "/admin/dead-letters/" + id + "/replay");
            });
        }
        for (auto& t : threads) t.join();
        int ok = 0;
        for (const Reply& r : replies) {
            if (r.status == 200) {
                ++ok;
                continue;
            }
            QCOMPARE(r.status, 409);
            QCOMPARE(code(r), std::string("ALREADY_REPLAYED"));
        }
        QCOMPARE(ok, 1);
        Reply after = admin(port_, kClerk, "GET", "/admin/dead-letters/" + id);
        QCOMPARE(after.body["replayCount"].get<int>(), 1);
        QCOMPARE(auditFor(id).size(), std::size_t(1));
    }

    void replayOfAMalformedEventGetsAStableEventId() {
        const std::string id =
            insertDeadLetter("unknown", "payment.voided", "k", "this is not json", "MALFORMED_EVENT", "unknown");
        Reply r = admin(port_, kClerk, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 409);  // a payload that is not JSON must be edited first
        QCOMPARE(code(r), std::string("INVALID_STATE"));
        QCOMPARE(admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id, R"({"payload":{"repaired":true}})").status,
                 200);
        r = admin(port_, kClerk2, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 200);
        const std::string assigned = r.body["eventId"].get<std::string>();
        QVERIFY2(assigned.rfind("evt_", 0) == 0, assigned.c_str());
        // Sent again only as a new version (an edit, then someone else's replay): still the same id.
        QCOMPARE(admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id, R"({"payload":{"repaired":true}})").status,
                 200);
        r = admin(port_, kClerk2, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["eventId"].get<std::string>(), assigned);  // still deduplicated by the consumers
    }

    void discardNeedsAReasonAndIsFinal() {
        const std::string id =
            insertDeadLetter("payment.refunded", "payment.refunded", "pay_disc", validPayload("pay_disc").dump());
        const std::string path = "/admin/dead-letters/" + id + "/discard";
        Reply r = admin(port_, kSupervisor, "POST", path, "{}");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("reason"));
        r = admin(port_, kSupervisor, "POST", path, R"({"reason":"   "})");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("reason"));
        r = admin(port_, kSupervisor, "POST", path, R"({"reason":"merchant closed; event no longer relevant"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("DISCARDED"));
        QCOMPARE(r.body["statusReason"].get<std::string>(), std::string("merchant closed; event no longer relevant"));

        r = admin(port_, kAdmin, "POST", "/admin/dead-letters/" + id + "/replay", {});
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));
        r = admin(port_, kAdmin, "POST", path, R"({"reason":"again"})");
        QCOMPARE(r.status, 409);
        r = admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id,
                  json{{"payload", validPayload("pay_disc")}}.dump());
        QCOMPARE(r.status, 409);

        const json audit = auditFor(id);
        QCOMPARE(audit.size(), std::size_t(1));
        QCOMPARE(audit[0]["action"].get<std::string>(), std::string("dead_letter.discard"));
        QCOMPARE(audit[0]["actor"].get<std::string>(), std::string("sam"));
        QCOMPARE(audit[0]["role"].get<std::string>(), std::string("supervisor"));
        QCOMPARE(audit[0]["note"].get<std::string>(), std::string("merchant closed; event no longer relevant"));
        QCOMPARE(audit[0]["before"]["status"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(audit[0]["after"]["status"].get<std::string>(), std::string("DISCARDED"));
    }

    void bulkReplayByFilter() {
        const std::string type = unique("test.bulk.");
        std::set<std::string> ids;
        for (int i = 0; i < 3; ++i) {
            ids.insert(insertDeadLetter(type, "payment.voided", "pay_bulk" + std::to_string(i),
                                        validPayload("pay_bulk").dump()));
        }
        // Edited by the supervisor who will run the bulk replay, and by a clerk: neither goes out in bulk.
        const std::string ownEdit =
            insertDeadLetter(type, "payment.voided", "pay_bulke", validPayload("pay_bulke").dump());
        QCOMPARE(admin(port_, kSupervisor, "PATCH", "/admin/dead-letters/" + ownEdit,
                       json{{"payload", validPayload("pay_bulke")}}.dump())
                     .status,
                 200);
        const std::string clerkEdit =
            insertDeadLetter(type, "payment.voided", "pay_bulkc", validPayload("pay_bulkc").dump());
        QCOMPARE(admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + clerkEdit,
                       json{{"payload", validPayload("pay_bulkc")}}.dump())
                     .status,
                 200);
        const std::string discarded =
            insertDeadLetter(type, "payment.voided", "pay_bulkd", validPayload("pay_bulkd").dump());
        QCOMPARE(admin(port_, kSupervisor, "POST", "/admin/dead-letters/" + discarded + "/discard",
                       R"({"reason":"not this one"})")
                     .status,
                 200);

        Reply r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/replay",
                        json{{"filter", {{"status", "DISCARDED"}}}}.dump());
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("filter.status"));
        r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/replay",
                  json{{"filter", {{"type", type}}}, {"limit", 1001}}.dump());
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("limit"));
        r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/replay",
                  json{{"filter", {{"colour", "red"}}}}.dump());
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("filter.colour"));

        r = admin(port_, kSupervisor, "POST", "/admin/dead-letters/replay",
                  json{{"filter", {{"type", type}, {"topic", "payment.voided"}}}, {"limit", 10}}.dump());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["replayed"].get<int>(), 3);
        QCOMPARE(r.body["failed"].get<int>(), 2);
        std::set<std::string> skipped;
        for (const auto& f : r.body["failures"]) {
            QCOMPARE(f["code"].get<std::string>(), std::string("MAKER_CHECKER"));
            QVERIFY2(f["reason"].get<std::string>().find("a different operator must replay it") != std::string::npos,
                     f.dump().c_str());
            skipped.insert(f["id"].get<std::string>());
        }
        QCOMPARE(skipped, (std::set<std::string>{ownEdit, clerkEdit}));
        for (const auto& id : skipped) {
            QCOMPARE(admin(port_, kClerk, "GET", "/admin/dead-letters/" + id).body["status"].get<std::string>(),
                     std::string("OPEN"));
        }
        std::set<std::string> replayed;
        for (const auto& id : r.body["ids"]) replayed.insert(id.get<std::string>());
        QCOMPARE(replayed, ids);
        for (const auto& id : ids) {
            const Reply one = admin(port_, kClerk, "GET", "/admin/dead-letters/" + id);
            QCOMPARE(one.body["status"].get<std::string>(), std::string("REPLAYED"));
            const json audit = auditFor(id);
            QCOMPARE(audit.size(), std::size_t(1));
            QCOMPARE(audit[0]["action"].get<std::string>(), std::string("dead_letter.bulk_replay"));
            QCOMPARE(audit[0]["actor"].get<std::string>(), std::string("sam"));
            QVERIFY(audit[0]["note"].get<std::string>().find(type) != std::string::npos);
        }
        QCOMPARE(admin(port_, kClerk, "GET", "/admin/dead-letters/" + discarded).body["status"].get<std::string>(),
                 std::string("DISCARDED"));
        QVERIFY(consumeReplay("payment.voided", *ids.begin()).has_value());

        // Only the edited ones are left OPEN; they never go out in bulk, whoever asks.
        r = admin(port_, kAdmin, "POST", "/admin/dead-letters/replay", json{{"filter", {{"type", type}}}}.dump());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["replayed"].get<int>(), 0);
        QCOMPARE(r.body["failed"].get<int>(), 2);
        // A replayed version is not sent twice, not in bulk either.
        r = admin(port_, kAdmin, "POST", "/admin/dead-letters/replay",
                  json{{"filter", {{"type", type}, {"status", "REPLAYED"}}}, {"limit", 2}}.dump());
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("filter.status"));
        for (const auto& id : ids) QCOMPARE(auditFor(id).size(), std::size_t(1));
        // One of them on its own, by someone who did not edit it.
        QCOMPARE(admin(port_, kClerk2, "POST", "/admin/dead-letters/" + clerkEdit + "/replay").status, 200);
    }

    void auditLogFiltersAndPages() {
        // Three audited actions by different operators on one dead letter.
        const std::string id =
            insertDeadLetter("payment.captured", "payment.captured", "pay_aud", validPayload("pay_aud").dump());
        QCOMPARE(admin(port_, kClerk, "PATCH", "/admin/dead-letters/" + id,
                       json{{"payload", validPayload("pay_aud")}}.dump())
                     .status,
                 200);
        QCOMPARE(admin(port_, kAdmin, "PATCH", "/admin/dead-letters/" + id,
                       json{{"payload", validPayload("pay_aud")}}.dump())
                     .status,
                 200);
        QCOMPARE(
            admin(port_, kSupervisor, "POST", "/admin/dead-letters/" + id + "/discard", R"({"reason":"test"})").status,
            200);

        const std::string base = "/admin/audit?targetType=dead_letter&targetId=" + id;
        Reply r = admin(port_, kClerk, "GET", base + "&limit=2");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["total"].get<int>(), 3);
        QCOMPARE(r.body["items"].size(), std::size_t(2));
        QCOMPARE(r.body["items"][0]["action"].get<std::string>(), std::string("dead_letter.discard"));
        QVERIFY(r.body["nextCursor"].is_string());
        const Reply next =
            admin(port_, kClerk, "GET", base + "&limit=2&cursor=" + r.body["nextCursor"].get<std::string>());
        QCOMPARE(next.status, 200);
        QCOMPARE(next.body["items"].size(), std::size_t(1));
        QCOMPARE(next.body["items"][0]["actor"].get<std::string>(), std::string("carol"));
        QVERIFY(next.body["nextCursor"].is_null());
        const Reply byOffset = admin(port_, kClerk, "GET", base + "&limit=2&offset=2");
        QCOMPARE(byOffset.body["items"][0]["auditId"], next.body["items"][0]["auditId"]);

        r = admin(port_, kClerk, "GET", base + "&actor=ada");
        QCOMPARE(r.body["total"].get<int>(), 1);
        QCOMPARE(r.body["items"][0]["action"].get<std::string>(), std::string("dead_letter.edit"));
        r = admin(port_, kClerk, "GET", base + "&action=dead_letter.discard");
        QCOMPARE(r.body["total"].get<int>(), 1);
        r = admin(port_, kClerk, "GET", base + "&from=2999-01-01");
        QCOMPARE(r.body["total"].get<int>(), 0);
        r = admin(port_, kClerk, "GET", "/admin/audit?to=nonsense");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("to"));
        r = admin(port_, kClerk, "GET", "/admin/audit?cursor=zz");
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), std::string("cursor"));
    }

    void paymentSearchFindsMerchantPayments() {
        const std::string first = authorize("k9", "secret-nine-0123456789", "m9", 1100);
        const std::string second = authorize("k9", "secret-nine-0123456789", "m9", 2200);
        const std::string third = authorize("k9", "secret-nine-0123456789", "m9", 3300);
        const Reply captured = merchant(port_, "k9", "secret-nine-0123456789", "POST",
                                        "/api/payments/capture/" + second, R"({"merchantId":"m9"})");
        QCOMPARE(captured.status, 200);

        Reply r = admin(port_, kClerk, "GET", "/admin/payments?merchantId=m9");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["total"].get<int>(), 3);
        QCOMPARE(r.body["items"][0]["paymentId"].get<std::string>(), third);  // newest first
        QCOMPARE(r.body["items"][2]["paymentId"].get<std::string>(), first);

        r = admin(port_, kClerk, "GET", "/admin/payments?q=" + second);
        QCOMPARE(r.body["total"].get<int>(), 1);
        QCOMPARE(r.body["items"][0]["status"].get<std::string>(), std::string("CAPTURED"));
        r = admin(port_, kClerk, "GET", "/admin/payments?merchantId=m9&status=captured");
        QCOMPARE(r.body["total"].get<int>(), 1);
        r = admin(port_, kClerk, "GET", "/admin/payments?merchantId=m9&sort=amount");
        QCOMPARE(r.body["items"][0]["paymentId"].get<std::string>(), first);
        r = admin(port_, kClerk, "GET", "/admin/payments?merchantId=m9&from=2999-01-01");
        QCOMPARE(r.body["total"].get<int>(), 0);

        // Keyset pages: no row twice, none lost.
        std::vector<std::string> seen;
        std::string cursor;
        for (int page = 0; page < 5; ++page) {
            r = admin(port_, kClerk, "GET",
                      "/admin/payments?merchantId=m9&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
            QCOMPARE(r.status, 200);
            for (const auto& item : r.body["items"]) seen.push_back(item["paymentId"].get<std::string>());
            if (r.body["nextCursor"].is_null()) break;
            cursor = r.body["nextCursor"].get<std::string>();
        }
        QCOMPARE(seen, (std::vector<std::string>{third, second, first}));

        for (auto [query, badField] : {std::pair{"sort=bogus", "sort"},
                                       {"limit=0", "limit"},
                                       {"status=LOST", "status"},
                                       {"from=2026-02-30", "from"},
                                       {"cursor=abc", "cursor"},
                                       {"merchantId=a%20b", "merchantId"}}) {
            r = admin(port_, kClerk, "GET", std::string("/admin/payments?") + query);
            QCOMPARE(r.status, 400);
            QVERIFY2(field(r) == badField, (std::string(query) + " -> " + r.body.dump()).c_str());
        }
    }

    void paymentDetailHasLedgerAndTimeline() {
        const std::string id = authorize("k1", "secret-one-0123456789", "m1", 7000);
        QCOMPARE(merchant(port_, "k1", "secret-one-0123456789", "POST", "/api/payments/capture/" + id,
                          R"({"merchantId":"m1"})")
                     .status,
                 200);
        QCOMPARE(merchant(port_, "k1", "secret-one-0123456789", "POST", "/api/payments/refund/" + id,
                          R"({"merchantId":"m1","amount":1000,"reason":"x"})")
                     .status,
                 200);
        const std::string dead = insertDeadLetter("payment.captured", "payment.captured", id, validPayload(id).dump());

        const Reply r = admin(port_, kClerk, "GET", "/admin/payments/" + id);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["status"].get<std::string>(), std::string("PARTIALLY_REFUNDED"));
        QCOMPARE(r.body["refunds"].size(), std::size_t(1));
        QVERIFY(r.body["ledger"].size() >= 2);
        std::vector<std::string> types;
        for (const auto& e : r.body["events"]) types.push_back(e["eventType"].get<std::string>());
        QCOMPARE(types, (std::vector<std::string>{"payment.authorized", "payment.captured", "payment.refunded"}));
        QVERIFY(r.body["events"][0].contains("publishedAt"));
        QCOMPARE(r.body["deadLetters"].size(), std::size_t(1));
        QCOMPARE(r.body["deadLetters"][0]["id"].get<std::string>(), dead);

        QCOMPARE(admin(port_, kClerk, "GET", "/admin/payments/pay_nope").status, 404);
    }

    void statsAnswer() {
        const Reply r = admin(port_, kClerk, "GET", "/admin/stats");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body["generatedAt"].is_string());
        const json& byStatus = r.body["payments24h"]["byStatus"];
        for (const char* s :
             {"AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "EXPIRED", "DECLINED"})
            QVERIFY2(byStatus.contains(s), s);
        QVERIFY(byStatus["AUTHORIZED"].get<int>() >= 1);
        QVERIFY2(r.body["payments24h"]["total"].get<int>() >= 4, r.body.dump().c_str());  // four authorized above
        QVERIFY(r.body["outbox"]["backlog"].is_number_integer());
        QVERIFY(r.body["deadLetters"]["open"].get<int>() >= 1);
        QVERIFY(r.body["deadLetters"]["discarded"].get<int>() >= 1);
        QVERIFY(r.body["deadLetters"]["replayed"].get<int>() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestOperatorApi)
#include "tst_OperatorApi.moc"
