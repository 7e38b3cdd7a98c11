#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/HttpTypes.h"
#include "admin/OperatorAuth.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::store {
class DbConnection;
class DbPool;
}  // namespace paydesk::store

namespace paydesk::api {

// A route handler that reaches its API through `current`: until `current` returns one (the HTTP
// listener starts before the APIs exist) the route answers 503 SERVICE_UNAVAILABLE "paydeskd is starting".
template <typename Api>
using ApiMethod = void (Api::*)(http::HttpRequest&&, http::Responder);

http::HttpResponse startingUp();

template <typename Api>
http::Handler forward(std::function<Api*()> current, ApiMethod<Api> method) {
    return [current = std::move(current), method](http::HttpRequest&& request, http::Responder done) {
        Api* api = current();
        if (api == nullptr) return done(startingUp());
        (api->*method)(std::move(request), std::move(done));
    };
}

// What every /admin route does around its own work:
//   authorize        "Authorization: Bearer <operator token>" (401 UNAUTHORIZED + WWW-Authenticate)
//                    and a role at least `required` (403 FORBIDDEN_ROLE naming both roles)
//   runWithDatabase  hop to the worker pool (503 when it is full), a pooled connection within the
//                    acquire timeout (503 + Retry-After when the database is unavailable), then the
//                    work's answer; an exception is logged and answered 500 INTERNAL_ERROR and goes no
//                    further (the pool rolls back a transaction it left open)
// Errors from the work itself are mapped by http/ErrorMapping.h.
class AdminRoute {
public:
    using DbWork = std::function<http::HttpResponse(store::DbConnection&)>;

    AdminRoute(const operators::OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
               std::chrono::milliseconds dbAcquireTimeout, std::string_view component);

    // The caller, if the token is valid and its role is at least `required`; otherwise answers
    // 401/403 and returns nullopt. `what` completes "... requires <role>".
    std::optional<operators::Operator> authorize(const http::HttpRequest& request, const http::Responder& respond,
                                                 operators::Role required, std::string_view what) const;

    // Runs `work` on a worker with a pooled connection and answers what it returns.
    void runWithDatabase(const http::Responder& respond, const std::string& correlationId, DbWork work);

    // On the calling (worker) thread: a pooled connection, then `work`'s answer, as runWithDatabase.
    // `what` names the work in the log when it throws.
    void withConnection(const http::Responder& respond, std::string_view what, const DbWork& work);

    [[nodiscard]] std::string_view component() const { return component_; }

private:
    const operators::OperatorAuth& auth_;
    store::DbPool& db_;
    WorkerPool& workers_;
    const std::chrono::milliseconds dbAcquireTimeout_;
    const std::string component_;
};

}  // namespace paydesk::api
