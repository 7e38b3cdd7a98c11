#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/WriteBatcher.h"

namespace paydesk::payments {

// Inputs of the write commands, already validated by the API layer.
struct AuthorizeInput {
    std::string paymentId;
    std::string merchantId;
    std::string idempotencyKey;
    std::string requestHash;
    std::int64_t amount = 0;
    std::string currency;
    std::string cardBin;
    std::string cardLast4;
    bool approved = true;
    std::string acquirerTxnId;
    std::string declineCode;
    std::string message;
    std::chrono::system_clock::time_point requestedAt;
    std::chrono::system_clock::time_point expiresAt;
    std::string correlationId;
};

struct ChangeInput {
    enum class Kind { Capture, Refund, Void, Expire };
    Kind kind = Kind::Capture;
    std::string paymentId;
    std::string merchantId;                 // empty for Expire (system action)
    std::optional<std::int64_t> amount;     // Capture, Refund
    std::string reason;                     // Refund
    std::string idempotencyKey;             // optional header
    std::string requestHash;
    std::chrono::system_clock::time_point at;
    std::string correlationId;
};

// The database side of each payment operation: state change, ledger entry, outbox event and
// idempotency record, all in the batch's transaction.
struct PaymentCommands {
    static store::WriteCommand authorize(AuthorizeInput input);
    static store::WriteCommand change(ChangeInput input);

    // The payment as the API shows it, from a payments row selected with kPaymentColumns.
    static nlohmann::json paymentJson(const store::DbResult& rows, std::size_t r);
    static const char* const kPaymentColumns;
    static std::string scopeOf(const ChangeInput& in);
};

std::string newId(const char* prefix);  // "pay_" + 24 hex

}  // namespace paydesk::payments
