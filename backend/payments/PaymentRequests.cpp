#include "payments/PaymentRequests.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "auth/ApiKeyStore.h"
#include "core/Currency.h"
#include "core/LogMasker.h"

namespace paydesk::payments {

using auth::isValidIdentifier;

using nlohmann::json;

namespace {

constexpr std::size_t kMaxReasonLength = 255;

// A positive integer amount, or the problem with it.
std::optional<FieldError> readAmount(const json& j, const char* field, std::int64_t& out) {
    const auto& v = j.at(field);
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return FieldError{field, std::string(field) + " is too large"};
        }
        out = static_cast<std::int64_t>(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
        out = v.get<std::int64_t>();
    } else {
        return FieldError{field, std::string(field) + " must be an integer count of the currency's minor unit"};
    }
    if (out <= 0) return FieldError{field, std::string(field) + " must be positive"};
    return std::nullopt;
}

bool readString(const json& j, const char* field, std::string& out) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

bool validExpiry(const std::string& e) {
    auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(e[i])) != 0; };
    if (e.size() != 5 || e[2] != '/' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return false;
    const int month = (e[0] - '0') * 10 + (e[1] - '0');
    return month >= 1 && month <= 12;
}

std::optional<FieldError> readCard(const json& body, AuthorizeBody& out) {
    if (!body.contains("card")) return std::nullopt;
    const auto& card = body["card"];
    if (!card.is_object() || !readString(card, "number", out.cardNumber)) {
        return FieldError{"card.number", "card must be an object with a number"};
    }
    const std::string& number = out.cardNumber;
    const bool digits =
        !number.empty() && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || number.size() < 12 || number.size() > 19 || !LogMasker::luhnValid(number)) {
        return FieldError{"card.number", "card number must be 12 to 19 digits passing the Luhn check"};
    }
    if (card.contains("expiry") && (!readString(card, "expiry", out.cardExpiry) || !validExpiry(out.cardExpiry))) {
        return FieldError{"card.expiry", "card expiry must look like MM/YY"};
    }
    return std::nullopt;
}

}  // namespace

std::optional<FieldError> readAuthorizeBody(const json& body, std::size_t maxIdempotencyKeyLength, AuthorizeBody& out) {
    if (!readString(body, "merchantId", out.merchantId) || out.merchantId.empty())
        return FieldError{"merchantId", "merchantId is required"};
    if (!isValidIdentifier(out.merchantId, 64))
        return FieldError{"merchantId", "merchantId has invalid characters or is too long"};
    if (!body.contains("amount")) return FieldError{"amount", "amount is required"};
    if (auto e = readAmount(body, "amount", out.amount)) return e;
    if (!readString(body, "currency", out.currency) || out.currency.empty())
        return FieldError{"currency", "currency is required"};
    const auto currency = findCurrency(out.currency);
    if (!currency)
        return FieldError{"currency", "unknown or unsupported currency '" + out.currency.substr(0, 16) + "'"};
    if (out.amount > currency->maxAmount) {
        return FieldError{"amount",
                          "amount exceeds the limit of " + std::to_string(currency->maxAmount) + " " + out.currency};
    }
    if (!readString(body, "idempotencyKey", out.idempotencyKey) || out.idempotencyKey.empty()) {
        return FieldError{"idempotencyKey", "idempotencyKey is required"};
    }
    if (out.idempotencyKey.size() > maxIdempotencyKeyLength) {
        return FieldError{"idempotencyKey",
                          "idempotencyKey is longer than " + std::to_string(maxIdempotencyKeyLength) + " characters"};
    }
    return readCard(body, out);
}

std::optional<FieldError> readMerchantId(const json& body, std::string& out) {
    if (!readString(body, "merchantId", out) || out.empty()) return FieldError{"merchantId", "merchantId is required"};
    return std::nullopt;
}

std::optional<FieldError> readChangeBody(const json& body, ChangeInput::Kind kind, ChangeBody& out) {
    using Kind = ChangeInput::Kind;
    if ((kind == Kind::Capture || kind == Kind::Refund) && body.contains("amount") && !body["amount"].is_null()) {
        std::int64_t amount = 0;
        if (auto e = readAmount(body, "amount", amount)) return e;
        out.amount = amount;
    }
    if (kind == Kind::Refund) {
        if (!readString(body, "reason", out.reason) || out.reason.empty())
            return FieldError{"reason", "reason is required"};
        if (out.reason.size() > kMaxReasonLength) return FieldError{"reason", "reason is longer than 255 characters"};
    }
    return std::nullopt;
}

std::optional<FieldError> checkIdempotencyHeader(const std::string& key, ChangeInput::Kind kind,
                                                 std::size_t maxLength) {
    if (key.empty() && kind == ChangeInput::Kind::Refund) {
        return FieldError{"Idempotency-Key",
                          "an Idempotency-Key header is required on refunds, so that a retry never refunds twice"};
    }
    if (key.size() > maxLength)
        return FieldError{"Idempotency-Key",
                          "Idempotency-Key is longer than " + std::to_string(maxLength) + " characters"};
    return std::nullopt;
}

}  // namespace paydesk::payments
