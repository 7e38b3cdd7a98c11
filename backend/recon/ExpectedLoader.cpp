#include "recon/ExpectedLoader.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>

#include "recon/BankFields.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::recon {

namespace {

// TO_DAYS('1970-01-01'): turns MariaDB's day numbers into ours (days since 1970-01-01).
constexpr int kToDaysEpoch = 719528;

Readiness paymentReadiness(const std::string& status) {
    if (status == "CAPTURED" || status == "PARTIALLY_REFUNDED" || status == "REFUNDED") return Readiness::Ready;
    if (status == "AUTHORIZED") return Readiness::Early;
    return Readiness::Dead;  // DECLINED, VOIDED, EXPIRED
}

Readiness batchReadiness(const std::string& state) {
    if (state == "APPROVED" || state == "PAID") return Readiness::Ready;
    if (state == "REJECTED") return Readiness::Dead;
    return Readiness::Early;  // OPEN, CLOSED
}

std::int32_t toDay(const store::DbResult& r, std::size_t row, std::size_t column) {
    return static_cast<std::int32_t>(r.integer(row, column));
}

Status tooMany() {
    return Error::make(ErrorCode::TooManyItems,
                       "more than " + std::to_string(ExpectedLoader::kMaxItems) +
                           " payments and batches in the statement's window; upload a shorter statement");
}

std::string localDayExpression(const std::string& column, int offsetMinutes) {
    return "TO_DAYS(" + column + " + INTERVAL " + std::to_string(offsetMinutes) + " MINUTE) - " + std::to_string(kToDaysEpoch);
}

}  // namespace

std::chrono::sys_time<std::chrono::microseconds> ExpectedLoader::utcStartOfDay(std::int32_t day, int utcOffsetMinutes) {
    // Local midnight of `day` is UTC midnight minus the offset.
    return std::chrono::sys_time<std::chrono::microseconds>{
        std::chrono::microseconds{(static_cast<std::int64_t>(day) * 1440 - utcOffsetMinutes) * 60'000'000LL}};
}

Status ExpectedLoader::loadPayments(store::DbConnection& conn, const LoadScope& scope, ExpectedSet& out) {
    using std::chrono::microseconds;
    using Micros = std::chrono::sys_time<microseconds>;
    // The window [from, to): local midnight of fromDay to that of toDay + 1.
    const Micros windowStart = utcStartOfDay(scope.fromDay, scope.utcOffsetMinutes);
    const Micros windowEnd = utcStartOfDay(scope.toDay + 1, scope.utcOffsetMinutes);
    assert(windowStart <= windowEnd);
    std::string fixed = " AND p.currency = " + conn.quote(scope.currency) + " AND p.status IN ('CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED')";
    if (!scope.merchantId.empty()) fixed += " AND p.merchant_id = " + conn.quote(scope.merchantId);
    const std::string columns = "SELECT p.payment_id, p.merchant_id, p.status, p.captured_amount - p.refunded_amount, COALESCE(p.acquirer_txn_id, ''), " +
                                localDayExpression("p.captured_at", scope.utcOffsetMinutes) +
                                ", COALESCE(m.line_id, 0) FROM payments p LEFT JOIN recon_matches m ON m.item_id = p.payment_id WHERE ";
    // Time slices, not keyset pages: a slice is one range of the captured_at index read once, with
    // no ORDER BY (keyset paging on (captured_at, payment_id) made the server re-sort the rest of the
    // window for every page, which is quadratic in the window). A slice that returns more than
    // kPageRows rows is halved and read again, a small one doubles the next, so memory stays bounded
    // by kPageRows rows per query whatever the distribution. One-microsecond slices are read whole:
    // nothing smaller exists.
    microseconds span = std::chrono::hours(1);
    constexpr microseconds kMaxSpan = std::chrono::hours(24 * 7);
    Micros cursor = windowStart;
    std::size_t queries = 0;
    while (cursor < windowEnd) {
        const Micros sliceEnd = std::min(windowEnd, cursor + span);
        const bool atom = sliceEnd - cursor <= microseconds{1};
        std::string sql = columns + "p.captured_at >= " + conn.quote(store::sqlTimestamp(std::chrono::time_point_cast<std::chrono::system_clock::duration>(cursor))) +
                          " AND p.captured_at < " + conn.quote(store::sqlTimestamp(std::chrono::time_point_cast<std::chrono::system_clock::duration>(sliceEnd))) + fixed;
        if (!atom) sql += " LIMIT " + std::to_string(kPageRows + 1);
        auto page = conn.query(sql);
        if (!page.ok()) return page.error();
        ++queries;
        const store::DbResult& r = page.value();
        if (!atom && r.rows.size() > kPageRows) {
            span = std::max(microseconds{1}, (sliceEnd - cursor) / 2);
            continue;
        }
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            if (out.items.size() >= kMaxItems) return tooMany();
            ExpectedItem item;
            item.id = out.text.add(*r.rows[i][0]);
            item.merchant = out.merchantIndex(*r.rows[i][1]);
            item.status = out.statusIndex(*r.rows[i][2]);
            item.amount = r.integer(i, 3);
            item.altId = out.text.add(*r.rows[i][4]);
            item.day = toDay(r, i, 5);
            item.priorLineId = r.integer(i, 6);
            item.kind = ItemKind::Payment;
            item.readiness = Readiness::Ready;
            item.expected = item.day >= scope.expectedFrom && item.day <= scope.expectedTo;
            out.items.push_back(item);
        }
        cursor = sliceEnd;
        if (r.rows.size() < kPageRows / 4) span = std::min(kMaxSpan, span * 2);
    }
    assert(queries > 0 || windowStart == windowEnd);
    return Status::success();
}

Status ExpectedLoader::loadBatches(store::DbConnection& conn, const LoadScope& scope, ExpectedSet& out) {
    std::string sql = "SELECT b.batch_id, b.merchant_id, b.state, b.payout_amount, TO_DAYS(b.business_day) - " + std::to_string(kToDaysEpoch) +
                      ", COALESCE(m.line_id, 0) FROM settlement_batches b LEFT JOIN recon_matches m ON m.item_id = b.batch_id "
                      "WHERE b.business_day >= " + conn.quote(formatDate(scope.fromDay)) + " AND b.business_day <= " +
                      conn.quote(formatDate(scope.toDay)) + " AND b.currency = " + conn.quote(scope.currency) +
                      " AND b.state IN ('APPROVED', 'PAID')";
    if (!scope.merchantId.empty()) sql += " AND b.merchant_id = " + conn.quote(scope.merchantId);
    sql += " ORDER BY b.business_day, b.batch_id LIMIT " + std::to_string(kMaxItems + 1);
    auto rows = conn.query(sql);
    if (!rows.ok()) return rows.error();
    const store::DbResult& r = rows.value();
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        if (out.items.size() >= kMaxItems) return tooMany();
        ExpectedItem item;
        item.id = out.text.add(*r.rows[i][0]);
        item.merchant = out.merchantIndex(*r.rows[i][1]);
        item.status = out.statusIndex(*r.rows[i][2]);
        item.amount = r.integer(i, 3);
        item.day = toDay(r, i, 4);
        item.priorLineId = r.integer(i, 5);
        item.kind = ItemKind::Batch;
        item.readiness = Readiness::Ready;
        item.expected = item.day >= scope.expectedFrom && item.day <= scope.expectedTo;
        out.items.push_back(item);
    }
    return Status::success();
}

Status ExpectedLoader::loadReferenced(store::DbConnection& conn, const std::vector<std::string>& ids, const LoadScope& scope, ExpectedSet& out) {
    const std::size_t count = std::min(ids.size(), kMaxReferencedIds);
    for (std::size_t start = 0; start < count; start += kIdsPerQuery) {
        std::string list;
        for (std::size_t i = start; i < count && i < start + kIdsPerQuery; ++i) list += (list.empty() ? "" : ", ") + conn.quote(ids[i]);
        std::string merchant = scope.merchantId.empty() ? std::string() : " AND p.merchant_id = " + conn.quote(scope.merchantId);
        auto payments = conn.query(
            "SELECT p.payment_id, p.merchant_id, p.status, p.captured_amount - p.refunded_amount, COALESCE(p.acquirer_txn_id, ''), " +
            localDayExpression("COALESCE(p.captured_at, p.requested_at)", scope.utcOffsetMinutes) +
            ", COALESCE(m.line_id, 0) FROM payments p LEFT JOIN recon_matches m ON m.item_id = p.payment_id WHERE (p.payment_id IN (" + list +
            ") OR p.acquirer_txn_id IN (" + list + ")) AND p.currency = " + conn.quote(scope.currency) + merchant);
        if (!payments.ok()) return payments.error();
        const store::DbResult& r = payments.value();
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            if (out.items.size() >= kMaxItems) return tooMany();
            ExpectedItem item;
            item.id = out.text.add(*r.rows[i][0]);
            item.merchant = out.merchantIndex(*r.rows[i][1]);
            const std::string status = *r.rows[i][2];
            item.status = out.statusIndex(status);
            item.amount = r.integer(i, 3);
            item.altId = out.text.add(*r.rows[i][4]);
            item.day = toDay(r, i, 5);
            item.priorLineId = r.integer(i, 6);
            item.kind = ItemKind::Payment;
            item.readiness = paymentReadiness(status);
            item.expected = false;
            out.items.push_back(item);
        }
        std::string batchMerchant = scope.merchantId.empty() ? std::string() : " AND b.merchant_id = " + conn.quote(scope.merchantId);
        auto batches = conn.query("SELECT b.batch_id, b.merchant_id, b.state, b.payout_amount, TO_DAYS(b.business_day) - " +
                                  std::to_string(kToDaysEpoch) +
                                  ", COALESCE(m.line_id, 0) FROM settlement_batches b LEFT JOIN recon_matches m ON m.item_id = b.batch_id "
                                  "WHERE b.batch_id IN (" + list + ") AND b.currency = " + conn.quote(scope.currency) + batchMerchant);
        if (!batches.ok()) return batches.error();
        const store::DbResult& b = batches.value();
        for (std::size_t i = 0; i < b.rows.size(); ++i) {
            if (out.items.size() >= kMaxItems) return tooMany();
            ExpectedItem item;
            item.id = out.text.add(*b.rows[i][0]);
            item.merchant = out.merchantIndex(*b.rows[i][1]);
            const std::string state = *b.rows[i][2];
            item.status = out.statusIndex(state);
            item.amount = b.integer(i, 3);
            item.day = toDay(b, i, 4);
            item.priorLineId = b.integer(i, 5);
            item.kind = ItemKind::Batch;
            item.readiness = batchReadiness(state);
            item.expected = false;
            out.items.push_back(item);
        }
    }
    return Status::success();
}

}  // namespace paydesk::recon
