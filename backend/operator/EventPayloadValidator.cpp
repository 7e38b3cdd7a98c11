#include "operator/EventPayloadValidator.h"

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace paydesk::operators {

namespace {

std::optional<FieldProblem> requireString(const nlohmann::json& payload, const char* name) {
    const auto it = payload.find(name);
    if (it == payload.end()) return FieldProblem{std::string("payload.") + name, std::string(name) + " is required"};
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        return FieldProblem{std::string("payload.") + name, std::string(name) + " must be a non-empty string"};
    }
    return std::nullopt;
}

}  // namespace

std::optional<FieldProblem> EventPayloadValidator::validate(std::string_view eventType, const nlohmann::json& payload) {
    if (!payload.is_object()) return FieldProblem{"payload", "payload must be a JSON object"};
    if (eventType.rfind("payment.", 0) != 0) return std::nullopt;

    for (const char* name : {"paymentId", "merchantId", "status"}) {
        if (auto p = requireString(payload, name)) return p;
    }
    const auto amount = payload.find("amount");
    if (amount == payload.end()) return FieldProblem{"payload.amount", "amount is required"};
    // Unsigned values above INT64_MAX are refused too: the ledger stores BIGINT.
    const bool positive =
        (amount->is_number_unsigned() && amount->get<std::uint64_t>() > 0 &&
         amount->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) ||
        (amount->is_number_integer() && !amount->is_number_unsigned() && amount->get<std::int64_t>() > 0);
    if (!positive)
        return FieldProblem{"payload.amount", "amount must be a positive integer count of the currency's minor unit"};
    const auto currency = payload.find("currency");
    if (currency == payload.end()) return FieldProblem{"payload.currency", "currency is required"};
    const bool iso =
        currency->is_string() && currency->get_ref<const std::string&>().size() == 3 &&
        std::all_of(currency->get_ref<const std::string&>().begin(), currency->get_ref<const std::string&>().end(),
                    [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!iso) return FieldProblem{"payload.currency", "currency must be three upper-case letters (ISO 4217)"};
    return std::nullopt;
}

}  // namespace paydesk::operators
