#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"

namespace paydesk::auth {

struct ApiKey {
    std::string keyId;
    std::string secret;
    std::string merchantId;
};

// Merchant API keys, provisioned from configuration ("keyId:secret:merchantId[,...]", as in
// PAYDESK_API_KEYS) or, in the embedded default with nothing configured, a generated demo key kept
// in DIR/demo-credentials.json (0600). Immutable after startup, so lookups need no lock.
class ApiKeyStore {
public:
    // Parses "keyId:secret:merchantId[,keyId:secret:merchantId...]". Secrets must be at least 16
    // characters; ids use [A-Za-z0-9_.-].
    static Result<std::vector<ApiKey>> parse(const std::string& spec);

    Status add(ApiKey key);
    [[nodiscard]] const ApiKey* find(const std::string& keyId) const;
    [[nodiscard]] bool empty() const { return keys_.empty(); }
    [[nodiscard]] std::vector<std::string> merchants() const;

    // Loads DIR/demo-credentials.json or creates it with a fresh merchant and key.
    static Result<ApiKey> loadOrCreateDemo(const std::string& path);

private:
    std::map<std::string, ApiKey> keys_;
};

bool isValidIdentifier(const std::string& s, std::size_t maxLength);

}  // namespace paydesk::auth
