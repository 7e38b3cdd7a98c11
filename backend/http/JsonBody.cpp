#include "http/JsonBody.h"

#include <cassert>
#include <cctype>

#include "core/Logger.h"

namespace paydesk::http {

HttpResponse serviceUnavailable(const std::string& message, int retryAfterSeconds) {
    assert(retryAfterSeconds > 0);
    assert(!message.empty());
    return HttpResponse::error(503, "SERVICE_UNAVAILABLE", message)
        .header("Retry-After", std::to_string(retryAfterSeconds));
}

bool retryableDatabaseError(const Error& e) {
    return e.code == "DB_UNAVAILABLE" || e.code == "DB_DEADLOCK";
}

HttpResponse databaseFailure(const Error& e, std::string_view component, std::string_view what) {
    if (retryableDatabaseError(e)) return serviceUnavailable("the database is unavailable; retry");
    Logger::error(component, std::string(what) + " failed", {{"code", e.code}, {"error", e.message}});
    return HttpResponse::error(500, "INTERNAL_ERROR", "internal error");
}

HttpResponse validationError(const std::string& field, const std::string& message) {
    assert(!field.empty());
    return HttpResponse::error(400, "VALIDATION_ERROR", message, {{"field", field}});
}

std::string mediaType(const HttpRequest& request) {
    const std::string contentType = request.header("Content-Type");
    std::string type = contentType.substr(0, contentType.find(';'));
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(type.begin());
    return type;
}

bool isJsonRequest(const HttpRequest& request) {
    return mediaType(request) == "application/json";
}

HttpResponse tooDeeplyNested() {
    return HttpResponse::error(
        400, "MALFORMED_JSON",
        "the request body nests arrays or objects deeper than " + std::to_string(kMaxJsonDepth) + " levels",
        {{"maxDepth", kMaxJsonDepth}});
}

std::optional<nlohmann::json> parseJsonObject(const HttpRequest& request, const Responder& respond, bool emptyAllowed) {
    assert(respond);
    if (request.body.empty() && emptyAllowed) return nlohmann::json::object();
    if (!isJsonRequest(request)) {
        respond(HttpResponse::error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"));
        return std::nullopt;
    }
    bool tooDeep = false;
    nlohmann::json body = parseBoundedJson(request.body, &tooDeep);
    if (tooDeep) {
        respond(tooDeeplyNested());
        return std::nullopt;
    }
    if (body.is_discarded() || !body.is_object()) {
        respond(HttpResponse::error(400, "MALFORMED_JSON", "the request body is not a JSON object"));
        return std::nullopt;
    }
    return body;
}

}  // namespace paydesk::http
