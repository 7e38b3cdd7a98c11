#include "admin/OperatorAuth.h"

#include <cassert>
#include <cctype>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/Crypto.h"
#include "core/LogMasker.h"
#include "core/Files.h"

namespace paydesk::operators {

namespace {

bool validName(const std::string& s) {
    if (s.empty() || s.size() > 128) return false;
    for (char c : s) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '@'))
            return false;
    }
    return true;
}

bool validToken(const std::string& t) {
    if (t.size() < OperatorAuth::kMinTokenLength || t.size() > 256) return false;
    for (char c : t) {
        // Printable, and nothing that would make the configuration syntax or the header ambiguous.
        if (c <= ' ' || c > '~' || c == ':' || c == ',') return false;
    }
    return true;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

}  // namespace

std::string_view toString(Role role) {
    switch (role) {
        case Role::Clerk:
            return "clerk";
        case Role::Supervisor:
            return "supervisor";
        case Role::Admin:
            return "admin";
    }
    assert(false && "unknown role");
    return "clerk";
}

std::optional<Role> parseRole(std::string_view text) {
    if (text == "clerk") return Role::Clerk;
    if (text == "supervisor") return Role::Supervisor;
    if (text == "admin") return Role::Admin;
    return std::nullopt;
}

Result<std::vector<OperatorToken>> OperatorAuth::parse(const std::string& spec) {
    std::vector<OperatorToken> out;
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        item = trim(item);
        if (item.empty()) continue;
        const std::size_t a = item.find(':');
        const std::size_t b = a == std::string::npos ? a : item.find(':', a + 1);
        if (a == std::string::npos || b == std::string::npos || item.find(':', b + 1) != std::string::npos) {
            return Error::make(ErrorCode::ConfigInvalid, "operator token entries must look like token:name:role");
        }
        OperatorToken t{item.substr(0, a), item.substr(a + 1, b - a - 1), Role::Clerk};
        // Register first: even a refused entry's token must never reach a log line.
        LogMasker::global().addSecret(t.token);
        if (!validToken(t.token)) {
            return Error::make(
                ErrorCode::ConfigInvalid,
                "operator token of '" + t.name + "' must be 16 to 256 printable characters without ':' or ','");
        }
        if (!validName(t.name))
            return Error::make(ErrorCode::ConfigInvalid,
                               "operator name '" + t.name.substr(0, 64) + "' is not a valid name");
        const auto role = parseRole(item.substr(b + 1));
        if (!role) {
            return Error::make(ErrorCode::ConfigInvalid,
                               "role of operator '" + t.name + "' must be clerk, supervisor or admin");
        }
        t.role = *role;
        out.push_back(std::move(t));
    }
    return out;
}

Status OperatorAuth::add(const OperatorToken& token) {
    assert(!token.token.empty());
    LogMasker::global().addSecret(token.token);
    const std::string digest = crypto::sha256Hex(token.token);
    for (const Entry& e : entries_) {
        if (e.digest == digest)
            return Error::make(ErrorCode::ConfigInvalid,
                               "an operator token is configured twice (for '" + e.who.name + "')");
    }
    entries_.push_back(Entry{digest, Operator{token.name, token.role}});
    return Status::success();
}

std::optional<Operator> OperatorAuth::authenticate(std::string_view header) const {
    // "Bearer <token>"; the scheme is case-insensitive (RFC 7235), the token is not.
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size() + 1) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return std::nullopt;
    }
    if (header[kScheme.size()] != ' ') return std::nullopt;
    std::string_view token = header.substr(kScheme.size() + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return std::nullopt;

    // Digests have a fixed length, so comparing them leaks nothing about the token's length, and
    // every entry is compared, so the time does not depend on which one (if any) matched.
    const std::string digest = crypto::sha256Hex(token);
    const Entry* match = nullptr;
    for (const Entry& e : entries_) {
        if (crypto::constantTimeEquals(e.digest, digest) && match == nullptr) match = &e;
    }
    if (match == nullptr) return std::nullopt;
    return match->who;
}

Result<OperatorToken> OperatorAuth::loadOrCreateLocalAdmin(const std::string& path) {
    return loadOrCreateLocal(path, kLocalAdminName, Role::Admin);
}

Result<OperatorToken> OperatorAuth::loadOrCreateLocal(const std::string& path, const std::string& name, Role role) {
    const std::string text = files::read(path);
    if (!text.empty()) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("token") || !j["token"].is_string() ||
            !j.contains("name") || !j["name"].is_string() || !j.contains("role") || !j["role"].is_string()) {
            return Error::make(ErrorCode::ConfigInvalid,
                               path + " is damaged; delete it to get a new local operator token");
        }
        OperatorToken t{j["token"].get<std::string>(), j["name"].get<std::string>(), Role::Clerk};
        LogMasker::global().addSecret(t.token);
        const auto parsed = parseRole(j["role"].get<std::string>());
        if (!parsed || !validToken(t.token) || !validName(t.name)) {
            return Error::make(ErrorCode::ConfigInvalid,
                               path + " is damaged; delete it to get a new local operator token");
        }
        t.role = *parsed;
        return t;
    }
    OperatorToken t{"pdop_" + crypto::randomHex(24), name, role};
    LogMasker::global().addSecret(t.token);
    const nlohmann::json j = {{"token", t.token}, {"name", t.name}, {"role", std::string(toString(t.role))}};
    if (!files::writeAtomically(path, j.dump(2) + "\n", 0600))
        return Error::make(ErrorCode::ConfigInvalid, "cannot write " + path);
    return t;
}

}  // namespace paydesk::operators
