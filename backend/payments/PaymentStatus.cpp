#include "payments/PaymentStatus.h"

#include <array>

namespace paydesk::payments {

namespace {
constexpr std::array<std::pair<PaymentStatus, std::string_view>, 7> kNames = {{
    {PaymentStatus::Authorized, "AUTHORIZED"},
    {PaymentStatus::Captured, "CAPTURED"},
    {PaymentStatus::PartiallyRefunded, "PARTIALLY_REFUNDED"},
    {PaymentStatus::Refunded, "REFUNDED"},
    {PaymentStatus::Voided, "VOIDED"},
    {PaymentStatus::Expired, "EXPIRED"},
    {PaymentStatus::Declined, "DECLINED"},
}};
}  // namespace

std::string_view toString(PaymentStatus s) {
    for (const auto& [status, name] : kNames) {
        if (status == s) return name;
    }
    return "UNKNOWN";
}

std::optional<PaymentStatus> parsePaymentStatus(std::string_view s) {
    for (const auto& [status, name] : kNames) {
        if (name == s) return status;
    }
    return std::nullopt;
}

std::string_view toString(PaymentAction a) {
    switch (a) {
        case PaymentAction::Capture: return "capture";
        case PaymentAction::Refund: return "refund";
        case PaymentAction::Void: return "void";
        case PaymentAction::Expire: return "expire";
    }
    return "unknown";
}

bool isAllowed(PaymentStatus from, PaymentAction action) {
    switch (action) {
        case PaymentAction::Capture:
        case PaymentAction::Void:
        case PaymentAction::Expire: return from == PaymentStatus::Authorized;
        case PaymentAction::Refund: return from == PaymentStatus::Captured || from == PaymentStatus::PartiallyRefunded;
    }
    return false;
}

}  // namespace paydesk::payments
