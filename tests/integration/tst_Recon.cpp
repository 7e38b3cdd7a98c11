#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <ctime>
#include <map>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "recon/BankFields.h"
#include "recon/TextEncoding.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kKeys = "k1:secret-one-0123456789:m1,k9:secret-nine-0123456789:m9";
const std::string kClerk = "recon-clerk-token-0123456789";
const std::string kSupervisor = "recon-supervisor-token-0123456789";

struct Reply {
    int status = 0;
    json body;
    std::string raw;
    std::map<std::string, std::string> headers;
};

std::string code(const Reply& r) { return r.body.is_object() && r.body.contains("code") ? r.body["code"].get<std::string>() : ""; }

Reply toReply(const HttpReply& r) {
    Reply out;
    out.status = r.status;
    out.headers = r.headers;
    out.raw = r.body;
    out.body = json::parse(r.body, nullptr, false);
    return out;
}

Reply admin(std::uint16_t port, const std::string& token, const std::string& method, const std::string& target, const std::string& body = {},
            const std::string& contentType = "application/json") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!body.empty()) headers["Content-Type"] = contentType;
    return toReply(httpRequest(port, method, target, body, headers, 60s));
}

Reply signedCall(std::uint16_t port, const std::string& key, const std::string& secret, const std::string& method, const std::string& path,
                 const std::string& body, const std::string& contentType = "application/json") {
    static std::mutex m;
    static std::map<std::string, long> last;
    long when = static_cast<long>(std::time(nullptr));
    {
        std::lock_guard lock(m);
        long& previous = last[method + path + body];
        if (when <= previous) when = previous + 1;  // identical calls need distinct signatures
        previous = when;
    }
    const std::string ts = std::to_string(when);
    return toReply(httpRequest(port, method, path, body,
                               {{"Content-Type", contentType},
                                {"X-Api-Key", key},
                                {"X-Timestamp", ts},
                                {"X-Signature", auth::RequestSignature::sign(secret, method, path, ts, body)}},
                               60s));
}

std::string readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

std::string fixture(const char* name) { return readAll(QString(PAYDESK_SOURCE_DIR) + "/tests/fixtures/recon/" + name); }

std::atomic<int> gSequence{0};
std::string unique(const char* prefix) { return std::string(prefix) + std::to_string(gSequence.fetch_add(1)) + crypto::randomHex(4); }

// The parts of a line that review decisions change (updatedAt always moves).
json state(json line) {
    line.erase("updatedAt");
    line.erase("canUnmatchToPriorState");
    return line;
}

}  // namespace

// Reconciliation against a real paydeskd: payments made through the signed merchant API, a bank
// statement with one line per outcome, then every review decision, the exports and the audit trail.
class TestRecon : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;
    std::uint16_t port_ = 0;

    std::map<std::string, std::string> pay_;  // name -> payment id
    std::string today_;                        // business day of today's captures
    std::string fileId_;
    std::map<int, json> byLineNo_;             // bank lines of the first file by physical line
    std::map<std::string, json> systemLines_;  // expected-item lines of the first file by item id

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
    std::int64_t count(const std::string& sql) {
        auto c = db();
        auto r = c->query(sql);
        if (!r.ok()) qFatal("%s: %s", sql.c_str(), r.error().message.c_str());
        return r->integer(0, 0);
    }
    std::string captured(const std::string& key, const std::string& secret, const std::string& merchant, std::int64_t amount, bool capture = true) {
        const std::string body = json{{"merchantId", merchant}, {"amount", amount}, {"currency", "KRW"}, {"idempotencyKey", unique("rc-")}}.dump();
        const Reply a = signedCall(port_, key, secret, "POST", "/api/payments/authorize", body);
        if (a.status != 200) qFatal("authorize: %d %s", a.status, a.raw.c_str());
        const std::string id = a.body["paymentId"].get<std::string>();
        if (capture) {
            const Reply c = signedCall(port_, key, secret, "POST", "/api/payments/capture/" + id, json{{"merchantId", merchant}}.dump());
            if (c.status != 200) qFatal("capture: %d %s", c.status, c.raw.c_str());
        }
        return id;
    }
    std::string m1(std::int64_t amount, bool capture = true) { return captured("k1", "secret-one-0123456789", "m1", amount, capture); }
    std::string dayPlus(int days) {
        int y = 0;
        unsigned m = 0;
        unsigned d = 0;
        std::sscanf(today_.c_str(), "%d-%u-%u", &y, &m, &d);
        return recon::formatDate(recon::daysFromCivil(y, m, d) + days);
    }
    void reloadLines() {
        const Reply r = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/lines?limit=500");
        QCOMPARE(r.status, 200);
        byLineNo_.clear();
        systemLines_.clear();
        for (const json& l : r.body["items"]) {
            if (l["side"] == "BANK") byLineNo_[l["lineNo"].get<int>()] = l;
            else systemLines_[l["itemId"].get<std::string>()] = l;
        }
    }
    std::int64_t lineId(int lineNo) { return byLineNo_.at(lineNo)["lineId"].get<std::int64_t>(); }
    std::string linePath(int lineNo, const char* verb) { return "/admin/recon/lines/" + std::to_string(lineId(lineNo)) + "/" + verb; }
    static bool says(const json& line, const std::string& text) { return line["reasons"].dump().find(text) != std::string::npos; }

private slots:
    void initTestCase() {
        dir_ = tmp_.filePath("main");
        pd_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        const std::string tokens = kClerk + ":carol:clerk," + kSupervisor + ":sam:supervisor";
        QVERIFY(pd_->start(dir_, port_, {"--api-keys", kKeys, "--operator-tokens", QString::fromStdString(tokens)}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));

        pay_["p1"] = m1(50'000);
        pay_["p2"] = m1(20'000);
        pay_["p3"] = m1(33'333);
        pay_["p4"] = m1(44'444);
        pay_["p5"] = m1(12'000);
        pay_["p6"] = m1(30'000);
        pay_["p7"] = m1(77'000);
        pay_["auth"] = m1(5'000, false);
        auto c = db();
        // p7 was captured five days ago: by now the bank should have shown it.
        QVERIFY(c->execute("UPDATE payments SET captured_at = captured_at - INTERVAL 5 DAY WHERE payment_id = " + c->quote(pay_["p7"])).ok());
        auto day = c->query("SELECT DATE_FORMAT(captured_at + INTERVAL 540 MINUTE, '%Y-%m-%d') FROM payments WHERE payment_id = " + c->quote(pay_["p1"]));
        QVERIFY(day.ok());
        today_ = day->text(0, 0);
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    void importFindsEveryOutcome() {
        auto c = db();
        auto acq = c->query("SELECT acquirer_txn_id FROM payments WHERE payment_id = " + c->quote(pay_["p2"]));
        QVERIFY(acq.ok() && !acq->text(0, 0).empty());
        const std::string d = today_;
        const std::string csv = "Date,Description,Amount,Reference\r\n" +                          // line 1
                                d + ",card settlement " + pay_["p1"] + ",50000,\r\n" +                // 2 MATCHED (reference)
                                d + ",ACQ " + acq->text(0, 0) + ",19500,\r\n" +                       // 3 AMOUNT_MISMATCH
                                d + ",transfer,\"33,333\",\r\n" +                                    // 4 MATCHED (amount/date)
                                d + ",\"unknown deposit \"\"ACME\"\", Seoul\tdesk \\ 2 \xEC\x84\x9C\xEC\x9A\xB8\",123457,P-1234\r\n" +  // 5 UNMATCHED_BANK
                                d + ",again " + pay_["p1"] + ",50000,\r\n" +                          // 6 DUPLICATE
                                d + ",early " + pay_["auth"] + ",5000,\r\n" +                         // 7 AWAITING
                                d + ",bulk,42000,\r\n" +                                             // 8 subset proposal (p5 + p6)
                                "not-a-date,broken,100,\r\n" +                                       // 9 row error
                                dayPlus(-6) + ",ATM withdrawal,-1000,\r\n";                          // 10 withdrawal
        const Reply r = admin(port_, kClerk, "POST", "/api/recon/files?profile=generic&currency=KRW&fileName=statement.csv", csv, "text/csv");
        QVERIFY2(r.status == 201, r.raw.c_str());
        fileId_ = r.body["fileId"].get<std::string>();
        QVERIFY(fileId_.rfind("rf_", 0) == 0);
        QCOMPARE(r.body["rows"].get<int>(), 9);
        QCOMPARE(r.body["errors"].get<int>(), 1);
        QCOMPARE(r.body["errorLines"][0]["line"].get<int>(), 9);
        QVERIFY(r.body["errorLines"][0]["reason"].get<std::string>().find("not a date") != std::string::npos);
        QCOMPARE(r.body["matched"].get<int>(), 2);
        QCOMPARE(r.body["amountMismatch"].get<int>(), 1);
        QCOMPARE(r.body["unmatched"].get<int>(), 3);
        QCOMPARE(r.body["duplicates"].get<int>(), 1);
        QCOMPARE(r.body["awaitingLines"].get<int>(), 1);
        QCOMPARE(r.body["unmatchedSystem"].get<int>(), 1);
        QCOMPARE(r.body["awaitingItems"].get<int>(), 3);
        QCOMPARE(r.body["proposals"].get<int>(), 1);
        QCOMPARE(r.body["profile"].get<std::string>(), std::string("generic"));

        reloadLines();
        QCOMPARE(byLineNo_.size(), std::size_t(8));
        QCOMPARE(byLineNo_[2]["outcome"].get<std::string>(), std::string("MATCHED"));
        QCOMPARE(byLineNo_[2]["matchType"].get<std::string>(), std::string("REFERENCE"));
        QCOMPARE(byLineNo_[2]["status"].get<std::string>(), std::string("AUTO"));
        QCOMPARE(byLineNo_[2]["matchedIds"][0].get<std::string>(), pay_["p1"]);
        QCOMPARE(byLineNo_[3]["outcome"].get<std::string>(), std::string("AMOUNT_MISMATCH"));
        QVERIFY2(says(byLineNo_[3], "amount differs: 20,000 vs 19,500"), byLineNo_[3].dump().c_str());
        QCOMPARE(byLineNo_[4]["matchType"].get<std::string>(), std::string("AMOUNT_DATE"));
        QCOMPARE(byLineNo_[4]["matchedIds"][0].get<std::string>(), pay_["p3"]);
        QCOMPARE(byLineNo_[5]["outcome"].get<std::string>(), std::string("UNMATCHED_BANK"));
        // Quotes, a comma, a tab, a backslash and Korean come back byte for byte, however the rows were written.
        QCOMPARE(byLineNo_[5]["memo"].get<std::string>(), std::string("unknown deposit \"ACME\", Seoul\tdesk \\ 2 \xEC\x84\x9C\xEC\x9A\xB8"));
        QVERIFY(says(byLineNo_[5], "no payment with reference P-1234"));
        QVERIFY(says(byLineNo_[5], "no payment or settlement batch of 123,457"));
        QCOMPARE(byLineNo_[6]["outcome"].get<std::string>(), std::string("DUPLICATE"));
        QVERIFY(says(byLineNo_[6], "already matched by line 2"));
        QCOMPARE(byLineNo_[7]["outcome"].get<std::string>(), std::string("AWAITING"));
        QVERIFY(says(byLineNo_[7], "AUTHORIZED"));
        QCOMPARE(byLineNo_[8]["outcome"].get<std::string>(), std::string("UNMATCHED_BANK"));
        QCOMPARE(byLineNo_[8]["proposal"]["kind"].get<std::string>(), std::string("SUBSET"));
        std::set<std::string> proposed;
        for (const json& i : byLineNo_[8]["proposal"]["items"]) proposed.insert(i["id"].get<std::string>());
        QCOMPARE(proposed, (std::set<std::string>{pay_["p5"], pay_["p6"]}));
        QVERIFY(says(byLineNo_[10], "withdrawal of 1,000"));
        QCOMPARE(systemLines_.size(), std::size_t(4));
        QCOMPARE(systemLines_[pay_["p7"]]["outcome"].get<std::string>(), std::string("UNMATCHED_SYSTEM"));
        QVERIFY(says(systemLines_[pay_["p7"]], "no bank line of 77,000"));
        QCOMPARE(systemLines_[pay_["p4"]]["outcome"].get<std::string>(), std::string("AWAITING"));

        // Each outcome can be listed on its own.
        for (const char* outcome : {"MATCHED", "AMOUNT_MISMATCH", "UNMATCHED_BANK", "UNMATCHED_SYSTEM", "DUPLICATE", "AWAITING"}) {
            const Reply l = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/lines?outcome=" + outcome);
            QCOMPARE(l.status, 200);
            QVERIFY2(!l.body["items"].empty(), outcome);
            for (const json& item : l.body["items"]) QCOMPARE(item["outcome"].get<std::string>(), std::string(outcome));
        }
        // The exceptions queue holds what needs a person; unmatched items went to the outbox.
        const Reply ex = admin(port_, kClerk, "GET", "/admin/recon/exceptions?fileId=" + fileId_);
        QCOMPARE(ex.status, 200);
        QCOMPARE(ex.body["total"].get<int>(), 1 + 3 + 1 + 1);  // mismatch, unmatched bank, duplicate, unmatched system
        for (const json& item : ex.body["items"]) QVERIFY(item["outcome"].get<std::string>() != "AWAITING");
        // Early lines are not breaks; they are there when asked for.
        const Reply early = admin(port_, kClerk, "GET", "/admin/recon/exceptions?outcome=AWAITING&fileId=" + fileId_);
        QCOMPARE(early.status, 200);
        QCOMPARE(early.body["total"].get<int>(), 1 + 3);  // the awaiting line, the awaiting items
        QCOMPARE(count("SELECT COUNT(*) FROM outbox WHERE topic = 'recon.unmatched' AND aggregate_id = '" + fileId_ + "'"), std::int64_t(4));
        // The bytes are kept, exactly.
        const Reply content = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/content");
        QCOMPARE(content.status, 200);
        QCOMPARE(content.raw, csv);
        QCOMPARE(content.headers.at("x-content-sha256"), crypto::sha256Hex(csv));
        const Reply summary = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_);
        QCOMPARE(summary.status, 200);
        QCOMPARE(summary.body["current"]["byOutcome"]["MATCHED"].get<int>(), 2);
        QCOMPARE(summary.body["errorLines"].size(), std::size_t(1));
        // Paging by cursor walks every line once.
        std::set<std::int64_t> seen;
        std::string cursor;
        for (int page = 0; page < 20; ++page) {
            const Reply p = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/lines?limit=5" + (cursor.empty() ? "" : "&cursor=" + cursor));
            QCOMPARE(p.status, 200);
            for (const json& item : p.body["items"]) QVERIFY(seen.insert(item["lineId"].get<std::int64_t>()).second);
            if (p.body["nextCursor"].is_null()) break;
            cursor = p.body["nextCursor"].get<std::string>();
        }
        QCOMPARE(seen.size(), std::size_t(12));
    }

    void sameFileTwiceIsRefused() {
        const Reply content = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/content");
        const Reply again = admin(port_, kClerk, "POST", "/api/recon/files?profile=generic&currency=KRW", content.raw, "text/csv");
        QCOMPARE(again.status, 409);
        QCOMPARE(code(again), std::string("DUPLICATE_FILE"));
        QCOMPARE(again.body["fileId"].get<std::string>(), fileId_);
        const Reply dry = admin(port_, kClerk, "POST", "/api/recon/files?profile=generic&currency=KRW&dryRun=true", content.raw, "text/csv");
        QCOMPARE(dry.status, 409);
    }

    void dryRunWritesNothing() {
        const auto tables = [this] {
            return std::vector<std::int64_t>{count("SELECT COUNT(*) FROM recon_files"), count("SELECT COUNT(*) FROM recon_lines"),
                                             count("SELECT COUNT(*) FROM recon_matches"), count("SELECT COUNT(*) FROM outbox"),
                                             count("SELECT COUNT(*) FROM audit_log"), count("SELECT COUNT(*) FROM recon_file_chunks")};
        };
        const auto before = tables();
        const std::string csv = "Date,Description,Amount\n" + today_ + ",card " + pay_["p1"] + ",50000\n" + today_ + ",new,44444\n";
        const Reply r = admin(port_, kClerk, "POST", "/admin/recon/files?dryRun=true&currency=KRW", csv, "text/csv");
        QVERIFY2(r.status == 200, r.raw.c_str());
        QVERIFY(r.body["fileId"].is_null());
        QCOMPARE(r.body["dryRun"].get<bool>(), true);
        QCOMPARE(r.body["duplicates"].get<int>(), 1);  // p1 was matched by the first import
        QCOMPARE(r.body["matched"].get<int>(), 1);     // p4 is still free
        QCOMPARE(r.body["preview"].size(), std::size_t(2));
        QCOMPARE(r.body["preview"][1]["outcome"].get<std::string>(), std::string("MATCHED"));
        QCOMPARE(tables(), before);
    }

    void approveAndRejectAutomaticMatches() {
        Reply r = admin(port_, kClerk, "POST", linePath(2, "approve"), json{{"note", "checked the slip"}}.dump());
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["status"].get<std::string>(), std::string("APPROVED"));
        QCOMPARE(r.body["reviewedBy"].get<std::string>(), std::string("carol"));
        r = admin(port_, kClerk, "POST", linePath(2, "approve"));
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));

        r = admin(port_, kClerk, "POST", linePath(4, "reject"), json{{"note", "not this customer"}}.dump());
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["outcome"].get<std::string>(), std::string("UNMATCHED_BANK"));
        QCOMPARE(r.body["status"].get<std::string>(), std::string("OPEN"));
        QVERIFY(r.body["matchedIds"].empty());
        QCOMPARE(count("SELECT COUNT(*) FROM recon_matches WHERE item_id = '" + pay_["p3"] + "'"), std::int64_t(0));
        QCOMPARE(count("SELECT COUNT(*) FROM outbox WHERE topic = 'recon.unmatched' AND aggregate_id = '" + fileId_ + "'"), std::int64_t(5));
        // An unmatched line cannot be approved.
        r = admin(port_, kClerk, "POST", linePath(5, "approve"));
        QCOMPARE(r.status, 409);
    }

    void acceptThenUnmatchRestoresBothSides() {
        reloadLines();
        const json bankBefore = state(byLineNo_[8]);
        const json p5Before = state(systemLines_[pay_["p5"]]);
        const json p6Before = state(systemLines_[pay_["p6"]]);
        Reply r = admin(port_, kClerk, "POST", linePath(8, "accept"));
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["outcome"].get<std::string>(), std::string("MATCHED"));
        QCOMPARE(r.body["matchType"].get<std::string>(), std::string("SUBSET"));
        QCOMPARE(r.body["matchedAmount"].get<std::int64_t>(), std::int64_t(42'000));
        reloadLines();
        QCOMPARE(systemLines_[pay_["p5"]]["outcome"].get<std::string>(), std::string("MATCHED"));
        QCOMPARE(systemLines_[pay_["p5"]]["matchType"].get<std::string>(), std::string("COUNTERPART"));
        QCOMPARE(count("SELECT COUNT(*) FROM recon_matches WHERE line_id = " + std::to_string(lineId(8))), std::int64_t(2));

        r = admin(port_, kClerk, "POST", linePath(8, "unmatch"));
        QVERIFY2(r.status == 200, r.raw.c_str());
        reloadLines();
        QCOMPARE(state(byLineNo_[8]), bankBefore);
        QCOMPARE(state(systemLines_[pay_["p5"]]), p5Before);
        QCOMPARE(state(systemLines_[pay_["p6"]]), p6Before);
        QCOMPARE(count("SELECT COUNT(*) FROM recon_matches WHERE line_id = " + std::to_string(lineId(8))), std::int64_t(0));
    }

    void manualMatchAndUnmatch() {
        reloadLines();
        const json bankBefore = state(byLineNo_[5]);
        const json p7Before = state(systemLines_[pay_["p7"]]);
        // An item matched elsewhere is refused, and nothing changes.
        Reply r = admin(port_, kClerk, "POST", linePath(5, "match"), json{{"paymentIds", {pay_["p1"]}}}.dump());
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("ALREADY_MATCHED"));
        r = admin(port_, kClerk, "POST", linePath(5, "match"), json{{"paymentIds", {"pay_doesnotexist"}}}.dump());
        QCOMPARE(r.status, 404);
        r = admin(port_, kClerk, "POST", linePath(5, "match"), json{{"paymentIds", {pay_["auth"]}}}.dump());
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));
        r = admin(port_, kClerk, "POST", linePath(10, "match"), json{{"paymentIds", {pay_["p7"]}}}.dump());
        QCOMPARE(r.status, 409);  // a withdrawal

        // One-to-many by hand: the amounts differ, which the line says.
        r = admin(port_, kClerk, "POST", linePath(5, "match"), json{{"paymentIds", {pay_["p7"], pay_["p4"]}}, {"note", "customer paid two invoices"}}.dump());
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["outcome"].get<std::string>(), std::string("AMOUNT_MISMATCH"));
        QCOMPARE(r.body["status"].get<std::string>(), std::string("MANUAL"));
        QCOMPARE(r.body["matchedAmount"].get<std::int64_t>(), std::int64_t(121'444));
        QVERIFY(says(r.body, "amount differs: 121,444 vs 123,457"));
        reloadLines();
        QCOMPARE(systemLines_[pay_["p7"]]["outcome"].get<std::string>(), std::string("MATCHED"));
        QCOMPARE(systemLines_[pay_["p7"]]["matchedIds"][0].get<std::string>(), std::to_string(lineId(5)));

        r = admin(port_, kClerk, "POST", linePath(5, "unmatch"), json{{"note", "wrong customer"}}.dump());
        QVERIFY2(r.status == 200, r.raw.c_str());
        reloadLines();
        QCOMPARE(state(byLineNo_[5]), bankBefore);
        QCOMPARE(state(systemLines_[pay_["p7"]]), p7Before);
        QCOMPARE(count("SELECT COUNT(*) FROM recon_matches WHERE item_id IN ('" + pay_["p7"] + "', '" + pay_["p4"] + "')"), std::int64_t(0));
        r = admin(port_, kClerk, "POST", linePath(5, "unmatch"));
        QCOMPARE(r.status, 409);
    }

    void resolveOneOrMany() {
        Reply r = admin(port_, kClerk, "POST", "/admin/recon/resolve", json{{"lineIds", {lineId(5), lineId(10)}}}.dump());
        QCOMPARE(r.status, 400);  // the note is required
        r = admin(port_, kClerk, "POST", "/admin/recon/resolve", json{{"lineIds", {lineId(5), lineId(10)}}, {"note", "bank fee and a test deposit"}}.dump());
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["resolved"].get<int>(), 2);
        for (const json& l : r.body["items"]) {
            QCOMPARE(l["status"].get<std::string>(), std::string("RESOLVED"));
            QCOMPARE(l["note"].get<std::string>(), std::string("bank fee and a test deposit"));
        }
        r = admin(port_, kClerk, "POST", "/admin/recon/resolve", json{{"lineIds", {lineId(5)}}, {"note", "again"}}.dump());
        QCOMPARE(r.status, 409);
        const Reply resolved = admin(port_, kClerk, "GET", "/admin/recon/exceptions?status=RESOLVED&fileId=" + fileId_);
        QCOMPARE(resolved.body["total"].get<int>(), 2);
    }

    void exportsAndAudit() {
        const Reply csv = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/results.csv");
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.headers.at("content-type").rfind("text/csv", 0) == 0);
        QCOMPARE(csv.headers.at("x-row-count"), std::string("12"));
        QVERIFY(csv.raw.rfind("line_id,file_id,side,line_no,date", 0) == 0);
        QVERIFY(csv.raw.find("no payment with reference P-1234") != std::string::npos);
        QVERIFY(csv.raw.find("DUPLICATE") != std::string::npos);
        const Reply ex = admin(port_, kClerk, "GET", "/admin/recon/exceptions.csv?status=ALL&fileId=" + fileId_);
        QCOMPARE(ex.status, 200);
        QVERIFY(ex.raw.find("RESOLVED") != std::string::npos);

        const Reply audit = admin(port_, kClerk, "GET", "/admin/audit?targetType=recon_line&limit=100");
        QCOMPARE(audit.status, 200);
        std::set<std::string> actions;
        for (const json& a : audit.body["items"]) actions.insert(a["action"].get<std::string>());
        for (const char* a : {"recon_line.approve", "recon_line.reject", "recon_line.accept", "recon_line.match", "recon_line.unmatch", "recon_line.resolve"}) {
            QVERIFY2(actions.count(a) == 1, a);
        }
        const Reply imports = admin(port_, kClerk, "GET", "/admin/audit?action=recon_file.import&targetId=" + fileId_);
        QCOMPARE(imports.body["items"].size(), std::size_t(1));
        QCOMPARE(imports.body["items"][0]["actor"].get<std::string>(), std::string("carol"));
    }

    void merchantSignedUploadSeesOnlyItsOwnPayments() {
        const std::string mine = m1(61'000);
        const std::string theirs = captured("k9", "secret-nine-0123456789", "m9", 62'000);
        const std::string utf8 = std::string("\xEA\xB1\xB0\xEB\x9E\x98\xEC\x9D\xBC\xEC\x9E\x90,\xEC\xA0\x81\xEC\x9A\x94,\xEC\x9E\x85\xEA\xB8\x88\xEC\x95\xA1,"
                                             "\xEC\xB6\x9C\xEA\xB8\x88\xEC\x95\xA1\n") +  // 거래일자,적요,입금액,출금액
                                 today_ + "," + mine + ",\"61,000\",\n" + today_ + "," + theirs + ",\"62,000\",\n";
        const auto cp949 = recon::utf8ToCp949(utf8);
        QVERIFY(cp949.has_value());
        Reply r = toReply(httpRequest(port_, "POST", "/api/payments/upload", *cp949, {{"Content-Type", "text/csv"}}, 30s));
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), std::string("MISSING_SIGNATURE"));
        r = signedCall(port_, "k1", "secret-one-0123456789", "POST", "/api/payments/upload", *cp949, "text/csv");
        QVERIFY2(r.status == 201, r.raw.c_str());
        QCOMPARE(r.body["encoding"].get<std::string>(), std::string("CP949"));
        QCOMPARE(r.body["profile"].get<std::string>(), std::string("kr-bank"));
        QCOMPARE(r.body["merchantId"].get<std::string>(), std::string("m1"));
        QCOMPARE(r.body["matched"].get<int>(), 1);
        QCOMPARE(r.body["unmatched"].get<int>(), 1);  // m9's payment is invisible to m1
        const Reply forOther = signedCall(port_, "k1", "secret-one-0123456789", "POST", "/api/recon/files?merchantId=m9&dryRun=true", utf8, "text/csv");
        QCOMPARE(forOther.status, 403);
        const Reply badToken = admin(port_, "not-a-valid-token-0000", "POST", "/api/recon/files", utf8, "text/csv");
        QCOMPARE(badToken.status, 401);
    }

    void duplicateFileIdsStayWithTheirMerchant() {
        const std::string k1 = "secret-one-0123456789";
        const std::string k9 = "secret-nine-0123456789";
        const std::string path = "/api/recon/files?profile=generic&currency=KRW";
        const std::string csv = "Date,Description,Amount\r\n" + today_ + ",deposit " + unique("dup") + ",4321\r\n";
        const Reply first = signedCall(port_, "k1", k1, "POST", path, csv, "text/csv");
        QVERIFY2(first.status == 201, first.raw.c_str());
        const std::string fileId = first.body["fileId"].get<std::string>();

        // The merchant that uploaded it hears which of its files it was.
        Reply r = signedCall(port_, "k1", k1, "POST", path, csv, "text/csv");
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("DUPLICATE_FILE"));
        QCOMPARE(r.body["fileId"].get<std::string>(), fileId);
        // Another merchant with the same bytes is refused too, but never told the file's id.
        for (const std::string& target : {path, path + "&dryRun=true"}) {
            r = signedCall(port_, "k9", k9, "POST", target, csv, "text/csv");
            QCOMPARE(r.status, 409);
            QCOMPARE(code(r), std::string("DUPLICATE_FILE"));
            QVERIFY2(!r.body.contains("fileId"), r.raw.c_str());
            QVERIFY2(r.raw.find(fileId) == std::string::npos, r.raw.c_str());
        }
        // Operators see every duplicate with its file.
        r = admin(port_, kClerk, "POST", path, csv, "text/csv");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.body["fileId"].get<std::string>(), fileId);
        // An operator's all-merchant file is not named to a merchant either.
        const Reply content = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId_ + "/content");
        QCOMPARE(content.status, 200);
        r = signedCall(port_, "k1", k1, "POST", path, content.raw, "text/csv");
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("DUPLICATE_FILE"));
        QVERIFY2(r.raw.find(fileId_) == std::string::npos, r.raw.c_str());
    }

    void fileSummaryKeepsTotalsBeyondInt64() {
        const std::string csv = "Date,Description,Amount\r\n" + today_ + ",odd one " + unique("s") + ",123401\r\n" +
                                today_ + ",odd two,123403\r\n";
        const Reply r = admin(port_, kClerk, "POST", "/api/recon/files?profile=generic&currency=KRW&merchantId=m9", csv,
                              "text/csv");
        QVERIFY2(r.status == 201, r.raw.c_str());
        const std::string fileId = r.body["fileId"].get<std::string>();
        QCOMPARE(r.body["unmatched"].get<int>(), 2);
        // Two lines of INT64_MAX each: their sum needs 65 bits. (A statement cannot carry them: the
        // reader bounds amounts; the database holds whatever it is given.)
        auto c = db();
        QVERIFY(c->execute("UPDATE recon_lines l JOIN recon_files f ON f.file_id = " + c->quote(fileId) +
                           " SET l.amount = 9223372036854775807 WHERE l.line_id BETWEEN (f.file_seq << 24) AND "
                           "((f.file_seq << 24) | 16777215)"
                           " AND l.side = 'BANK'")
                    .ok());
        const Reply summary = admin(port_, kClerk, "GET", "/admin/recon/files/" + fileId);
        QCOMPARE(summary.status, 200);
        bool seen = false;
        for (const json& g : summary.body["current"]["groups"]) {
            if (g["side"] != "BANK") continue;
            seen = true;
            QCOMPARE(g["count"].get<int>(), 2);
            QVERIFY2(g["amount"].is_null(), g.dump().c_str());  // not 0, not a wrapped number
            QCOMPARE(g["amountDecimal"].get<std::string>(), std::string("18446744073709551614"));
        }
        QVERIFY2(seen, summary.raw.c_str());
    }

    void multipartUploadAndFileProblems() {
        const std::string boundary = "----paydesk" + crypto::randomHex(8);
        const std::string csv = "Date,Description,Amount\r\n" + today_ + ",multipart,777\r\n";
        const std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"dryRun\"\r\n\r\ntrue\r\n--" + boundary +
                                 "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank.csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" +
                                 boundary + "--\r\n";
        Reply r = admin(port_, kClerk, "POST", "/admin/recon/files?currency=KRW", body, "multipart/form-data; boundary=" + boundary);
        QVERIFY2(r.status == 200, r.raw.c_str());
        QCOMPARE(r.body["fileName"].get<std::string>(), std::string("bank.csv"));
        QCOMPARE(r.body["rows"].get<int>(), 1);
        r = admin(port_, kClerk, "POST", "/admin/recon/files", "--" + boundary + "\r\nbroken", "multipart/form-data; boundary=" + boundary);
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("MALFORMED_MULTIPART"));
        r = admin(port_, kClerk, "POST", "/admin/recon/files", fixture("binary_junk.bin"), "text/csv");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("UNRECOGNIZED_FORMAT"));
        r = admin(port_, kClerk, "POST", "/admin/recon/files", "\r\n", "text/csv");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("EMPTY_FILE"));
        r = admin(port_, kClerk, "POST", "/admin/recon/files", fixture("header_only.csv"), "text/csv");
        QVERIFY2(r.status == 201, r.raw.c_str());
        QCOMPARE(r.body["rows"].get<int>(), 0);
        r = admin(port_, kClerk, "POST", "/admin/recon/files", "{}", "application/json");
        QCOMPARE(r.status, 415);
        r = admin(port_, kClerk, "POST", "/admin/recon/files?profile=nosuch", csv, "text/csv");
        QCOMPARE(r.status, 400);
    }

    void profilesNeedASupervisorToChange() {
        const std::string definition = fixture("custom_eu.profile.json");
        Reply r = admin(port_, kClerk, "POST", "/admin/recon/profiles", definition);
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("FORBIDDEN_ROLE"));
        r = admin(port_, kSupervisor, "POST", "/admin/recon/profiles", definition);
        QVERIFY2(r.status == 201, r.raw.c_str());
        r = admin(port_, kSupervisor, "POST", "/admin/recon/profiles", definition);
        QCOMPARE(r.status, 409);
        r = admin(port_, kClerk, "GET", "/admin/recon/profiles");
        QCOMPARE(r.status, 200);
        std::set<std::string> names;
        for (const json& p : r.body["items"]) names.insert(p["name"].get<std::string>());
        QCOMPARE(names, (std::set<std::string>{"kr-bank", "generic", "eu-bank"}));
        r = admin(port_, kClerk, "POST", "/admin/recon/files?profile=eu-bank", fixture("custom_eu.csv"), "text/csv");
        QVERIFY2(r.status == 201, r.raw.c_str());
        QCOMPARE(r.body["currency"].get<std::string>(), std::string("EUR"));
        QCOMPARE(r.body["parsed"].get<int>(), 2);
        r = admin(port_, kSupervisor, "PUT", "/admin/recon/profiles/kr-bank", definition);
        QCOMPARE(r.status, 409);
        r = admin(port_, kSupervisor, "DELETE", "/admin/recon/profiles/eu-bank");
        QCOMPARE(r.status, 204);
        r = admin(port_, kClerk, "GET", "/admin/recon/profiles/eu-bank");
        QCOMPARE(r.status, 404);
        const Reply audit = admin(port_, kClerk, "GET", "/admin/audit?targetType=recon_profile");
        QCOMPARE(audit.body["items"].size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestRecon)
#include "tst_Recon.moc"
