#include "payments/PaymentApi.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <charconv>
#include <limits>

#include "auth/ApiKeyStore.h"
#include "auth/MerchantAuth.h"
#include "auth/RequestAdmission.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "core/LogMasker.h"
#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "payments/AcquirerConnector.h"
#include "payments/PaymentCommands.h"
#include "payments/PaymentRequests.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::payments {

using auth::Admission;
using auth::AdmissionRequest;
using auth::isValidIdentifier;
using auth::SignedCaller;

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kComponent = "payments";

// A batch that failed: nothing is stored before COMMIT; a COMMIT whose answer was lost may have
// taken effect, and the answer says so. Idempotency keys make the retry safe either way.
HttpResponse failedBatch(bool inDoubt) {
    if (!inDoubt) {
        return http::serviceUnavailable("the database is unavailable; retry with the same idempotency key");
    }
    return HttpResponse::error(503, "SERVICE_UNAVAILABLE",
                               "the database went away while committing; the request may have taken effect: retry "
                               "with the same idempotency key to get its outcome",
                               {{"outcome", "unknown"}})
        .header("Retry-After", "1");
}

HttpResponse readFailure(const Error& e) {
    return http::databaseFailure(e, kComponent, "payment read", "the database is unavailable");
}

bool validPaymentId(const std::string& id) {
    return isValidIdentifier(id, 40);
}

}  // namespace

PaymentApi::PaymentApi(PaymentApiOptions options, const Clock& clock, MerchantAuth& auth, AcquirerConnector& acquirer,
                       store::WriteBatcher& writer, store::DbPool& db, WorkerPool& workers)
    : options_(options),
      clock_(clock),
      auth_(auth),
      admission_(auth.admission()),
      acquirer_(acquirer),
      writer_(writer),
      db_(db),
      workers_(workers) {}

void PaymentApi::registerRoutes(http::Router& router, std::function<PaymentApi*()> current) {
    auto forward = [current](auto call) {
        return [current, call](HttpRequest&& r, Responder done) {
            PaymentApi* api = current();
            if (api == nullptr) return done(http::serviceUnavailable("paydeskd is starting"));
            call(*api, std::move(r), std::move(done));
        };
    };
    using Kind = ChangeInput::Kind;
    router.add("POST", "/api/payments/authorize",
               forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.authorize(std::move(r), std::move(d)); }));
    router.add("POST", "/api/payments/capture/{paymentId}", forward([](PaymentApi& a, HttpRequest&& r, Responder d) {
                   a.change(std::move(r), std::move(d), static_cast<int>(Kind::Capture));
               }));
    router.add("POST", "/api/payments/refund/{paymentId}", forward([](PaymentApi& a, HttpRequest&& r, Responder d) {
                   a.change(std::move(r), std::move(d), static_cast<int>(Kind::Refund));
               }));
    router.add("POST", "/api/payments/void/{paymentId}", forward([](PaymentApi& a, HttpRequest&& r, Responder d) {
                   a.change(std::move(r), std::move(d), static_cast<int>(Kind::Void));
               }));
    router.add("GET", "/api/payments/{paymentId}",
               forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.get(std::move(r), std::move(d)); }));
}

void PaymentApi::authorize(HttpRequest&& request, Responder respond) {
    const std::optional<SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    // Without the database nothing can be recorded: refuse before the acquirer holds any funds.
    if (!db_.available()) return respond(http::serviceUnavailable("the database is unavailable; retry"));
    const std::optional<json> parsed = http::parseJsonObject(request, respond, false);
    if (!parsed) return;
    AuthorizeBody fields;
    if (auto e = readAuthorizeBody(*parsed, options_.maxIdempotencyKeyLength, fields))
        return respond(http::validationError(e->field, e->message));
    const std::string merchantId = caller->merchantId.empty() ? fields.merchantId : caller->merchantId;
    if (fields.merchantId != merchantId) {
        return respond(HttpResponse::error(403, "FORBIDDEN_MERCHANT",
                                           "this API key may not act for merchant " + fields.merchantId));
    }

    // The request hash covers the body bytes as signed (never a re-serialisation of the parsed
    // document). Card numbers never leave this function whole: the row keeps 6+4.
    AdmissionRequest admission{
        merchantId, caller->keyId, caller->nonce, fields.idempotencyKey, "authorize", crypto::sha256Hex(request.body)};
    const std::int64_t amount = fields.amount;
    const std::string& currencyCode = fields.currency;
    const std::string& idempotencyKey = fields.idempotencyKey;
    std::string cardNumber = std::move(fields.cardNumber);
    std::string cardExpiry = std::move(fields.cardExpiry);

    AuthorizeInput input;
    input.paymentId = newId("pay_");
    input.merchantId = merchantId;
    input.idempotencyKey = idempotencyKey;
    input.requestHash = admission.requestHash;
    input.amount = amount;
    input.currency = currencyCode;
    if (!cardNumber.empty()) {
        input.cardBin = cardNumber.substr(0, 6);
        input.cardLast4 = cardNumber.substr(cardNumber.size() - 4);
    }
    input.requestedAt = clock_.now();
    input.expiresAt = input.requestedAt + options_.authorizationHold;
    input.correlationId = request.correlationId;

    AcquirerRequest acq{input.paymentId,       merchantId,           amount, currencyCode,
                        std::move(cardNumber), std::move(cardExpiry)};
    const bool queued = workers_.post([this, admission = std::move(admission), input = std::move(input),
                                       acq = std::move(acq), respond]() mutable {
        if (!MerchantAuth::answer(admission_.admit(admission), respond)) return;
        acquirer_.authorize(acq, [this, admission, input = std::move(input), respond](AcquirerOutcome outcome) mutable {
            if (outcome.kind == AcquirerOutcome::Kind::Failed) {
                admission_.abandon(admission);
                const bool open = outcome.declineCode == acquirer_codes::kCircuitOpen;
                respond(http::serviceUnavailable(
                    open ? "the acquirer is unavailable (circuit open); retry later"
                         : "the acquirer failed (" + outcome.declineCode + "); retry with the same idempotency key",
                    open ? 5 : 1));
                return;
            }
            input.approved = outcome.kind == AcquirerOutcome::Kind::Approved;
            input.acquirerTxnId = outcome.acquirerTxnId;
            input.declineCode = outcome.declineCode;
            input.message = input.approved ? "authorized" : (outcome.message.empty() ? "declined" : outcome.message);
            const std::string shard = input.merchantId + "\n" + input.idempotencyKey;
            submitWrite(shard, PaymentCommands::authorize(std::move(input)), admission, respond);
        });
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

void PaymentApi::change(HttpRequest&& request, Responder respond, int kindValue) {
    const auto kind = static_cast<ChangeInput::Kind>(kindValue);
    const std::optional<SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    if (!db_.available()) return respond(http::serviceUnavailable("the database is unavailable; retry"));
    const std::string paymentId = request.param("paymentId");
    const std::optional<json> parsed = http::parseJsonObject(request, respond, false);
    if (!parsed) return;
    std::string bodyMerchant;
    if (auto e = readMerchantId(*parsed, bodyMerchant)) return respond(http::validationError(e->field, e->message));
    const std::string merchantId = caller->merchantId.empty() ? bodyMerchant : caller->merchantId;
    if (bodyMerchant != merchantId) {
        return respond(
            HttpResponse::error(403, "FORBIDDEN_MERCHANT", "this API key may not act for merchant " + bodyMerchant));
    }
    if (!validPaymentId(paymentId))
        return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId.substr(0, 64)));
    ChangeBody fields;
    if (auto e = readChangeBody(*parsed, kind, fields)) return respond(http::validationError(e->field, e->message));
    ChangeInput input;
    input.kind = kind;
    input.paymentId = paymentId;
    input.merchantId = merchantId;
    input.amount = fields.amount;
    input.reason = std::move(fields.reason);
    input.idempotencyKey = request.header("Idempotency-Key");
    if (auto e = checkIdempotencyHeader(input.idempotencyKey, kind, options_.maxIdempotencyKeyLength)) {
        return respond(http::validationError(e->field, e->message));
    }
    input.requestHash = crypto::sha256Hex(request.body);
    input.at = clock_.now();
    input.correlationId = request.correlationId;

    AdmissionRequest admission{
        merchantId,       caller->keyId, caller->nonce, input.idempotencyKey, PaymentCommands::scopeOf(input),
        input.requestHash};
    const bool queued =
        workers_.post([this, admission = std::move(admission), input = std::move(input), respond]() mutable {
            if (!MerchantAuth::answer(admission_.admit(admission), respond)) return;
            const std::string shard = input.paymentId;
            submitWrite(shard, PaymentCommands::change(std::move(input)), admission, respond);
        });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

HttpResponse PaymentApi::answer(const store::WriteResult& result) {
    using Outcome = store::WriteResult::Outcome;
    switch (result.outcome) {
        case Outcome::Done:
            return HttpResponse::json(200, result.body);
        case Outcome::Replayed:
            return HttpResponse::json(result.storedStatus, result.body).header("Idempotent-Replayed", "true");
        case Outcome::Refused:
            return http::errorResponse(result.error, kComponent, "payment write");
        case Outcome::Unavailable:
        case Outcome::InDoubt:
            return failedBatch(result.outcome == Outcome::InDoubt);
    }
    return HttpResponse::error(500, "INTERNAL_ERROR", "internal error");
}

void PaymentApi::submitWrite(const std::string& shard, store::WriteCommand command, const AdmissionRequest& admission,
                             const Responder& respond) {
    const bool submitted =
        writer_.submit(shard, std::move(command), [this, admission, respond](store::WriteResult result) {
            // Fill the Redis fast path before answering, off the batch thread; refusals free the key.
            const bool ok = result.succeeded();
            const bool posted = workers_.post([this, admission, respond, result, ok] {
                HttpResponse out = answer(result);
                if (ok)
                    admission_.complete(admission, out.status, result.body.dump());
                else
                    admission_.abandon(admission);
                respond(std::move(out));
            });
            if (!posted) respond(answer(result));
        });
    if (!submitted) {
        admission_.abandon(admission);
        respond(http::serviceUnavailable("the write queue is full"));
    }
}

void PaymentApi::get(HttpRequest&& request, Responder respond) {
    std::optional<SignedCaller> caller = auth_.authenticate(request, respond);
    if (!caller) return;
    const std::string paymentId = request.param("paymentId");
    if (!validPaymentId(paymentId))
        return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId.substr(0, 64)));
    const bool queued = workers_.post([this, paymentId, caller = std::move(*caller), respond] {
        if (!auth_.admit(caller, "payment.get", respond)) return;
        const std::string& merchantId = caller.merchantId;
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        store::DbConnection& c = *conn.value();
        auto rows = c.query(std::string("SELECT ") + PaymentCommands::kPaymentColumns +
                            " FROM payments WHERE payment_id = " + c.quote(paymentId));
        if (!rows.ok()) return respond(readFailure(rows.error()));
        if (rows->rows.empty() || (!merchantId.empty() && rows->text(0, 1) != merchantId)) {
            return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId));
        }
        json payment = PaymentCommands::paymentJson(*rows, 0);
        auto refunds = c.query(
            "SELECT refund_id, amount, reason, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM refunds WHERE "
            "payment_id = " +
            c.quote(paymentId) + " ORDER BY created_at");
        auto entries = c.query(
            "SELECT e.entry_id, e.kind, e.reference, DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), e.hash, "
            "l.account, "
            "l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.entry_id WHERE "
            "e.payment_id = " +
            c.quote(paymentId) + " ORDER BY e.entry_id, l.line_no");
        if (!refunds.ok()) return respond(readFailure(refunds.error()));
        if (!entries.ok()) return respond(readFailure(entries.error()));
        payment["refunds"] = json::array();
        for (std::size_t r = 0; r < refunds->rows.size(); ++r) {
            payment["refunds"].push_back({{"refundId", refunds->text(r, 0)},
                                          {"amount", refunds->integer(r, 1)},
                                          {"reason", refunds->text(r, 2)},
                                          {"createdAt", refunds->text(r, 3)}});
        }
        payment["ledger"] = json::array();
        for (std::size_t r = 0; r < entries->rows.size(); ++r) {
            const std::int64_t id = entries->integer(r, 0);
            if (payment["ledger"].empty() || payment["ledger"].back()["entryId"].get<std::int64_t>() != id) {
                payment["ledger"].push_back({{"entryId", id},
                                             {"kind", entries->text(r, 1)},
                                             {"reference", entries->text(r, 2)},
                                             {"createdAt", entries->text(r, 3)},
                                             {"hash", entries->text(r, 4)},
                                             {"lines", json::array()}});
            }
            payment["ledger"].back()["lines"].push_back({{"account", entries->text(r, 5)},
                                                         {"debit", entries->integer(r, 6)},
                                                         {"credit", entries->integer(r, 7)}});
        }
        respond(HttpResponse::json(200, payment));
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

}  // namespace paydesk::payments
