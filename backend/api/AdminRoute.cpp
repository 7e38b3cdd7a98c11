#include "api/AdminRoute.h"

#include <cassert>
#include <exception>

#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/ErrorMapping.h"
#include "store/Database.h"

namespace paydesk::api {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using operators::Operator;
using operators::Role;

HttpResponse startingUp() {
    return http::serviceUnavailable("paydeskd is starting");
}

AdminRoute::AdminRoute(const operators::OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
                       std::chrono::milliseconds dbAcquireTimeout, std::string_view component)
    : auth_(auth), db_(db), workers_(workers), dbAcquireTimeout_(dbAcquireTimeout), component_(component) {
    assert(!component_.empty());
}

std::optional<Operator> AdminRoute::authorize(const HttpRequest& request, const Responder& respond, Role required,
                                              std::string_view what) const {
    const std::string header = request.header("Authorization");
    auto who = auth_.authenticate(header);
    if (!who) {
        respond(HttpResponse::error(401, "UNAUTHORIZED",
                                    header.empty() ? "Authorization: Bearer <operator token> is required"
                                                   : "the operator token is not valid")
                    .header("WWW-Authenticate", "Bearer realm=\"paydesk-operator\""));
        return std::nullopt;
    }
    if (!who->atLeast(required)) {
        respond(HttpResponse::error(
            403, "FORBIDDEN_ROLE",
            std::string(what) + " requires " + std::string(operators::toString(required)) + " (you are " +
                std::string(operators::toString(who->role)) + ")",
            {{"requiredRole", operators::toString(required)}, {"role", operators::toString(who->role)}}));
        return std::nullopt;
    }
    return who;
}

void AdminRoute::runWithDatabase(const Responder& respond, const std::string& correlationId, DbWork work) {
    const bool queued = workers_.post([this, respond, correlationId, work = std::move(work)] {
        CorrelationScope scope(correlationId);
        withConnection(respond, component_ + " request", work);
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

void AdminRoute::withConnection(const Responder& respond, std::string_view what, const DbWork& work) {
    auto conn = db_.acquire(dbAcquireTimeout_);
    if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
    try {
        respond(work(*conn.value()));
    } catch (const std::exception& e) {
        // The pool rolls back a transaction left open by the failure.
        Logger::error(component_, std::string(what) + " failed", {{"error", e.what()}});
        respond(HttpResponse::error(500, "INTERNAL_ERROR", "internal error"));
    }
}

}  // namespace paydesk::api
