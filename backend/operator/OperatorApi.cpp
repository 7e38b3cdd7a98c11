#include "operator/OperatorApi.h"

#include <cassert>
#include <cctype>

#include "admin/AuditLog.h"
#include "admin/Paging.h"
#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "operator/PaymentQueries.h"
#include "store/Database.h"

namespace paydesk::operators {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;

namespace {

constexpr std::string_view kComponent = "operator";
constexpr std::string_view kDeadLetters = "dead-letter query";

// A filter value from the query string: at most `max` characters, or a problem.
// A query's answer: 200 with its result, or the error mapped once.
HttpResponse answer(const Result<json>& result, std::string_view what) {
    if (!result.ok()) return http::errorResponse(result.error(), kComponent, what);
    return HttpResponse::json(200, result.value());
}

std::optional<FieldProblem> readText(const HttpRequest& request, const char* name, std::size_t max, std::string& out) {
    out = request.queryParam(name);
    if (out.size() > max)
        return FieldProblem{name, std::string(name) + " is longer than " + std::to_string(max) + " characters"};
    return std::nullopt;
}

}  // namespace

OperatorApi::OperatorApi(OperatorApiOptions options, const OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
                         events::KafkaProducer& producer)
    : options_(options),
      auth_(auth),
      route_(auth, db, workers, options.dbAcquireTimeout, kComponent),
      deadLetters_(producer, options.replayTimeout) {
    if (auth_.empty()) {
        Logger::warn(kComponent,
                     "no operator tokens configured (--operator-tokens / PAYDESK_OPERATOR_TOKENS): every /admin call "
                     "will be refused");
    }
}

void OperatorApi::registerRoutes(http::Router& router, std::function<OperatorApi*()> current) {
    assert(current);
    auto forward = [current](api::ApiMethod<OperatorApi> method) { return api::forward(current, method); };
    router.add("GET", "/admin/whoami", forward(&OperatorApi::whoami));
    router.add("GET", "/admin/audit", forward(&OperatorApi::audit));
    router.add("GET", "/admin/dead-letters", forward(&OperatorApi::listDeadLetters));
    router.add("POST", "/admin/dead-letters/replay", forward(&OperatorApi::bulkReplay));
    router.add("GET", "/admin/dead-letters/{deadLetterId}", forward(&OperatorApi::getDeadLetter));
    router.add("PATCH", "/admin/dead-letters/{deadLetterId}", forward(&OperatorApi::editDeadLetter));
    router.add("POST", "/admin/dead-letters/{deadLetterId}/replay", forward(&OperatorApi::replayDeadLetter));
    router.add("POST", "/admin/dead-letters/{deadLetterId}/discard", forward(&OperatorApi::discardDeadLetter));
    router.add("GET", "/admin/payments", forward(&OperatorApi::searchPayments));
    router.add("GET", "/admin/payments/{paymentId}", forward(&OperatorApi::getPayment));
    router.add("GET", "/admin/stats", forward(&OperatorApi::stats));
}

void OperatorApi::whoami(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "whoami");
    if (!who) return;
    respond(HttpResponse::json(200, {{"name", who->name}, {"role", toString(who->role)}}));
}

void OperatorApi::audit(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading the audit log")) return;
    AuditFilter filter;
    Page page;
    std::optional<FieldProblem> problem = readPage(request, page);
    if (!problem) problem = readText(request, "actor", 128, filter.actor);
    if (!problem) problem = readText(request, "action", 64, filter.action);
    if (!problem) problem = readText(request, "targetType", 32, filter.targetType);
    if (!problem) problem = readText(request, "targetId", 64, filter.targetId);
    if (!problem) problem = readTimeRange(request, filter.fromSql, filter.toSql);
    if (problem) return respond(validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [filter, page](store::DbConnection& c) {
        auto out = AuditLog::list(c, filter, page);
        if (out.ok()) return HttpResponse::json(200, *out);
        if (out.error().is(ErrorCode::ValidationError)) return validationError({"cursor", out.error().message});
        return http::databaseFailure(out.error(), kComponent, "audit query", "the database is unavailable");
    });
}

void OperatorApi::listDeadLetters(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "listing dead letters")) return;
    DeadLetterFilter filter;
    Page page;
    std::optional<FieldProblem> problem = readPage(request, page);
    if (!problem) problem = DeadLetterFilter::fromQuery(request, filter);
    if (problem) return respond(validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [this, filter, page](store::DbConnection& c) {
        return answer(deadLetters_.list(c, filter, page), kDeadLetters);
    });
}

void OperatorApi::getDeadLetter(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a dead letter")) return;
    const std::string id = request.param("deadLetterId");
    if (!validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no dead letter " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId, [this, id](store::DbConnection& c) {
        return answer(deadLetters_.get(c, id), kDeadLetters);
    });
}

void OperatorApi::editDeadLetter(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "editing a dead letter");
    if (!who) return;
    const std::string id = request.param("deadLetterId");
    if (!validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no dead letter " + id.substr(0, 64)));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    if (!body->contains("payload")) return respond(validationError({"payload", "payload is required"}));
    json payload = (*body)["payload"];
    if (!payload.is_object()) return respond(validationError({"payload", "payload must be a JSON object"}));
    route_.runWithDatabase(respond, request.correlationId,
                           [this, id, payload = std::move(payload), who = *who,
                            correlationId = request.correlationId](store::DbConnection& c) {
                               return answer(deadLetters_.edit(c, id, payload, who, correlationId), kDeadLetters);
                           });
}

void OperatorApi::replayDeadLetter(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "replaying a dead letter");
    if (!who) return;
    const std::string id = request.param("deadLetterId");
    if (!validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no dead letter " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [this, id, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                               return answer(deadLetters_.replay(c, id, who, correlationId), kDeadLetters);
                           });
}

void OperatorApi::discardDeadLetter(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "discarding a dead letter");
    if (!who) return;
    const std::string id = request.param("deadLetterId");
    if (!validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no dead letter " + id.substr(0, 64)));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    const auto reason = body->find("reason");
    if (reason == body->end() || !reason->is_string())
        return respond(validationError({"reason", "reason is required"}));
    std::string text = reason->get<std::string>();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
    if (text.empty()) return respond(validationError({"reason", "reason is required"}));
    if (text.size() > 512) return respond(validationError({"reason", "reason is longer than 512 characters"}));
    route_.runWithDatabase(respond, request.correlationId,
                           [this, id, text, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                               return answer(deadLetters_.discard(c, id, text, who, correlationId), kDeadLetters);
                           });
}

void OperatorApi::bulkReplay(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "bulk replay");
    if (!who) return;
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    DeadLetterFilter filter;
    if (auto p = DeadLetterFilter::fromJson(body->value("filter", json(nullptr)), filter))
        return respond(validationError(*p));
    if (!filter.status.empty() && filter.status != "OPEN") {
        return respond(
            validationError({"filter.status", filter.status + " dead letters cannot be bulk replayed (a replayed "
                                                              "version is not sent twice); status must be OPEN"}));
    }
    std::size_t limit = 100;
    if (body->contains("limit")) {
        const json& l = (*body)["limit"];
        if (!l.is_number_integer() || l.get<std::int64_t>() < 1 ||
            l.get<std::int64_t>() > static_cast<std::int64_t>(DeadLetterRepair::kMaxBulk)) {
            return respond(validationError(
                {"limit", "limit must be an integer from 1 to " + std::to_string(DeadLetterRepair::kMaxBulk)}));
        }
        limit = static_cast<std::size_t>(l.get<std::int64_t>());
    }
    route_.runWithDatabase(
        respond, request.correlationId,
        [this, filter, limit, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
            return answer(deadLetters_.bulkReplay(c, filter, limit, who, correlationId), kDeadLetters);
        });
}

void OperatorApi::searchPayments(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "searching payments")) return;
    PaymentSearch search;
    Page page;
    std::optional<FieldProblem> problem = readPage(request, page);
    if (!problem) problem = PaymentSearch::fromQuery(request, search);
    if (problem) return respond(validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [search, page](store::DbConnection& c) {
        return answer(PaymentQueries::search(c, search, page), "payment query");
    });
}

void OperatorApi::getPayment(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a payment")) return;
    const std::string id = request.param("paymentId");
    if (!validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId, [id](store::DbConnection& c) {
        return answer(PaymentQueries::detail(c, id), "payment query");
    });
}

void OperatorApi::stats(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading stats")) return;
    {
        std::lock_guard lock(statsMutex_);
        if (!statsBody_.empty() && std::chrono::steady_clock::now() - statsAt_ < options_.statsCacheTtl) {
            HttpResponse cached;
            cached.body = statsBody_;
            return respond(std::move(cached));
        }
    }
    route_.runWithDatabase(respond, request.correlationId, [this](store::DbConnection& c) {
        HttpResponse r = answer(PaymentQueries::stats(c), "payment query");
        if (r.status == 200) {
            std::lock_guard lock(statsMutex_);
            statsBody_ = r.body;
            statsAt_ = std::chrono::steady_clock::now();
        }
        return r;
    });
}

}  // namespace paydesk::operators
