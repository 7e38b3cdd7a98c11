#include "http/ErrorMapping.h"

#include <cassert>

#include "core/Logger.h"

namespace paydesk::http {

namespace {

constexpr ErrorMapping kInternal{500, "INTERNAL_ERROR", 0, false};

ErrorMapping refusal(int status, ErrorCode code) {
    return ErrorMapping{status, errorName(code), 0, true};
}

}  // namespace

ErrorMapping errorMapping(ErrorCode code) {
    switch (code) {
        case ErrorCode::DbUnavailable:
        case ErrorCode::DbDeadlock:
            return ErrorMapping{503, "SERVICE_UNAVAILABLE", 1, false};
        case ErrorCode::LockTimeout:
        case ErrorCode::KafkaUnavailable:
            return ErrorMapping{503, "SERVICE_UNAVAILABLE", 5, true};
        case ErrorCode::ValidationError:
        case ErrorCode::MalformedJson:
        case ErrorCode::MalformedMultipart:
        case ErrorCode::EmptyFile:
        case ErrorCode::UnrecognizedFormat:
        case ErrorCode::TooManyRows:
        case ErrorCode::TooManyItems:
        case ErrorCode::BadAmount:
        case ErrorCode::BadDate:
        case ErrorCode::BadTime:
            return refusal(400, code);
        case ErrorCode::MakerChecker:
            return refusal(403, code);
        case ErrorCode::NotFound:
            return refusal(404, code);
        case ErrorCode::InvalidState:
        case ErrorCode::RequestInProgress:
        case ErrorCode::DuplicateFile:
        case ErrorCode::CurrencyMismatch:
        case ErrorCode::AlreadyMatched:
        case ErrorCode::AlreadyReplayed:
        case ErrorCode::AlreadyExists:
        case ErrorCode::LimitReached:
        case ErrorCode::BuiltInProfile:
            return refusal(409, code);
        case ErrorCode::IdempotencyKeyMismatch:
        case ErrorCode::AmountOverflow:
            return refusal(422, code);
        case ErrorCode::DbDuplicateKey:
        case ErrorCode::DbError:
        case ErrorCode::DbCommitInDoubt:
        case ErrorCode::DbLocalInfileOff:
        case ErrorCode::SchemaTooNew:
        case ErrorCode::SchemaMismatch:
        case ErrorCode::MigrationLockTimeout:
        case ErrorCode::MigrationFailed:
        case ErrorCode::LedgerUnbalanced:
        case ErrorCode::RedisUnavailable:
        case ErrorCode::RedisError:
        case ErrorCode::KafkaOffsetGap:
        case ErrorCode::ConsumerStopping:
        case ErrorCode::HandlerException:
        case ErrorCode::WebhookHttpStatus:
        case ErrorCode::WebhookBadUrl:
        case ErrorCode::WebhookConnect:
        case ErrorCode::WebhookTimeout:
        case ErrorCode::WebhookProtocol:
        case ErrorCode::WebhookCancelled:
        case ErrorCode::WebhookForbiddenDestination:
        case ErrorCode::ConfigInvalid:
        case ErrorCode::DataDirInvalid:
        case ErrorCode::DataDirLocked:
        case ErrorCode::LocalExecFailed:
        case ErrorCode::LocalPort:
        case ErrorCode::LocalDbFailed:
        case ErrorCode::LocalRedisFailed:
        case ErrorCode::LocalKafkaFailed:
        case ErrorCode::HttpBindFailed:
        case ErrorCode::SpoolUnavailable:
        case ErrorCode::Stopped:
        case ErrorCode::InternalError:
            return kInternal;
    }
    return kInternal;  // a value outside the enum: still a failure, never a success
}

bool retryable(const Error& e) {
    return errorMapping(e.kind).retryAfterSeconds > 0;
}

bool retryableDatabaseError(const Error& e) {
    return e.is(ErrorCode::DbUnavailable) || e.is(ErrorCode::DbDeadlock);
}

HttpResponse serviceUnavailable(const std::string& message, int retryAfterSeconds) {
    assert(retryAfterSeconds > 0);
    assert(!message.empty());
    return HttpResponse::error(503, "SERVICE_UNAVAILABLE", message)
        .header("Retry-After", std::to_string(retryAfterSeconds));
}

HttpResponse validationError(const std::string& field, const std::string& message) {
    assert(!field.empty());
    return HttpResponse::error(400, "VALIDATION_ERROR", message, {{"field", field}});
}

HttpResponse databaseFailure(const Error& e, std::string_view component, std::string_view what,
                             std::string_view unavailableMessage) {
    const ErrorMapping m = errorMapping(e.kind);
    if (m.retryAfterSeconds > 0) {
        return serviceUnavailable(m.ownMessage ? e.message : std::string(unavailableMessage), m.retryAfterSeconds);
    }
    Logger::error(component, std::string(what) + " failed", {{"code", e.code}, {"error", e.message}});
    return HttpResponse::error(kInternal.status, kInternal.code, "internal error");
}

HttpResponse errorResponse(const Error& e, std::string_view component, std::string_view what) {
    const ErrorMapping m = errorMapping(e.kind);
    if (m.retryAfterSeconds > 0 || !m.ownMessage) return databaseFailure(e, component, what);
    assert(m.status >= 400);
    return HttpResponse::error(m.status, m.code, e.message, e.detail.is_object() ? e.detail : nlohmann::json::object());
}

}  // namespace paydesk::http
