#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "admin/OperatorAuth.h"
#include "recon/BankProfile.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::recon {

// Bank profiles: the built-in ones plus those operators define (table recon_profiles, the JSON
// definition as BankProfile::fromJson reads it). Built-ins cannot be changed or deleted. Every
// change is audited (recon_profile.create / .update / .delete) in its own transaction.
class ReconProfiles {
public:
    static constexpr std::size_t kMaxStored = 200;

    // Built-ins first, then stored ones by name.
    static Result<std::vector<BankProfile>> all(store::DbConnection& conn);
    // A built-in or stored profile; nullopt when there is none of that name.
    static Result<std::optional<BankProfile>> find(store::DbConnection& conn, const std::string& name);

    // {"items": [...]}; one profile; the profile as stored (create: the API answers 201). Refusals:
    // NOT_FOUND, VALIDATION_ERROR (detail: field), MALFORMED_JSON, ALREADY_EXISTS, LIMIT_REACHED,
    // BUILT_IN_PROFILE.
    static Result<nlohmann::json> list(store::DbConnection& conn);
    static Result<nlohmann::json> get(store::DbConnection& conn, const std::string& name);
    static Result<nlohmann::json> create(store::DbConnection& conn, const nlohmann::json& definition,
                                         const operators::Operator& who, const std::string& correlationId);
    static Result<nlohmann::json> update(store::DbConnection& conn, const std::string& name, nlohmann::json definition,
                                         const operators::Operator& who, const std::string& correlationId);
    static Status remove(store::DbConnection& conn, const std::string& name, const operators::Operator& who,
                         const std::string& correlationId);
};

}  // namespace paydesk::recon
