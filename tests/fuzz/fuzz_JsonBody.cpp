// libFuzzer target for request bodies: the bytes go through http::parseJsonObject exactly as a
// request body does (the first byte picks the Content-Type and whether an empty body is allowed),
// then through the merchant API's body validators (authorize, capture, refund, void).
//
// Whatever the bytes: parseJsonObject either returns an object or answers exactly once with a JSON
// error (415 or 400 MALFORMED_JSON), never both; a document nested deeper than kMaxJsonDepth is never
// parsed (jsonDepthWithin is exact on valid JSON); what parsed dumps without throwing and parses back
// to the same value. A validator either accepts, and then what it read obeys every documented rule
// (identifier syntax, positive amount within the currency's limit, Luhn-valid card number, MM/YY
// expiry, bounded idempotency key and reason), or names a field, and its 400 answer is JSON.
//
//   build/fuzz/tests/fuzz/fuzz_JsonBody -max_total_time=60 tests/fuzz/corpus/fuzz_JsonBody

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "FuzzCheck.h"
#include "auth/ApiKeyStore.h"
#include "core/BoundedJson.h"
#include "core/Currency.h"
#include "core/LogMasker.h"
#include "http/JsonBody.h"
#include "payments/PaymentRequests.h"

using namespace paydesk;
using nlohmann::json;
using payments::ChangeInput;
using payments::FieldError;

namespace {

constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// Nesting depth of a parsed value, without recursion.
std::size_t depthOf(const json& root) {
    std::size_t deepest = 0;
    std::vector<std::pair<const json*, std::size_t>> stack{{&root, 0}};
    while (!stack.empty()) {
        const auto [value, depth] = stack.back();
        stack.pop_back();
        if (!value->is_structured()) continue;
        deepest = std::max(deepest, depth + 1);
        for (const json& child : *value) stack.emplace_back(&child, depth + 1);
    }
    return deepest;
}

void checkErrorAnswer(const http::HttpResponse& r, int status) {
    FUZZ_CHECK(r.status == status && r.contentType == "application/json");
    const json body = json::parse(r.body, nullptr, false);
    FUZZ_CHECK(body.is_object() && body["code"].is_string() && body["message"].is_string());
}

void checkFieldError(const FieldError& e) {
    FUZZ_CHECK(!e.field.empty() && !e.message.empty());
    checkErrorAnswer(http::validationError(e.field, e.message), 400);
}

bool isDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void fuzzAuthorize(const json& body) {
    payments::AuthorizeBody out;
    if (const auto error = payments::readAuthorizeBody(body, kMaxIdempotencyKeyLength, out)) {
        checkFieldError(*error);
        return;
    }
    FUZZ_CHECK(auth::isValidIdentifier(out.merchantId, 64));
    FUZZ_CHECK(body["merchantId"] == out.merchantId);
    const auto currency = findCurrency(out.currency);
    FUZZ_CHECK(currency && out.amount > 0 && out.amount <= currency->maxAmount);
    FUZZ_CHECK(body["amount"].is_number_integer() && body["amount"].get<std::int64_t>() == out.amount);
    FUZZ_CHECK(!out.idempotencyKey.empty() && out.idempotencyKey.size() <= kMaxIdempotencyKeyLength);
    if (!out.cardNumber.empty()) {
        FUZZ_CHECK(isDigits(out.cardNumber) && out.cardNumber.size() >= 12 && out.cardNumber.size() <= 19);
        FUZZ_CHECK(LogMasker::luhnValid(out.cardNumber));
    }
    if (!out.cardExpiry.empty()) {
        const std::string& e = out.cardExpiry;
        FUZZ_CHECK(e.size() == 5 && e[2] == '/' && isDigits(e.substr(0, 2)) && isDigits(e.substr(3)));
        FUZZ_CHECK(e.substr(0, 2) >= "01" && e.substr(0, 2) <= "12");
    } else if (body.contains("card")) {
        FUZZ_CHECK(!body["card"].contains("expiry"));
    }
}

void fuzzChanges(const json& body, const std::string& idempotencyHeader) {
    std::string merchantId;
    if (const auto error = payments::readMerchantId(body, merchantId))
        checkFieldError(*error);
    else
        FUZZ_CHECK(!merchantId.empty() && body["merchantId"] == merchantId);

    for (const auto kind : {ChangeInput::Kind::Capture, ChangeInput::Kind::Refund, ChangeInput::Kind::Void}) {
        payments::ChangeBody out;
        if (const auto error = payments::readChangeBody(body, kind, out)) {
            checkFieldError(*error);
        } else {
            if (out.amount) FUZZ_CHECK(*out.amount > 0 && kind != ChangeInput::Kind::Void);
            if (kind == ChangeInput::Kind::Refund)
                FUZZ_CHECK(!out.reason.empty() && out.reason.size() <= 255);
            else
                FUZZ_CHECK(out.reason.empty());
        }
        if (const auto error = payments::checkIdempotencyHeader(idempotencyHeader, kind, kMaxIdempotencyKeyLength)) {
            checkFieldError(*error);
        } else {
            FUZZ_CHECK(idempotencyHeader.size() <= kMaxIdempotencyKeyLength);
            FUZZ_CHECK(!idempotencyHeader.empty() || kind != ChangeInput::Kind::Refund);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static constexpr const char* kContentTypes[] = {"application/json", "application/json; charset=utf-8",
                                                    " Application/JSON ;x=y", "text/plain", ""};
    const std::uint8_t control = data[0];
    http::HttpRequest request;
    request.method = "POST";
    request.headers["Content-Type"] = kContentTypes[control % 5];
    request.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    const bool emptyAllowed = (control & 0x80) != 0;

    int answers = 0;
    http::HttpResponse answer;
    const http::Responder respond = [&](http::HttpResponse r) {
        ++answers;
        answer = std::move(r);
    };
    const auto parsed = http::parseJsonObject(request, respond, emptyAllowed);
    FUZZ_CHECK(parsed.has_value() != (answers == 1) && answers <= 1);

    // The bounded parser agrees with the depth scan, and the scan is exact on valid JSON. nlohmann
    // reads a NUL byte as the end of the input, so what it parses is the text before the first NUL;
    // the bounded parser refuses any text with a NUL (JSON never holds a raw one).
    const bool hasNul = request.body.find('\0') != std::string::npos;
    const bool within = jsonDepthWithin(request.body);
    const json bounded = parseBoundedJson(request.body);
    if (!within || hasNul) FUZZ_CHECK(bounded.is_discarded());
    const json unbounded = json::parse(request.body, nullptr, false);
    if (!unbounded.is_discarded()) {
        const std::string_view parsedText = std::string_view(request.body).substr(0, request.body.find('\0'));
        const std::size_t depth = depthOf(unbounded);
        FUZZ_CHECK(jsonDepthWithin(parsedText) == (depth <= kMaxJsonDepth));
        FUZZ_CHECK(jsonDepthWithin(parsedText, depth) && (depth == 0 || !jsonDepthWithin(parsedText, depth - 1)));
        if (within && !hasNul)
            FUZZ_CHECK(depth <= kMaxJsonDepth && bounded == unbounded);
        else
            FUZZ_CHECK(bounded.is_discarded());
    }

    if (!parsed) {
        FUZZ_CHECK(answer.status == 415 || answer.status == 400);
        checkErrorAnswer(answer, answer.status);
        if (answer.status == 400 && within && !hasNul && !unbounded.is_discarded()) FUZZ_CHECK(!unbounded.is_object());
        return 0;
    }
    const json& body = *parsed;
    FUZZ_CHECK(body.is_object() && depthOf(body) <= kMaxJsonDepth);
    FUZZ_CHECK(request.body.empty() ? emptyAllowed && body.empty() : body == unbounded);
    const std::string dumped = body.dump();
    FUZZ_CHECK(json::parse(dumped) == body);

    fuzzAuthorize(body);
    const auto key = body.find("idempotencyKey");
    fuzzChanges(body, key != body.end() && key->is_string() ? key->get<std::string>() : std::string(control % 3, 'k'));
    return 0;
}
