#pragma once

#include <string>
#include <vector>

#include "core/Error.h"
#include "store/Database.h"

namespace paydesk::store {

struct Migration {
    int version;
    const char* name;
    const char* sql;  // statements separated by ';' at the end of a line
};

// The migrations compiled into this binary (backend/store/migrations/NNNN_name.sql).
const std::vector<Migration>& embeddedMigrations();

struct MigrationReport {
    int fromVersion = 0;
    int toVersion = 0;
    std::vector<int> applied;
};

// Brings the schema to the newest version this binary knows.
//  - Applied versions are recorded in `schema_version` with the SHA-256 of their text; a changed
//    migration is refused (SCHEMA_MISMATCH).
//  - A database newer than the code is refused (SCHEMA_TOO_NEW) rather than used blindly.
//  - Two instances starting at once serialize on a named server lock (GET_LOCK), and every
//    statement is idempotent (IF NOT EXISTS), so running twice or concurrently is safe. Each
//    migration's DML and its version row commit in one transaction; MariaDB commits DDL
//    implicitly, which the idempotent statements make harmless on a retry.
class Migrator {
public:
    explicit Migrator(DbConnection& connection) : conn_(connection) {}

    Result<MigrationReport> migrate(const std::vector<Migration>& migrations = embeddedMigrations(), const std::string& appliedBy = "paydeskd");
    static std::vector<std::string> splitStatements(const std::string& sql);
    static int latestVersion(const std::vector<Migration>& migrations);

private:
    Result<MigrationReport> migrateLocked(const std::vector<Migration>& migrations, const std::string& appliedBy);
    DbConnection& conn_;
};

}  // namespace paydesk::store
