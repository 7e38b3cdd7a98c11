#pragma once

// Request-body helpers every JSON API of paydeskd shares, so that a 415 or a malformed body reads
// the same whichever module answers it (errors: http/ErrorMapping.h).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/BoundedJson.h"
#include "core/Error.h"
#include "http/ErrorMapping.h"  // serviceUnavailable, validationError, databaseFailure
#include "http/HttpTypes.h"

namespace paydesk::http {

// The Content-Type's media type, lower case, without parameters ("application/json; charset=utf-8"
// → "application/json").
std::string mediaType(const HttpRequest& request);

bool isJsonRequest(const HttpRequest& request);

// 400 MALFORMED_JSON for a body nested deeper than kMaxJsonDepth, naming the limit.
HttpResponse tooDeeplyNested();

// The body as a JSON object, or answers 415 / 400 MALFORMED_JSON and returns nothing. An empty body
// counts as {} when emptyAllowed (actions whose fields are all optional). A body nested deeper than
// kMaxJsonDepth is refused with 400 MALFORMED_JSON naming the limit, before it is parsed.
std::optional<nlohmann::json> parseJsonObject(const HttpRequest& request, const Responder& respond, bool emptyAllowed);

}  // namespace paydesk::http
