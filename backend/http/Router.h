#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/HttpTypes.h"

namespace paydesk::http {

// Maps METHOD + path pattern to a handler. Patterns are literal segments and "{name}" captures:
// "/api/payments/capture/{paymentId}". Literal segments win over captures. Unknown paths answer
// 404 NOT_FOUND, known paths with another method 405 METHOD_NOT_ALLOWED (with Allow), both JSON.
// Per-route limits the server applies once a request's headers are in, before its body is read.
struct RouteOptions {
    // The body limit of this route; 0 = the server's default (HttpServerOptions::bodyLimitBytes).
    // Never above HttpServerOptions::uploadBodyLimitBytes; kUploadCeiling asks for exactly that.
    std::size_t bodyLimitBytes = 0;
    static constexpr std::size_t kUploadCeiling = static_cast<std::size_t>(-1);
    // Called with the request's head (method, target, headers; no body) on the I/O thread. An answer
    // refuses the request without reading its body: e.g. an upload whose credentials are not valid.
    // A gate that lets the request in may set head.reservation (a slot it took); the request carries
    // it to the handler, and it is released when the request ends or the connection drops.
    // CPU only, no blocking calls.
    std::function<std::optional<HttpResponse>(HttpRequest& head)> headerGate;
    // Receive the body into an unnamed file (HttpRequest::spooled) instead of memory: for uploads.
    bool spoolBody = false;
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

    // The options of the route `method path` dispatches to; nullptr when no route matches (the
    // dispatch answers 404/405 then).
    [[nodiscard]] const RouteOptions* optionsFor(std::string_view method, std::string_view path) const;

    // Fills request.pathParams and request.route, then calls the handler (or answers the error).
    // A std::exception escaping a handler is logged and answered 500 INTERNAL_ERROR.
    void dispatch(HttpRequest&& request, Responder respond) const;
    // The same, also storing the matched pattern (kUnmatchedRoute for 404/405) in *matchedRoute
    // before the handler runs: the handler may move the request away, and the server still needs
    // the route as its metrics label.
    void dispatch(HttpRequest&& request, const Responder& respond, std::string* matchedRoute) const;

    // The route label used for metrics when nothing matched.
    static constexpr const char* kUnmatchedRoute = "unmatched";

    // Every registered (method, pattern), in registration order: for the OpenAPI consistency test.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> routes() const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
        RouteOptions options;
    };
    // The best route for method + path segments; fills *allowed with the methods of every route
    // whose pattern matches (for 405's Allow) when given.
    const Route* match(std::string_view method, const std::vector<std::string_view>& path, std::vector<std::string>* allowed) const;
    std::vector<Route> routes_;
};

}  // namespace paydesk::http
