#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"
#include "core/Clock.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/CsvWriter.h"
#include "settlement/FeeSchedule.h"
#include "settlement/MerchantCalendars.h"
#include "settlement/SettlementCloser.h"
#include "settlement/SettlementScheduler.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::settlement;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kKeys =
    "k1:secret-one-0123456789:m1,k2:secret-two-0123456789:m2,k3:secret-three-012345678:m3,k4:secret-four-0123456789:m4,"
    "k5:secret-five-0123456789:m5,k6:secret-six-0123456789:m6,kr1:secret-race-one-012345:r1,kr2:secret-race-two-012345:r2";
const char* const kTokens =
    "tok-clara-clerk-0000001:clara:clerk,tok-sam-supervisor-00001:sam:supervisor,tok-sue-supervisor-00001:sue:supervisor";
const std::string kClara = "tok-clara-clerk-0000001";
const std::string kSam = "tok-sam-supervisor-00001";
const std::string kSue = "tok-sue-supervisor-00001";
const FeeSchedule kFee{250, 10};  // what the servers run with (--fee-bps 250 --fee-fixed 10)

struct Merchant {
    std::string merchantId;
    std::string keyId;
    std::string secret;
};
const Merchant kM1{"m1", "k1", "secret-one-0123456789"};
const Merchant kM2{"m2", "k2", "secret-two-0123456789"};
const Merchant kM3{"m3", "k3", "secret-three-012345678"};
const Merchant kM4{"m4", "k4", "secret-four-0123456789"};
const Merchant kM5{"m5", "k5", "secret-five-0123456789"};
const Merchant kM6{"m6", "k6", "secret-six-0123456789"};
const Merchant kR1{"r1", "kr1", "secret-race-one-012345"};
const Merchant kR2{"r2", "kr2", "secret-race-two-012345"};

struct Reply {
    int status = 0;
    json body;
    std::string text;
    std::map<std::string, std::string> headers;
};

std::atomic<int> gSequence{0};

Reply toReply(const HttpReply& r) {
    Reply out;
    out.status = r.status;
    out.headers = r.headers;
    out.text = r.body;
    out.body = json::parse(r.body, nullptr, false);
    return out;
}

// A merchant's signed call; repeats of one request get distinct timestamps (the server refuses replays).
Reply call(std::uint16_t port, const Merchant& m, const std::string& method, const std::string& path, const std::string& body) {
    long when = static_cast<long>(std::time(nullptr));
    {
        static std::mutex tsMutex;
        static std::map<std::string, long> last;
        std::lock_guard lock(tsMutex);
        long& previous = last[m.keyId + method + path + body];
        if (when <= previous) when = previous + 1;
        previous = when;
    }
    const std::string ts = std::to_string(when);
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                  {"X-Api-Key", m.keyId},
                                                  {"X-Timestamp", ts},
                                                  {"X-Signature", auth::RequestSignature::sign(m.secret, method, path, ts, body)}};
    if (path.find("/refund/") != std::string::npos) {
        static std::atomic<long> refunds{0};  // refunds require an Idempotency-Key
        headers["Idempotency-Key"] = "test-refund-" + std::to_string(++refunds);
    }
    return toReply(httpRequest(port, method, path, body, headers, 15s));
}

Reply admin(std::uint16_t port, const std::string& method, const std::string& path, const std::string& token, const json& body = nullptr) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    std::string text;
    if (!body.is_null()) {
        headers["Content-Type"] = "application/json";
        text = body.dump();
    }
    return toReply(httpRequest(port, method, path, text, headers, 60s));
}

std::string code(const Reply& r) { return r.body.is_object() && r.body.contains("code") ? r.body["code"].get<std::string>() : ""; }

BusinessCalendar calendar(const std::string& zone, int cutoff = 0) {
    auto c = BusinessCalendar::create(zone, cutoff);
    if (!c.ok()) qFatal("calendar %s: %s", zone.c_str(), c.error().message.c_str());
    return std::move(c).value();
}

std::string dayText(BusinessDay d) { return BusinessCalendar::formatDay(d); }

// Splits RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into records.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

// Settlement against a real paydeskd (embedded MariaDB, Redis, Kafka): closing business days into
// batches, four-eyes approval, the ledger, events, exports, carries, late items, and closing
// exactly once with several schedulers or closers racing. Captures happen now; the tests move
// captured_at / created_at into the business day they need, as the clock of that day would have.
class TestSettlement : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dir_;
    std::unique_ptr<PaydeskdProcess> pd_;
    std::uint16_t port_ = 0;
    std::optional<BusinessCalendar> seoul_;
    BusinessDay today_{};

    static std::string readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
    }
    DbEndpoint endpoint() {
        const auto ep = json::parse(readAll(dir_ + "/run/endpoints.json"));
        DbEndpoint d;
        d.unixSocket = ep["db"]["socket"].get<std::string>();
        d.user = "paydesk";
        d.database = ep["db"]["database"].get<std::string>();
        d.password = readAll(dir_ + "/mariadb/credentials");
        return d;
    }
    std::unique_ptr<store::DbConnection> db() {
        auto c = store::DbConnection::open(endpoint(), {});
        if (!c.ok()) qFatal("db: %s", c.error().message.c_str());
        return std::move(c).value();
    }
    std::int64_t scalar(const std::string& sql) {
        auto conn = db();
        auto rows = conn->query(sql);
        if (!rows.ok()) qFatal("query failed: %s: %s", sql.c_str(), rows.error().message.c_str());
        return rows->rows.empty() ? 0 : rows->integer(0, 0);
    }
    void exec(const std::string& sql) {
        auto conn = db();
        if (auto s = conn->execute(sql); !s.ok()) qFatal("statement failed: %s: %s", sql.c_str(), s.error().message.c_str());
    }
    std::string q(const std::string& text) { return db()->quote(text); }
    static std::string sqlTime(BusinessCalendar::time_point t) { return "'" + store::sqlTimestamp(t) + "'"; }

    // Authorize and capture (the full amount) now; returns the payment id.
    std::string capture(const Merchant& m, std::int64_t amount) {
        const json auth = {{"merchantId", m.merchantId},
                           {"amount", amount},
                           {"currency", "KRW"},
                           {"idempotencyKey", "settle-" + std::to_string(gSequence.fetch_add(1)) + "-" + std::to_string(std::time(nullptr))}};
        Reply r = call(port_, m, "POST", "/api/payments/authorize", auth.dump());
        if (r.status != 200) qFatal("authorize failed: %d %s", r.status, r.text.c_str());
        const std::string id = r.body["paymentId"].get<std::string>();
        r = call(port_, m, "POST", "/api/payments/capture/" + id, json{{"merchantId", m.merchantId}}.dump());
        if (r.status != 200) qFatal("capture failed: %d %s", r.status, r.text.c_str());
        return id;
    }
    std::string refund(const Merchant& m, const std::string& paymentId, std::int64_t amount) {
        Reply r = call(port_, m, "POST", "/api/payments/refund/" + paymentId,
                       json{{"merchantId", m.merchantId}, {"amount", amount}, {"reason", "customer returned it"}}.dump());
        if (r.status != 200) qFatal("refund failed: %d %s", r.status, r.text.c_str());
        return r.body["refund"]["refundId"].get<std::string>();
    }
    // Moves a capture or refund to an instant of another business day.
    void captureAt(const std::string& paymentId, BusinessCalendar::time_point t) {
        exec("UPDATE payments SET captured_at = " + sqlTime(t) + " WHERE payment_id = " + q(paymentId));
    }
    void refundAt(const std::string& refundId, BusinessCalendar::time_point t) {
        exec("UPDATE refunds SET created_at = " + sqlTime(t) + " WHERE refund_id = " + q(refundId));
    }
    BusinessCalendar::time_point during(BusinessDay day, std::chrono::minutes offset) { return seoul_->window(day).start + offset; }

    Reply close(const std::string& token, const std::optional<std::string>& merchant, BusinessDay day) {
        json body = {{"businessDay", dayText(day)}};
        if (merchant) body["merchantId"] = *merchant;
        return admin(port_, "POST", "/admin/settlements/close", token, body);
    }
    // Closes one merchant's day by clara; returns the one batch it closed.
    json closeOne(const Merchant& m, BusinessDay day) {
        Reply r = close(kClara, m.merchantId, day);
        if (r.status != 200 || r.body["closedCount"].get<int>() != 1) qFatal("close failed: %d %s", r.status, r.text.c_str());
        return r.body["closed"][0];
    }
    json batch(const std::string& id) {
        Reply r = admin(port_, "GET", "/admin/settlements/" + id + "?limit=500", kClara);
        if (r.status != 200) qFatal("get batch failed: %d %s", r.status, r.text.c_str());
        return r.body;
    }
    std::int64_t balance(const std::string& account) {
        return scalar("SELECT COALESCE(SUM(credit) - SUM(debit), 0) FROM journal_lines WHERE account = " + q(account));
    }
    // The merchant's payable for the batch's day: credits minus debits on merchant:<m>:payable of
    // the batch's captures and refunds, its fee and its carry-in (see docs/SETTLEMENT.md).
    std::int64_t payableForDay(const std::string& merchant, const std::string& batchId, bool withTransfer = false) {
        return scalar("SELECT COALESCE(SUM(l.credit) - SUM(l.debit), 0) FROM journal_lines l JOIN journal_entries e ON e.entry_id = l.entry_id "
                      "WHERE l.account = " + q("merchant:" + merchant + ":payable") +
                      " AND ((e.kind IN ('CAPTURE', 'REFUND') AND e.reference IN (SELECT source_id FROM settlement_lines WHERE batch_id = " +
                      q(batchId) + ")) OR (e.reference = " + q(batchId) + " AND e.kind IN ('FEE', 'CARRY_IN'" +
                      (withTransfer ? ", 'PAYOUT', 'CARRY_OUT'" : "") + ")))");
    }
    std::int64_t events(const std::string& type, const std::string& batchId) {
        return scalar("SELECT COUNT(*) FROM outbox WHERE event_type = " + q(type) + " AND aggregate_id = " + q(batchId));
    }
    std::int64_t audits(const std::string& action, const std::string& batchId) {
        return scalar("SELECT COUNT(*) FROM audit_log WHERE action = " + q(action) + " AND target_id = " + q(batchId));
    }
    std::unique_ptr<PaydeskdProcess> startAux(const QStringList& extra) {
        const auto ep = json::parse(readAll(dir_ + "/run/endpoints.json"));
        const std::string dbUrl = "mysql://paydesk:" + readAll(dir_ + "/mariadb/credentials") + "@127.0.0.1:" +
                                  std::to_string(ep["db"]["port"].get<int>()) + "/paydesk";
        const std::string redis = "redis://:" + readAll(dir_ + "/redis/credentials") + "@127.0.0.1:" + std::to_string(ep["redis"]["port"].get<int>());
        auto aux = std::make_unique<PaydeskdProcess>();
        QStringList args = {"--db", QString::fromStdString(dbUrl), "--redis", QString::fromStdString(redis), "--kafka",
                            QString::fromStdString(ep["kafka"]["bootstrap"].get<std::string>()), "--api-keys", kKeys,
                            "--operator-tokens", kTokens, "--fee-bps", "250", "--fee-fixed", "10"};
        args += extra;
        if (!aux->start(tmp_.filePath(QStringLiteral("aux%1").arg(gSequence.fetch_add(1))), freePort(), args)) return nullptr;
        return aux;
    }
    // A captured payment written straight into the table (in-process closer tests; no ledger).
    void insertCaptured(const std::string& merchant, const std::string& id, std::int64_t amount, BusinessCalendar::time_point at) {
        exec("INSERT INTO payments (payment_id, merchant_id, idempotency_key, status, amount, currency, captured_amount, message, requested_at, "
             "updated_at, captured_at) VALUES (" + q(id) + ", " + q(merchant) + ", " + q("k-" + id) + ", 'CAPTURED', " + std::to_string(amount) +
             ", 'KRW', " + std::to_string(amount) + ", 'test', " + sqlTime(at) + ", " + sqlTime(at) + ", " + sqlTime(at) + ")");
    }

private slots:
    void initTestCase() {
        seoul_ = calendar("Asia/Seoul");
        today_ = seoul_->dayOf(std::chrono::system_clock::now());
        dir_ = tmp_.filePath("main");
        pd_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        // The scheduler runs once at start-up (nothing to close yet), then not for an hour.
        QVERIFY(pd_->start(dir_, port_, {"--api-keys", kKeys, "--operator-tokens", kTokens, "--fee-bps", "250", "--fee-fixed", "10",
                                         "--settlement-interval-ms", "3600000"}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    void csvQuotingFollowsRfc4180() {
        CsvWriter w;
        w.row({"plain", "with,comma", "with \"quotes\"", "two\r\nlines", "-1500", "=SUM(A1)", "@cmd", ""});
        QCOMPARE(w.text(), std::string("plain,\"with,comma\",\"with \"\"quotes\"\"\",\"two\r\nlines\",-1500,'=SUM(A1),'@cmd,\r\n"));
        const auto rows = parseCsv(w.text());
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0][1], std::string("with,comma"));
        QCOMPARE(rows[0][2], std::string("with \"quotes\""));
        QCOMPARE(rows[0][3], std::string("two\r\nlines"));
    }

    void refusesBadRequests() {
        QCOMPARE(admin(port_, "GET", "/admin/settlements", "").status, 401);
        QCOMPARE(admin(port_, "GET", "/admin/settlements", "tok-nobody-0000000000000").status, 401);
        Reply r = admin(port_, "POST", "/admin/settlements/close", kClara, json{{"businessDay", "2026-02-30"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body["field"].get<std::string>(), std::string("businessDay"));
        r = close(kClara, std::nullopt, today_ + std::chrono::days{2});
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("VALIDATION_ERROR"));
        r = admin(port_, "POST", "/admin/settlements/close", kClara, json{{"businessDay", dayText(today_)}, {"merchantId", "bad id!"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body["field"].get<std::string>(), std::string("merchantId"));
        QCOMPARE(admin(port_, "GET", "/admin/settlements/stl_nope", kClara).status, 404);
        QCOMPARE(admin(port_, "POST", "/admin/settlements/stl_nope/approve", kSam).status, 404);
        QCOMPARE(admin(port_, "GET", "/admin/settlements?state=SOMETIMES", kClara).status, 400);
        QCOMPARE(admin(port_, "GET", "/admin/settlements?from=yesterday", kClara).status, 400);
    }

    void closeApproveAndPay() {
        const BusinessDay day = today_ - std::chrono::days{5};
        // Amounts chosen for the fee rounding: 2.5% of 20 is 0.5 (up), of 19 is 0.475 (down), of 60 is 1.5 (up).
        std::vector<std::pair<std::string, std::int64_t>> captures;
        for (std::int64_t amount : {10'000L, 20L, 19L, 60L, 12'345L}) captures.emplace_back(capture(kM1, amount), amount);
        const std::string refundId = refund(kM1, captures[0].first, 1'000);
        for (std::size_t i = 0; i < captures.size(); ++i) captureAt(captures[i].first, during(day, std::chrono::minutes(60 + static_cast<int>(i))));
        refundAt(refundId, during(day, 23h + 59min));
        // Just outside the day on both sides: not this batch's.
        const std::string before = capture(kM1, 700);
        captureAt(before, seoul_->window(day).start - 1ms);
        const std::string after = capture(kM1, 800);
        captureAt(after, seoul_->window(day).end);

        const json b = closeOne(kM1, day);
        const std::string id = b["batchId"].get<std::string>();
        std::int64_t fees = 0;
        for (const auto& [pid, amount] : captures) fees += kFee.feeFor(amount);
        QCOMPARE(b["state"].get<std::string>(), std::string("CLOSED"));
        QCOMPARE(b["businessDay"].get<std::string>(), dayText(day));
        QCOMPARE(b["closedBy"].get<std::string>(), std::string("clara"));
        QCOMPARE(b["captureCount"].get<std::int64_t>(), std::int64_t(5));
        QCOMPARE(b["grossAmount"].get<std::int64_t>(), std::int64_t(22'444));
        QCOMPARE(b["refundCount"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(b["refundAmount"].get<std::int64_t>(), std::int64_t(1'000));
        QCOMPARE(b["feeAmount"].get<std::int64_t>(), fees);
        QCOMPARE(b["net"].get<std::int64_t>(), 22'444 - 1'000 - fees);
        QCOMPARE(b["payoutAmount"].get<std::int64_t>(), 22'444 - 1'000 - fees);
        QCOMPARE(b["currency"].get<std::string>(), std::string("KRW"));
        QCOMPARE(b["timeZone"].get<std::string>(), std::string("Asia/Seoul"));

        // The database applied exactly the documented rounding to every capture.
        const json detail = batch(id);
        QCOMPARE(detail["lines"]["total"].get<int>(), 6);
        for (const auto& line : detail["lines"]["items"]) {
            if (line["type"] == "CAPTURE") {
                QCOMPARE(line["fee"].get<std::int64_t>(), kFee.feeFor(line["amount"].get<std::int64_t>()));
                QVERIFY(line["sourceId"] != before && line["sourceId"] != after);
            } else {
                QCOMPARE(line["type"].get<std::string>(), std::string("REFUND"));
                QCOMPARE(line["amount"].get<std::int64_t>(), std::int64_t(-1'000));
                QCOMPARE(line["paymentId"].get<std::string>(), captures[0].first);
            }
        }
        QCOMPARE(events("settlement.closed", id), std::int64_t(1));
        QCOMPARE(audits("settlement.close", id), std::int64_t(1));

        // A clerk cannot approve.
        Reply r = admin(port_, "POST", "/admin/settlements/" + id + "/approve", kClara);
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("FORBIDDEN_ROLE"));
        // Paying before approval is a state error.
        QCOMPARE(code(admin(port_, "POST", "/admin/settlements/" + id + "/paid", kSam, json{{"bankReference", "X"}})), std::string("INVALID_STATE"));

        r = admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSam);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["state"].get<std::string>(), std::string("APPROVED"));
        QCOMPARE(r.body["approvedBy"].get<std::string>(), std::string("sam"));
        const std::int64_t net = r.body["net"].get<std::int64_t>();
        // After approval the merchant's payable for that day is exactly the net payout, and the
        // PAYOUT entry moved exactly that to payout_pending.
        QCOMPARE(payableForDay("m1", id), net);
        QCOMPARE(payableForDay("m1", id, true), std::int64_t(0));
        QCOMPARE(balance("merchant:m1:payout_pending"), net);
        QCOMPARE(balance("revenue:fees") >= fees, true);
        QCOMPARE(events("settlement.approved", id), std::int64_t(1));
        {
            auto conn = db();
            auto rows = conn->query("SELECT payload FROM outbox WHERE event_type = 'settlement.approved' AND aggregate_id = " + conn->quote(id));
            const json payload = json::parse(rows->text(0, 0));
            QCOMPARE(payload["batchId"].get<std::string>(), id);
            QCOMPARE(payload["merchantId"].get<std::string>(), std::string("m1"));
            QCOMPARE(payload["businessDay"].get<std::string>(), dayText(day));
            QCOMPARE(payload["net"].get<std::int64_t>(), net);
            QCOMPARE(payload["currency"].get<std::string>(), std::string("KRW"));
        }
        QCOMPARE(code(admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSue)), std::string("INVALID_STATE"));

        // The payout file lists the approved batch.
        r = admin(port_, "GET", "/admin/settlements/payouts.csv?businessDay=" + dayText(day), kClara);
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers["content-type"].rfind("text/csv", 0) == 0);
        auto rows = parseCsv(r.text);
        QVERIFY(rows.size() >= 2);
        QCOMPARE(rows[0][0], std::string("batch_id"));
        QCOMPARE(rows[0][4], std::string("payout_amount"));
        bool listed = false;
        for (const auto& row : rows) {
            if (row[0] == id) {
                listed = true;
                QCOMPARE(row[1], std::string("m1"));
                QCOMPARE(row[2], dayText(day));
                QCOMPARE(row[4], std::to_string(net));
            }
        }
        QVERIFY(listed);
        // And the detail file lists every line.
        r = admin(port_, "GET", "/admin/settlements/" + id + "/lines.csv", kClara);
        QCOMPARE(r.status, 200);
        rows = parseCsv(r.text);
        QCOMPARE(rows.size(), std::size_t(7));
        QCOMPARE(rows[0][1], std::string("line_type"));
        std::int64_t sumNet = 0;
        for (std::size_t i = 1; i < rows.size(); ++i) sumNet += std::stoll(rows[i][7]);
        QCOMPARE(sumNet, net);

        // Mark paid: a reference is required.
        r = admin(port_, "POST", "/admin/settlements/" + id + "/paid", kSam, json::object());
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body["field"].get<std::string>(), std::string("bankReference"));
        QCOMPARE(admin(port_, "POST", "/admin/settlements/" + id + "/paid", kClara, json{{"bankReference", "KB-1"}}).status, 403);
        r = admin(port_, "POST", "/admin/settlements/" + id + "/paid", kSue, json{{"bankReference", "KB-20261124-000123"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["state"].get<std::string>(), std::string("PAID"));
        QCOMPARE(r.body["bankReference"].get<std::string>(), std::string("KB-20261124-000123"));
        QCOMPARE(balance("merchant:m1:payout_pending"), std::int64_t(0));
        QCOMPARE(audits("settlement.paid", id), std::int64_t(1));
        // Paid batches are no longer in the payout file.
        r = admin(port_, "GET", "/admin/settlements/payouts.csv?businessDay=" + dayText(day), kClara);
        QVERIFY(r.text.find(id) == std::string::npos);

        // The list finds it by merchant, state and day.
        r = admin(port_, "GET", "/admin/settlements?merchantId=m1&state=PAID&from=" + dayText(day) + "&to=" + dayText(day), kClara);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["total"].get<int>(), 1);
        QCOMPARE(r.body["items"][0]["batchId"].get<std::string>(), id);
        // Paging the lines: two pages of 4 and 2 by cursor.
        r = admin(port_, "GET", "/admin/settlements/" + id + "?limit=4", kClara);
        QCOMPARE(r.body["lines"]["items"].size(), std::size_t(4));
        const std::string cursor = r.body["lines"]["nextCursor"].get<std::string>();
        r = admin(port_, "GET", "/admin/settlements/" + id + "?limit=4&cursor=" + cursor, kClara);
        QCOMPARE(r.body["lines"]["items"].size(), std::size_t(2));
        QVERIFY(r.body["lines"]["nextCursor"].is_null());
    }

    void approverMustNotBeTheCloser() {
        const BusinessDay day = today_ - std::chrono::days{5};
        captureAt(capture(kM2, 5'000), during(day, 10h));
        Reply r = close(kSam, kM2.merchantId, day);  // a supervisor closes it...
        QCOMPARE(r.status, 200);
        const std::string id = r.body["closed"][0]["batchId"].get<std::string>();
        r = admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSam);  // ...and may not approve it
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), std::string("MAKER_CHECKER"));
        QVERIFY(r.body["message"].get<std::string>().find("four-eyes") != std::string::npos);
        QCOMPARE(r.body["closedBy"].get<std::string>(), std::string("sam"));
        r = admin(port_, "POST", "/admin/settlements/" + id + "/reject", kSam, json{{"reason", "mine"}});
        QCOMPARE(code(r), std::string("MAKER_CHECKER"));
        QCOMPARE(batch(id)["state"].get<std::string>(), std::string("CLOSED"));
        QCOMPARE(audits("settlement.approve", id), std::int64_t(0));
        r = admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSue);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["approvedBy"].get<std::string>(), std::string("sue"));
    }

    void rejectReopenAndCloseAgain() {
        const BusinessDay day = today_ - std::chrono::days{5};
        captureAt(capture(kM3, 40'000), during(day, 9h));
        const std::string id = closeOne(kM3, day)["batchId"].get<std::string>();
        QCOMPARE(batch(id)["feeAmount"].get<std::int64_t>(), kFee.feeFor(40'000));

        Reply r = admin(port_, "POST", "/admin/settlements/" + id + "/reject", kSam, json{{"reason", "   "}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body["field"].get<std::string>(), std::string("reason"));
        r = admin(port_, "POST", "/admin/settlements/" + id + "/reject", kSam, json{{"reason", "fee for m3 is 1%, not 2.5%"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["state"].get<std::string>(), std::string("REJECTED"));
        QCOMPARE(r.body["rejectReason"].get<std::string>(), std::string("fee for m3 is 1%, not 2.5%"));
        QCOMPARE(code(admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSue)), std::string("INVALID_STATE"));
        // Closing the day again leaves a rejected batch alone.
        r = close(kClara, kM3.merchantId, day);
        QCOMPARE(r.body["closedCount"].get<int>(), 0);

        // The fix, a reopen, a capture that arrived meanwhile, and the batch is closed again.
        exec("INSERT INTO settlement_settings (merchant_id, fee_bps, updated_at) VALUES ('m3', 100, UTC_TIMESTAMP(6))");
        r = admin(port_, "POST", "/admin/settlements/" + id + "/reopen", kClara);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["state"].get<std::string>(), std::string("OPEN"));
        QCOMPARE(code(admin(port_, "POST", "/admin/settlements/" + id + "/reopen", kClara)), std::string("INVALID_STATE"));
        captureAt(capture(kM3, 10'000), during(day, 20h));
        const json again = closeOne(kM3, day);
        QCOMPARE(again["batchId"].get<std::string>(), id);  // the same batch, not a second one
        QCOMPARE(again["state"].get<std::string>(), std::string("CLOSED"));
        QCOMPARE(again["reopenCount"].get<int>(), 1);
        QCOMPARE(again["captureCount"].get<int>(), 2);
        const FeeSchedule onePercent{100, 10};
        QCOMPARE(again["feeBps"].get<int>(), 100);
        QCOMPARE(again["feeAmount"].get<std::int64_t>(), onePercent.feeFor(40'000) + onePercent.feeFor(10'000));
        QCOMPARE(again["net"].get<std::int64_t>(), 50'000 - onePercent.feeFor(40'000) - onePercent.feeFor(10'000));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_batches WHERE merchant_id = 'm3'"), std::int64_t(1));
        QCOMPARE(events("settlement.closed", id), std::int64_t(2));
        for (const char* action : {"settlement.close", "settlement.reject", "settlement.reopen"}) QVERIFY(audits(action, id) >= 1);
        r = admin(port_, "POST", "/admin/settlements/" + id + "/approve", kSue);
        QCOMPARE(r.status, 200);
        QCOMPARE(payableForDay("m3", id), r.body["net"].get<std::int64_t>());
    }

    void closingTwiceChangesNothing() {
        const BusinessDay day = today_ - std::chrono::days{6};
        captureAt(capture(kM4, 3'000), during(day, 2h));
        captureAt(capture(kM4, 4'000), during(day, 3h));
        const json first = closeOne(kM4, day);
        const std::string id = first["batchId"].get<std::string>();
        for (int i = 0; i < 2; ++i) {
            Reply r = close(kClara, kM4.merchantId, day);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body["closedCount"].get<int>(), 0);
            QCOMPARE(r.body["alreadyClosed"].get<int>(), 1);
        }
        Reply all = close(kSue, std::nullopt, day);  // every merchant: still nothing new for m4
        QCOMPARE(all.status, 200);
        for (const auto& b : all.body["closed"]) QVERIFY(b["merchantId"] != "m4");
        const json now = batch(id);
        QCOMPARE(now["version"], first["version"]);
        QCOMPARE(now["closedAt"], first["closedAt"]);
        QCOMPARE(now["net"], first["net"]);
        QCOMPARE(now["lines"]["total"].get<int>(), 2);
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_batches WHERE merchant_id = 'm4'"), std::int64_t(1));
        QCOMPARE(events("settlement.closed", id), std::int64_t(1));
        QCOMPARE(audits("settlement.close", id), std::int64_t(1));
    }

    void negativeNetIsCarriedToTheNextBatch() {
        const BusinessDay dayA = today_ - std::chrono::days{9};
        const BusinessDay dayB = today_ - std::chrono::days{8};
        const BusinessDay dayC = today_ - std::chrono::days{7};
        const std::string big = capture(kM5, 10'000);
        captureAt(big, during(dayA, 12h));
        const std::string a = closeOne(kM5, dayA)["batchId"].get<std::string>();
        QCOMPARE(admin(port_, "POST", "/admin/settlements/" + a + "/approve", kSam).status, 200);

        // Day B: a refund of 8,000 and only 1,000 captured.
        refundAt(refund(kM5, big, 8'000), during(dayB, 1h));
        captureAt(capture(kM5, 1'000), during(dayB, 2h));
        const json b = closeOne(kM5, dayB);
        const std::string bId = b["batchId"].get<std::string>();
        const std::int64_t netB = 1'000 - 8'000 - kFee.feeFor(1'000);
        QCOMPARE(b["net"].get<std::int64_t>(), netB);
        QCOMPARE(b["payoutAmount"].get<std::int64_t>(), std::int64_t(0));
        QCOMPARE(b["carryOut"].get<std::int64_t>(), netB);
        QCOMPARE(admin(port_, "POST", "/admin/settlements/" + bId + "/approve", kSam).status, 200);
        QCOMPARE(payableForDay("m5", bId), netB);              // the day's payable is the (negative) net
        QCOMPARE(payableForDay("m5", bId, true), std::int64_t(0));
        QCOMPARE(balance("merchant:m5:carried"), netB);        // parked, not paid
        Reply r = admin(port_, "POST", "/admin/settlements/" + bId + "/paid", kSam, json{{"bankReference", "none"}});
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), std::string("INVALID_STATE"));
        r = admin(port_, "GET", "/admin/settlements/payouts.csv", kClara);
        QVERIFY(r.text.find(bId) == std::string::npos);

        // Day C absorbs it.
        captureAt(capture(kM5, 20'000), during(dayC, 5h));
        const json c = closeOne(kM5, dayC);
        const std::string cId = c["batchId"].get<std::string>();
        QCOMPARE(c["carryIn"].get<std::int64_t>(), netB);
        QCOMPARE(c["net"].get<std::int64_t>(), 20'000 - kFee.feeFor(20'000) + netB);
        bool carryLine = false;
        const json detail = batch(cId);
        for (const auto& line : detail["lines"]["items"]) {
            if (line["type"] == "CARRY") {
                carryLine = true;
                QCOMPARE(line["sourceId"].get<std::string>(), bId);
                QCOMPARE(line["amount"].get<std::int64_t>(), netB);
            }
        }
        QVERIFY(carryLine);
        QCOMPARE(admin(port_, "POST", "/admin/settlements/" + cId + "/approve", kSue).status, 200);
        QCOMPARE(payableForDay("m5", cId), c["net"].get<std::int64_t>());
        QCOMPARE(balance("merchant:m5:carried"), std::int64_t(0));
        QCOMPARE(balance("merchant:m5:payable"), std::int64_t(0));  // everything m5 did is settled
        // A carry is used once: the next batch does not see it again.
        captureAt(capture(kM5, 500), during(dayC + std::chrono::days{1}, 5h));
        QCOMPARE(closeOne(kM5, dayC + std::chrono::days{1})["carryIn"].get<std::int64_t>(), std::int64_t(0));
    }

    void lateRefundGoesToTheNextBatch() {
        const BusinessDay day = today_ - std::chrono::days{10};
        const std::string pay = capture(kM6, 30'000);
        captureAt(pay, during(day, 4h));
        const json first = closeOne(kM6, day);
        const std::string firstId = first["batchId"].get<std::string>();
        QCOMPARE(admin(port_, "POST", "/admin/settlements/" + firstId + "/approve", kSam).status, 200);
        // The refund comes today, after its capture's batch was closed and approved.
        const std::string rfd = refund(kM6, pay, 5'000);
        QCOMPARE(close(kClara, kM6.merchantId, day).body["closedCount"].get<int>(), 0);
        const json next = closeOne(kM6, today_);
        QCOMPARE(next["businessDay"].get<std::string>(), dayText(today_));
        QCOMPARE(next["refundCount"].get<int>(), 1);
        QCOMPARE(next["captureCount"].get<int>(), 0);
        QCOMPARE(next["net"].get<std::int64_t>(), std::int64_t(-5'000));
        const json detail = batch(next["batchId"].get<std::string>());
        QCOMPARE(detail["lines"]["items"][0]["sourceId"].get<std::string>(), rfd);
        // The closed batch was not rewritten.
        const json again = batch(firstId);
        QCOMPARE(again["version"], json(2));
        QCOMPARE(again["refundCount"].get<int>(), 0);
        QCOMPARE(again["net"], first["net"]);
        QCOMPARE(again["lines"]["total"].get<int>(), 1);
    }

    // With a clock of its own: a day closed before it is over keeps collecting its stragglers
    // for the merchant's next batch, and the closed batch itself never changes.
    void itemsArrivingAfterAnEarlyCloseGoToTheNextBatch() {
        const BusinessDay day = today_ - std::chrono::days{20};
        const auto w = seoul_->window(day);
        SettlementOptions options;
        options.fee = kFee;
        MerchantCalendars calendars(*seoul_);
        MockClock clock(w.start + 12h);
        SettlementCloser closer(options, calendars, clock);
        const CloseActor actor{"test-closer", "clerk", "late-test"};
        auto conn = db();

        insertCaptured("late1", "pay_late1_a", 1'000, w.start + 1h);
        auto first = closer.closeDay(*conn, day, std::string("late1"), actor);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        QCOMPARE(first->closed.size(), std::size_t(1));
        const std::string id = first->closed[0].batchId;
        QVERIFY(scalar("SELECT late_until IS NOT NULL FROM settlement_batches WHERE batch_id = " + q(id)) == 1);

        // Later that same day: another capture and a refund.
        insertCaptured("late1", "pay_late1_b", 2'000, w.start + 13h);
        exec("INSERT INTO refunds (refund_id, payment_id, merchant_id, amount, currency, reason, created_at) VALUES "
             "('rfd_late1_a', 'pay_late1_a', 'late1', 300, 'KRW', 'late', " + sqlTime(w.start + 14h) + ")");
        clock.set(w.start + 15h);
        auto again = closer.closeDay(*conn, day, std::string("late1"), actor);
        QVERIFY(again.ok());
        QCOMPARE(again->closed.size(), std::size_t(0));
        QCOMPARE(again->alreadyClosed, std::int64_t(1));

        // The next day is closed after the first one is over: it takes the stragglers.
        clock.set(w.end + 12h);
        auto next = closer.closeDay(*conn, day + std::chrono::days{1}, std::string("late1"), actor);
        QVERIFY2(next.ok(), next.ok() ? "" : next.error().message.c_str());
        QCOMPARE(next->closed.size(), std::size_t(1));
        const BatchRecord& b = next->closed[0];
        QCOMPARE(b.businessDay, dayText(day + std::chrono::days{1}));
        QCOMPARE(b.captureCount, std::int64_t(1));
        QCOMPARE(b.captureAmount, std::int64_t(2'000));
        QCOMPARE(b.refundCount, std::int64_t(1));
        QCOMPARE(b.refundAmount, std::int64_t(300));
        QCOMPARE(b.net, 2'000 - 300 - kFee.feeFor(2'000));
        const json original = batch(id);
        QCOMPARE(original["captureCount"].get<int>(), 1);
        QCOMPARE(original["version"].get<int>(), 1);
        QCOMPARE(original["lines"]["total"].get<int>(), 1);
        QVERIFY(scalar("SELECT late_until IS NULL FROM settlement_batches WHERE batch_id = " + q(id)) == 1);
    }

    // Two closers (as on two instances) closing the same day at the same moment: one batch.
    void racingClosersCloseOnce() {
        const BusinessDay day = today_ - std::chrono::days{19};
        const auto w = seoul_->window(day);
        for (int i = 0; i < 200; ++i) insertCaptured("conc1", "pay_conc1_" + std::to_string(i), 100 + i, w.start + std::chrono::minutes(i));
        SettlementOptions options;
        options.fee = kFee;
        MerchantCalendars calendars(*seoul_);
        SystemClock& clock = SystemClock::instance();
        std::atomic<int> ready{0};
        std::atomic<std::size_t> closed{0};
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                auto conn = db();
                SettlementCloser closer(options, calendars, clock);
                ready.fetch_add(1);
                while (ready.load() < 4) std::this_thread::yield();
                // Half close only conc1, half close every merchant of the day.
                auto r = closer.closeDay(*conn, day, t % 2 == 0 ? std::optional<std::string>("conc1") : std::nullopt,
                                         CloseActor{"closer-" + std::to_string(t), "clerk", "race"});
                if (!r.ok()) {
                    failures.fetch_add(1);
                    return;
                }
                for (const auto& b : r->closed) {
                    if (b.merchantId == "conc1") closed.fetch_add(1);
                }
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(closed.load(), std::size_t(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_batches WHERE merchant_id = 'conc1'"), std::int64_t(1));
        QCOMPARE(scalar("SELECT capture_count FROM settlement_batches WHERE merchant_id = 'conc1'"), std::int64_t(200));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_lines l JOIN settlement_batches b ON b.batch_id = l.batch_id WHERE b.merchant_id = 'conc1'"),
                 std::int64_t(200));
        QCOMPARE(scalar("SELECT COUNT(*) FROM outbox o JOIN settlement_batches b ON b.batch_id = o.aggregate_id "
                        "WHERE b.merchant_id = 'conc1' AND o.event_type = 'settlement.closed'"),
                 std::int64_t(1));
    }

    // Totals past BIGINT (the database holds whatever it is given; the API's payment limits keep
    // real ones far away) stop the close with AMOUNT_OVERFLOW, whatever the session's sql_mode,
    // instead of an internal error or a total clamped to the largest BIGINT.
    void totalsBeyondBigintStopTheClose() {
        const BusinessDay day = today_ - std::chrono::days{23};
        const auto w = seoul_->window(day);
        // 300 captures of 3.6 * 10^16: each fee fits (amount * 250 < 2^63), their sum does not.
        std::string rows;
        for (int i = 0; i < 300; ++i) {
            const std::string id = "pay_ovf1_" + std::to_string(i);
            rows += std::string(rows.empty() ? "" : ",") + "(" + q(id) + ", 'ovf1', " + q("k-" + id) +
                    ", 'CAPTURED', 36000000000000000, 'KRW', 36000000000000000, 'test', " + sqlTime(w.start + 1min) +
                    ", " + sqlTime(w.start + 1min) + ", " + sqlTime(w.start + 1min) + ")";
        }
        exec(
            "INSERT INTO payments (payment_id, merchant_id, idempotency_key, status, amount, currency, "
            "captured_amount, message, "
            "requested_at, updated_at, captured_at) VALUES " +
            rows);
        // One capture whose fee itself cannot be computed in BIGINT (4 * 10^16 * 250).
        insertCaptured("ovf2", "pay_ovf2", 40'000'000'000'000'000, w.start + 2min);

        SettlementOptions options;
        options.fee = kFee;
        MerchantCalendars calendars(*seoul_);
        for (const char* sqlMode : {"STRICT_TRANS_TABLES", ""}) {
            auto conn = db();
            QVERIFY(conn->execute("SET SESSION sql_mode = " + conn->quote(sqlMode)).ok());
            SettlementCloser closer(options, calendars, SystemClock::instance());
            for (const char* merchant : {"ovf1", "ovf2"}) {
                auto r = closer.closeDay(*conn, day, std::string(merchant), CloseActor{"clara", "clerk", "overflow"});
                QVERIFY2(!r.ok(), merchant);
                QVERIFY2(r.error().code == "AMOUNT_OVERFLOW",
                         (std::string(sqlMode) + ": " + r.error().code + " " + r.error().message).c_str());
                QVERIFY2(r.error().message.find("nothing was closed") != std::string::npos, r.error().message.c_str());
            }
        }
        // Through the API: a stable code, and still nothing closed, no line, no event.
        const Reply r = close(kClara, std::string("ovf1"), day);
        QCOMPARE(r.status, 422);
        QCOMPARE(code(r), std::string("AMOUNT_OVERFLOW"));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_batches WHERE merchant_id IN ('ovf1', 'ovf2')"),
                 std::int64_t(0));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_lines WHERE source_id LIKE 'pay_ovf%'"), std::int64_t(0));
        QCOMPARE(
            scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'settlement.close' AND correlation_id = 'overflow'"),
            std::int64_t(0));
        // Out of the way of the other tests' closes.
        exec("DELETE FROM payments WHERE merchant_id IN ('ovf1', 'ovf2')");
    }

    // Two more paydeskd on the same database, schedulers every 300 ms: each day closes once.
    // The scheduler on a clock of its own: a day closes only once it is over and the grace period
    // has passed, exactly once however often the scheduler runs, and after an outage the missed days
    // are caught up, oldest first.
    void schedulerFollowsItsClock() {
        const BusinessDay day = today_ - std::chrono::days{40};
        const auto w = seoul_->window(day);
        insertCaptured("sched1", "pay_sched1_a", 5'000, w.start + 10h);
        insertCaptured("sched1", "pay_sched1_b", 7'000, w.end - 1min);
        SettlementOptions options;
        options.fee = kFee;
        MerchantCalendars calendars(*seoul_);
        MockClock clock(w.end + 1min);  // the day is over, the grace period (5 min) is not
        SettlementCloser closer(options, calendars, clock);
        store::DbPool pool(endpoint(), 2);
        exec("DELETE FROM leases WHERE name = 'settlement.scheduler'");  // the server's scheduler holds it for an hour
        SettlementScheduler scheduler(options, calendars, closer, clock, pool, "scheduler-under-test");
        const std::string batchesOfDay = "SELECT COUNT(*) FROM settlement_batches WHERE merchant_id = 'sched1' AND business_day = ";

        QCOMPARE(scheduler.runOnce(), 0L);
        QCOMPARE(scalar(batchesOfDay + q(dayText(day))), std::int64_t(0));

        clock.set(w.end + options.grace + 1s);
        QCOMPARE(scheduler.runOnce(), 1L);
        auto conn = db();
        auto row = conn->query("SELECT capture_count, capture_amount, state, closed_by FROM settlement_batches WHERE merchant_id = 'sched1' "
                               "AND business_day = " + q(dayText(day)));
        QVERIFY(row.ok() && row->rows.size() == 1);
        QCOMPARE(row->integer(0, 0), std::int64_t(2));
        QCOMPARE(row->integer(0, 1), std::int64_t(12'000));
        QCOMPARE(row->text(0, 2), std::string("CLOSED"));
        QCOMPARE(row->text(0, 3), std::string(SettlementScheduler::kActor));

        clock.advance(10min);
        QCOMPARE(scheduler.runOnce(), 0L);  // already closed: nothing changes
        QCOMPARE(scalar(batchesOfDay + q(dayText(day))), std::int64_t(1));

        // Three days without a scheduler: the next run closes the two days that had activity.
        insertCaptured("sched1", "pay_sched1_c", 3'000, seoul_->window(day + std::chrono::days{1}).start + 1h);
        insertCaptured("sched1", "pay_sched1_d", 4'000, seoul_->window(day + std::chrono::days{2}).start + 1h);
        clock.set(seoul_->window(day + std::chrono::days{3}).end + options.grace + 1s);
        QCOMPARE(scheduler.runOnce(), 2L);
        QCOMPARE(scalar(batchesOfDay + q(dayText(day + std::chrono::days{1}))), std::int64_t(1));
        QCOMPARE(scalar(batchesOfDay + q(dayText(day + std::chrono::days{2}))), std::int64_t(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_batches WHERE merchant_id = 'sched1'"), std::int64_t(3));
        exec("DELETE FROM leases WHERE name = 'settlement.scheduler'");
    }

    void twoSchedulersCloseEachDayOnce() {
        // A zone in which yesterday ended more than the grace period ago (not just after midnight).
        const auto now = std::chrono::system_clock::now();
        std::optional<BusinessCalendar> zone;
        for (const char* name : {"Asia/Tokyo", "Europe/Berlin", "America/New_York"}) {
            auto c = calendar(name);
            if (now - c.startOf(c.dayOf(now)) > 15min) {
                zone = c;
                break;
            }
        }
        QVERIFY(zone);
        const BusinessDay yesterday = zone->dayOf(now) - std::chrono::days{1};
        const auto w = zone->window(yesterday);
        const std::string p1 = capture(kR1, 11'000);
        const std::string p2 = capture(kR1, 12'000);
        const std::string p3 = capture(kR2, 13'000);
        captureAt(p1, w.start + 2h);
        captureAt(p2, w.start + 3h);
        captureAt(p3, w.start + 4h);
        // The main instance took the scheduler lease at start-up and will not look again for an
        // hour; let it lapse, as if that instance had gone away.
        exec("DELETE FROM leases WHERE name = 'settlement.scheduler'");

        const QStringList flags = {"--settlement-time-zone", QString::fromStdString(zone->timeZone()), "--settlement-interval-ms", "300"};
        auto a = startAux(flags);
        auto b = startAux(flags);
        QVERIFY(a && b);
        QVERIFY2(a->waitReady(60s), qPrintable(a->output()));
        QVERIFY2(b->waitReady(60s), qPrintable(b->output()));
        const std::string batches = "SELECT COUNT(*) FROM settlement_batches WHERE merchant_id IN ('r1', 'r2') AND business_day = " +
                                    q(dayText(yesterday));
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (scalar(batches) < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(200ms);
        std::this_thread::sleep_for(2s);  // both schedulers have had several more turns
        QCOMPARE(scalar(batches), std::int64_t(2));
        QCOMPARE(scalar("SELECT COUNT(*) FROM settlement_runs WHERE time_zone = " + q(zone->timeZone()) + " AND business_day = " +
                        q(dayText(yesterday))),
                 std::int64_t(1));
        auto conn = db();
        auto rows = conn->query("SELECT batch_id, merchant_id, capture_count, capture_amount, closed_by FROM settlement_batches "
                                "WHERE merchant_id IN ('r1', 'r2') ORDER BY merchant_id");
        QCOMPARE(rows->rows.size(), std::size_t(2));
        QCOMPARE(rows->integer(0, 2), std::int64_t(2));
        QCOMPARE(rows->integer(0, 3), std::int64_t(23'000));
        QCOMPARE(rows->integer(1, 2), std::int64_t(1));
        for (std::size_t r = 0; r < 2; ++r) {
            QCOMPARE(rows->text(r, 4), std::string("system:settlement-scheduler"));
            QCOMPARE(events("settlement.closed", rows->text(r, 0)), std::int64_t(1));
            QCOMPARE(audits("settlement.close", rows->text(r, 0)), std::int64_t(1));
        }
        QCOMPARE(a->terminate(), 0);
        QCOMPARE(b->terminate(), 0);
    }

    void ledgerVerifyPassesAfterApprovals() {
        QVERIFY(scalar("SELECT COUNT(*) FROM journal_entries WHERE kind IN ('FEE', 'PAYOUT', 'PAYOUT_PAID', 'CARRY_IN', 'CARRY_OUT')") >= 8);
        QCOMPARE(scalar("SELECT COALESCE(SUM(debit) - SUM(credit), 0) FROM journal_lines"), std::int64_t(0));
        QProcess verify;
        verify.start(paydeskdBinary(), {"ledger", "verify", "--data-dir", dir_});
        QVERIFY(verify.waitForFinished(60'000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardError().constData());
        QVERIFY(verify.readAllStandardOutput().contains("ledger intact"));
    }
};

QTEST_GUILESS_MAIN(TestSettlement)
#include "tst_Settlement.moc"
