#pragma once

#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace paydesk {

// Removes sensitive data from text before it can reach any log sink.
//  - card numbers (13-19 digits, optionally grouped by single spaces or dashes, passing Luhn)
//    keep at most their first six and last four digits;
//  - every registered secret (API secrets, operator tokens, passwords) becomes "***";
//  - "Bearer <token>", URL passwords ("scheme://user:pass@") and "password=..." style pairs are redacted;
//  - JSON fields whose name says they hold a secret are redacted by maskFields().
class LogMasker {
public:
    static constexpr std::string_view kRedacted = "***";
    static constexpr std::size_t kMinSecretLength = 4;

    // The process-wide masker used by Logger.
    static LogMasker& global();

    // Registers a secret value; it is redacted wherever it appears. Short values are ignored
    // (masking "abc" everywhere would destroy logs without protecting anything).
    void addSecret(std::string_view secret);
    void clearSecrets();

    [[nodiscard]] std::string mask(std::string_view text) const;

    // Redacts the values of keys that name secrets (password, secret, token, authorization, ...),
    // recursively, in place.
    static void maskFields(nlohmann::json& fields);
    static bool isSecretKey(std::string_view key);

    static std::string maskCardNumbers(std::string_view text);
    static bool luhnValid(std::string_view digits);
    // "4111111111111111" -> "411111******1111"
    static std::string maskPan(std::string_view digits);

private:
    std::string maskSecrets(std::string text) const;
    static std::string maskPatterns(std::string text);

    mutable std::shared_mutex mutex_;
    std::set<std::string, std::greater<>> secrets_;  // longest-first order is not required; set dedups
};

}  // namespace paydesk
