#include "http/JsonBody.h"

#include <cassert>
#include <cctype>

namespace paydesk::http {

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
