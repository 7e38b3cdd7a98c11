// The one table of error codes (core/Error.h) and the one adapter that turns an Error into an HTTP
// answer (http/ErrorMapping.h): every code maps to a failure status, retryable ones carry
// Retry-After, refusals keep their code, message and detail, and internal errors leak nothing.
#include <QtTest>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "http/ErrorMapping.h"

using namespace paydesk;
using http::HttpResponse;

namespace {

std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}

nlohmann::json body(const HttpResponse& r) {
    return nlohmann::json::parse(r.body);
}

}  // namespace

class TestErrorMapping : public QObject {
    Q_OBJECT

private slots:
    void everyCodeHasOneStableName() {
        std::set<std::string_view> names;
        for (const ErrorName& e : kErrorNames) {
            QVERIFY(!e.name.empty());
            QVERIFY2(names.insert(e.name).second, std::string(e.name).c_str());
            QCOMPARE(errorName(e.code), e.name);
            QVERIFY(errorCodeNamed(e.name) == e.code);
        }
        QVERIFY(!errorCodeNamed("NO_SUCH_CODE").has_value());
        const Error e = Error::make(ErrorCode::DbDuplicateKey, "duplicate");
        QCOMPARE(e.code, std::string("DB_DUPLICATE_KEY"));
        QVERIFY(e.is(ErrorCode::DbDuplicateKey));
        QVERIFY(!e.is(ErrorCode::DbError));
    }

    // Whatever the code, an Error is never answered 2xx, and Retry-After goes with 503 only.
    void everyCodeAnswersAFailure() {
        for (const ErrorName& e : kErrorNames) {
            const HttpResponse r = http::errorResponse(Error::make(e.code, "why"), "test", "mapping");
            QVERIFY2(r.status >= 400 && r.status < 600, std::string(e.name).c_str());
            const http::ErrorMapping m = http::errorMapping(e.code);
            QCOMPARE(r.status, m.status);
            QCOMPARE(body(r)["code"].get<std::string>(), std::string(m.code));
            QCOMPARE(!header(r, "Retry-After").empty(), m.retryAfterSeconds > 0);
            QCOMPARE(http::retryable(Error::make(e.code, "why")), m.retryAfterSeconds > 0);
            if (m.retryAfterSeconds > 0) QCOMPARE(r.status, 503);
        }
        // A value outside the enum (a corrupted or future code) is still a failure.
        const auto unknown = static_cast<ErrorCode>(std::size(kErrorNames) + 7);
        QCOMPARE(http::errorMapping(unknown).status, 500);
        QCOMPARE(std::string(http::errorMapping(unknown).code), std::string("INTERNAL_ERROR"));
    }

    void retryableDatabaseErrorsAre503WithRetryAfter_data() {
        QTest::addColumn<int>("code");
        QTest::newRow("DB_UNAVAILABLE") << static_cast<int>(ErrorCode::DbUnavailable);
        QTest::newRow("DB_DEADLOCK") << static_cast<int>(ErrorCode::DbDeadlock);
    }
    void retryableDatabaseErrorsAre503WithRetryAfter() {
        QFETCH(int, code);
        const Error e = Error::make(static_cast<ErrorCode>(code), "server at 10.0.0.7:3306 gone");
        for (const HttpResponse& r :
             {http::errorResponse(e, "test", "query"), http::databaseFailure(e, "test", "query")}) {
            QCOMPARE(r.status, 503);
            QCOMPARE(body(r)["code"].get<std::string>(), std::string("SERVICE_UNAVAILABLE"));
            QCOMPARE(body(r)["message"].get<std::string>(), std::string("the database is unavailable; retry"));
            QCOMPARE(header(r, "Retry-After"), std::string("1"));
        }
        QVERIFY(http::retryableDatabaseError(e));
        const HttpResponse own = http::databaseFailure(e, "test", "query", "the database is unavailable");
        QCOMPARE(body(own)["message"].get<std::string>(), std::string("the database is unavailable"));
    }

    // Busy rather than broken: LOCK_TIMEOUT (an import holds the matching lock) and KAFKA_UNAVAILABLE
    // (a replay not acknowledged) say why, and ask for a retry in 5 s.
    void lockTimeoutIs503WithItsOwnMessage_data() {
        QTest::addColumn<int>("code");
        QTest::newRow("LOCK_TIMEOUT") << static_cast<int>(ErrorCode::LockTimeout);
        QTest::newRow("KAFKA_UNAVAILABLE") << static_cast<int>(ErrorCode::KafkaUnavailable);
    }
    void lockTimeoutIs503WithItsOwnMessage() {
        QFETCH(int, code);
        const HttpResponse r =
            http::errorResponse(Error::make(static_cast<ErrorCode>(code), "another import holds the lock"), "t", "w");
        QCOMPARE(r.status, 503);
        QCOMPARE(body(r)["code"].get<std::string>(), std::string("SERVICE_UNAVAILABLE"));
        QCOMPARE(body(r)["message"].get<std::string>(), std::string("another import holds the lock"));
        QCOMPARE(header(r, "Retry-After"), std::string("5"));
    }

    // DB_ERROR and every other unexpected failure: 500 with nothing of the cause in the answer.
    void otherFailuresAre500AndLeakNothing_data() {
        QTest::addColumn<int>("code");
        QTest::newRow("DB_ERROR") << static_cast<int>(ErrorCode::DbError);
        QTest::newRow("DB_DUPLICATE_KEY") << static_cast<int>(ErrorCode::DbDuplicateKey);
        QTest::newRow("DB_COMMIT_IN_DOUBT") << static_cast<int>(ErrorCode::DbCommitInDoubt);
        QTest::newRow("LEDGER_UNBALANCED") << static_cast<int>(ErrorCode::LedgerUnbalanced);
        QTest::newRow("REDIS_ERROR") << static_cast<int>(ErrorCode::RedisError);
        QTest::newRow("INTERNAL_ERROR") << static_cast<int>(ErrorCode::InternalError);
    }
    void otherFailuresAre500AndLeakNothing() {
        QFETCH(int, code);
        const Error e =
            Error::make(static_cast<ErrorCode>(code), "Table 'paydesk.secret' doesn't exist", {{"table", "secret"}});
        for (const HttpResponse& r :
             {http::errorResponse(e, "test", "query"), http::databaseFailure(e, "test", "query")}) {
            QCOMPARE(r.status, 500);
            QCOMPARE(body(r)["code"].get<std::string>(), std::string("INTERNAL_ERROR"));
            QCOMPARE(body(r)["message"].get<std::string>(), std::string("internal error"));
            QVERIFY(r.body.find("secret") == std::string::npos);
            QVERIFY(header(r, "Retry-After").empty());
        }
    }

    void refusalsKeepCodeMessageAndDetail_data() {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("name");
        QTest::newRow("VALIDATION_ERROR") << static_cast<int>(ErrorCode::ValidationError) << 400 << "VALIDATION_ERROR";
        QTest::newRow("EMPTY_FILE") << static_cast<int>(ErrorCode::EmptyFile) << 400 << "EMPTY_FILE";
        QTest::newRow("TOO_MANY_ITEMS") << static_cast<int>(ErrorCode::TooManyItems) << 400 << "TOO_MANY_ITEMS";
        QTest::newRow("MAKER_CHECKER") << static_cast<int>(ErrorCode::MakerChecker) << 403 << "MAKER_CHECKER";
        QTest::newRow("NOT_FOUND") << static_cast<int>(ErrorCode::NotFound) << 404 << "NOT_FOUND";
        QTest::newRow("INVALID_STATE") << static_cast<int>(ErrorCode::InvalidState) << 409 << "INVALID_STATE";
        QTest::newRow("REQUEST_IN_PROGRESS")
            << static_cast<int>(ErrorCode::RequestInProgress) << 409 << "REQUEST_IN_PROGRESS";
        QTest::newRow("DUPLICATE_FILE") << static_cast<int>(ErrorCode::DuplicateFile) << 409 << "DUPLICATE_FILE";
        QTest::newRow("ALREADY_MATCHED") << static_cast<int>(ErrorCode::AlreadyMatched) << 409 << "ALREADY_MATCHED";
        QTest::newRow("CURRENCY_MISMATCH")
            << static_cast<int>(ErrorCode::CurrencyMismatch) << 409 << "CURRENCY_MISMATCH";
        QTest::newRow("IDEMPOTENCY_KEY_MISMATCH")
            << static_cast<int>(ErrorCode::IdempotencyKeyMismatch) << 422 << "IDEMPOTENCY_KEY_MISMATCH";
        QTest::newRow("AMOUNT_OVERFLOW") << static_cast<int>(ErrorCode::AmountOverflow) << 422 << "AMOUNT_OVERFLOW";
    }
    void refusalsKeepCodeMessageAndDetail() {
        QFETCH(int, code);
        QFETCH(int, status);
        QFETCH(QString, name);
        const HttpResponse r = http::errorResponse(
            Error::make(static_cast<ErrorCode>(code), "amount exceeds the refundable 500", {{"field", "amount"}}), "t",
            "w");
        QCOMPARE(r.status, status);
        const nlohmann::json b = body(r);
        QCOMPARE(b["code"].get<std::string>(), name.toStdString());
        QCOMPARE(b["message"].get<std::string>(), std::string("amount exceeds the refundable 500"));
        QCOMPARE(b["field"].get<std::string>(), std::string("amount"));
        QVERIFY(header(r, "Retry-After").empty());
        // No detail: just code and message.
        const HttpResponse plain = http::errorResponse(Error::make(static_cast<ErrorCode>(code), "no"), "t", "w");
        QCOMPARE(body(plain).size(), std::size_t{2});
    }
};

QTEST_GUILESS_MAIN(TestErrorMapping)
#include "tst_ErrorMapping.moc"
