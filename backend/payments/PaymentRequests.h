#pragma once

// Validation of the merchant API's request bodies, apart from transport and authentication so that
// it can be tested and fuzzed on its own. Each reader fills its struct or names the first field
// that is wrong.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "payments/PaymentCommands.h"

namespace paydesk::payments {

struct FieldError {
    std::string field;
    std::string message;
};

struct AuthorizeBody {
    std::string merchantId;
    std::int64_t amount = 0;
    std::string currency;
    std::string idempotencyKey;
    std::string cardNumber;  // empty when no card was sent; never logged
    std::string cardExpiry;  // "MM/YY" or empty
};

// {merchantId, amount, currency, idempotencyKey, card?: {number, expiry?}}
std::optional<FieldError> readAuthorizeBody(const nlohmann::json& body, std::size_t maxIdempotencyKeyLength,
                                            AuthorizeBody& out);

// The merchantId every capture/refund/void body carries.
std::optional<FieldError> readMerchantId(const nlohmann::json& body, std::string& out);

struct ChangeBody {
    std::optional<std::int64_t> amount;  // capture and refund: absent = the rest
    std::string reason;                  // refund only, required
};

// Capture {amount?}, refund {amount?, reason}, void {}; merchantId is read by readMerchantId.
std::optional<FieldError> readChangeBody(const nlohmann::json& body, ChangeInput::Kind kind, ChangeBody& out);

// The Idempotency-Key header of capture/refund/void: required on refund (a retried refund must never
// book twice), optional elsewhere, at most maxLength characters.
std::optional<FieldError> checkIdempotencyHeader(const std::string& key, ChangeInput::Kind kind, std::size_t maxLength);

}  // namespace paydesk::payments
