#pragma once

// Request-body and error helpers every JSON API of paydeskd shares, so that a 415, a malformed body
// or a 503 reads the same whichever module answers it.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/BoundedJson.h"
#include "core/Error.h"
#include "http/HttpTypes.h"

namespace paydesk::http {

// 503 SERVICE_UNAVAILABLE with Retry-After: the caller may try again, nothing was changed.
HttpResponse serviceUnavailable(const std::string& message, int retryAfterSeconds = 1);

// Database errors a caller may simply retry: DB_UNAVAILABLE (down, hung, restarting) and DB_DEADLOCK.
bool retryableDatabaseError(const Error& e);

// The one mapping of a failed database call to an answer: 503 SERVICE_UNAVAILABLE with Retry-After
// when retryable, otherwise 500 INTERNAL_ERROR, logged under `component` as "`what` failed".
HttpResponse databaseFailure(const Error& e, std::string_view component, std::string_view what);

// 400 VALIDATION_ERROR naming the offending field.
HttpResponse validationError(const std::string& field, const std::string& message);

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
