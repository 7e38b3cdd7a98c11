#include "core/Endpoints.h"

#include <cctype>
#include <charconv>

namespace paydesk {

namespace {

Error invalid(const std::string& what, const std::string& why) {
    return Error::make(ErrorCode::ConfigInvalid, what + ": " + why);
}

bool parsePort(std::string_view text, std::uint16_t& out) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value == 0 || value > 65535) return false;
    out = static_cast<std::uint16_t>(value);
    return true;
}

// Splits "host:port" (host may be "[v6]"). Returns false on a malformed port.
bool splitHostPort(std::string_view hp, std::string& host, std::uint16_t& port, bool portRequired) {
    std::size_t colon = std::string_view::npos;
    if (!hp.empty() && hp.front() == '[') {
        const std::size_t close = hp.find(']');
        if (close == std::string_view::npos) return false;
        host = std::string(hp.substr(1, close - 1));
        if (close + 1 < hp.size()) {
            if (hp[close + 1] != ':') return false;
            colon = close + 1;
        }
    } else {
        colon = hp.rfind(':');
        host = std::string(hp.substr(0, colon));
    }
    if (colon == std::string_view::npos) return !portRequired;
    return parsePort(hp.substr(colon + 1), port);
}

std::string queryValue(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == key && eq != std::string_view::npos) return percentDecode(std::string(pair.substr(eq + 1)));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

}  // namespace

std::string percentDecode(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            unsigned v = 0;
            auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
            if (ec == std::errc{} && p == s.data() + i + 3) {
                out.push_back(static_cast<char>(v));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

Result<DbEndpoint> DbEndpoint::parse(const std::string& url) {
    DbEndpoint ep;
    if (url.empty()) return invalid("database URL", "empty");
    if (url.front() == '/') {  // a bare socket path
        ep.unixSocket = url;
        ep.host = "localhost";
        return ep;
    }
    std::string_view rest(url);
    for (std::string_view scheme : {"mysql://", "mariadb://"}) {
        if (rest.substr(0, scheme.size()) == scheme) {
            rest.remove_prefix(scheme.size());
            goto schemeOk;
        }
    }
    return invalid("database URL", "expected mysql://user:pass@host:port/db or a socket path");
schemeOk:
    std::string_view query;
    if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view userinfo = rest.substr(0, at);
        rest.remove_prefix(at + 1);
        const std::size_t colon = userinfo.find(':');
        ep.user = percentDecode(std::string(userinfo.substr(0, colon)));
        if (colon != std::string_view::npos) ep.password = percentDecode(std::string(userinfo.substr(colon + 1)));
        if (ep.user.empty()) return invalid("database URL", "empty user name");
    }
    std::string_view hostPort = rest;
    if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
        hostPort = rest.substr(0, slash);
        const std::string db(rest.substr(slash + 1));
        if (!db.empty()) ep.database = db;
    }
    if (hostPort.empty()) return invalid("database URL", "missing host");
    if (!splitHostPort(hostPort, ep.host, ep.port, false)) return invalid("database URL", "bad port in '" + std::string(hostPort) + "'");
    ep.unixSocket = queryValue(query, "socket");
    for (char c : ep.database) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) {
            return invalid("database URL", "database name may hold only letters, digits, '_' and '$'");
        }
    }
    return ep;
}

std::string DbEndpoint::describe() const {
    std::string s = "mysql://" + user + "@";
    s += unixSocket.empty() ? host + ":" + std::to_string(port) : "unix:" + unixSocket;
    return s + "/" + database;
}

Result<RedisEndpoint> RedisEndpoint::parse(const std::string& url) {
    RedisEndpoint ep;
    std::string_view rest(url);
    if (rest.substr(0, 7) == "unix://") {
        rest.remove_prefix(7);
        const std::size_t q = rest.find('?');
        ep.unixSocket = std::string(rest.substr(0, q));
        if (q != std::string_view::npos) ep.password = queryValue(rest.substr(q + 1), "password");
        if (ep.unixSocket.empty()) return invalid("Redis URL", "empty socket path");
        return ep;
    }
    if (rest.substr(0, 8) != "redis://") return invalid("Redis URL", "expected redis://[:password@]host:port[/db] or unix:///path");
    rest.remove_prefix(8);
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view userinfo = rest.substr(0, at);
        rest.remove_prefix(at + 1);
        const std::size_t colon = userinfo.find(':');
        if (colon != std::string_view::npos) ep.password = percentDecode(std::string(userinfo.substr(colon + 1)));
    }
    std::string_view hostPort = rest.substr(0, rest.find('/'));
    if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos && slash + 1 < rest.size()) {
        std::string_view db = rest.substr(slash + 1);
        auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), ep.database);
        if (ec != std::errc{} || p != db.data() + db.size() || ep.database < 0) return invalid("Redis URL", "bad database number");
    }
    if (hostPort.empty()) return invalid("Redis URL", "missing host");
    if (!splitHostPort(hostPort, ep.host, ep.port, false)) return invalid("Redis URL", "bad port");
    return ep;
}

std::string RedisEndpoint::describe() const {
    if (!unixSocket.empty()) return "unix:" + unixSocket;
    return "redis://" + host + ":" + std::to_string(port) + (database ? "/" + std::to_string(database) : "");
}

Result<KafkaEndpoint> KafkaEndpoint::parse(const std::string& list) {
    KafkaEndpoint ep;
    std::string_view rest(list);
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            std::string host;
            std::uint16_t port = 0;
            if (!splitHostPort(item, host, port, true) || host.empty()) {
                return invalid("Kafka brokers", "expected host:port, got '" + std::string(item) + "'");
            }
            ep.brokers.emplace_back(item);
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (ep.brokers.empty()) return invalid("Kafka brokers", "empty list");
    return ep;
}

std::string KafkaEndpoint::bootstrap() const {
    std::string s;
    for (const auto& b : brokers) s += (s.empty() ? "" : ",") + b;
    return s;
}

Result<ListenAddress> ListenAddress::parse(const std::string& text) {
    ListenAddress addr;
    if (!splitHostPort(text, addr.host, addr.port, true)) return invalid("listen address", "expected HOST:PORT, got '" + text + "'");
    if (addr.host.empty()) addr.host = "0.0.0.0";
    return addr;
}

}  // namespace paydesk
