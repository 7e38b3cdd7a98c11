#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "admin/Paging.h"
#include "core/Error.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::operators {

struct AuditFilter {
    std::string actor;
    std::string action;
    std::string targetType;
    std::string targetId;
    std::string fromSql;  // SQL DATETIME literal bodies (see parseUtcTimestamp); empty = open
    std::string toSql;
};

// The operator audit trail (table audit_log). Every operator decision is recorded in the same
// transaction as its effect, so there is never an effect without its audit row or the reverse.
//
// Conventions for callers: action is "<targetType>.<verb>" ("dead_letter.replay",
// "settlement.approve"); before/after are JSON snapshots of what changed (null when there is no
// such side, e.g. before a creation); note is free text from the operator (a reason).
class AuditLog {
public:
    // Inserts one row using `txn`, the caller's connection, inside the caller's transaction.
    // Over-long texts are cut to the column sizes. Time is the database's UTC clock.
    static Status record(store::DbConnection& txn, std::string_view actor, std::string_view role,
                         std::string_view action, std::string_view targetType, std::string_view targetId,
                         const nlohmann::json& before, const nlohmann::json& after, std::string_view note,
                         std::string_view correlationId);

    // Newest first. page.cursor is the "nextCursor" of the previous page (keyset on audit_id, so
    // deep pages stay cheap); otherwise page.offset applies. Answers {"items", "limit", "offset",
    // "total", "totalCapped", "nextCursor", "nextOffset"}; total counts at most kTotalCap rows.
    static Result<nlohmann::json> list(store::DbConnection& conn, const AuditFilter& filter, const Page& page);

    static constexpr std::size_t kTotalCap = 100'000;
};

}  // namespace paydesk::operators
