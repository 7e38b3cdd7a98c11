#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http/HttpTypes.h"

namespace paydesk::http {

// Maps METHOD + path pattern to a handler. Patterns are literal segments and "{name}" captures:
// "/api/payments/capture/{paymentId}". Literal segments win over captures. Unknown paths answer
// 404 NOT_FOUND, known paths with another method 405 METHOD_NOT_ALLOWED (with Allow), both JSON.
class Router {
public:
    void add(std::string method, std::string pattern, Handler handler);

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
    };
    std::vector<Route> routes_;
};

}  // namespace paydesk::http
