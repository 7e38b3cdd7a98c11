#include "operator/PaymentQueries.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/Logger.h"
#include "http/JsonBody.h"
#include "payments/PaymentCommands.h"
#include "payments/PaymentStatus.h"
#include "store/Database.h"

namespace paydesk::operators {

using nlohmann::json;

namespace {

const char* sortName(PaymentSearch::SortKey k) {
    switch (k) {
        case PaymentSearch::SortKey::RequestedAt:
            return "requestedAt";
        case PaymentSearch::SortKey::UpdatedAt:
            return "updatedAt";
        case PaymentSearch::SortKey::Amount:
            return "amount";
    }
    return "requestedAt";
}

const char* sortColumn(PaymentSearch::SortKey k) {
    switch (k) {
        case PaymentSearch::SortKey::RequestedAt:
            return "requested_at";
        case PaymentSearch::SortKey::UpdatedAt:
            return "updated_at";
        case PaymentSearch::SortKey::Amount:
            return "amount";
    }
    return "requested_at";
}

// The sort column as text the cursor can carry and the WHERE clause can compare against exactly.
std::string sortValueExpression(PaymentSearch::SortKey k) {
    if (k == PaymentSearch::SortKey::Amount) return "amount";
    return std::string("DATE_FORMAT(") + sortColumn(k) + ", '%Y-%m-%d %H:%i:%s.%f')";
}

struct Cursor {
    std::string value;
    std::string paymentId;
};

std::string makeCursor(const PaymentSearch& s, const std::string& value, const std::string& paymentId) {
    return encodeCursor(std::string(sortName(s.sort)) + (s.descending ? "-" : "+") + "\n" + value + "\n" + paymentId);
}

std::optional<Cursor> readCursor(const PaymentSearch& s, const std::string& text) {
    const auto decoded = decodeCursor(text);
    if (!decoded) return std::nullopt;
    const std::size_t a = decoded->find('\n');
    const std::size_t b = a == std::string::npos ? a : decoded->find('\n', a + 1);
    if (b == std::string::npos) return std::nullopt;
    // A cursor belongs to one ordering; reusing it with another would skip or repeat rows.
    if (decoded->substr(0, a) != std::string(sortName(s.sort)) + (s.descending ? "-" : "+")) return std::nullopt;
    Cursor c{decoded->substr(a + 1, b - a - 1), decoded->substr(b + 1)};
    if (!validId(c.paymentId, 40)) return std::nullopt;
    if (s.sort == PaymentSearch::SortKey::Amount) {
        if (!parseCount(c.value, static_cast<std::size_t>(INT64_MAX))) return std::nullopt;
    } else {
        const auto t = parseUtcTimestamp(c.value);
        if (!t || *t != c.value) return std::nullopt;
    }
    return c;
}

}  // namespace

std::optional<FieldProblem> PaymentSearch::fromQuery(const http::HttpRequest& request, PaymentSearch& out) {
    out = PaymentSearch{};
    out.merchantId = request.queryParam("merchantId");
    if (!out.merchantId.empty() && !validId(out.merchantId, 64))
        return FieldProblem{"merchantId", "merchantId is not a valid merchant id"};
    std::string status = request.queryParam("status");
    if (!status.empty()) {
        std::transform(status.begin(), status.end(), status.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        if (!payments::parsePaymentStatus(status)) {
            return FieldProblem{
                "status",
                "status must be one of AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED, VOIDED, EXPIRED, DECLINED"};
        }
        out.status = status;
    }
    if (auto p = readTimeRange(request, out.fromSql, out.toSql)) return p;
    out.q = request.queryParam("q");
    while (!out.q.empty() && std::isspace(static_cast<unsigned char>(out.q.front()))) out.q.erase(0, 1);
    while (!out.q.empty() && std::isspace(static_cast<unsigned char>(out.q.back()))) out.q.pop_back();
    if (out.q.size() > 255) return FieldProblem{"q", "q is longer than 255 characters"};
    std::string sort = request.queryParam("sort");
    if (!sort.empty()) {
        out.descending = sort.front() == '-';
        if (sort.front() == '-' || sort.front() == '+') sort.erase(0, 1);
        if (sort == "requestedAt")
            out.sort = SortKey::RequestedAt;
        else if (sort == "updatedAt")
            out.sort = SortKey::UpdatedAt;
        else if (sort == "amount")
            out.sort = SortKey::Amount;
        else
            return FieldProblem{
                "sort", "sort must be requestedAt, updatedAt or amount, optionally prefixed with '-' for descending"};
    }
    return std::nullopt;
}

Result<json> PaymentQueries::search(store::DbConnection& c, const PaymentSearch& s, const Page& page) {
    std::string where = " WHERE 1=1";
    if (!s.merchantId.empty()) where += " AND merchant_id = " + c.quote(s.merchantId);
    if (!s.status.empty()) where += " AND status = " + c.quote(s.status);
    if (!s.fromSql.empty()) where += " AND requested_at >= " + c.quote(s.fromSql);
    if (!s.toSql.empty()) where += " AND requested_at < " + c.quote(s.toSql);
    if (!s.q.empty()) {
        where += " AND (payment_id LIKE " + c.quote(likePrefix(s.q)) + " OR acquirer_txn_id = " + c.quote(s.q) +
                 " OR idempotency_key = " + c.quote(s.q) + " OR card_last4 = " + c.quote(s.q) + ")";
    }
    const std::string column = sortColumn(s.sort);
    const std::string valueExpr = sortValueExpression(s.sort);
    std::string pageWhere = where;
    std::size_t offset = page.offset;
    if (!page.cursor.empty()) {
        const auto cursor = readCursor(s, page.cursor);
        if (!cursor) {
            return Error::make(ErrorCode::ValidationError, "cursor is not one this server issued for this sort order",
                               {{"field", "cursor"}});
        }
        const char* op = s.descending ? "<" : ">";
        const std::string value = s.sort == PaymentSearch::SortKey::Amount ? cursor->value : c.quote(cursor->value);
        pageWhere += " AND (" + column + " " + op + " " + value + " OR (" + column + " = " + value +
                     " AND payment_id " + op + " " + c.quote(cursor->paymentId) + "))";
        offset = 0;
    }
    const char* dir = s.descending ? " DESC" : " ASC";
    auto rows = c.query(std::string("SELECT ") + payments::PaymentCommands::kPaymentColumns + ", " + valueExpr +
                        " FROM payments" + pageWhere + " ORDER BY " + column + dir + ", payment_id" + dir + " LIMIT " +
                        std::to_string(page.limit + 1) + " OFFSET " + std::to_string(offset));
    if (!rows.ok()) return rows.error();
    // Counting a million matches is not cheap; counting up to the cap is, and says "more than".
    auto total = c.query("SELECT COUNT(*) FROM (SELECT 1 FROM payments" + where + " LIMIT " +
                         std::to_string(kTotalCap + 1) + ") t");
    if (!total.ok()) return total.error();

    constexpr std::size_t kSortValue = 15;  // the column after kPaymentColumns' fifteen
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) items.push_back(payments::PaymentCommands::paymentJson(*rows, r));
    const bool more = rows->rows.size() > page.limit;
    const auto counted = static_cast<std::size_t>(total->integer(0, 0));
    json out = {{"items", std::move(items)},
                {"limit", page.limit},
                {"offset", offset},
                {"total", std::min(counted, kTotalCap)},
                {"totalCapped", counted > kTotalCap}};
    out["nextCursor"] =
        more ? json(makeCursor(s, rows->text(shown - 1, kSortValue), rows->text(shown - 1, 0))) : json(nullptr);
    out["nextOffset"] = more && page.cursor.empty() ? json(offset + shown) : json(nullptr);
    return out;
}

Result<json> PaymentQueries::detail(store::DbConnection& c, const std::string& paymentId) {
    auto rows = c.query(std::string("SELECT ") + payments::PaymentCommands::kPaymentColumns +
                        " FROM payments WHERE payment_id = " + c.quote(paymentId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return Error::make(ErrorCode::NotFound, "no payment " + paymentId);
    json payment = payments::PaymentCommands::paymentJson(*rows, 0);
    const std::string id = c.quote(paymentId);
    auto refunds = c.query("SELECT refund_id, amount, reason, " + isoColumn("created_at") +
                           " FROM refunds WHERE payment_id = " + id + " ORDER BY created_at");
    auto entries = c.query(
        "SELECT e.entry_id, e.kind, e.reference, " + isoColumn("e.created_at") +
        ", e.hash, l.account, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.entry_id "
        "WHERE e.payment_id = " +
        id + " ORDER BY e.entry_id, l.line_no");
    auto events = c.query("SELECT event_id, topic, event_type, " + isoColumn("occurred_at") + ", " +
                          isoColumn("published_at") + ", correlation_id FROM outbox WHERE aggregate_id = " + id +
                          " AND aggregate_type = 'payment' ORDER BY seq");
    auto dead = c.query("SELECT dead_letter_id, event_id, event_type, status, " + isoColumn("dead_lettered_at") +
                        ", error_class FROM dead_letters WHERE message_key = " + id + " ORDER BY dead_lettered_at");
    for (const auto* q : {&refunds, &entries, &events, &dead}) {
        if (!q->ok()) return q->error();
    }
    payment["refunds"] = json::array();
    for (std::size_t r = 0; r < refunds->rows.size(); ++r) {
        payment["refunds"].push_back({{"refundId", refunds->text(r, 0)},
                                      {"amount", refunds->integer(r, 1)},
                                      {"reason", refunds->text(r, 2)},
                                      {"createdAt", isoMillis(refunds->text(r, 3))}});
    }
    payment["ledger"] = json::array();
    for (std::size_t r = 0; r < entries->rows.size(); ++r) {
        const std::int64_t entry = entries->integer(r, 0);
        if (payment["ledger"].empty() || payment["ledger"].back()["entryId"].get<std::int64_t>() != entry) {
            payment["ledger"].push_back({{"entryId", entry},
                                         {"kind", entries->text(r, 1)},
                                         {"reference", entries->text(r, 2)},
                                         {"createdAt", isoMillis(entries->text(r, 3))},
                                         {"hash", entries->text(r, 4)},
                                         {"lines", json::array()}});
        }
        payment["ledger"].back()["lines"].push_back(
            {{"account", entries->text(r, 5)}, {"debit", entries->integer(r, 6)}, {"credit", entries->integer(r, 7)}});
    }
    payment["events"] = json::array();
    for (std::size_t r = 0; r < events->rows.size(); ++r) {
        json e = {{"eventId", events->text(r, 0)},
                  {"topic", events->text(r, 1)},
                  {"eventType", events->text(r, 2)},
                  {"occurredAt", isoMillis(events->text(r, 3))},
                  {"correlationId", events->text(r, 5)}};
        e["publishedAt"] = events->rows[r][4] ? json(isoMillis(*events->rows[r][4])) : json(nullptr);
        payment["events"].push_back(std::move(e));
    }
    payment["deadLetters"] = json::array();
    for (std::size_t r = 0; r < dead->rows.size(); ++r) {
        payment["deadLetters"].push_back({{"id", dead->text(r, 0)},
                                          {"eventId", dead->text(r, 1)},
                                          {"eventType", dead->text(r, 2)},
                                          {"status", dead->text(r, 3)},
                                          {"deadLetteredAt", isoMillis(dead->text(r, 4))},
                                          {"errorClass", dead->text(r, 5)}});
    }
    return payment;
}

Result<json> PaymentQueries::stats(store::DbConnection& c) {
    auto now = c.query("SELECT " + isoColumn("UTC_TIMESTAMP(6)"));
    auto byStatus = c.query(
        "SELECT status, COUNT(*) FROM payments WHERE requested_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY GROUP BY "
        "status");
    auto outbox = c.query(
        "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(occurred_at), UTC_TIMESTAMP(6)), 0) FROM outbox "
        "WHERE published_at IS NULL");
    auto dead = c.query("SELECT status, COUNT(*) FROM dead_letters GROUP BY status");
    for (const auto* q : {&now, &byStatus, &outbox, &dead}) {
        if (!q->ok()) return q->error();
    }
    json statuses = json::object();
    for (const char* s : {"AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "EXPIRED", "DECLINED"})
        statuses[s] = 0;
    std::int64_t total = 0;
    for (std::size_t r = 0; r < byStatus->rows.size(); ++r) {
        statuses[byStatus->text(r, 0)] = byStatus->integer(r, 1);
        total += byStatus->integer(r, 1);
    }
    json deadLetters = {{"open", 0}, {"replayed", 0}, {"discarded", 0}};
    for (std::size_t r = 0; r < dead->rows.size(); ++r) {
        std::string key = dead->text(r, 0);
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        deadLetters[key] = dead->integer(r, 1);
    }
    const json out = {
        {"generatedAt", isoMillis(now->text(0, 0))},
        {"payments24h", {{"total", total}, {"byStatus", std::move(statuses)}}},
        {"outbox",
         {{"backlog", outbox->integer(0, 0)}, {"oldestAgeSeconds", static_cast<double>(outbox->integer(0, 1)) / 1e6}}},
        {"deadLetters", std::move(deadLetters)}};
    return out;
}

}  // namespace paydesk::operators
