#include "admin/AuditLog.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include "core/Utf8.h"

#include "store/Database.h"

namespace paydesk::operators {

namespace {

std::string jsonOrNull(store::DbConnection& c, const nlohmann::json& value) {
    if (value.is_null()) return "NULL";
    return c.quote(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json parsedOrText(const std::optional<std::string>& cell) {
    if (!cell) return nullptr;
    auto j = nlohmann::json::parse(*cell, nullptr, false);
    if (j.is_discarded()) return *cell;
    return j;
}

}  // namespace

Status AuditLog::record(store::DbConnection& txn, std::string_view actor, std::string_view role,
                        std::string_view action, std::string_view targetType, std::string_view targetId,
                        const nlohmann::json& before, const nlohmann::json& after, std::string_view note,
                        std::string_view correlationId) {
    // Callers name the action and target in code; an empty one is a programming error.
    assert(!actor.empty() && !role.empty() && !action.empty() && !targetType.empty());
    const std::string sql =
        "INSERT INTO audit_log (at, actor, role, action, target_type, target_id, before_json, after_json, note, "
        "correlation_id) VALUES "
        "(UTC_TIMESTAMP(6), " +
        txn.quote(truncateUtf8(actor, 128)) + ", " + txn.quote(truncateUtf8(role, 16)) + ", " +
        txn.quote(truncateUtf8(action, 64)) + ", " + txn.quote(truncateUtf8(targetType, 32)) + ", " +
        txn.quote(truncateUtf8(targetId, 64)) + ", " + jsonOrNull(txn, before) + ", " + jsonOrNull(txn, after) + ", " +
        (note.empty() ? std::string("NULL") : txn.quote(truncateUtf8(note, 1024))) + ", " +
        txn.quote(truncateUtf8(correlationId, 64)) + ")";
    return txn.execute(sql);
}

Result<nlohmann::json> AuditLog::list(store::DbConnection& c, const AuditFilter& f, const Page& page) {
    std::string where = " WHERE 1=1";
    if (!f.actor.empty()) where += " AND actor = " + c.quote(f.actor);
    if (!f.action.empty()) where += " AND action = " + c.quote(f.action);
    if (!f.targetType.empty()) where += " AND target_type = " + c.quote(f.targetType);
    if (!f.targetId.empty()) where += " AND target_id = " + c.quote(f.targetId);
    if (!f.fromSql.empty()) where += " AND at >= " + c.quote(f.fromSql);
    if (!f.toSql.empty()) where += " AND at < " + c.quote(f.toSql);

    std::string pageWhere = where;
    std::size_t offset = page.offset;
    if (!page.cursor.empty()) {
        const auto decoded = decodeCursor(page.cursor);
        const auto below =
            decoded ? parseCount(*decoded, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()))
                    : std::nullopt;
        if (!below) return Error::make(ErrorCode::ValidationError, "cursor is not one this server issued");
        pageWhere += " AND audit_id < " + std::to_string(*below);
        offset = 0;
    }
    auto rows = c.query(
        "SELECT audit_id, " + isoColumn("at") +
        ", actor, role, action, target_type, target_id, before_json, after_json, note, correlation_id FROM audit_log" +
        pageWhere + " ORDER BY audit_id DESC LIMIT " + std::to_string(page.limit + 1) + " OFFSET " +
        std::to_string(offset));
    if (!rows.ok()) return rows.error();
    auto total = c.query("SELECT COUNT(*) FROM (SELECT 1 FROM audit_log" + where + " LIMIT " +
                         std::to_string(kTotalCap + 1) + ") t");
    if (!total.ok()) return total.error();

    nlohmann::json items = nlohmann::json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) {
        nlohmann::json item = {{"auditId", rows->integer(r, 0)}, {"at", isoMillis(rows->text(r, 1))},
                               {"actor", rows->text(r, 2)},      {"role", rows->text(r, 3)},
                               {"action", rows->text(r, 4)},     {"targetType", rows->text(r, 5)},
                               {"targetId", rows->text(r, 6)},   {"correlationId", rows->text(r, 10)}};
        item["before"] = parsedOrText(rows->rows[r][7]);
        item["after"] = parsedOrText(rows->rows[r][8]);
        item["note"] = rows->rows[r][9] ? nlohmann::json(*rows->rows[r][9]) : nlohmann::json(nullptr);
        items.push_back(std::move(item));
    }
    const bool more = rows->rows.size() > page.limit;
    const auto counted = static_cast<std::size_t>(total->integer(0, 0));
    nlohmann::json out = {{"items", std::move(items)},
                          {"limit", page.limit},
                          {"offset", offset},
                          {"total", std::min(counted, kTotalCap)},
                          {"totalCapped", counted > kTotalCap}};
    out["nextCursor"] =
        more ? nlohmann::json(encodeCursor(std::to_string(rows->integer(shown - 1, 0)))) : nlohmann::json(nullptr);
    out["nextOffset"] = more && page.cursor.empty() ? nlohmann::json(offset + shown) : nlohmann::json(nullptr);
    return out;
}

}  // namespace paydesk::operators
