#pragma once

// The one place an Error becomes an HTTP answer: status, {"code", "message", ...extra} and headers.
// Domain and store code return typed Errors; route handlers hand them here.
//
//   DB_UNAVAILABLE, DB_DEADLOCK   503 SERVICE_UNAVAILABLE + Retry-After: 1 (nothing was changed; retry)
//   LOCK_TIMEOUT, KAFKA_UNAVAILABLE  503 SERVICE_UNAVAILABLE + Retry-After: 5, with the error's message
//   refusals                      their own status and code with the error's message: VALIDATION_ERROR
//                                 and unreadable uploads 400, MAKER_CHECKER 403, NOT_FOUND 404, INVALID_STATE,
//                                 REQUEST_IN_PROGRESS, DUPLICATE_FILE, CURRENCY_MISMATCH and
//                                 ALREADY_MATCHED, ALREADY_REPLAYED, ALREADY_EXISTS, LIMIT_REACHED,
//                                 BUILT_IN_PROFILE 409 (MALFORMED_JSON 400 with the other bad input),
//                                 IDEMPOTENCY_KEY_MISMATCH and AMOUNT_OVERFLOW 422
//   everything else               500 INTERNAL_ERROR "internal error"; the code and message go to the log only
//
// Never 2xx: an Error is a failure whatever its code.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "http/HttpTypes.h"

namespace paydesk::http {

// What the table says about one ErrorCode.
struct ErrorMapping {
    int status = 500;           // never below 400
    std::string_view code;      // the answer's "code"
    int retryAfterSeconds = 0;  // > 0: a Retry-After header; the caller may simply try again
    bool ownMessage = false;    // the error's message is for the caller; otherwise a fixed text
};

ErrorMapping errorMapping(ErrorCode code);

// Errors a caller may simply retry, nothing having changed (503 + Retry-After).
bool retryable(const Error& e);

// Database errors a caller may simply retry: DB_UNAVAILABLE (down, hung, restarting) and DB_DEADLOCK.
bool retryableDatabaseError(const Error& e);

// 503 SERVICE_UNAVAILABLE with Retry-After: the caller may try again, nothing was changed.
HttpResponse serviceUnavailable(const std::string& message, int retryAfterSeconds = 1);

// 400 VALIDATION_ERROR naming the offending field.
HttpResponse validationError(const std::string& field, const std::string& message);

inline constexpr std::string_view kDatabaseUnavailable = "the database is unavailable; retry";

// A failure the caller did not cause (a database call that failed): 503 + Retry-After when
// retryable (saying `unavailableMessage`), otherwise 500 INTERNAL_ERROR, logged under `component` as
// "`what` failed". Refusal codes are answered 500 here too: a query that fails is not the caller's fault.
HttpResponse databaseFailure(const Error& e, std::string_view component, std::string_view what,
                             std::string_view unavailableMessage = kDatabaseUnavailable);

// Any Error as its table says: refusals with their own status, code and message plus the fields of
// its detail; failures as databaseFailure.
HttpResponse errorResponse(const Error& e, std::string_view component, std::string_view what);

}  // namespace paydesk::http
