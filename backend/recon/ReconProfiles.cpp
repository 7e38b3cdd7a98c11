#include "recon/ReconProfiles.h"

#include "core/Logger.h"
#include "admin/AuditLog.h"
#include "admin/Paging.h"
#include "store/Database.h"
#include "store/Transaction.h"

namespace paydesk::recon {

using nlohmann::json;

namespace {

Error validation(const Error& e) {
    // BankProfile::fromJson puts the field first: "columns.date: a date column is required".
    const std::size_t colon = e.message.find(": ");
    const std::string field = colon == std::string::npos ? "profile" : e.message.substr(0, colon);
    return Error::make(ErrorCode::ValidationError, e.message, {{"field", field}});
}

}  // namespace

Result<std::vector<BankProfile>> ReconProfiles::all(store::DbConnection& c) {
    std::vector<BankProfile> out = BankProfile::builtIns();
    auto rows =
        c.query("SELECT name, definition FROM recon_profiles ORDER BY name LIMIT " + std::to_string(kMaxStored));
    if (!rows.ok()) return rows.error();
    for (std::size_t i = 0; i < rows->rows.size(); ++i) {
        auto parsed = BankProfile::fromJson(json::parse(rows->text(i, 1), nullptr, false));
        if (!parsed.ok()) {
            // Definitions are validated before they are stored; one that no longer parses is skipped, loudly.
            Logger::warn("recon", "stored bank profile does not parse",
                         {{"profile", rows->text(i, 0)}, {"error", parsed.error().message}});
            continue;
        }
        out.push_back(std::move(parsed).value());
    }
    return out;
}

Result<std::optional<BankProfile>> ReconProfiles::find(store::DbConnection& c, const std::string& name) {
    if (const BankProfile* builtIn = BankProfile::findBuiltIn(name)) return std::optional<BankProfile>(*builtIn);
    if (!validProfileName(name)) return std::optional<BankProfile>{};
    auto rows = c.query("SELECT definition FROM recon_profiles WHERE name = " + c.quote(name));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<BankProfile>{};
    auto parsed = BankProfile::fromJson(json::parse(rows->text(0, 0), nullptr, false));
    if (!parsed.ok())
        return Error::make(ErrorCode::DbError, "stored profile " + name + " does not parse: " + parsed.error().message);
    return std::optional<BankProfile>(std::move(parsed).value());
}

Result<json> ReconProfiles::list(store::DbConnection& c) {
    auto profiles = all(c);
    if (!profiles.ok()) return profiles.error();
    json items = json::array();
    for (const BankProfile& p : profiles.value()) items.push_back(p.toJson());
    return json{{"items", items}};
}

Result<json> ReconProfiles::get(store::DbConnection& c, const std::string& name) {
    auto p = find(c, name);
    if (!p.ok()) return p.error();
    if (!p->has_value()) return Error::make(ErrorCode::NotFound, "no bank profile " + name.substr(0, 64));
    return (*p)->toJson();
}

Result<json> ReconProfiles::create(store::DbConnection& c, const json& definition, const operators::Operator& who,
                                   const std::string& correlationId) {
    auto parsed = BankProfile::fromJson(definition);
    if (!parsed.ok()) return validation(parsed.error());
    const BankProfile& p = parsed.value();
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto count = c.query("SELECT COUNT(*) FROM recon_profiles");
    if (!count.ok()) return count.error();
    if (static_cast<std::size_t>(count->integer(0, 0)) >= kMaxStored) {
        return Error::make(ErrorCode::LimitReached,
                           "at most " + std::to_string(kMaxStored) + " bank profiles may be defined");
    }
    const std::string stored = p.toJson().dump();
    auto s = c.execute(
        "INSERT INTO recon_profiles (name, definition, created_by, created_at, updated_by, updated_at) VALUES (" +
        c.quote(p.name) + ", " + c.quote(stored) + ", " + c.quote(who.name) + ", UTC_TIMESTAMP(6), " +
        c.quote(who.name) + ", UTC_TIMESTAMP(6))");
    if (!s.ok()) {
        if (s.error().is(ErrorCode::DbDuplicateKey))
            return Error::make(ErrorCode::AlreadyExists, "a bank profile named " + p.name + " exists");
        return s.error();
    }
    if (auto a = operators::AuditLog::record(c, who.name, operators::toString(who.role), "recon_profile.create",
                                             "recon_profile", p.name, nullptr, p.toJson(), "", correlationId);
        !a.ok()) {
        return a.error();
    }
    if (auto cm = txn.commit(); !cm.ok()) return cm.error();
    return p.toJson();
}

Result<json> ReconProfiles::update(store::DbConnection& c, const std::string& name, json definition,
                                   const operators::Operator& who, const std::string& correlationId) {
    if (BankProfile::findBuiltIn(name) != nullptr)
        return Error::make(ErrorCode::BuiltInProfile, "built-in profile " + name + " cannot be changed");
    if (!definition.is_object()) return Error::make(ErrorCode::MalformedJson, "the request body is not a JSON object");
    if (definition.contains("name") && definition["name"] != name) {
        return Error::make(ErrorCode::ValidationError, "name: a profile cannot be renamed", {{"field", "name"}});
    }
    definition["name"] = name;
    auto parsed = BankProfile::fromJson(definition);
    if (!parsed.ok()) return validation(parsed.error());
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto before = c.query("SELECT definition FROM recon_profiles WHERE name = " + c.quote(name) + " FOR UPDATE");
    if (!before.ok()) return before.error();
    if (before->rows.empty()) return Error::make(ErrorCode::NotFound, "no bank profile " + name.substr(0, 64));
    const json after = parsed->toJson();
    if (auto s = c.execute("UPDATE recon_profiles SET definition = " + c.quote(after.dump()) + ", updated_by = " +
                           c.quote(who.name) + ", updated_at = UTC_TIMESTAMP(6) WHERE name = " + c.quote(name));
        !s.ok()) {
        return s.error();
    }
    if (auto a = operators::AuditLog::record(c, who.name, operators::toString(who.role), "recon_profile.update",
                                             "recon_profile", name, json::parse(before->text(0, 0), nullptr, false),
                                             after, "", correlationId);
        !a.ok()) {
        return a.error();
    }
    if (auto cm = txn.commit(); !cm.ok()) return cm.error();
    return after;
}

Status ReconProfiles::remove(store::DbConnection& c, const std::string& name, const operators::Operator& who,
                             const std::string& correlationId) {
    if (BankProfile::findBuiltIn(name) != nullptr)
        return Error::make(ErrorCode::BuiltInProfile, "built-in profile " + name + " cannot be deleted");
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto before = c.query("SELECT definition FROM recon_profiles WHERE name = " + c.quote(name) + " FOR UPDATE");
    if (!before.ok()) return before.error();
    if (before->rows.empty()) return Error::make(ErrorCode::NotFound, "no bank profile " + name.substr(0, 64));
    if (auto s = c.execute("DELETE FROM recon_profiles WHERE name = " + c.quote(name)); !s.ok()) return s.error();
    if (auto a = operators::AuditLog::record(c, who.name, operators::toString(who.role), "recon_profile.delete",
                                             "recon_profile", name, json::parse(before->text(0, 0), nullptr, false),
                                             nullptr, "", correlationId);
        !a.ok()) {
        return a.error();
    }
    if (auto cm = txn.commit(); !cm.ok()) return cm.error();
    return Status::success();
}

}  // namespace paydesk::recon
