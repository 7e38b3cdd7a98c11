#include "recon/ReconApi.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "admin/Paging.h"
#include "auth/MerchantAuth.h"
#include "core/Currency.h"
#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "recon/BankProfile.h"
#include "recon/MultipartForm.h"
#include "recon/ReconProfiles.h"
#include "recon/ReconQueries.h"
#include "recon/ReconReview.h"
#include "store/Database.h"

namespace paydesk::recon {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;
using operators::FieldProblem;
using operators::Operator;
using operators::Role;

namespace {

constexpr std::string_view kComponent = "recon";
constexpr std::string_view kDatabase = "database operation";  // what the log says failed

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isCsvType(const std::string& type) {
    return type == "text/csv" || type == "application/csv" || type == "text/plain" || type == "application/octet-stream" ||
           type == "application/vnd.ms-excel" || type == "text/comma-separated-values";
}

// The optional (or required) note of a decision: trimmed, at most 1024 characters.
std::optional<FieldProblem> readNote(const json& body, bool required, std::string& out) {
    out.clear();
    const auto it = body.find("note");
    if (it != body.end() && !it->is_null()) {
        if (!it->is_string()) return FieldProblem{"note", "note must be a string"};
        out = it->get<std::string>();
    }
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    std::size_t start = 0;
    while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start]))) ++start;
    out.erase(0, start);
    if (required && out.empty()) return FieldProblem{"note", "note is required"};
    if (out.size() > ReconReview::kMaxNoteChars) return FieldProblem{"note", "note is longer than 1024 characters"};
    return std::nullopt;
}

std::optional<std::int64_t> lineIdOf(const HttpRequest& request) {
    const auto v = operators::parseCount(request.param("lineId"), static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()));
    if (!v || *v == 0) return std::nullopt;
    return static_cast<std::int64_t>(*v);
}

std::optional<bool> parseBool(const std::string& text) {
    const std::string t = lower(text);
    if (t.empty() || t == "false" || t == "0" || t == "no") return false;
    if (t == "true" || t == "1" || t == "yes") return true;
    return std::nullopt;
}

std::optional<FieldProblem> readFilter(const HttpRequest& request, LineFilter& f, bool withStatus) {
    f.fileId = request.queryParam("fileId");
    if (!f.fileId.empty() && !operators::validId(f.fileId, 40)) return FieldProblem{"fileId", "fileId is not a valid id"};
    f.outcome = request.queryParam("outcome");
    if (!f.outcome.empty() && !parseOutcome(f.outcome)) {
        return FieldProblem{"outcome", "outcome must be MATCHED, AMOUNT_MISMATCH, UNMATCHED_BANK, UNMATCHED_SYSTEM, DUPLICATE or AWAITING"};
    }
    f.side = request.queryParam("side");
    if (!f.side.empty() && f.side != "BANK" && f.side != "SYSTEM") return FieldProblem{"side", "side must be BANK or SYSTEM"};
    if (withStatus) {
        f.status = request.queryParam("status");
        if (f.status.empty()) f.status = "OPEN";
        if (f.status != "OPEN" && f.status != "RESOLVED" && f.status != "ALL") return FieldProblem{"status", "status must be OPEN, RESOLVED or ALL"};
    }
    return std::nullopt;
}

// A query's or decision's answer: 200 with the result, or the error mapped once.
HttpResponse jsonAnswer(const Result<json>& result, int status = 200) {
    if (!result.ok()) return http::errorResponse(result.error(), kComponent, kDatabase);
    return HttpResponse::json(status, result.value());
}

HttpResponse downloadAnswer(Result<Download> file) {
    if (!file.ok()) return http::errorResponse(file.error(), kComponent, kDatabase);
    HttpResponse r = HttpResponse::text(200, std::move(file->body), file->contentType);
    r.header("Content-Disposition", "attachment; filename=\"" + file->fileName + "\"");
    if (file->rowCount) r.header("X-Row-Count", std::to_string(*file->rowCount));
    if (file->truncated) r.header("X-Truncated", "true");
    if (!file->sha256.empty()) r.header("X-Content-SHA256", file->sha256);
    return r;
}

HttpResponse importsBusy() { return http::serviceUnavailable("another bank statement import is running; retry shortly", 5); }

// Decrements the running-imports counter when the import ends, whichever way.
class ImportSlot {
public:
    explicit ImportSlot(std::atomic<std::size_t>& running) : running_(running) {}
    ~ImportSlot() { running_.fetch_sub(1); }
    ImportSlot(const ImportSlot&) = delete;
    ImportSlot& operator=(const ImportSlot&) = delete;

private:
    std::atomic<std::size_t>& running_;
};

}  // namespace

ReconApi::ReconApi(ReconApiOptions options, const operators::OperatorAuth& auth, auth::MerchantAuth* merchantAuth,
                   store::DbPool& db, WorkerPool& workers)
    : options_(std::move(options)),
      route_(auth, db, workers, options_.dbAcquireTimeout, kComponent),
      merchantAuth_(merchantAuth),
      workers_(workers),
      importer_(options_.import) {
    assert(options_.maxConcurrentImports > 0);
}

std::optional<HttpResponse> ReconApi::checkUploadHead(HttpRequest& head, bool merchantsAllowed) {
    const std::string type = http::mediaType(head);
    if (!isCsvType(type) && type != "multipart/form-data") {
        return HttpResponse::error(415, "UNSUPPORTED_MEDIA_TYPE", "send the file as text/csv or multipart/form-data");
    }
    if (!merchantsAllowed || !head.header("Authorization").empty()) {
        std::optional<HttpResponse> refusal;
        (void)route_.authorize(
            head, [&refusal](HttpResponse r) { refusal = std::move(r); }, Role::Clerk, "uploading a bank statement");
        if (refusal) return refusal;
    } else if (merchantAuth_ == nullptr) {
        return api::startingUp();
    } else if (auto refused = merchantAuth_->checkHead(head)) {
        return refused;
    }
    // While the import slots are taken, a new upload is refused before its body is received.
    head.reservation = takeImportSlot();
    if (!head.reservation) return importsBusy();
    return std::nullopt;
}

std::shared_ptr<void> ReconApi::takeImportSlot() {
    if (importsRunning_.fetch_add(1) >= options_.maxConcurrentImports) {
        importsRunning_.fetch_sub(1);
        return nullptr;
    }
    return std::make_shared<ImportSlot>(importsRunning_);
}

void ReconApi::registerRoutes(http::Router& router, std::function<ReconApi*()> current) {
    assert(current);
    auto forward = [current](api::ApiMethod<ReconApi> method) { return api::forward(current, method); };
    // Uploads may be large, so they are refused on their headers (credentials, media type) before
    // a byte of the body is read; only then does the upload ceiling apply instead of the default.
    auto uploadRoute = [current](bool merchantsAllowed) {
        http::RouteOptions options;
        options.bodyLimitBytes = http::RouteOptions::kUploadCeiling;
        options.spoolBody = true;  // received into an unnamed file, never held in memory
        options.headerGate = [current, merchantsAllowed](HttpRequest& head) -> std::optional<HttpResponse> {
            ReconApi* api = current();
            if (api == nullptr) return api::startingUp();
            return api->checkUploadHead(head, merchantsAllowed);
        };
        return options;
    };
    router.add("POST", "/api/recon/files", forward(&ReconApi::uploadAny), uploadRoute(true));
    router.add("POST", "/api/payments/upload", forward(&ReconApi::uploadAny), uploadRoute(true));
    router.add("POST", "/admin/recon/files", forward(&ReconApi::uploadOperator), uploadRoute(false));
    router.add("GET", "/admin/recon/files", forward(&ReconApi::listFiles));
    router.add("GET", "/admin/recon/files/{fileId}", forward(&ReconApi::getFile));
    router.add("GET", "/admin/recon/files/{fileId}/lines", forward(&ReconApi::fileLines));
    router.add("GET", "/admin/recon/files/{fileId}/errors", forward(&ReconApi::fileErrors));
    router.add("GET", "/admin/recon/files/{fileId}/content", forward(&ReconApi::fileContent));
    router.add("GET", "/admin/recon/files/{fileId}/results.csv", forward(&ReconApi::exportFile));
    router.add("GET", "/admin/recon/exceptions", forward(&ReconApi::exceptions));
    router.add("GET", "/admin/recon/exceptions.csv", forward(&ReconApi::exportExceptions));
    router.add("GET", "/admin/recon/lines/{lineId}", forward(&ReconApi::getLine));
    router.add("POST", "/admin/recon/lines/{lineId}/approve", forward(&ReconApi::approve));
    router.add("POST", "/admin/recon/lines/{lineId}/reject", forward(&ReconApi::reject));
    router.add("POST", "/admin/recon/lines/{lineId}/accept", forward(&ReconApi::accept));
    router.add("POST", "/admin/recon/lines/{lineId}/match", forward(&ReconApi::match));
    router.add("POST", "/admin/recon/lines/{lineId}/unmatch", forward(&ReconApi::unmatch));
    router.add("POST", "/admin/recon/resolve", forward(&ReconApi::resolve));
    router.add("GET", "/admin/recon/profiles", forward(&ReconApi::listProfiles));
    router.add("POST", "/admin/recon/profiles", forward(&ReconApi::createProfile));
    router.add("GET", "/admin/recon/profiles/{name}", forward(&ReconApi::getProfile));
    router.add("PUT", "/admin/recon/profiles/{name}", forward(&ReconApi::updateProfile));
    router.add("DELETE", "/admin/recon/profiles/{name}", forward(&ReconApi::deleteProfile));
}

void ReconApi::uploadAny(HttpRequest&& request, Responder respond) { upload(std::move(request), std::move(respond), true); }

void ReconApi::uploadOperator(HttpRequest&& request, Responder respond) { upload(std::move(request), std::move(respond), false); }

void ReconApi::upload(HttpRequest&& request, Responder respond, bool merchantsAllowed) {
    // An operator token when one is presented (or required); otherwise the merchant signature,
    // checked on the worker because it hashes the whole (possibly large) body.
    std::optional<Operator> who;
    if (!merchantsAllowed || !request.header("Authorization").empty()) {
        who = route_.authorize(request, respond, Role::Clerk, "uploading a bank statement");
        if (!who) return;
    } else if (merchantAuth_ == nullptr) {
        return respond(api::startingUp());
    }
    const std::string type = http::mediaType(request);
    if (!isCsvType(type) && type != "multipart/form-data") {
        return respond(HttpResponse::error(415, "UNSUPPORTED_MEDIA_TYPE", "send the file as text/csv or multipart/form-data"));
    }
    // The slot the header gate took while the body came in, or one taken now.
    std::shared_ptr<void> slot = std::move(request.reservation);
    if (!slot) slot = takeImportSlot();
    if (!slot) return respond(importsBusy());
    auto shared = std::make_shared<HttpRequest>(std::move(request));
    const bool queued = workers_.post([this, shared, respond, who, slot = std::move(slot)] {
        const HttpRequest& r = *shared;
        CorrelationScope scope(r.correlationId);
        ImportRequest req;
        req.correlationId = r.correlationId;
        std::string signedMerchant;
        if (!who) {
            auto caller = merchantAuth_->authenticate(r, respond);
            if (!caller || !merchantAuth_->admit(*caller, "recon.upload", respond)) return;
            signedMerchant = caller->merchantId;
        }
        // The file and the fields: the whole body, or the parts of a form.
        std::map<std::string, std::string> fields;
        req.contentType = r.header("Content-Type");
        if (http::mediaType(r) == "multipart/form-data") {
            auto parts = MultipartForm::parse(req.contentType, r.bodyBytes());
            if (!parts.ok()) return respond(HttpResponse::error(400, parts.error().code, parts.error().message));
            const MultipartPart* file = nullptr;
            for (const MultipartPart& p : parts.value()) {
                if (!p.fileName.empty() || p.name == "file") {
                    if (file != nullptr) return respond(HttpResponse::error(400, "MALFORMED_MULTIPART", "multipart body: send exactly one file part"));
                    file = &p;
                } else {
                    if (p.body.size() > 1024) return respond(http::validationError(p.name, p.name + " is longer than 1024 bytes"));
                    fields[p.name] = std::string(p.body);
                }
            }
            if (file == nullptr) return respond(HttpResponse::error(400, "MALFORMED_MULTIPART", "multipart body: no file part (a part with a filename)"));
            req.bytes = file->body;
            req.fileName = file->fileName;
            if (!file->contentType.empty()) req.contentType = file->contentType;
        } else {
            req.bytes = r.bodyBytes();
        }
        auto param = [&](const char* name) {
            std::string v = r.queryParam(name);
            if (v.empty()) {
                auto it = fields.find(name);
                if (it != fields.end()) v = it->second;
            }
            return v;
        };
        if (std::string name = param("fileName"); !name.empty()) req.fileName = name;
        if (req.fileName.empty()) req.fileName = r.header("X-File-Name");
        if (req.fileName.size() > 255) return respond(http::validationError("fileName", "fileName is longer than 255 characters"));
        req.profile = param("profile");
        if (!req.profile.empty() && !validProfileName(req.profile)) return respond(http::validationError("profile", "profile is not a valid profile name"));
        const auto dry = parseBool(param("dryRun"));
        if (!dry) return respond(http::validationError("dryRun", "dryRun must be true or false"));
        req.dryRun = *dry;
        if (std::string e = param("encoding"); !e.empty() && lower(e) != "auto") {
            req.encoding = parseEncoding(e);
            if (!req.encoding) return respond(http::validationError("encoding", "encoding must be auto, UTF-8, CP949 or EUC-KR"));
        }
        req.currency = param("currency");
        if (!req.currency.empty() && !findCurrency(req.currency))
            return respond(http::validationError("currency", "unknown or unsupported currency"));
        auto readInt = [&](const char* name, std::int64_t max, std::optional<std::int64_t>& out) -> bool {
            const std::string v = param(name);
            if (v.empty()) return true;
            const auto n = operators::parseCount(v, static_cast<std::size_t>(max));
            if (!n) {
                respond(http::validationError(name, std::string(name) + " must be an integer from 0 to " + std::to_string(max)));
                return false;
            }
            out = static_cast<std::int64_t>(*n);
            return true;
        };
        std::optional<std::int64_t> window;
        std::optional<std::int64_t> lag;
        std::optional<std::int64_t> preview;
        if (!readInt("amountTolerance", MatchSettings::kMaxAmountTolerance, req.amountTolerance)) return;
        if (!readInt("dateWindowDays", MatchSettings::kMaxDays, window)) return;
        if (!readInt("settlementLagDays", MatchSettings::kMaxDays, lag)) return;
        if (!readInt("preview", static_cast<std::int64_t>(ImportOptions::kMaxPreview), preview)) return;
        if (window) req.dateWindowDays = static_cast<int>(*window);
        if (lag) req.settlementLagDays = static_cast<int>(*lag);
        if (preview) req.previewLimit = static_cast<std::size_t>(*preview);
        const std::string merchantParam = param("merchantId");
        if (!merchantParam.empty() && !operators::validId(merchantParam, 64)) return respond(http::validationError("merchantId", "merchantId is not a valid id"));
        if (who) {
            req.merchantId = merchantParam;
            req.actor = who->name;
            req.role = std::string(operators::toString(who->role));
            req.via = "operator";
        } else {
            // Signed: the key's merchant. Unsigned development mode: the merchant the request names.
            if (signedMerchant.empty()) signedMerchant = merchantParam;
            if (signedMerchant.empty()) return respond(http::validationError("merchantId", "merchantId is required"));
            if (!merchantParam.empty() && merchantParam != signedMerchant) {
                return respond(HttpResponse::error(403, "FORBIDDEN_MERCHANT", "this API key may not act for merchant " + merchantParam));
            }
            req.merchantId = signedMerchant;
            req.actor = "merchant:" + signedMerchant;
            req.role = "merchant";
            req.via = "merchant";
        }
        route_.withConnection(respond, "bank statement import", [this, &req](store::DbConnection& c) {
            auto imported = importer_.run(c, req);
            if (!imported.ok()) return http::errorResponse(imported.error(), kComponent, kDatabase);
            return HttpResponse::json(imported->stored ? 201 : 200, imported->body);
        });
    });
    if (!queued) {
        importsRunning_.fetch_sub(1);
        respond(http::serviceUnavailable("the server is overloaded"));
    }
}

void ReconApi::listFiles(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "listing reconciliation files")) return;
    operators::Page page;
    if (auto p = operators::readPage(request, page)) return respond(operators::validationError(*p));
    route_.runWithDatabase(respond, request.correlationId,
                           [page](store::DbConnection& c) { return jsonAnswer(ReconQueries::listFiles(c, page)); });
}

void ReconApi::getFile(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a reconciliation file")) return;
    const std::string id = request.param("fileId");
    if (!operators::validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation file " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [id](store::DbConnection& c) { return jsonAnswer(ReconQueries::fileSummary(c, id)); });
}

void ReconApi::fileLines(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading reconciliation lines")) return;
    operators::Page page;
    LineFilter filter;
    std::optional<FieldProblem> problem = operators::readPage(request, page);
    if (!problem) problem = readFilter(request, filter, false);
    if (problem) return respond(operators::validationError(*problem));
    filter.fileId = request.param("fileId");
    if (!operators::validId(filter.fileId, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation file " + filter.fileId.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId, [filter, page](store::DbConnection& c) {
        return jsonAnswer(ReconQueries::fileLines(c, filter, page));
    });
}

void ReconApi::fileErrors(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a file's row errors")) return;
    operators::Page page;
    if (auto p = operators::readPage(request, page)) return respond(operators::validationError(*p));
    const std::string id = request.param("fileId");
    if (!operators::validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation file " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId, [id, page](store::DbConnection& c) {
        return jsonAnswer(ReconQueries::fileErrors(c, id, page));
    });
}

void ReconApi::fileContent(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "downloading a bank statement")) return;
    const std::string id = request.param("fileId");
    if (!operators::validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation file " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [id](store::DbConnection& c) { return downloadAnswer(ReconQueries::fileContent(c, id)); });
}

void ReconApi::exportFile(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "exporting reconciliation results")) return;
    const std::string id = request.param("fileId");
    if (!operators::validId(id, 40)) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation file " + id.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [id](store::DbConnection& c) { return downloadAnswer(ReconQueries::exportFile(c, id)); });
}

void ReconApi::exceptions(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading reconciliation exceptions")) return;
    operators::Page page;
    LineFilter filter;
    std::optional<FieldProblem> problem = operators::readPage(request, page);
    if (!problem) problem = readFilter(request, filter, true);
    if (problem) return respond(operators::validationError(*problem));
    route_.runWithDatabase(respond, request.correlationId, [filter, page](store::DbConnection& c) {
        return jsonAnswer(ReconQueries::exceptions(c, filter, page));
    });
}

void ReconApi::exportExceptions(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "exporting reconciliation exceptions")) return;
    LineFilter filter;
    if (auto p = readFilter(request, filter, true)) return respond(operators::validationError(*p));
    route_.runWithDatabase(respond, request.correlationId, [filter](store::DbConnection& c) {
        return downloadAnswer(ReconQueries::exportExceptions(c, filter));
    });
}

void ReconApi::getLine(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a reconciliation line")) return;
    const auto lineId = lineIdOf(request);
    if (!lineId) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation line " + request.param("lineId").substr(0, 32)));
    route_.runWithDatabase(respond, request.correlationId, [id = *lineId](store::DbConnection& c) {
        auto line = ReconQueries::line(c, id);
        if (!line.ok()) return http::errorResponse(line.error(), kComponent, kDatabase);
        if (!line->has_value())
            return HttpResponse::error(404, "NOT_FOUND", "no reconciliation line " + std::to_string(id));
        return HttpResponse::json(200, **line);
    });
}

void ReconApi::lineDecision(HttpRequest&& request, Responder respond, const char* verb) {
    auto who = route_.authorize(request, respond, Role::Clerk, std::string(verb) + " on a reconciliation line");
    if (!who) return;
    const auto lineId = lineIdOf(request);
    if (!lineId) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation line " + request.param("lineId").substr(0, 32)));
    auto body = http::parseJsonObject(request, respond, true);
    if (!body) return;
    std::string note;
    if (auto p = readNote(*body, false, note)) return respond(operators::validationError(*p));
    const std::string action = verb;
    route_.runWithDatabase(
        respond, request.correlationId,
        [action, id = *lineId, who = *who, note, cid = request.correlationId](store::DbConnection& c) {
            if (action == "approve") return jsonAnswer(ReconReview::approve(c, id, who, note, cid));
            if (action == "reject") return jsonAnswer(ReconReview::reject(c, id, who, note, cid));
            if (action == "accept") return jsonAnswer(ReconReview::accept(c, id, who, note, cid));
            assert(action == "unmatch");
            return jsonAnswer(ReconReview::unmatch(c, id, who, note, cid));
        });
}

void ReconApi::approve(HttpRequest&& request, Responder respond) { lineDecision(std::move(request), std::move(respond), "approve"); }
void ReconApi::reject(HttpRequest&& request, Responder respond) { lineDecision(std::move(request), std::move(respond), "reject"); }
void ReconApi::accept(HttpRequest&& request, Responder respond) { lineDecision(std::move(request), std::move(respond), "accept"); }
void ReconApi::unmatch(HttpRequest&& request, Responder respond) { lineDecision(std::move(request), std::move(respond), "unmatch"); }

void ReconApi::match(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "matching a reconciliation line");
    if (!who) return;
    const auto lineId = lineIdOf(request);
    if (!lineId) return respond(HttpResponse::error(404, "NOT_FOUND", "no reconciliation line " + request.param("lineId").substr(0, 32)));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const char* field : {"paymentIds", "batchIds"}) {
        const auto it = body->find(field);
        if (it == body->end() || it->is_null()) continue;
        if (!it->is_array()) return respond(http::validationError(field, std::string(field) + " must be an array of ids"));
        for (const json& id : *it) {
            if (!id.is_string() || !operators::validId(id.get<std::string>(), 40)) {
                return respond(http::validationError(field, std::string(field) + " must contain ids of at most 40 characters"));
            }
            if (!seen.insert(id.get<std::string>()).second) return respond(http::validationError(field, "id " + id.get<std::string>() + " is listed twice"));
            ids.push_back(id.get<std::string>());
        }
    }
    if (ids.empty()) return respond(http::validationError("paymentIds", "paymentIds (or batchIds) must name at least one item"));
    if (ids.size() > ReconReview::kMaxManualItems) {
        return respond(http::validationError("paymentIds", "at most " + std::to_string(ReconReview::kMaxManualItems) + " items per match"));
    }
    std::string note;
    if (auto p = readNote(*body, false, note)) return respond(operators::validationError(*p));
    route_.runWithDatabase(respond, request.correlationId,
                           [id = *lineId, ids, who = *who, note, cid = request.correlationId](store::DbConnection& c) {
                               return jsonAnswer(ReconReview::match(c, id, ids, who, note, cid));
                           });
}

void ReconApi::resolve(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Clerk, "resolving reconciliation exceptions");
    if (!who) return;
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    const auto it = body->find("lineIds");
    if (it == body->end() || !it->is_array() || it->empty()) return respond(http::validationError("lineIds", "lineIds must be a non-empty array of line ids"));
    if (it->size() > ReconReview::kMaxResolve) {
        return respond(http::validationError("lineIds", "at most " + std::to_string(ReconReview::kMaxResolve) + " lines per request"));
    }
    std::vector<std::int64_t> lineIds;
    std::set<std::int64_t> seen;
    for (const json& v : *it) {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) return respond(http::validationError("lineIds", "lineIds must be positive integers"));
        if (seen.insert(v.get<std::int64_t>()).second) lineIds.push_back(v.get<std::int64_t>());
    }
    std::string note;
    if (auto p = readNote(*body, true, note)) return respond(operators::validationError(*p));
    route_.runWithDatabase(respond, request.correlationId,
                           [lineIds, who = *who, note, cid = request.correlationId](store::DbConnection& c) {
                               return jsonAnswer(ReconReview::resolve(c, lineIds, who, note, cid));
                           });
}

void ReconApi::listProfiles(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "listing bank profiles")) return;
    route_.runWithDatabase(respond, request.correlationId,
                           [](store::DbConnection& c) { return jsonAnswer(ReconProfiles::list(c)); });
}

void ReconApi::getProfile(HttpRequest&& request, Responder respond) {
    if (!route_.authorize(request, respond, Role::Clerk, "reading a bank profile")) return;
    const std::string name = request.param("name");
    if (!validProfileName(name)) return respond(HttpResponse::error(404, "NOT_FOUND", "no bank profile " + name.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [name](store::DbConnection& c) { return jsonAnswer(ReconProfiles::get(c, name)); });
}

void ReconApi::createProfile(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "defining a bank profile");
    if (!who) return;
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    route_.runWithDatabase(
        respond, request.correlationId,
        [definition = std::move(*body), who = *who, cid = request.correlationId](store::DbConnection& c) {
            return jsonAnswer(ReconProfiles::create(c, definition, who, cid), 201);
        });
}

void ReconApi::updateProfile(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "changing a bank profile");
    if (!who) return;
    const std::string name = request.param("name");
    if (!validProfileName(name)) return respond(HttpResponse::error(404, "NOT_FOUND", "no bank profile " + name.substr(0, 64)));
    auto body = http::parseJsonObject(request, respond, false);
    if (!body) return;
    route_.runWithDatabase(
        respond, request.correlationId,
        [name, definition = std::move(*body), who = *who, cid = request.correlationId](store::DbConnection& c) {
            return jsonAnswer(ReconProfiles::update(c, name, definition, who, cid));
        });
}

void ReconApi::deleteProfile(HttpRequest&& request, Responder respond) {
    auto who = route_.authorize(request, respond, Role::Supervisor, "deleting a bank profile");
    if (!who) return;
    const std::string name = request.param("name");
    if (!validProfileName(name)) return respond(HttpResponse::error(404, "NOT_FOUND", "no bank profile " + name.substr(0, 64)));
    route_.runWithDatabase(respond, request.correlationId,
                           [name, who = *who, cid = request.correlationId](store::DbConnection& c) {
                               auto removed = ReconProfiles::remove(c, name, who, cid);
                               if (!removed.ok()) return http::errorResponse(removed.error(), kComponent, kDatabase);
                               return HttpResponse::text(204, "");
                           });
}

}  // namespace paydesk::recon
