#pragma once

#include <cassert>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace paydesk {

// Every expected failure the backend compares or answers with. Code decides on these values, never
// on text; the stable names (what answers, logs and stored error classes carry) are in kErrorNames.
enum class ErrorCode {
    // Database and its transactions (store). DbUnavailable and DbDeadlock may simply be retried.
    DbUnavailable,
    DbDeadlock,
    DbDuplicateKey,
    DbError,
    DbCommitInDoubt,
    DbLocalInfileOff,
    LockTimeout,
    SchemaTooNew,
    SchemaMismatch,
    MigrationLockTimeout,
    MigrationFailed,
    LedgerUnbalanced,
    // Redis, Kafka and the event consumers.
    RedisUnavailable,
    RedisError,
    KafkaUnavailable,
    KafkaOffsetGap,
    ConsumerStopping,
    HandlerException,
    // Webhook delivery. WebhookHttpStatus: the receiver answered outside 2xx; its error class is
    // "WEBHOOK_HTTP_<status>".
    WebhookHttpStatus,
    WebhookBadUrl,
    WebhookConnect,
    WebhookTimeout,
    WebhookProtocol,
    WebhookCancelled,
    WebhookForbiddenDestination,
    // Configuration, the data folder and the local servers paydeskd starts.
    ConfigInvalid,
    DataDirInvalid,
    DataDirLocked,
    LocalExecFailed,
    LocalPort,
    LocalDbFailed,
    LocalRedisFailed,
    LocalKafkaFailed,
    HttpBindFailed,
    SpoolUnavailable,
    Stopped,
    // Domain refusals: the request was understood and turned down.
    ValidationError,
    NotFound,
    InvalidState,
    RequestInProgress,
    IdempotencyKeyMismatch,
    AmountOverflow,
    DuplicateFile,
    CurrencyMismatch,
    AlreadyMatched,
    MakerChecker,
    AlreadyReplayed,
    AlreadyExists,
    LimitReached,
    BuiltInProfile,
    MalformedJson,
    // Uploaded files (bank statements) that cannot be read.
    MalformedMultipart,
    EmptyFile,
    UnrecognizedFormat,
    TooManyRows,
    TooManyItems,
    BadAmount,
    BadDate,
    BadTime,
    // A bug or an unexpected state; details go to the log only.
    InternalError,
};

struct ErrorName {
    ErrorCode code;
    std::string_view name;
};

// The one table of stable names, in enum order (checked below).
inline constexpr ErrorName kErrorNames[] = {
    {ErrorCode::DbUnavailable, "DB_UNAVAILABLE"},
    {ErrorCode::DbDeadlock, "DB_DEADLOCK"},
    {ErrorCode::DbDuplicateKey, "DB_DUPLICATE_KEY"},
    {ErrorCode::DbError, "DB_ERROR"},
    {ErrorCode::DbCommitInDoubt, "DB_COMMIT_IN_DOUBT"},
    {ErrorCode::DbLocalInfileOff, "DB_LOCAL_INFILE_OFF"},
    {ErrorCode::LockTimeout, "LOCK_TIMEOUT"},
    {ErrorCode::SchemaTooNew, "SCHEMA_TOO_NEW"},
    {ErrorCode::SchemaMismatch, "SCHEMA_MISMATCH"},
    {ErrorCode::MigrationLockTimeout, "MIGRATION_LOCK_TIMEOUT"},
    {ErrorCode::MigrationFailed, "MIGRATION_FAILED"},
    {ErrorCode::LedgerUnbalanced, "LEDGER_UNBALANCED"},
    {ErrorCode::RedisUnavailable, "REDIS_UNAVAILABLE"},
    {ErrorCode::RedisError, "REDIS_ERROR"},
    {ErrorCode::KafkaUnavailable, "KAFKA_UNAVAILABLE"},
    {ErrorCode::KafkaOffsetGap, "KAFKA_OFFSET_GAP"},
    {ErrorCode::ConsumerStopping, "CONSUMER_STOPPING"},
    {ErrorCode::HandlerException, "HANDLER_EXCEPTION"},
    {ErrorCode::WebhookHttpStatus, "WEBHOOK_HTTP"},
    {ErrorCode::WebhookBadUrl, "WEBHOOK_BAD_URL"},
    {ErrorCode::WebhookConnect, "WEBHOOK_CONNECT"},
    {ErrorCode::WebhookTimeout, "WEBHOOK_TIMEOUT"},
    {ErrorCode::WebhookProtocol, "WEBHOOK_PROTOCOL"},
    {ErrorCode::WebhookCancelled, "WEBHOOK_CANCELLED"},
    {ErrorCode::WebhookForbiddenDestination, "WEBHOOK_FORBIDDEN_DESTINATION"},
    {ErrorCode::ConfigInvalid, "CONFIG_INVALID"},
    {ErrorCode::DataDirInvalid, "DATA_DIR_INVALID"},
    {ErrorCode::DataDirLocked, "DATA_DIR_LOCKED"},
    {ErrorCode::LocalExecFailed, "LOCAL_EXEC_FAILED"},
    {ErrorCode::LocalPort, "LOCAL_PORT"},
    {ErrorCode::LocalDbFailed, "LOCAL_DB_FAILED"},
    {ErrorCode::LocalRedisFailed, "LOCAL_REDIS_FAILED"},
    {ErrorCode::LocalKafkaFailed, "LOCAL_KAFKA_FAILED"},
    {ErrorCode::HttpBindFailed, "HTTP_BIND_FAILED"},
    {ErrorCode::SpoolUnavailable, "SPOOL_UNAVAILABLE"},
    {ErrorCode::Stopped, "STOPPED"},
    {ErrorCode::ValidationError, "VALIDATION_ERROR"},
    {ErrorCode::NotFound, "NOT_FOUND"},
    {ErrorCode::InvalidState, "INVALID_STATE"},
    {ErrorCode::RequestInProgress, "REQUEST_IN_PROGRESS"},
    {ErrorCode::IdempotencyKeyMismatch, "IDEMPOTENCY_KEY_MISMATCH"},
    {ErrorCode::AmountOverflow, "AMOUNT_OVERFLOW"},
    {ErrorCode::DuplicateFile, "DUPLICATE_FILE"},
    {ErrorCode::CurrencyMismatch, "CURRENCY_MISMATCH"},
    {ErrorCode::AlreadyMatched, "ALREADY_MATCHED"},
    {ErrorCode::MakerChecker, "MAKER_CHECKER"},
    {ErrorCode::AlreadyReplayed, "ALREADY_REPLAYED"},
    {ErrorCode::AlreadyExists, "ALREADY_EXISTS"},
    {ErrorCode::LimitReached, "LIMIT_REACHED"},
    {ErrorCode::BuiltInProfile, "BUILT_IN_PROFILE"},
    {ErrorCode::MalformedJson, "MALFORMED_JSON"},
    {ErrorCode::MalformedMultipart, "MALFORMED_MULTIPART"},
    {ErrorCode::EmptyFile, "EMPTY_FILE"},
    {ErrorCode::UnrecognizedFormat, "UNRECOGNIZED_FORMAT"},
    {ErrorCode::TooManyRows, "TOO_MANY_ROWS"},
    {ErrorCode::TooManyItems, "TOO_MANY_ITEMS"},
    {ErrorCode::BadAmount, "BAD_AMOUNT"},
    {ErrorCode::BadDate, "BAD_DATE"},
    {ErrorCode::BadTime, "BAD_TIME"},
    {ErrorCode::InternalError, "INTERNAL_ERROR"},
};

constexpr bool errorNamesInEnumOrder() {
    for (std::size_t i = 0; i < std::size(kErrorNames); ++i) {
        if (static_cast<std::size_t>(kErrorNames[i].code) != i) return false;
    }
    return static_cast<std::size_t>(ErrorCode::InternalError) + 1 == std::size(kErrorNames);
}
static_assert(errorNamesInEnumOrder(), "kErrorNames must list every ErrorCode once, in enum order");

// "DB_UNAVAILABLE" for ErrorCode::DbUnavailable.
constexpr std::string_view errorName(ErrorCode code) {
    return kErrorNames[static_cast<std::size_t>(code)].name;
}

// The code a stable name stands for, or nothing (names read back from outside).
constexpr std::optional<ErrorCode> errorCodeNamed(std::string_view name) {
    for (const ErrorName& e : kErrorNames) {
        if (e.name == name) return e.code;
    }
    return std::nullopt;
}

// An expected failure: a typed code plus a human message. Programming errors are assertions, not Errors.
struct Error {
    ErrorCode kind = ErrorCode::InternalError;
    std::string code;       // errorName(kind): for logs and answers; code compares `kind`
    std::string message;    // for people; never contains secrets
    nlohmann::json detail;  // fields a refusal's answer carries beside code and message ({"field": ...}); or null

    static Error make(ErrorCode kind, std::string message, nlohmann::json detail = nullptr) {
        return Error{kind, std::string(errorName(kind)), std::move(message), std::move(detail)};
    }
    [[nodiscard]] bool is(ErrorCode k) const { return kind == k; }
};

// Value-or-Error. A small stand-in for std::expected, which GCC 12 only ships in C++23 mode.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<T>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<T>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<T>(std::move(state_));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<Error>(state_);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

private:
    std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    static Status success() { return {}; }

    [[nodiscard]] bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(error_.has_value());
        return *error_;
    }

private:
    std::optional<Error> error_;
};

}  // namespace paydesk
