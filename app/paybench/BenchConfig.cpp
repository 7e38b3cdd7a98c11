#include "BenchConfig.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

namespace paydesk::bench {

std::string_view scenarioName(Scenario s) {
    switch (s) {
        case Scenario::Authorize:
            return "authorize";
        case Scenario::Flow:
            return "flow";
        case Scenario::Health:
            return "health";
    }
    return "?";
}

std::size_t stepCount(Scenario s) {
    return s == Scenario::Flow ? 3 : 1;
}

std::string_view stepName(Scenario s, std::size_t step) {
    if (s == Scenario::Health) return "health";
    switch (step) {
        case 0:
            return "authorize";
        case 1:
            return "capture";
        case 2:
            return "refund";
        default:
            return "?";
    }
}

bool parseUrl(const std::string& url, BenchConfig& config, std::string& error) {
    constexpr std::string_view scheme = "http://";
    if (url.rfind(scheme, 0) != 0) {
        error = "--url must start with http:// (got '" + url + "')";
        return false;
    }
    std::string rest = url.substr(scheme.size());
    std::string path;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        path = rest.substr(slash);
        rest.resize(slash);
    }
    while (!path.empty() && path.back() == '/') path.pop_back();
    std::string host = rest;
    std::string port = "80";
    if (!rest.empty() && rest.front() == '[') {  // [::1]:8080
        const auto close = rest.find(']');
        if (close == std::string::npos) {
            error = "unterminated IPv6 address in --url";
            return false;
        }
        host = rest.substr(1, close - 1);
        if (close + 1 < rest.size()) {
            if (rest[close + 1] != ':') {
                error = "unexpected text after the IPv6 address in --url";
                return false;
            }
            port = rest.substr(close + 2);
        }
    } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
        error = "cannot read host and port from --url '" + url + "'";
        return false;
    }
    config.url = url;
    config.host = host;
    config.port = port;
    config.basePath = path;
    return true;
}

bool loadCredentials(const std::string& path, BenchConfig& config, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read credentials file " + path;
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    const auto field = [&j](const char* name) -> std::string {
        const auto it = j.find(name);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (j.is_discarded() || !j.is_object()) {
        error = path + " is not a JSON object";
        return false;
    }
    config.merchantId = field("merchantId");
    config.apiKey = field("apiKey");
    config.secret = field("secret");
    if (config.merchantId.empty() || config.apiKey.empty() || config.secret.empty()) {
        error = path + " must hold non-empty merchantId, apiKey and secret";
        return false;
    }
    return true;
}

std::string makeRunId() {
    std::random_device rd;
    std::uniform_int_distribution<std::uint32_t> dist;
    std::ostringstream out;
    out << std::hex << dist(rd);
    return out.str();
}

}  // namespace paydesk::bench
