#pragma once

#include <optional>
#include <string_view>

namespace paydesk::settlement {

// A batch's life:
//   OPEN --close--> CLOSED --approve--> APPROVED --paid--> PAID
//                   CLOSED --reject (reason)--> REJECTED --reopen--> OPEN --close--> CLOSED ...
// Only a CLOSED batch can be approved or rejected; only an APPROVED one paid; only a REJECTED one
// reopened. A closed batch's lines and totals never change except by reject, reopen and close.
enum class SettlementState { Open, Closed, Approved, Paid, Rejected };

constexpr std::string_view toString(SettlementState s) {
    switch (s) {
        case SettlementState::Open: return "OPEN";
        case SettlementState::Closed: return "CLOSED";
        case SettlementState::Approved: return "APPROVED";
        case SettlementState::Paid: return "PAID";
        case SettlementState::Rejected: return "REJECTED";
    }
    return "OPEN";
}

constexpr std::optional<SettlementState> parseSettlementState(std::string_view text) {
    for (auto s : {SettlementState::Open, SettlementState::Closed, SettlementState::Approved, SettlementState::Paid,
                   SettlementState::Rejected}) {
        if (toString(s) == text) return s;
    }
    return std::nullopt;
}

}  // namespace paydesk::settlement
