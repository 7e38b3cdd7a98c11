#include "settlement/SettlementQueries.h"

#include <algorithm>
#include <cassert>
#include <cctype>

#include "core/Logger.h"
#include "http/JsonBody.h"
#include "settlement/BatchRecord.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/CsvWriter.h"
#include "settlement/SettlementState.h"
#include "store/Database.h"

namespace paydesk::settlement {

using nlohmann::json;

namespace {

Error notFound(const std::string& id) {
    return Error::make(ErrorCode::NotFound, "no settlement batch " + id);
}

std::string lineColumns() {
    return "batch_id, source_type, source_id, COALESCE(payment_id, IF(source_type = 'CAPTURE', source_id, '')), " +
           operators::isoColumn("occurred_at") + ", amount, fee";
}

json lineJson(const store::DbResult& rows, std::size_t r) {
    const std::int64_t amount = rows.integer(r, 5);
    const std::int64_t fee = rows.integer(r, 6);
    json j = {{"type", rows.text(r, 1)},
              {"sourceId", rows.text(r, 2)},
              {"occurredAt", operators::isoMillis(rows.text(r, 4))},
              {"amount", amount},
              {"fee", fee},
              {"net", amount - fee}};
    j["paymentId"] = rows.text(r, 3).empty() ? json(nullptr) : json(rows.text(r, 3));
    return j;
}

}  // namespace

std::optional<operators::FieldProblem> BatchFilter::fromQuery(const http::HttpRequest& request, BatchFilter& out) {
    out = BatchFilter{};
    out.merchantId = request.queryParam("merchantId");
    if (!out.merchantId.empty() && !operators::validId(out.merchantId, 64)) {
        return operators::FieldProblem{"merchantId", "merchantId has invalid characters or is longer than 64"};
    }
    out.state = request.queryParam("state");
    std::transform(out.state.begin(), out.state.end(), out.state.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!out.state.empty() && !parseSettlementState(out.state)) {
        return operators::FieldProblem{"state", "state must be OPEN, CLOSED, APPROVED, PAID or REJECTED"};
    }
    for (auto [name, target] : {std::pair<const char*, std::string*>{"from", &out.fromDay}, {"to", &out.toDay}}) {
        const std::string value = request.queryParam(name);
        if (value.empty()) continue;
        if (!BusinessCalendar::parseDay(value))
            return operators::FieldProblem{name, std::string(name) + " must be a business day like 2026-11-23"};
        *target = value;
    }
    if (!out.fromDay.empty() && !out.toDay.empty() && out.toDay < out.fromDay)
        return operators::FieldProblem{"to", "to is earlier than from"};
    return std::nullopt;
}

Result<json> SettlementQueries::list(store::DbConnection& c, const BatchFilter& f, const operators::Page& page) {
    std::string where = " WHERE 1=1";
    if (!f.merchantId.empty()) where += " AND merchant_id = " + c.quote(f.merchantId);
    if (!f.state.empty()) where += " AND state = " + c.quote(f.state);
    if (!f.fromDay.empty()) where += " AND business_day >= " + c.quote(f.fromDay);
    if (!f.toDay.empty()) where += " AND business_day <= " + c.quote(f.toDay);
    auto rows = c.query("SELECT " + BatchRecord::columns() + " FROM settlement_batches" + where +
                        " ORDER BY business_day DESC, merchant_id, currency LIMIT " + std::to_string(page.limit + 1) +
                        " OFFSET " + std::to_string(page.offset));
    if (!rows.ok()) return rows.error();
    auto total = c.query("SELECT COUNT(*) FROM (SELECT 1 FROM settlement_batches" + where + " LIMIT " +
                         std::to_string(kTotalCap + 1) + ") t");
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) items.push_back(BatchRecord::fromRow(*rows, r).toJson());
    const bool more = rows->rows.size() > page.limit;
    const auto counted = static_cast<std::size_t>(total->integer(0, 0));
    json out = {{"items", std::move(items)},
                {"limit", page.limit},
                {"offset", page.offset},
                {"total", std::min(counted, kTotalCap)},
                {"totalCapped", counted > kTotalCap}};
    out["nextOffset"] = more ? json(page.offset + shown) : json(nullptr);
    out["nextCursor"] = nullptr;
    return out;
}

Result<json> SettlementQueries::detail(store::DbConnection& c, const std::string& batchId,
                                       const operators::Page& page) {
    auto rows =
        c.query("SELECT " + BatchRecord::columns() + " FROM settlement_batches WHERE batch_id = " + c.quote(batchId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return notFound(batchId);
    json out = BatchRecord::fromRow(*rows, 0).toJson();

    std::string where = " WHERE batch_id = " + c.quote(batchId);
    std::size_t offset = page.offset;
    if (!page.cursor.empty()) {
        // Keyset on the source id (the table's order within a batch): deep pages stay cheap.
        const auto after = operators::decodeCursor(page.cursor);
        if (!after || !operators::validId(*after, 40))
            return Error::make(ErrorCode::ValidationError, "cursor is not one this server issued",
                               {{"field", "cursor"}});
        where += " AND source_id > " + c.quote(*after);
        offset = 0;
    }
    auto lines = c.query("SELECT " + lineColumns() + " FROM settlement_lines" + where + " ORDER BY source_id LIMIT " +
                         std::to_string(page.limit + 1) + " OFFSET " + std::to_string(offset));
    if (!lines.ok()) return lines.error();
    auto total = c.query("SELECT COUNT(*) FROM settlement_lines WHERE batch_id = " + c.quote(batchId));
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(lines->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) items.push_back(lineJson(*lines, r));
    const bool more = lines->rows.size() > page.limit;
    json linesPage = {
        {"items", std::move(items)}, {"limit", page.limit}, {"offset", offset}, {"total", total->integer(0, 0)}};
    linesPage["nextCursor"] = more ? json(operators::encodeCursor(lines->text(shown - 1, 2))) : json(nullptr);
    linesPage["nextOffset"] = more && page.cursor.empty() ? json(offset + shown) : json(nullptr);
    out["lines"] = std::move(linesPage);
    return out;
}

Result<CsvFile> SettlementQueries::linesCsv(store::DbConnection& c, const std::string& batchId) {
    auto batch = c.query("SELECT currency FROM settlement_batches WHERE batch_id = " + c.quote(batchId));
    if (!batch.ok()) return batch.error();
    if (batch->rows.empty()) return notFound(batchId);
    const std::string currency = batch->text(0, 0);
    CsvWriter out;
    out.row({"batch_id", "line_type", "source_id", "payment_id", "occurred_at", "amount", "fee", "net", "currency"});
    // In pages, so a batch of a million lines never sits in memory as one result set.
    constexpr std::size_t kChunk = 10'000;
    std::string after;
    for (;;) {
        auto rows = c.query("SELECT " + lineColumns() + " FROM settlement_lines WHERE batch_id = " + c.quote(batchId) +
                            (after.empty() ? "" : " AND source_id > " + c.quote(after)) + " ORDER BY source_id LIMIT " +
                            std::to_string(kChunk));
        if (!rows.ok()) return rows.error();
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            const std::int64_t amount = rows->integer(r, 5);
            const std::int64_t fee = rows->integer(r, 6);
            out.row({rows->text(r, 0), rows->text(r, 1), rows->text(r, 2), rows->text(r, 3),
                     operators::isoMillis(rows->text(r, 4)), CsvWriter::number(amount), CsvWriter::number(fee),
                     CsvWriter::number(amount - fee), currency});
        }
        if (rows->rows.size() < kChunk) break;
        after = rows->text(rows->rows.size() - 1, 2);
    }
    return CsvFile{out.take(), batchId + "-lines.csv"};
}

Result<CsvFile> SettlementQueries::payoutsCsv(store::DbConnection& c, const std::optional<std::string>& businessDay) {
    std::string where = " WHERE state = 'APPROVED' AND payout_amount > 0";
    if (businessDay) where += " AND business_day = " + c.quote(*businessDay);
    auto rows = c.query("SELECT " + BatchRecord::columns() + " FROM settlement_batches" + where +
                        " ORDER BY business_day, merchant_id, currency");
    if (!rows.ok()) return rows.error();
    CsvWriter out;
    out.row({"batch_id", "merchant_id", "business_day", "currency", "payout_amount", "capture_count", "gross_amount",
             "refund_count", "refund_amount", "fee_amount", "carry_in", "net_amount", "approved_by", "approved_at"});
    for (std::size_t r = 0; r < rows->rows.size(); ++r) {
        const BatchRecord b = BatchRecord::fromRow(*rows, r);
        assert(b.payout == b.net && b.payout > 0);
        out.row({b.batchId, b.merchantId, b.businessDay, b.currency, CsvWriter::number(b.payout),
                 CsvWriter::number(b.captureCount), CsvWriter::number(b.captureAmount),
                 CsvWriter::number(b.refundCount), CsvWriter::number(b.refundAmount), CsvWriter::number(b.feeAmount),
                 CsvWriter::number(b.carryIn), CsvWriter::number(b.net), b.approvedBy.value_or(""),
                 b.approvedAt.value_or("")});
    }
    return CsvFile{out.take(), "payouts" + (businessDay ? "-" + *businessDay : std::string()) + ".csv"};
}

}  // namespace paydesk::settlement
