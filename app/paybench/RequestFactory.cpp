#include "RequestFactory.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <nlohmann/json.hpp>

#include "SignedRequest.h"

namespace paydesk::bench {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

enum Step : std::size_t { kAuthorize = 0, kCapture = 1, kRefund = 2 };

std::string stringField(const json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

RequestFactory::RequestFactory(const BenchConfig& config) : config_(config) {
    hostHeader_ = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    hostHeader_ += ":" + config.port;
}

std::size_t RequestFactory::stepCount() const {
    return bench::stepCount(config_.scenario);
}

std::string_view RequestFactory::stepName(std::size_t step) const {
    return bench::stepName(config_.scenario, step);
}

std::string RequestFactory::target(std::string_view path) const {
    return config_.basePath + std::string(path);
}

void RequestFactory::sign(Request& request, const std::string& target, const std::string& body) const {
    signRequest(request, MerchantCredentials{config_.merchantId, config_.apiKey, config_.secret}, "POST", target, body);
}

void RequestFactory::build(const Iteration& iteration, Request& request) const {
    request = Request{};
    request.version(11);
    request.set(http::field::host, hostHeader_);
    request.set(http::field::user_agent, "paybench");
    if (config_.scenario == Scenario::Health) {
        request.method(http::verb::get);
        request.target(target("/health/live"));
        return;
    }
    std::string path;
    json body = {{"merchantId", config_.merchantId}};
    switch (iteration.step) {
        case kAuthorize:
            path = target("/api/payments/authorize");
            body["amount"] = config_.amount;
            body["currency"] = config_.currency;
            // Fresh per request, so bodies (and therefore signatures) never repeat.
            body["idempotencyKey"] = "bench-" + config_.runId + "-" + std::to_string(iteration.sequence);
            if (!config_.card.empty()) body["card"] = {{"number", config_.card}, {"expiry", config_.cardExpiry}};
            break;
        case kCapture:
            path = target("/api/payments/capture/" + iteration.paymentId);
            break;
        case kRefund:
            path = target("/api/payments/refund/" + iteration.paymentId);
            body["reason"] = "paybench";
            // Refunds require an idempotency key: a retried refund must never book twice.
            request.set("Idempotency-Key", "bench-" + config_.runId + "-refund-" + std::to_string(iteration.sequence));
            break;
        default:
            break;
    }
    std::string text = body.dump();
    request.method(http::verb::post);
    request.target(path);
    request.set(http::field::content_type, "application/json");
    sign(request, path, text);
    request.body() = std::move(text);
    request.prepare_payload();
}

RequestFactory::Verdict RequestFactory::judge(const Iteration& iteration, const Response& response) const {
    Verdict v;
    const unsigned status = response.result_int();
    if (config_.scenario == Scenario::Health) {
        v.ok = status == 200;
        if (!v.ok) v.errorCode = stringField(json::parse(response.body(), nullptr, false), "code");
        return v;
    }
    const json body = json::parse(response.body(), nullptr, false);
    if (status < 200 || status >= 300) {
        v.errorCode = body.is_object() ? stringField(body, "code") : std::string();
        if (v.errorCode.empty()) v.errorCode = "(no code)";
        return v;
    }
    if (!body.is_object()) {
        v.errorCode = "(2xx body is not JSON)";
        return v;
    }
    // Every key is fresh, so a replayed answer means the run collided with an earlier one.
    if (response["Idempotent-Replayed"] == "true") {
        v.errorCode = "(idempotent replay)";
        return v;
    }
    v.paymentStatus = stringField(body, "status");
    v.paymentId = stringField(body, "paymentId");
    const bool flow = config_.scenario == Scenario::Flow;
    switch (iteration.step) {
        case kAuthorize:
            if (v.paymentStatus == "AUTHORIZED") {
                v.ok = true;
                v.next = flow;
                if (flow && v.paymentId.empty()) {
                    v.ok = v.next = false;
                    v.errorCode = "(authorize answer without paymentId)";
                }
            } else if (v.paymentStatus == "DECLINED") {
                v.ok = true;
                v.declined = flow;
            }
            break;
        case kCapture:
            v.ok = v.paymentStatus == "CAPTURED";
            v.next = v.ok;
            break;
        case kRefund:
            v.ok = v.paymentStatus == "REFUNDED" || v.paymentStatus == "PARTIALLY_REFUNDED";
            break;
        default:
            break;
    }
    if (!v.ok && v.errorCode.empty()) v.errorCode = "(unexpected status " + v.paymentStatus + ")";
    return v;
}

}  // namespace paydesk::bench
