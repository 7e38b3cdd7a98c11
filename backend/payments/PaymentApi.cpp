#include "payments/PaymentApi.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <charconv>
#include <limits>

#include "core/Crypto.h"
#include "core/LogMasker.h"
#include "core/Logger.h"
#include "core/WorkerPool.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "payments/AcquirerConnector.h"
#include "payments/ApiKeyStore.h"
#include "payments/Currency.h"
#include "payments/PaymentCommands.h"
#include "payments/RequestAdmission.h"
#include "payments/RequestSignature.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::payments {

using http::HttpRequest;
using http::HttpResponse;
using http::Responder;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

HttpResponse toResponse(const store::WriteResult& r) {
    HttpResponse out = HttpResponse::json(r.httpStatus, r.body);
    for (const auto& [k, v] : r.headers) out.header(k, v);
    return out;
}

// A positive integer amount, or an error naming the field.
bool readAmount(const json& j, const char* field, std::int64_t& out, std::string& problem) {
    const auto& v = j.at(field);
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            problem = std::string(field) + " is too large";
            return false;
        }
        out = static_cast<std::int64_t>(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
        out = v.get<std::int64_t>();
    } else {
        problem = std::string(field) + " must be an integer count of the currency's minor unit";
        return false;
    }
    if (out <= 0) {
        problem = std::string(field) + " must be positive";
        return false;
    }
    return true;
}

bool readString(const json& j, const char* field, std::string& out) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

bool validPaymentId(const std::string& id) { return isValidIdentifier(id, 40); }

}  // namespace

PaymentApi::PaymentApi(PaymentApiOptions options, const Clock& clock, const ApiKeyStore& keys, RequestAdmission& admission,
                       AcquirerConnector& acquirer, store::WriteBatcher& writer, store::DbPool& db, WorkerPool& workers)
    : options_(options), clock_(clock), keys_(keys), admission_(admission), acquirer_(acquirer), writer_(writer), db_(db), workers_(workers) {
    if (!options_.signingRequired) {
        Logger::warn("payments", "REQUEST SIGNING IS OFF (development flag): any caller can act for any merchant");
    }
}

void PaymentApi::registerRoutes(http::Router& router, std::function<PaymentApi*()> current) {
    auto forward = [current](auto call) {
        return [current, call](HttpRequest&& r, Responder done) {
            PaymentApi* api = current();
            if (api == nullptr) return done(http::serviceUnavailable("paydeskd is starting"));
            call(*api, std::move(r), std::move(done));
        };
    };
    using Kind = ChangeInput::Kind;
    router.add("POST", "/api/payments/authorize", forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.authorize(std::move(r), std::move(d)); }));
    router.add("POST", "/api/payments/capture/{paymentId}",
               forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.change(std::move(r), std::move(d), static_cast<int>(Kind::Capture)); }));
    router.add("POST", "/api/payments/refund/{paymentId}",
               forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.change(std::move(r), std::move(d), static_cast<int>(Kind::Refund)); }));
    router.add("POST", "/api/payments/void/{paymentId}",
               forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.change(std::move(r), std::move(d), static_cast<int>(Kind::Void)); }));
    router.add("GET", "/api/payments/{paymentId}", forward([](PaymentApi& a, HttpRequest&& r, Responder d) { a.get(std::move(r), std::move(d)); }));
}

bool PaymentApi::authenticate(const HttpRequest& request, const Responder& respond, std::string& merchantId, std::string& keyId) const {
    if (!options_.signingRequired) {
        keyId = "unsigned";
        merchantId.clear();  // taken from the body
        return true;
    }
    const std::string key = request.header("X-Api-Key");
    const std::string timestamp = request.header("X-Timestamp");
    std::string signature = request.header("X-Signature");
    if (key.empty() || timestamp.empty() || signature.empty()) {
        respond(HttpResponse::error(401, "MISSING_SIGNATURE", "X-Api-Key, X-Timestamp and X-Signature are required"));
        return false;
    }
    const ApiKey* apiKey = keys_.find(key);
    std::int64_t ts = 0;
    auto [ptr, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
    if (apiKey == nullptr || ec != std::errc{} || ptr != timestamp.data() + timestamp.size()) {
        respond(HttpResponse::error(401, "INVALID_SIGNATURE", "unknown API key or malformed timestamp"));
        return false;
    }
    const std::int64_t skew = clock_.unixSeconds() - ts;
    if (skew > RequestSignature::kWindowSeconds || skew < -RequestSignature::kWindowSeconds) {
        respond(HttpResponse::error(401, "SIGNATURE_EXPIRED", "X-Timestamp is more than 300 s away from the server's clock",
                                    {{"serverTime", clock_.unixSeconds()}}));
        return false;
    }
    for (char& c : signature) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string expected = RequestSignature::sign(apiKey->secret, request.method, request.target, timestamp, request.body);
    if (!crypto::constantTimeEquals(expected, signature)) {
        respond(HttpResponse::error(401, "INVALID_SIGNATURE", "the signature does not match the request"));
        return false;
    }
    merchantId = apiKey->merchantId;
    keyId = apiKey->keyId;
    return true;
}

namespace {

// Maps what admission decided to an answer; true when the request may proceed.
bool admitted(const Admission& a, const Responder& respond) {
    switch (a.verdict) {
        case Admission::Verdict::Admitted: return true;
        case Admission::Verdict::Replayed:
            respond(HttpResponse::error(401, "REPLAYED_REQUEST", "this signature was already used; sign the retry anew"));
            return false;
        case Admission::Verdict::RateLimited:
            respond(HttpResponse::error(429, "RATE_LIMITED", "too many requests for this merchant")
                        .header("Retry-After", std::to_string(a.retryAfterSeconds)));
            return false;
        case Admission::Verdict::InFlight:
            respond(HttpResponse::error(409, "REQUEST_IN_PROGRESS", "a request with this idempotency key is still being processed")
                        .header("Retry-After", "1"));
            return false;
        case Admission::Verdict::KeyMismatch:
            respond(HttpResponse::error(422, "IDEMPOTENCY_KEY_MISMATCH", "this idempotency key was used with a different request body"));
            return false;
        case Admission::Verdict::Completed: {
            HttpResponse r = HttpResponse::json(a.storedStatus, json::parse(a.storedBody, nullptr, false));
            r.header("Idempotent-Replayed", "true");
            respond(std::move(r));
            return false;
        }
    }
    return false;
}

}  // namespace

void PaymentApi::authorize(HttpRequest&& request, Responder respond) {
    std::string merchantId;
    std::string keyId;
    if (!authenticate(request, respond, merchantId, keyId)) return;
    const std::optional<json> parsed = http::parseJsonObject(request, respond, false);
    if (!parsed) return;
    const json& body = *parsed;

    std::string bodyMerchant;
    if (!readString(body, "merchantId", bodyMerchant) || bodyMerchant.empty()) {
        return respond(http::validationError("merchantId", "merchantId is required"));
    }
    if (!isValidIdentifier(bodyMerchant, 64)) return respond(http::validationError("merchantId", "merchantId has invalid characters or is too long"));
    if (!body.contains("amount")) return respond(http::validationError("amount", "amount is required"));
    std::int64_t amount = 0;
    std::string problem;
    if (!readAmount(body, "amount", amount, problem)) return respond(http::validationError("amount", problem));
    std::string currencyCode;
    if (!readString(body, "currency", currencyCode) || currencyCode.empty()) return respond(http::validationError("currency", "currency is required"));
    const auto currency = findCurrency(currencyCode);
    if (!currency) return respond(http::validationError("currency", "unknown or unsupported currency '" + currencyCode + "'"));
    if (amount > currency->maxAmount) {
        return respond(http::validationError("amount", "amount exceeds the limit of " + std::to_string(currency->maxAmount) + " " + currencyCode));
    }
    std::string idempotencyKey;
    if (!readString(body, "idempotencyKey", idempotencyKey) || idempotencyKey.empty()) {
        return respond(http::validationError("idempotencyKey", "idempotencyKey is required"));
    }
    if (idempotencyKey.size() > options_.maxIdempotencyKeyLength) {
        return respond(http::validationError("idempotencyKey", "idempotencyKey is longer than 255 characters"));
    }
    std::string cardNumber;
    std::string cardExpiry;
    if (body.contains("card")) {
        const auto& card = body["card"];
        if (!card.is_object() || !readString(card, "number", cardNumber)) {
            return respond(http::validationError("card.number", "card must be an object with a number"));
        }
        const bool digits = !cardNumber.empty() && std::all_of(cardNumber.begin(), cardNumber.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || cardNumber.size() < 12 || cardNumber.size() > 19 || !LogMasker::luhnValid(cardNumber)) {
            return respond(http::validationError("card.number", "card number must be 12 to 19 digits passing the Luhn check"));
        }
        if (card.contains("expiry")) {
            if (!readString(card, "expiry", cardExpiry) || cardExpiry.size() != 5 || cardExpiry[2] != '/' ||
                !std::isdigit(static_cast<unsigned char>(cardExpiry[0])) || !std::isdigit(static_cast<unsigned char>(cardExpiry[1])) ||
                !std::isdigit(static_cast<unsigned char>(cardExpiry[3])) || !std::isdigit(static_cast<unsigned char>(cardExpiry[4])) ||
                std::stoi(cardExpiry.substr(0, 2)) < 1 || std::stoi(cardExpiry.substr(0, 2)) > 12) {
                return respond(http::validationError("card.expiry", "card expiry must look like MM/YY"));
            }
        }
    }
    if (!options_.signingRequired) merchantId = bodyMerchant;
    if (bodyMerchant != merchantId) {
        return respond(HttpResponse::error(403, "FORBIDDEN_MERCHANT", "this API key may not act for merchant " + bodyMerchant));
    }

    // Card numbers never leave this function whole: the hash covers the request, the row keeps 6+4.
    AdmissionRequest admission{merchantId, keyId, request.header("X-Signature"), idempotencyKey, "authorize", crypto::sha256Hex(body.dump())};
    if (admission.signature.empty()) admission.signature = crypto::randomHex(16);  // unsigned development mode

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

    AcquirerRequest acq{input.paymentId, merchantId, amount, currencyCode, std::move(cardNumber), std::move(cardExpiry)};
    const bool queued = workers_.post([this, admission = std::move(admission), input = std::move(input), acq = std::move(acq),
                                       respond]() mutable {
        if (!admitted(admission_.admit(admission), respond)) return;
        acquirer_.authorize(acq, [this, admission, input = std::move(input), respond](AcquirerOutcome outcome) mutable {
            if (outcome.kind == AcquirerOutcome::Kind::Failed) {
                admission_.abandon(admission);
                const bool open = outcome.declineCode == acquirer_codes::kCircuitOpen;
                respond(http::serviceUnavailable(open ? "the acquirer is unavailable (circuit open); retry later"
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
    std::string merchantId;
    std::string keyId;
    if (!authenticate(request, respond, merchantId, keyId)) return;
    const std::string paymentId = request.param("paymentId");
    const std::optional<json> parsed = http::parseJsonObject(request, respond, false);
    if (!parsed) return;
    const json& body = *parsed;
    std::string bodyMerchant;
    if (!readString(body, "merchantId", bodyMerchant) || bodyMerchant.empty()) {
        return respond(http::validationError("merchantId", "merchantId is required"));
    }
    if (!options_.signingRequired) merchantId = bodyMerchant;
    if (bodyMerchant != merchantId) {
        return respond(HttpResponse::error(403, "FORBIDDEN_MERCHANT", "this API key may not act for merchant " + bodyMerchant));
    }
    if (!validPaymentId(paymentId)) return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId.substr(0, 64)));

    ChangeInput input;
    input.kind = kind;
    input.paymentId = paymentId;
    input.merchantId = merchantId;
    if (kind == ChangeInput::Kind::Capture || kind == ChangeInput::Kind::Refund) {
        if (body.contains("amount") && !body["amount"].is_null()) {
            std::int64_t amount = 0;
            std::string problem;
            if (!readAmount(body, "amount", amount, problem)) return respond(http::validationError("amount", problem));
            input.amount = amount;
        }
    }
    if (kind == ChangeInput::Kind::Refund) {
        if (!readString(body, "reason", input.reason) || input.reason.empty()) return respond(http::validationError("reason", "reason is required"));
        if (input.reason.size() > 255) return respond(http::validationError("reason", "reason is longer than 255 characters"));
    }
    input.idempotencyKey = request.header("Idempotency-Key");
    if (input.idempotencyKey.size() > options_.maxIdempotencyKeyLength) {
        return respond(http::validationError("Idempotency-Key", "Idempotency-Key is longer than 255 characters"));
    }
    input.requestHash = crypto::sha256Hex(body.dump());
    input.at = clock_.now();
    input.correlationId = request.correlationId;

    AdmissionRequest admission{merchantId, keyId, request.header("X-Signature"), input.idempotencyKey, PaymentCommands::scopeOf(input),
                               input.requestHash};
    if (admission.signature.empty()) admission.signature = crypto::randomHex(16);
    const bool queued = workers_.post([this, admission = std::move(admission), input = std::move(input), respond]() mutable {
        if (!admitted(admission_.admit(admission), respond)) return;
        const std::string shard = input.paymentId;
        submitWrite(shard, PaymentCommands::change(std::move(input)), admission, respond);
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

void PaymentApi::submitWrite(const std::string& shard, store::WriteCommand command, const AdmissionRequest& admission,
                             const Responder& respond) {
    const bool submitted = writer_.submit(shard, std::move(command), [this, admission, respond](store::WriteResult result) {
        // Fill the Redis fast path before answering, off the batch thread; refusals free the key.
        const bool ok = result.httpStatus < 400;
        const bool posted = workers_.post([this, admission, respond, result, ok] {
            if (ok) admission_.complete(admission, result.httpStatus, result.body.dump());
            else admission_.abandon(admission);
            respond(toResponse(result));
        });
        if (!posted) respond(toResponse(result));
    });
    if (!submitted) {
        admission_.abandon(admission);
        respond(http::serviceUnavailable("the write queue is full"));
    }
}

void PaymentApi::get(HttpRequest&& request, Responder respond) {
    std::string merchantId;
    std::string keyId;
    if (!authenticate(request, respond, merchantId, keyId)) return;
    const std::string paymentId = request.param("paymentId");
    if (!validPaymentId(paymentId)) return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId.substr(0, 64)));
    const bool queued = workers_.post([this, paymentId, merchantId, respond] {
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        store::DbConnection& c = *conn.value();
        auto rows = c.query(std::string("SELECT ") + PaymentCommands::kPaymentColumns + " FROM payments WHERE payment_id = " + c.quote(paymentId));
        if (!rows.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        if (rows->rows.empty() || (!merchantId.empty() && rows->text(0, 1) != merchantId)) {
            return respond(HttpResponse::error(404, "NOT_FOUND", "no payment " + paymentId));
        }
        json payment = PaymentCommands::paymentJson(*rows, 0);
        auto refunds = c.query("SELECT refund_id, amount, reason, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM refunds WHERE payment_id = " +
                               c.quote(paymentId) + " ORDER BY created_at");
        auto entries = c.query("SELECT e.entry_id, e.kind, e.reference, DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), e.hash, l.account, "
                               "l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.entry_id WHERE e.payment_id = " +
                               c.quote(paymentId) + " ORDER BY e.entry_id, l.line_no");
        if (!refunds.ok() || !entries.ok()) return respond(http::serviceUnavailable("the database is unavailable"));
        payment["refunds"] = json::array();
        for (std::size_t r = 0; r < refunds->rows.size(); ++r) {
            payment["refunds"].push_back({{"refundId", refunds->text(r, 0)}, {"amount", refunds->integer(r, 1)},
                                          {"reason", refunds->text(r, 2)}, {"createdAt", refunds->text(r, 3)}});
        }
        payment["ledger"] = json::array();
        for (std::size_t r = 0; r < entries->rows.size(); ++r) {
            const std::int64_t id = entries->integer(r, 0);
            if (payment["ledger"].empty() || payment["ledger"].back()["entryId"].get<std::int64_t>() != id) {
                payment["ledger"].push_back({{"entryId", id}, {"kind", entries->text(r, 1)}, {"reference", entries->text(r, 2)},
                                             {"createdAt", entries->text(r, 3)}, {"hash", entries->text(r, 4)}, {"lines", json::array()}});
            }
            payment["ledger"].back()["lines"].push_back(
                {{"account", entries->text(r, 5)}, {"debit", entries->integer(r, 6)}, {"credit", entries->integer(r, 7)}});
        }
        respond(HttpResponse::json(200, payment));
    });
    if (!queued) respond(http::serviceUnavailable("the server is overloaded"));
}

}  // namespace paydesk::payments
