#pragma once

#include <optional>
#include <string_view>

namespace paydesk::payments {

enum class PaymentStatus { Authorized, Captured, PartiallyRefunded, Refunded, Voided, Expired, Declined };

enum class PaymentAction { Capture, Refund, Void, Expire };

std::string_view toString(PaymentStatus s);
std::optional<PaymentStatus> parsePaymentStatus(std::string_view s);
std::string_view toString(PaymentAction a);

// The state machine: AUTHORIZED → CAPTURED → PARTIALLY_REFUNDED → REFUNDED, AUTHORIZED → VOIDED,
// AUTHORIZED → EXPIRED; DECLINED, VOIDED, EXPIRED and REFUNDED are final. Whether a refund ends in
// PARTIALLY_REFUNDED or REFUNDED depends on the amounts; this answers only "may this action start
// from that state".
bool isAllowed(PaymentStatus from, PaymentAction action);

}  // namespace paydesk::payments
