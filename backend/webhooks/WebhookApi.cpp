#include "webhooks/WebhookApi.h"

#include "auth/MerchantAuth.h"
#include "core/Crypto.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"
#include "webhooks/HttpClient.h"

namespace paydesk::webhooks {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
bool validEventType(const std::string& t) {
    if (t == "*") return true;
    if (t.empty() || t.size() > 64) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '.' || c == '_'; });
}
// A failed query: 503 + Retry-After when the database may simply be retried, otherwise 500 (logged).
HttpResponse queryFailure(const Error& e) {
    return http::databaseFailure(e, "webhooks", "webhook endpoint query", "the database is unavailable");
}

HttpResponse refusedDestination(const Error& why) {
    if (why.is(ErrorCode::WebhookForbiddenDestination)) {
        return HttpResponse::error(400, "VALIDATION_ERROR", "url is not an allowed webhook destination: " + why.message,
                                   {{"field", "url"}});
    }
    return HttpResponse::error(400, "VALIDATION_ERROR", "url host cannot be resolved", {{"field", "url"}});
}
}  // namespace

void WebhookApi::registerRoutes(http::Router& router, std::function<WebhookApi*()> current) {
    auto forward = [current](void (WebhookApi::*method)(HttpRequest&&, Responder)) {
        return [current, method](HttpRequest&& r, Responder done) {
            WebhookApi* api = current();
            if (api == nullptr) return done(http::serviceUnavailable("paydeskd is starting"));
            (api->*method)(std::move(r), std::move(done));
        };
    };
    router.add("POST", "/api/webhooks", forward(&WebhookApi::create));
    router.add("GET", "/api/webhooks", forward(&WebhookApi::list));
    router.add("DELETE", "/api/webhooks/{endpointId}", forward(&WebhookApi::remove));
}

void WebhookApi::create(HttpRequest&& request, Responder respond) {
    std::optional<auth::SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    const bool queued = workers_.post([this, caller = std::move(*caller), text = std::move(request.body), respond] {
        // The replay guard before anything else: a replayed registration would hand out a second
        // endpoint secret.
        if (!auth_.admit(caller, "webhooks.create", respond)) return;
        registerEndpoint(caller.merchantId, text, respond);
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

// On a worker, after admission: validates the body and stores the endpoint.
void WebhookApi::registerEndpoint(std::string merchantId, const std::string& text, const Responder& respond) {
    bool tooDeep = false;
    const json body = parseBoundedJson(text, &tooDeep);
    if (tooDeep) return respond(http::tooDeeplyNested());
    if (body.is_discarded() || !body.is_object()) return respond(HttpResponse::error(400, "MALFORMED_JSON", "the request body is not a JSON object"));
    if (merchantId.empty()) {
        if (!body.contains("merchantId") || !body["merchantId"].is_string()) {
            return respond(HttpResponse::error(400, "VALIDATION_ERROR", "merchantId is required", {{"field", "merchantId"}}));
        }
        merchantId = body["merchantId"].get<std::string>();
    }
    if (!body.contains("url") || !body["url"].is_string() || body["url"].get<std::string>().size() > 2048) {
        return respond(HttpResponse::error(400, "VALIDATION_ERROR", "url is required (at most 2048 characters)", {{"field", "url"}}));
    }
    const std::string url = body["url"].get<std::string>();
    auto parsed = ParsedUrl::parse(url);
    if (!parsed.ok())
        return respond(HttpResponse::error(400, "VALIDATION_ERROR", parsed.error().message, {{"field", "url"}}));
    std::vector<std::string> types;
    if (body.contains("eventTypes")) {
        if (!body["eventTypes"].is_array() || body["eventTypes"].empty() || body["eventTypes"].size() > 32) {
            return respond(HttpResponse::error(400, "VALIDATION_ERROR", "eventTypes must be a non-empty list", {{"field", "eventTypes"}}));
        }
        for (const auto& t : body["eventTypes"]) {
            if (!t.is_string() || !validEventType(t.get<std::string>())) {
                return respond(HttpResponse::error(400, "VALIDATION_ERROR", "eventTypes holds an invalid event type", {{"field", "eventTypes"}}));
            }
            types.push_back(t.get<std::string>());
        }
    } else {
        types = {"*"};
    }
    storeEndpoint(merchantId, url, parsed->host, parsed->port, types, respond);
}

void WebhookApi::storeEndpoint(const std::string& merchantId, const std::string& url, const std::string& host, std::uint16_t port,
                               const std::vector<std::string>& types, const Responder& respond) {
    std::string joined;
    for (const auto& t : types) joined += (joined.empty() ? "" : ",") + t;
    // Deliveries check again on every attempt; refusing here tells the merchant at once. We are on a
    // worker already, so resolving the host may block.
    if (auto destination = policy_.resolve(host, port); !destination.ok()) return respond(refusedDestination(destination.error()));
    auto conn = db_.acquire(1000ms);
    if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
    store::DbConnection& c = *conn.value();
    auto count = c.query("SELECT COUNT(*) FROM webhook_endpoints WHERE active = 1 AND merchant_id = " + c.quote(merchantId));
    if (!count.ok()) return respond(queryFailure(count.error()));
    if (static_cast<std::size_t>(count->integer(0, 0)) >= kMaxEndpointsPerMerchant) {
        return respond(HttpResponse::error(409, "LIMIT_REACHED", "a merchant may register at most 20 webhook endpoints"));
    }
    const std::string id = "whe_" + crypto::randomHex(12);
    const std::string secret = "whsec_" + crypto::randomHex(24);
    const std::string now = store::sqlTimestamp(clock_.now());
    auto s = c.execute("INSERT INTO webhook_endpoints (endpoint_id, merchant_id, url, event_types, secret, active, created_at) VALUES (" +
                       c.quote(id) + "," + c.quote(merchantId) + "," + c.quote(url) + "," + c.quote(joined) + "," + c.quote(secret) + ",1," +
                       c.quote(now) + ")");
    if (!s.ok()) return respond(queryFailure(s.error()));
    respond(HttpResponse::json(201, {{"endpointId", id}, {"merchantId", merchantId}, {"url", url}, {"eventTypes", types}, {"secret", secret},
                                     {"createdAt", store::isoTimestamp(clock_.now())}}));
}

void WebhookApi::list(HttpRequest&& request, Responder respond) {
    std::optional<auth::SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    std::string merchantId = caller->merchantId;
    if (merchantId.empty()) merchantId = request.queryParam("merchantId");
    const bool queued = workers_.post([this, caller = std::move(*caller), merchantId, respond] {
        if (!auth_.admit(caller, "webhooks.list", respond)) return;
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        store::DbConnection& c = *conn.value();
        auto rows = c.query("SELECT endpoint_id, url, event_types, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM webhook_endpoints "
                            "WHERE active = 1 AND merchant_id = " + c.quote(merchantId) + " ORDER BY created_at");
        if (!rows.ok()) return respond(queryFailure(rows.error()));
        json list = json::array();
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            json types = json::array();
            std::string t = rows->text(r, 2);
            for (std::size_t start = 0; start <= t.size();) {
                const std::size_t comma = t.find(',', start);
                types.push_back(t.substr(start, comma - start));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            list.push_back({{"endpointId", rows->text(r, 0)}, {"url", rows->text(r, 1)}, {"eventTypes", types}, {"createdAt", rows->text(r, 3)}});
        }
        respond(HttpResponse::json(200, {{"endpoints", list}}));
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

void WebhookApi::remove(HttpRequest&& request, Responder respond) {
    std::optional<auth::SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    std::string merchantId = caller->merchantId;
    if (merchantId.empty()) merchantId = request.queryParam("merchantId");
    const std::string id = request.param("endpointId");
    const bool queued = workers_.post([this, caller = std::move(*caller), merchantId, id, respond] {
        if (!auth_.admit(caller, "webhooks.delete", respond)) return;
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        store::DbConnection& c = *conn.value();
        auto r = c.query("UPDATE webhook_endpoints SET active = 0 WHERE active = 1 AND endpoint_id = " + c.quote(id) + " AND merchant_id = " +
                         c.quote(merchantId));
        if (!r.ok()) return respond(queryFailure(r.error()));
        if (r->affectedRows == 0) return respond(HttpResponse::error(404, "NOT_FOUND", "no webhook endpoint " + id.substr(0, 64)));
        respond(HttpResponse::text(204, ""));
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

}  // namespace paydesk::webhooks
