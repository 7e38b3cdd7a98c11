#include "auth/ApiKeyStore.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/Crypto.h"
#include "core/LogMasker.h"
#include "core/Files.h"

namespace paydesk::auth {

bool isValidIdentifier(const std::string& s, std::size_t maxLength) {
    if (s.empty() || s.size() > maxLength) return false;
    for (char c : s) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
    }
    return true;
}

Result<std::vector<ApiKey>> ApiKeyStore::parse(const std::string& spec) {
    std::vector<ApiKey> keys;
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (item.empty()) continue;
        const std::size_t a = item.find(':');
        const std::size_t b = a == std::string::npos ? a : item.rfind(':');
        if (a == std::string::npos || a == b) {
            return Error::make(ErrorCode::ConfigInvalid, "API key entries must look like keyId:secret:merchantId");
        }
        ApiKey key{item.substr(0, a), item.substr(a + 1, b - a - 1), item.substr(b + 1)};
        if (!isValidIdentifier(key.keyId, 64))
            return Error::make(ErrorCode::ConfigInvalid, "API key id '" + key.keyId + "' is not a valid id");
        if (!isValidIdentifier(key.merchantId, 64)) {
            return Error::make(ErrorCode::ConfigInvalid,
                               "merchant id of API key '" + key.keyId + "' is not a valid id");
        }
        if (key.secret.size() < 16)
            return Error::make(ErrorCode::ConfigInvalid,
                               "secret of API key '" + key.keyId + "' is shorter than 16 characters");
        LogMasker::global().addSecret(key.secret);
        keys.push_back(std::move(key));
    }
    return keys;
}

Status ApiKeyStore::add(ApiKey key) {
    if (keys_.count(key.keyId) != 0)
        return Error::make(ErrorCode::ConfigInvalid, "API key id '" + key.keyId + "' is configured twice");
    LogMasker::global().addSecret(key.secret);
    const std::string id = key.keyId;
    keys_.emplace(id, std::move(key));
    return Status::success();
}

const ApiKey* ApiKeyStore::find(const std::string& keyId) const {
    auto it = keys_.find(keyId);
    return it == keys_.end() ? nullptr : &it->second;
}

std::vector<std::string> ApiKeyStore::merchants() const {
    std::vector<std::string> out;
    for (const auto& [id, key] : keys_) {
        if (std::find(out.begin(), out.end(), key.merchantId) == out.end()) out.push_back(key.merchantId);
    }
    return out;
}

Result<ApiKey> ApiKeyStore::loadOrCreateDemo(const std::string& path) {
    const std::string text = files::read(path);
    if (!text.empty()) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.contains("merchantId") || !j.contains("apiKey") || !j.contains("secret")) {
            return Error::make(ErrorCode::ConfigInvalid, path + " is damaged; delete it to get a new demo key");
        }
        ApiKey key{j["apiKey"].get<std::string>(), j["secret"].get<std::string>(), j["merchantId"].get<std::string>()};
        LogMasker::global().addSecret(key.secret);
        return key;
    }
    ApiKey key{"demo_key_" + crypto::randomHex(4), crypto::randomHex(24), "demo_merchant"};
    LogMasker::global().addSecret(key.secret);
    const nlohmann::json j = {{"merchantId", key.merchantId}, {"apiKey", key.keyId}, {"secret", key.secret}};
    if (!files::writeAtomically(path, j.dump(2) + "\n", 0600))
        return Error::make(ErrorCode::ConfigInvalid, "cannot write " + path);
    return key;
}

}  // namespace paydesk::auth
