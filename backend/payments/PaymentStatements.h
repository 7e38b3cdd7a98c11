#pragma once

#include <string>

#include "store/Statement.h"

// The SQL of the payment aggregate (payments and refunds rows), kept apart from the rules.
namespace paydesk::payments::payment_sql {

// The payment as the API shows it (PaymentCommands::paymentJson reads these fifteen columns).
inline constexpr char kColumns[] =
    "payment_id, merchant_id, status, amount, currency, captured_amount, refunded_amount, COALESCE(card_bin, ''), "
    "COALESCE(card_last4, ''), COALESCE(acquirer_txn_id, ''), COALESCE(decline_code, ''), message, "
    "DATE_FORMAT(requested_at, '%Y-%m-%dT%H:%i:%s.%fZ'), DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%s.%fZ'), "
    "COALESCE(DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%s.%fZ'), '')";

inline constexpr store::RowInsert kInsertPayment{
    "payments.insert", "payments",
    "payment_id, merchant_id, idempotency_key, status, amount, currency, card_bin, card_last4, acquirer_txn_id, "
    "decline_code, message, requested_at, updated_at, expires_at",
    14};

inline const std::string kSelectSql = std::string("SELECT ") + kColumns + " FROM payments WHERE payment_id = ?";
inline const std::string kLockSql = kSelectSql + " FOR UPDATE";
// payment_id
inline const store::SqlStatement kSelect{"payments.select", kSelectSql};
inline const store::SqlStatement kLock{"payments.select_for_update", kLockSql};

// status, updated_at, captured_amount, captured_at, payment_id
inline constexpr store::SqlStatement kCapture{
    "payments.capture",
    "UPDATE payments SET status = ?, updated_at = ?, captured_amount = ?, captured_at = ? WHERE payment_id = ?"};
// status, updated_at, refund amount, payment_id
inline constexpr store::SqlStatement kRefund{
    "payments.refund",
    "UPDATE payments SET status = ?, updated_at = ?, refunded_amount = refunded_amount + ? WHERE payment_id = ?"};
// status, updated_at, payment_id (void, expire)
inline constexpr store::SqlStatement kSetStatus{"payments.set_status",
                                                "UPDATE payments SET status = ?, updated_at = ? WHERE payment_id = ?"};

inline constexpr store::RowInsert kInsertRefund{
    "refunds.insert", "refunds", "refund_id, payment_id, merchant_id, amount, currency, reason, created_at", 7};

}  // namespace paydesk::payments::payment_sql
