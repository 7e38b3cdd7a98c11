#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/Error.h"
#include "webhooks/DestinationPolicy.h"

namespace paydesk::webhooks {

struct ParsedUrl {
    bool tls = false;
    std::string host;  // a DNS name or a numeric address (IPv6 without its brackets)
    std::uint16_t port = 0;
    std::string target;  // path + query
    bool ipv6Literal = false;

    // http(s)://host[:port][/path]; host is a name ([A-Za-z0-9._-]), a dotted IPv4 address or a
    // bracketed IPv6 address; no credentials, no zone ids. VALIDATION_ERROR naming what is wrong.
    static Result<ParsedUrl> parse(const std::string& url);
    // The Host header: the host (bracketed for IPv6) and the port when it is not the scheme's.
    [[nodiscard]] std::string hostHeader() const;
};

struct HttpClientReply {
    int status = 0;
    std::string body;
};

// A small HTTP/1.1 client for webhook deliveries: http and https (peer verified against the
// system's CA store), one request per connection. It never resolves names itself: it connects to
// the addresses it is given (those the DestinationPolicy checked), trying them in order. Every
// step (connect, TLS handshake, write, read) runs against one deadline, `timeout` from the call,
// so a receiver that accepts the connection and never answers costs at most `timeout`; `cancel`
// (when given) aborts the call within ~50 ms once set.
class HttpClient {
public:
    // Error codes: WEBHOOK_TIMEOUT, WEBHOOK_CONNECT (refused, unreachable, TLS), WEBHOOK_PROTOCOL,
    // WEBHOOK_CANCELLED.
    static Result<HttpClientReply> post(const ParsedUrl& url, const std::vector<IpAddress>& addresses,
                                        const std::map<std::string, std::string>& headers, const std::string& body,
                                        std::chrono::milliseconds timeout, const std::atomic<bool>* cancel = nullptr);
};

}  // namespace paydesk::webhooks
