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
constexpr std::string_view kClosing = "closing a business day";
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

// A decision's answer: the batch as it is now, or the refusal.
HttpResponse decided(const Result<json>& batch) {
    if (!batch.ok()) return http::errorResponse(batch.error(), kComponent, "settlement change");
    return HttpResponse::json(200, batch.value());
}

HttpResponse queried(const Result<json>& view) {
    if (!view.ok()) return http::errorResponse(view.error(), kComponent, "settlement query");
    return HttpResponse::json(200, view.value());
}

HttpResponse download(Result<CsvFile> file) {
    if (!file.ok()) return http::errorResponse(file.error(), kComponent, "settlement query");
    return HttpResponse::text(200, std::move(file->body), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + file->fileName + "\"");
}

HttpResponse notFound(const std::string& id) {
    return HttpResponse::error(404, "NOT_FOUND", "no settlement batch " + id.substr(0, 64));
}

}  // namespace

SettlementApi::SettlementApi(const operators::OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
                             SettlementCloser& closer, SettlementWorkflow& workflow)
    : route_(auth, db, workers, std::chrono::milliseconds(1000), kComponent), closer_(closer), workflow_(workflow) {}

void SettlementApi::registerRoutes(http::Router& router, std::function<SettlementApi*()> current) {
    assert(current);
    auto forward = [current](api::ApiMethod<SettlementApi> method) { return api::forward(current, method); };
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

void SettlementApi::list(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "listing settlement batches")) return;
    BatchFilter filter;
    operators::Page page;
    std::optional<operators::FieldProblem> problem = operators::readPage(request, page);
    if (!problem && !page.cursor.empty()) problem = operators::FieldProblem{"cursor", "this list pages by offset"};
    if (!problem) problem = BatchFilter::fromQuery(request, filter);
    if (problem) return respond(operators::validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [filter, page](store::DbConnection& c) {
        return queried(SettlementQueries::list(c, filter, page));
    });
}

void SettlementApi::get(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a settlement batch")) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    operators::Page page;
    if (auto problem = operators::readPage(request, page)) return respond(operators::validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [id, page](store::DbConnection& c) {
        return queried(SettlementQueries::detail(c, id, page));
    });
}

void SettlementApi::close(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "closing a business day");
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
    route_.runWithDatabase(
        respond, request.correlationId,
        [this, day = *day, merchantId, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
            const CloseActor actor{who.name, std::string(operators::toString(who.role)), correlationId};
            auto result = closer_.closeDay(c, day, merchantId, actor);
            if (!result.ok()) {
                const Error& e = result.error();
                if (e.is(ErrorCode::ValidationError)) return operators::validationError({"businessDay", e.message});
                // A calendar or fee configuration that cannot close this day is a state to fix first.
                if (e.is(ErrorCode::ConfigInvalid)) {
                    return http::errorResponse(Error::make(ErrorCode::InvalidState, e.message), kComponent, kClosing);
                }
                if (e.is(ErrorCode::AmountOverflow)) return http::errorResponse(e, kComponent, kClosing);
                return http::databaseFailure(e, kComponent, kClosing,
                                             "the database is unavailable or busy closing another day; retry");
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
    auto who = route_.authorize(request, respond, Role::Supervisor, "approving a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    route_.runWithDatabase(respond, request.correlationId,
                           [this, id, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                               return decided(workflow_.approve(c, id, who, correlationId));
                           });
}

void SettlementApi::reject(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "rejecting a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    auto reason = requiredText(*body, "reason", kMaxReason, respond);
    if (!reason) return;
    route_.runWithDatabase(
        respond, request.correlationId,
        [this, id, reason = *reason, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
            return decided(workflow_.reject(c, id, reason, who, correlationId));
        });
}

void SettlementApi::reopen(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "reopening a settlement batch");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    route_.runWithDatabase(respond, request.correlationId,
                           [this, id, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
                               return decided(workflow_.reopen(c, id, who, correlationId));
                           });
}

void SettlementApi::paid(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "marking a settlement batch paid");
    if (!who) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    auto reference = requiredText(*body, "bankReference", kMaxBankReference, respond);
    if (!reference) return;
    route_.runWithDatabase(
        respond, request.correlationId,
        [this, id, reference = *reference, who = *who, correlationId = request.correlationId](store::DbConnection& c) {
            return decided(workflow_.markPaid(c, id, reference, who, correlationId));
        });
}

void SettlementApi::payoutsCsv(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "exporting the payout file")) return;
    std::optional<std::string> day;
    const std::string text = request.queryParam("businessDay");
    if (!text.empty()) {
        if (!BusinessCalendar::parseDay(text))
            return respond(operators::validationError({"businessDay", "businessDay must be a date like 2026-11-23"}));
        day = text;
    }
    route_.runWithDatabase(respond, request.correlationId,
                           [day](store::DbConnection& c) { return download(SettlementQueries::payoutsCsv(c, day)); });
}

void SettlementApi::linesCsv(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "exporting a settlement batch")) return;
    const std::string id = request.param("batchId");
    if (!validBatchId(id)) return respond(notFound(id));
    route_.runWithDatabase(respond, request.correlationId,
                           [id](store::DbConnection& c) { return download(SettlementQueries::linesCsv(c, id)); });
}

}  // namespace paydesk::settlement
