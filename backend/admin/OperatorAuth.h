#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"

namespace paydesk::operators {

// Ordered: a higher role may do everything a lower one may.
//   clerk      read everything, edit a dead letter's payload, replay one dead letter (not one they edited)
//   supervisor clerk + discard dead letters, bulk replay (+ settlement approval)
//   admin      everything
enum class Role { Clerk = 0, Supervisor = 1, Admin = 2 };

std::string_view toString(Role role);
std::optional<Role> parseRole(std::string_view text);

// Who is calling the operator API, as the audit log records it.
struct Operator {
    std::string name;
    Role role = Role::Clerk;

    [[nodiscard]] bool atLeast(Role required) const { return static_cast<int>(role) >= static_cast<int>(required); }
};

struct OperatorToken {
    std::string token;
    std::string name;
    Role role = Role::Clerk;
};

// Operator bearer tokens, provisioned from configuration ("token:name:role[,...]", as in
// PAYDESK_OPERATOR_TOKENS) or, in the embedded default with none configured, one generated admin
// token kept in DIR/operator-token.json (0600) for the local console. Immutable after startup, so
// lookups need no lock. Only SHA-256 digests are kept in memory for comparison, compared in
// constant time against every configured token, so neither a match's position nor a near miss
// shows in the timing.
class OperatorAuth {
public:
    static constexpr std::size_t kMinTokenLength = 16;
    static constexpr const char* kLocalAdminName = "local-admin";
    // The embedded default's second identity: a supervisor, so that a demo can complete the
    // four-eyes steps (approve a batch the admin closed, replay a dead letter the admin edited).
    static constexpr const char* kLocalCheckerName = "local-checker";

    // Parses "token:name:role[,token:name:role...]". Tokens are at least 16 characters and contain
    // no ':' or ','; names use [A-Za-z0-9_.@-] (at most 128); roles are clerk, supervisor, admin.
    // Every token is registered with the log masker.
    static Result<std::vector<OperatorToken>> parse(const std::string& spec);

    Status add(const OperatorToken& token);
    [[nodiscard]] bool empty() const { return entries_.empty(); }
    [[nodiscard]] std::size_t size() const { return entries_.size(); }

    // The operator an "Authorization: Bearer <token>" header value names; nullopt when the header
    // is missing, malformed or names no configured token.
    [[nodiscard]] std::optional<Operator> authenticate(std::string_view authorizationHeader) const;

    // Loads DIR/operator-token.json or creates it with a fresh admin token named local-admin.
    static Result<OperatorToken> loadOrCreateLocalAdmin(const std::string& path);
    // Loads `path` or creates it (0600) with a fresh token for `name` with `role`.
    static Result<OperatorToken> loadOrCreateLocal(const std::string& path, const std::string& name, Role role);

private:
    struct Entry {
        std::string digest;  // sha256 hex of the token
        Operator who;
    };
    std::vector<Entry> entries_;
};

}  // namespace paydesk::operators
