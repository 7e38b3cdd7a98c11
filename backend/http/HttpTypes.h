#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace paydesk::http {

struct CaseInsensitiveLess {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept;
};

class SpooledBody;

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // path plus query, as received (signing covers this)
    std::string path;    // target without the query string
    std::string query;   // without '?'
    std::map<std::string, std::string, CaseInsensitiveLess> headers;
    std::string body;                            // in memory; empty when the route spools (see bodyBytes)
    std::shared_ptr<const SpooledBody> spooled;  // an upload received into an unnamed file
    // Whatever a route's header gate reserved for this request (an import slot): held while the
    // body is received and for as long as the handler keeps the request.
    std::shared_ptr<void> reservation;
    std::string remoteAddress;
    std::string correlationId;                      // X-Correlation-Id, or generated
    std::map<std::string, std::string> pathParams;  // "{id}" captures from the route pattern
    std::string route;                              // the matched route pattern, e.g. "/api/payments/{id}"

    // The body as received: the spooled file's bytes, or `body`.
    [[nodiscard]] std::string_view bodyBytes() const;
    // Empty string when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
    [[nodiscard]] std::string param(const std::string& name) const;
    // Decoded query parameter, empty when absent.
    [[nodiscard]] std::string queryParam(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    HttpResponse& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    static HttpResponse json(int status, const nlohmann::json& body);
    static HttpResponse text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
    // Every error answer Paydesk gives: {"code": ..., "message": ..., ...extra}
    static HttpResponse error(int status, std::string_view code, std::string_view message,
                              const nlohmann::json& extra = nlohmann::json::object());
};

// Called exactly once per request, from any thread. The server writes the response on the
// connection's own executor, so handlers may finish on worker threads.
using Responder = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest&& request, Responder respond)>;

}  // namespace paydesk::http
