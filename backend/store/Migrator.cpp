#include "store/Migrator.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <sstream>

#include "core/Crypto.h"
#include "core/Logger.h"

namespace paydesk::store {

namespace {
constexpr const char* kLockName = "paydesk.schema_migration";
constexpr int kLockWaitSeconds = 120;
}  // namespace

int Migrator::latestVersion(const std::vector<Migration>& migrations) {
    int v = 0;
    for (const auto& m : migrations) v = std::max(v, m.version);
    return v;
}

std::vector<std::string> Migrator::splitStatements(const std::string& sql) {
    std::vector<std::string> out;
    std::string current;
    std::istringstream in(sql);
    for (std::string line; std::getline(in, line);) {
        std::string_view trimmed(line);
        while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
        while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r')) trimmed.remove_suffix(1);
        if (trimmed.empty() || trimmed.substr(0, 2) == "--") continue;
        current += line;
        current += '\n';
        if (trimmed.back() == ';') {
            current.erase(current.find_last_of(';'));
            out.push_back(current);
            current.clear();
        }
    }
    if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
    return out;
}

Result<MigrationReport> Migrator::migrate(const std::vector<Migration>& migrations, const std::string& appliedBy) {
    assert(!migrations.empty());
    auto created = conn_.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INT NOT NULL PRIMARY KEY,"
        " name VARCHAR(128) NOT NULL,"
        " checksum CHAR(64) NOT NULL,"
        " applied_at DATETIME(6) NOT NULL,"
        " applied_by VARCHAR(128) NOT NULL"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    if (!created.ok()) return created.error();

    auto lock = conn_.query("SELECT GET_LOCK('" + std::string(kLockName) + "', " + std::to_string(kLockWaitSeconds) + ")");
    if (!lock.ok()) return lock.error();
    if (lock->text(0, 0) != "1") {
        return Error::make(
            ErrorCode::MigrationLockTimeout,
            "another instance held the schema migration lock for more than " + std::to_string(kLockWaitSeconds) + " s");
    }
    auto result = migrateLocked(migrations, appliedBy);
    auto released = conn_.query("SELECT RELEASE_LOCK('" + std::string(kLockName) + "')");
    if (!released.ok() && result.ok()) return released.error();
    return result;
}

Result<MigrationReport> Migrator::migrateLocked(const std::vector<Migration>& migrations, const std::string& appliedBy) {
    auto rows = conn_.query("SELECT version, checksum FROM schema_version ORDER BY version");
    if (!rows.ok()) return rows.error();
    std::map<int, std::string> applied;
    for (std::size_t r = 0; r < rows->rows.size(); ++r) applied[static_cast<int>(rows->integer(r, 0))] = rows->text(r, 1);

    MigrationReport report;
    report.fromVersion = applied.empty() ? 0 : applied.rbegin()->first;
    const int latest = latestVersion(migrations);
    if (report.fromVersion > latest) {
        return Error::make(ErrorCode::SchemaTooNew,
                           "the database schema is at version " + std::to_string(report.fromVersion) +
                               " but this paydeskd knows versions up to " + std::to_string(latest) +
                               "; run a newer paydeskd against this database");
    }
    std::vector<const Migration*> ordered;
    for (const auto& m : migrations) ordered.push_back(&m);
    std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->version < b->version; });

    for (const Migration* m : ordered) {
        const std::string checksum = crypto::sha256Hex(m->sql);
        if (auto it = applied.find(m->version); it != applied.end()) {
            if (it->second != checksum) {
                return Error::make(ErrorCode::SchemaMismatch, "migration " + std::to_string(m->version) + " (" +
                                                                  m->name +
                                                                  ") differs from the one applied to this database");
            }
            continue;
        }
        Logger::info("store", "applying migration", {{"version", m->version}, {"name", m->name}});
        if (auto s = conn_.begin(); !s.ok()) return s.error();
        for (const auto& statement : splitStatements(m->sql)) {
            if (auto s = conn_.execute(statement); !s.ok()) {
                (void)conn_.rollback();
                return Error::make(ErrorCode::MigrationFailed, "migration " + std::to_string(m->version) + " (" +
                                                                   m->name + ") failed: " + s.error().message);
            }
        }
        const std::string insert = "INSERT INTO schema_version (version, name, checksum, applied_at, applied_by) VALUES (" +
                                   std::to_string(m->version) + ", " + conn_.quote(m->name) + ", " + conn_.quote(checksum) +
                                   ", NOW(6), " + conn_.quote(appliedBy) + ")";
        if (auto s = conn_.execute(insert); !s.ok()) {
            (void)conn_.rollback();
            return s.error();
        }
        if (auto s = conn_.commit(); !s.ok()) return s.error();
        report.applied.push_back(m->version);
    }
    report.toVersion = latest;
    assert(report.toVersion >= report.fromVersion);
    return report;
}

}  // namespace paydesk::store
