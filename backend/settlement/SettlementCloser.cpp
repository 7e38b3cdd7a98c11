#include "settlement/SettlementCloser.h"

#include <algorithm>
#include <cassert>
#include <chrono>

#include "admin/AuditLog.h"
#include "core/Logger.h"
#include "settlement/FeeSchedule.h"
#include "settlement/SettlementEvents.h"
#include "store/Database.h"
#include "store/Transaction.h"
#include "store/WriteBatcher.h"

namespace paydesk::settlement {

namespace {

constexpr std::string_view kComponent = "settlement";
constexpr std::string_view kSqlTime = "'%Y-%m-%d %H:%i:%s.%f'";

std::string quotedList(store::DbConnection& c, const std::vector<std::string>& values) {
    assert(!values.empty());
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + c.quote(v);
    return out;
}

// "No batch holds this item yet."
std::string unsettled(const std::string& idColumn) {
    return "NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.source_id = " + idColumn + ")";
}

// MariaDB's errors (and warning) for a value past BIGINT: stored into a column, computed in SQL.
constexpr unsigned kOutOfRange = 1264;        // ER_WARN_DATA_OUT_OF_RANGE
constexpr unsigned kBigintOutOfRange = 1690;  // ER_DATA_OUT_OF_RANGE

Error amountOverflow(BusinessDay day, const std::string& detail) {
    return Error::make(ErrorCode::AmountOverflow,
                       "closing business day " + BusinessCalendar::formatDay(day) +
                           ": a fee or a batch total is beyond the 64-bit range of amounts; nothing was closed (" +
                           detail.substr(0, 200) + ")");
}

// Without strict mode MariaDB stores a total past BIGINT as the nearest BIGINT, with warning 1264.
Status refuseClampedTotals(store::DbConnection& c, BusinessDay day) {
    auto warnings = c.query("SHOW WARNINGS");
    if (!warnings.ok()) return warnings.error();
    for (std::size_t r = 0; r < warnings->rows.size(); ++r) {
        if (warnings->integer(r, 1) == static_cast<std::int64_t>(kOutOfRange))
            return amountOverflow(day, warnings->text(r, 2));
    }
    return Status::success();
}

// An earlier day's window whose batches were closed before that day was over (+ grace).
struct LateWindow {
    std::string day;    // quoted
    std::string start;  // quoted SQL DATETIME(6)
    std::string end;
};

}  // namespace

SettlementCloser::SettlementCloser(const SettlementOptions& options, const MerchantCalendars& calendars, const Clock& clock)
    : options_(options), calendars_(calendars), clock_(clock) {
    assert(options_.grace.count() >= 0);
    assert(!FeeSchedule::validate(options_.fee.bps, options_.fee.fixed));
}

Result<CloseResult> SettlementCloser::closeDay(store::DbConnection& conn, BusinessDay day, const std::optional<std::string>& merchantId,
                                               const CloseActor& actor) {
    const auto now = clock_.now();
    if (merchantId) {
        auto calendar = calendars_.calendarFor(conn, *merchantId);
        if (!calendar.ok()) return calendar.error();
        if (day > calendar->dayOf(now)) {
            return Error::make(ErrorCode::ValidationError, "business day " + BusinessCalendar::formatDay(day) +
                                                               " has not begun yet in " + calendar->timeZone() +
                                                               " for merchant " + *merchantId);
        }
        return closeGroup(conn, CalendarGroup::single(std::move(calendar).value(), *merchantId), day, actor);
    }
    auto groups = calendars_.groups(conn);
    if (!groups.ok()) return groups.error();
    CloseResult total;
    bool begun = false;
    for (const auto& group : *groups) {
        if (day > group.calendar.dayOf(now)) continue;  // not begun on this calendar: nothing can belong to it
        begun = true;
        auto one = closeGroup(conn, group, day, actor);
        if (!one.ok()) return one.error();
        total.alreadyClosed += one->alreadyClosed;
        for (auto& st : one->stepMillis) total.stepMillis.push_back(std::move(st));
        for (auto& b : one->closed) total.closed.push_back(std::move(b));
    }
    if (!begun)
        return Error::make(ErrorCode::ValidationError,
                           "business day " + BusinessCalendar::formatDay(day) + " has not begun yet");
    return total;
}

Result<CloseResult> SettlementCloser::closeGroup(store::DbConnection& c, const CalendarGroup& group, BusinessDay day, const CloseActor& actor,
                                                 const std::string& runInstance) {
    auto result = closeGroupOnce(c, group, day, actor, runInstance);
    if (result.ok() || !result.error().is(ErrorCode::DbError)) return result;
    // The transaction is rolled back by now; the failed statement's error number is still the last.
    if (c.serverErrno() != kOutOfRange && c.serverErrno() != kBigintOutOfRange) return result;
    return amountOverflow(day, result.error().message);
}

Result<CloseResult> SettlementCloser::closeGroupOnce(store::DbConnection& c, const CalendarGroup& group,
                                                     BusinessDay day, const CloseActor& actor,
                                                     const std::string& runInstance) {
    assert(!actor.name.empty() && !actor.role.empty());
    const BusinessCalendar& calendar = group.calendar;
    const auto window = calendar.window(day);
    const auto now = clock_.now();
    const std::string nowText = store::sqlTimestamp(now);
    const std::string nowSql = c.quote(nowText);
    const std::string ws = c.quote(store::sqlTimestamp(window.start));
    const std::string we = c.quote(store::sqlTimestamp(window.end));
    const std::string daySql = c.quote(BusinessCalendar::formatDay(day));
    const std::string zoneSql = c.quote(calendar.timeZone());
    const std::string cutoffSql = std::to_string(calendar.cutoffMinutes());
    const auto scope = [&](const std::string& column) { return group.merchantFilter(c, column); };
    // Closed before the day was over (+ grace): items of its window may still be written, and go
    // into the merchant's next batch. Closed after: nothing can arrive any more.
    const auto lateEnd = window.end + options_.grace;
    const std::string lateUntil = now < lateEnd ? c.quote(store::sqlTimestamp(lateEnd)) : "NULL";
    const std::string bps = "COALESCE(s.fee_bps, " + std::to_string(options_.fee.bps) + ")";
    const std::string fixed = "COALESCE(s.fee_fixed, " + std::to_string(options_.fee.fixed) + ")";
    const std::string captureFee = FeeSchedule::sql("p.captured_amount", bps, fixed);
    const std::string noop = " ON DUPLICATE KEY UPDATE source_type = settlement_lines.source_type";

    CloseResult result;
    auto stepStart = std::chrono::steady_clock::now();
    const auto step = [&](const char* name) {
        const auto now2 = std::chrono::steady_clock::now();
        result.stepMillis.emplace_back(name, std::chrono::duration<double, std::milli>(now2 - stepStart).count());
        stepStart = now2;
    };
    store::Transaction tx(c);
    if (auto s = tx.begin(true); !s.ok()) return s.error();
    // Every close, on every instance, queues here: two closes never race for the same items.
    if (auto s = c.query("SELECT id FROM settlement_close_lock WHERE id = 1 FOR UPDATE"); !s.ok()) return s.error();
    if (!runInstance.empty()) {
        auto run = c.query("SELECT batches FROM settlement_runs WHERE time_zone = " + zoneSql + " AND cutoff_minutes = " + cutoffSql +
                           " AND business_day = " + daySql);
        if (!run.ok()) return run.error();
        if (!run->rows.empty()) {
            result.skipped = true;
            return result;
        }
    }

    // 1. One OPEN batch per merchant and currency with anything to settle: items of the day, and
    //    late items of earlier days closed early.
    std::vector<LateWindow> lateWindows;
    {
        auto rows = c.query("SELECT DISTINCT DATE_FORMAT(business_day, '%Y-%m-%d'), DATE_FORMAT(window_start, " + std::string(kSqlTime) +
                            "), DATE_FORMAT(window_end, " + std::string(kSqlTime) +
                            ") FROM settlement_batches WHERE late_until IS NOT NULL AND state <> 'OPEN' AND business_day < " + daySql +
                            " AND " + scope("merchant_id"));
        if (!rows.ok()) return rows.error();
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            lateWindows.push_back({c.quote(rows->text(r, 0)), c.quote(rows->text(r, 1)), c.quote(rows->text(r, 2))});
        }
    }
    const auto lateJoin = [&](const LateWindow& w, const std::string& alias) {
        return " STRAIGHT_JOIN settlement_batches lb ON lb.merchant_id = " + alias + ".merchant_id AND lb.business_day = " + w.day +
               " AND lb.currency = " + alias + ".currency AND lb.state <> 'OPEN' AND lb.window_start = " + w.start;
    };
    // Every merchant and currency with items in the day's window. No need to look for unsettled
    // ones: while a day has no batch, nothing of its window is in any batch (late items are only
    // ever taken from the windows of closed batches), and an existing batch is left as it is.
    std::string activity =
        "SELECT p.merchant_id, p.currency FROM payments p WHERE p.captured_at >= " + ws + " AND p.captured_at < " + we + " AND " +
        scope("p.merchant_id") + " GROUP BY p.merchant_id, p.currency" +
        " UNION SELECT r.merchant_id, r.currency FROM refunds r WHERE r.created_at >= " + ws + " AND r.created_at < " + we + " AND " +
        scope("r.merchant_id") + " GROUP BY r.merchant_id, r.currency";
    for (const auto& w : lateWindows) {
        activity += " UNION SELECT p.merchant_id, p.currency FROM payments p" + lateJoin(w, "p") + " WHERE p.captured_at >= " + w.start +
                    " AND p.captured_at < " + w.end + " AND " + scope("p.merchant_id") + " AND " + unsettled("p.payment_id") +
                    " GROUP BY p.merchant_id, p.currency" + " UNION SELECT r.merchant_id, r.currency FROM refunds r" + lateJoin(w, "r") +
                    " WHERE r.created_at >= " + w.start + " AND r.created_at < " + w.end + " AND " + scope("r.merchant_id") + " AND " +
                    unsettled("r.refund_id") + " GROUP BY r.merchant_id, r.currency";
    }
    // The id is derived from (merchant, day, currency): the same batch on every instance.
    if (auto s = c.execute("INSERT INTO settlement_batches (batch_id, merchant_id, business_day, currency, state, time_zone, cutoff_minutes, "
                           "window_start, window_end, created_at, updated_at, version) "
                           "SELECT CONCAT('stl_', LEFT(SHA2(CONCAT(a.merchant_id, '|', " + daySql + ", '|', a.currency), 256), 24)), "
                           "a.merchant_id, " + daySql + ", a.currency, 'OPEN', " + zoneSql + ", " + cutoffSql + ", " + ws + ", " + we + ", " +
                           nowSql + ", " + nowSql + ", 0 FROM (" + activity + ") a "
                           "ON DUPLICATE KEY UPDATE updated_at = settlement_batches.updated_at");
        !s.ok()) {
        return s.error();
    }
    step("discover + create batches");

    // 2. The batches this close fills: new ones and reopened ones. Every other state stays as it is.
    std::vector<std::string> ids;
    std::vector<std::string> reopened;
    {
        auto done = c.query("SELECT COUNT(*) FROM settlement_batches WHERE business_day = " + daySql + " AND state <> 'OPEN' AND " +
                            scope("merchant_id"));
        if (!done.ok()) return done.error();
        result.alreadyClosed = done->integer(0, 0);
        auto open = c.query("SELECT batch_id, reopen_count FROM settlement_batches WHERE business_day = " + daySql + " AND state = 'OPEN' AND " +
                            scope("merchant_id") + " ORDER BY batch_id FOR UPDATE");
        if (!open.ok()) return open.error();
        for (std::size_t r = 0; r < open->rows.size(); ++r) {
            ids.push_back(open->text(r, 0));
            if (open->integer(r, 1) > 0) reopened.push_back(open->text(r, 0));
        }
    }
    step("lock open batches");
    if (!ids.empty()) {
        const std::string idList = quotedList(c, ids);
        // Driven by the items (one pass over the window), each finding its OPEN batch by unique key.
        auto joinOpen = [&](const std::string& alias) {
            return " STRAIGHT_JOIN settlement_batches b ON b.merchant_id = " + alias + ".merchant_id AND b.business_day = " + daySql +
                   " AND b.currency = " + alias + ".currency AND b.state = 'OPEN'";
        };
        const std::string insertLines = "INSERT INTO settlement_lines (batch_id, source_id, source_type, payment_id, amount, fee, occurred_at) ";

        // 3. The day's captures and refunds: one pass over the day's window each (covering indexes).
        //    Inserted in source-id order: the ids are random, and sorted inserts turn a million
        //    random B-tree insertions into the unique source index into one ordered sweep (about
        //    twice as fast as unsorted, sort included). A reopened batch already holds its earlier
        //    lines; the no-op update skips them.
        if (auto s = c.execute(insertLines + "SELECT b.batch_id, p.payment_id, 'CAPTURE', NULL, p.captured_amount, " + captureFee +
                               ", p.captured_at FROM payments p" + joinOpen("p") +
                               " LEFT JOIN settlement_settings s ON s.merchant_id = p.merchant_id WHERE p.captured_at >= " + ws +
                               " AND p.captured_at < " + we + " AND " + scope("p.merchant_id") + " ORDER BY p.payment_id" + noop);
            !s.ok()) {
            return s.error();
        }
        if (auto s = c.execute(insertLines + "SELECT b.batch_id, r.refund_id, 'REFUND', r.payment_id, -r.amount, 0, r.created_at FROM refunds r" +
                               joinOpen("r") + " WHERE r.created_at >= " + ws + " AND r.created_at < " + we + " AND " +
                               scope("r.merchant_id") + " ORDER BY r.refund_id" + noop);
            !s.ok()) {
            return s.error();
        }
        step("capture + refund lines");
        // 4. Late items of earlier days closed early. Most of such a window is settled already,
        //    so only the unsettled rows are selected (and materialized) here.
        for (const auto& w : lateWindows) {
            if (auto s = c.execute(insertLines + "SELECT b.batch_id, p.payment_id, 'CAPTURE', NULL, p.captured_amount, " + captureFee +
                                   ", p.captured_at FROM payments p" + lateJoin(w, "p") + joinOpen("p") +
                                   " LEFT JOIN settlement_settings s ON s.merchant_id = p.merchant_id WHERE p.captured_at >= " + w.start +
                                   " AND p.captured_at < " + w.end + " AND " + scope("p.merchant_id") + " AND " + unsettled("p.payment_id") +
                                   noop);
                !s.ok()) {
                return s.error();
            }
            if (auto s = c.execute(insertLines + "SELECT b.batch_id, r.refund_id, 'REFUND', r.payment_id, -r.amount, 0, r.created_at FROM refunds r" +
                                   lateJoin(w, "r") + joinOpen("r") + " WHERE r.created_at >= " + w.start + " AND r.created_at < " + w.end +
                                   " AND " + scope("r.merchant_id") + " AND " + unsettled("r.refund_id") + noop);
                !s.ok()) {
                return s.error();
            }
        }
        // 5. Negative nets of approved earlier batches, each carried into exactly one later batch.
        if (auto s = c.execute(insertLines + "SELECT b.batch_id, c.batch_id, 'CARRY', NULL, c.carry_out, 0, COALESCE(c.approved_at, c.closed_at) "
                               "FROM settlement_batches b JOIN settlement_batches c ON c.merchant_id = b.merchant_id AND c.currency = b.currency "
                               "AND c.batch_id <> b.batch_id WHERE b.batch_id IN (" + idList + ") AND c.state IN ('APPROVED', 'PAID') "
                               "AND c.carry_out < 0 AND " + unsettled("c.batch_id") + noop);
            !s.ok()) {
            return s.error();
        }
        // 6. A reopened batch is closed on the merchant's current fee schedule (the usual reason
        //    to reject one is a wrong fee).
        if (!reopened.empty()) {
            if (auto s = c.execute("UPDATE settlement_lines l JOIN settlement_batches b ON b.batch_id = l.batch_id "
                                   "LEFT JOIN settlement_settings s ON s.merchant_id = b.merchant_id SET l.fee = " +
                                   FeeSchedule::sql("l.amount", bps, fixed) + " WHERE l.batch_id IN (" + quotedList(c, reopened) +
                                   ") AND l.source_type = 'CAPTURE'");
                !s.ok()) {
                return s.error();
            }
        }
        step("late, carries, fees");
        // 7. Totals from the lines themselves, so a batch always adds up to what it lists.
        const std::string net = "COALESCE(t.net, 0)";
        if (auto s = c.execute(
                "UPDATE settlement_batches b LEFT JOIN (SELECT batch_id, SUM(source_type = 'CAPTURE') AS cc, "
                "SUM(IF(source_type = 'CAPTURE', amount, 0)) AS ca, SUM(source_type = 'REFUND') AS rc, "
                "SUM(IF(source_type = 'REFUND', -amount, 0)) AS ra, SUM(IF(source_type = 'CARRY', amount, 0)) AS ci, SUM(fee) AS fa, "
                "SUM(amount) - SUM(fee) AS net FROM settlement_lines WHERE batch_id IN (" + idList + ") GROUP BY batch_id) t "
                "ON t.batch_id = b.batch_id LEFT JOIN settlement_settings s ON s.merchant_id = b.merchant_id SET b.state = 'CLOSED', "
                "b.capture_count = COALESCE(t.cc, 0), b.capture_amount = COALESCE(t.ca, 0), b.refund_count = COALESCE(t.rc, 0), "
                "b.refund_amount = COALESCE(t.ra, 0), b.carry_in = COALESCE(t.ci, 0), b.fee_amount = COALESCE(t.fa, 0), "
                "b.net_amount = " + net + ", b.payout_amount = GREATEST(" + net + ", 0), b.carry_out = LEAST(" + net + ", 0), "
                "b.fee_bps = " + bps + ", b.fee_fixed = " + fixed + ", b.time_zone = " + zoneSql + ", b.cutoff_minutes = " + cutoffSql +
                ", b.window_start = " + ws + ", b.window_end = " + we + ", b.late_until = " + lateUntil +
                ", b.closed_by = " + c.quote(actor.name) + ", b.closed_at = " + nowSql + ", b.updated_at = " + nowSql +
                ", b.version = b.version + 1 WHERE b.batch_id IN (" + idList + ")");
            !s.ok()) {
            return s.error();
        }
        if (auto s = refuseClampedTotals(c, day); !s.ok()) return s.error();
    }
    step("totals");
    // 8. Earlier windows past their late period whose stragglers were just swept (or that had
    //    none) need no more looking at. A merchant whose batch for this day was closed before keeps
    //    its window for the next close to sweep.
    {
        const std::string swept = ids.empty() ? "d.batch_id IS NULL" : "(d.batch_id IS NULL OR d.batch_id IN (" + quotedList(c, ids) + "))";
        if (auto s = c.execute("UPDATE settlement_batches lb LEFT JOIN settlement_batches d ON d.merchant_id = lb.merchant_id "
                               "AND d.currency = lb.currency AND d.business_day = " + daySql + " SET lb.late_until = NULL "
                               "WHERE lb.late_until IS NOT NULL AND lb.late_until <= " + nowSql + " AND lb.state <> 'OPEN' "
                               "AND lb.business_day < " + daySql + " AND " + scope("lb.merchant_id") + " AND " + swept);
            !s.ok()) {
            return s.error();
        }
    }
    // 9. settlement.closed and the audit trail, in the same transaction.
    if (!ids.empty()) {
        auto rows = c.query("SELECT " + BatchRecord::columns() + " FROM settlement_batches WHERE batch_id IN (" + quotedList(c, ids) +
                            ") ORDER BY merchant_id, currency");
        if (!rows.ok()) return rows.error();
        std::vector<store::OutboxEvent> events;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            BatchRecord batch = BatchRecord::fromRow(*rows, r);
            assert(batch.state == "CLOSED");
            events.push_back(SettlementEvents::make("settlement.closed", batch, actor.correlationId, nowText));
            const bool wasReopened = std::find(reopened.begin(), reopened.end(), batch.batchId) != reopened.end();
            const nlohmann::json before = wasReopened ? nlohmann::json{{"state", "OPEN"}, {"reopenCount", batch.reopenCount}} : nlohmann::json(nullptr);
            if (auto s = operators::AuditLog::record(c, actor.name, actor.role, "settlement.close", "settlement", batch.batchId, before,
                                                     batch.toJson(), "", actor.correlationId);
                !s.ok()) {
                return s.error();
            }
            result.closed.push_back(std::move(batch));
        }
        if (auto s = SettlementEvents::insert(c, events); !s.ok()) return s.error();
    }
    if (!runInstance.empty()) {
        if (auto s = c.execute("INSERT INTO settlement_runs (time_zone, cutoff_minutes, business_day, batches, closed_at, instance_id) VALUES (" +
                               zoneSql + ", " + cutoffSql + ", " + daySql + ", " + std::to_string(ids.size()) + ", " + nowSql + ", " +
                               c.quote(runInstance) + ")");
            !s.ok()) {
            return s.error();
        }
    }
    step("events, audit");
    if (auto s = tx.commit(); !s.ok()) return s.error();
    step("commit");
    if (!ids.empty()) {
        Logger::info(kComponent, "closed settlement batches",
                     {{"businessDay", BusinessCalendar::formatDay(day)}, {"timeZone", calendar.timeZone()},
                      {"cutoff", BusinessCalendar::formatCutoff(calendar.cutoffMinutes())}, {"batches", ids.size()}, {"by", actor.name},
                      {"stepMillis", result.stepMillis}});
    }
    return result;
}

}  // namespace paydesk::settlement
