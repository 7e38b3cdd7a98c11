#include "settlement/SettlementApi.h"

#include <cassert>
#include <cctype>

#include "admin/Paging.h"
#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/SettlementCloser.h"
#include "settlement/SettlementQueries.h"
#include "settlement/SettlementWorkflow.h"
#include "store/Database.h"

namespace paydesk::settlement {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;
using operators::Role;

namespace {

constexpr std::string_view kComponent = "settlement";
constexpr std::size_t kMaxReason = 512;
constexpr std::size_t kMaxBankReference = 128;

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    return text.substr(start);
}

// A required, trimmed, printable text field of at most `max` characters; or answers 400.
std::optional<std::string> requiredText(const json& body, const char* field, std::size_t max,
                                        const Responder& respond) {
    const auto it = body.find(field);
    if (it == body.end() || !it->is_string()) {
        respond(operators::validationError({field, std::string(field) + " is required"}));
        return std::nullopt;
    }
    std::string text = trimmed(it->get<std::string>());
    if (text.empty()) {
        respond(operators::validationError({field, std::string(field) + " is required"}));
        return std::nullopt;
    }
    if (text.size() > max) {
        respond(operators::validationError(
            {field, std::string(field) + " is longer than " + std::to_string(max) + " characters"}));
        return std::nullopt;
    }
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
            respond(operators::validationError({field, std::string(field) + " contains control characters"}));
            return std::nullopt;
        }
    }
    return text;
}

bool validBatchId(const std::string& id) {
    return operators::validId(id, 40);
}

HttpResponse notFound(const std::string& id) {
    return HttpResponse::error(404, "NOT_FOUND", "no settlement batch " + id.substr(0, 64));
}

}  // namespace

SettlementApi::SettlementApi(const operators::OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
                             SettlementCloser& closer, SettlementWorkflow& workflow)
    : auth_(auth), db_(db), workers_(workers), closer_(closer), workflow_(workflow) {}

void SettlementApi::registerRoutes(http::Router& router, std::function<SettlementApi*()> current) {
    assert(current);
    using Method = void (SettlementApi::*)(HttpRequest&&, Responder);
    auto forward = [current](Method method) {
        return [current, method](HttpRequest&& r, Responder done) {
            SettlementApi* api = current();
            if (api == nullptr) return done(http::serviceUnavailable("paydeskd is starting"));
            (api->*method)(std::move(r), std::move(done));
        };
    };
    router.add("GET", "/admin/settlements", forward(&SettlementApi::list));
    router.add("POST", "/admin/settlements/close", forward(&SettlementApi::close));
    router.add("GET", "/admin/settlements/payouts.csv", forward(&SettlementApi::payoutsCsv));
    router.add("GET", "/admin/settlements/{batchId}", forward(&SettlementApi::get));
    router.add("GET", "/admin/settlements/{batchId}/lines.csv", forward(&SettlementApi::linesCsv));
    router.add("POST", "/admin/settlements/{batchId}/approve", forward(&SettlementApi::approve));
    router.add("POST", "/admin/settlements/{batchId}/reject", forward(&SettlementApi::reject));
    router.add("POST", "/admin/settlements/{batchId}/reopen", forward(&SettlementApi::reopen));
    router.add("POST", "/admin/settlements/{batchId}/paid", forward(&SettlementApi::paid));
}

std::optional<operators::Operator> SettlementApi::authorize(const HttpRequest& request, const Responder& respond,
                                                            Role required, std::string_view what) const {
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

void SettlementApi::runWithDatabase(const Responder& respond, const std::string& correlationId, DbWork work) {
    const bool queued = workers_.post([this, respond, correlationId, work = std::move(work)] {
        CorrelationScope scope(correlationId);
        auto conn = db_.acquire(dbAcquireTimeout_);
        if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        try {
            respond(work(*conn.value()));
        } catch (const std::exception& e) {
            // The pool rolls back a transaction left open by the failure.
            Logger::error(kComponent, "settlement request failed", {{"error", e.what()}});
            respond(HttpResponse::error(500, "INTERNAL_ERROR", "internal error"));
        }
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

void SettlementApi::list(HttpRequest&& request, Responder respond) {
    if (!authorize(request, respond, Role::Clerk, "listing settlement batches")) return;
    BatchFilter filter;
    operators::Page page;
    std::optional<operators::FieldProblem> problem = operators::readPage(request, page);
    if (!problem && !page.cursor.empty()) problem = operators::FieldProblem{"cursor", "this list pages by offset"};
    if (!problem) problem = BatchFilter::fromQuery(request, filter);
    if (problem) return respond(operators::validationError(*problem));
    runWithDatabase(respond, request.correlationId,
                    [filter, page](store::DbConnection& c) { return SettlementQueries::list(c, filter, page); });
}

void SettlementApi::get(HttpRequest&& request, Responder respond) {
    if (!authorize(request, respond, Role::Clerk, "reading a settlement batch")) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    operators::Page page;
    if (auto problem = operators::readPage(request, page)) return respond(operators::validationError(*problem));
    runWithDatabase(respond, request.correlationId,
                    [id, page](store::DbConnection& c) { return SettlementQueries::detail(c, id, page); });
}

void SettlementApi::close(HttpRequest&& request, Responder respond) {
    auto who = authorize(request, respond, Role::Clerk, "closing a business day");
    if (!who) return;
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    const auto dayField = body->find("businessDay");
    if (dayField == body->end() || !dayField->is_string()) {
        return respond(operators::validationError({"businessDay", "businessDay is required (YYYY-MM-DD)"}));
    }
    const auto day = BusinessCalendar::parseDay(dayField->get<std::string>());
    if (!day) return respond(operators::validationError({"businessDay", "businessDay must be a date like 2026-11-23"}));
    std::optional<std::string> merchantId;
    if (const auto m = body->find("merchantId"); m != body->end() && !m->is_null()) {
        if (!m->is_string() || !operators::validId(m->get<std::string>(), 64)) {
            return respond(operators::validationError(
                {"merchantId", "merchantId must be a merchant id ([A-Za-z0-9_.-], at most 64)"}));
        }
        merchantId = m->get<std::string>();
    }
    runWithDatabase(
        respond, request.correlationId,
        [this, day = *day, merchantId, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
            const CloseActor actor{who.name, std::string(operators::toString(who.role)), correlationId};
            auto result = closer_.closeDay(c, day, merchantId, actor);
            if (!result.ok()) {
                const Error& e = result.error();
                if (e.code == "VALIDATION_ERROR") return operators::validationError({"businessDay", e.message});
                if (e.code == "CONFIG_INVALID") return HttpResponse::error(409, "INVALID_STATE", e.message);
                if (e.code == "AMOUNT_OVERFLOW") return HttpResponse::error(422, "AMOUNT_OVERFLOW", e.message);
                if (http::retryableDatabaseError(e)) {
                    return http::serviceUnavailable("the database is unavailable or busy closing another day; retry");
                }
                Logger::error(kComponent, "closing a business day failed", {{"code", e.code}, {"error", e.message}});
                return HttpResponse::error(500, "INTERNAL_ERROR", "internal error");
            }
            json closed = json::array();
            for (const auto& b : result->closed) closed.push_back(b.toJson());
            json out = {{"businessDay", BusinessCalendar::formatDay(day)},
                        {"closedCount", result->closed.size()},
                        {"alreadyClosed", result->alreadyClosed},
                        {"closed", std::move(closed)}};
            out["merchantId"] = merchantId ? json(*merchantId) : json(nullptr);
            return HttpResponse::json(200, out);
        });
}

void SettlementApi::approve(HttpRequest&& request, Responder respond) {
    auto who = authorize(request, respond, Role::Supervisor, "approving a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    runWithDatabase(respond, request.correlationId,
                    [this, id, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                        return workflow_.approve(c, id, who, correlationId);
                    });
}

void SettlementApi::reject(HttpRequest&& request, Responder respond) {
    auto who = authorize(request, respond, Role::Supervisor, "rejecting a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    auto reason = requiredText(*body, "reason", kMaxReason, respond);
    if (!reason) return;
    runWithDatabase(respond, request.correlationId,
                    [this, id, reason = *reason, who = *who, correlationId = request.correlationId](
                        store::DbConnection& c) { return workflow_.reject(c, id, reason, who, correlationId); });
}

void SettlementApi::reopen(HttpRequest&& request, Responder respond) {
    auto who = authorize(request, respond, Role::Clerk, "reopening a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    runWithDatabase(respond, request.correlationId,
                    [this, id, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                        return workflow_.reopen(c, id, who, correlationId);
                    });
}

void SettlementApi::paid(HttpRequest&& request, Responder respond) {
    auto who = authorize(request, respond, Role::Supervisor, "marking a settlement batch paid");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    auto reference = requiredText(*body, "bankReference", kMaxBankReference, respond);
    if (!reference) return;
    runWithDatabase(respond, request.correlationId,
                    [this, id, reference = *reference, who = *who, correlationId = request.correlationId](
                        store::DbConnection& c) { return workflow_.markPaid(c, id, reference, who, correlationId); });
}

void SettlementApi::payoutsCsv(HttpRequest&& request, Responder respond) {
    if (!authorize(request, respond, Role::Clerk, "exporting the payout file")) return;
    std::optional<std::string> day;
    const std::string text = request.queryParam("businessDay");
    if (!text.empty()) {
        if (!BusinessCalendar::parseDay(text))
            return respond(operators::validationError({"businessDay", "businessDay must be a date like 2026-11-23"}));
        day = text;
    }
    runWithDatabase(respond, request.correlationId,
                    [day](store::DbConnection& c) { return SettlementQueries::payoutsCsv(c, day); });
}

void SettlementApi::linesCsv(HttpRequest&& request, Responder respond) {
    if (!authorize(request, respond, Role::Clerk, "exporting a settlement batch")) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    runWithDatabase(respond, request.correlationId,
                    [id](store::DbConnection& c) { return SettlementQueries::linesCsv(c, id); });
}

}  // namespace paydesk::settlement
