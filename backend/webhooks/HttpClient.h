#pragma once

#include <chrono>
#include <map>
#include <string>

#include "core/Error.h"

namespace paydesk::webhooks {

struct ParsedUrl {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;  // path + query
    static Result<ParsedUrl> parse(const std::string& url);
};

struct HttpClientReply {
    int status = 0;
    std::string body;
};

// A small blocking HTTP/1.1 client for webhook deliveries: http and https (peer verified against
// the system's CA store), one request per connection, everything bounded by `timeout`.
class HttpClient {
public:
    // Error codes: WEBHOOK_TIMEOUT, WEBHOOK_CONNECT (DNS, refused, TLS), WEBHOOK_PROTOCOL.
    static Result<HttpClientReply> post(const ParsedUrl& url, const std::map<std::string, std::string>& headers, const std::string& body,
                                        std::chrono::milliseconds timeout);
};

}  // namespace paydesk::webhooks
