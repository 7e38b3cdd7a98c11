#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "admin/Paging.h"

namespace paydesk::operators {

// What an operator may write into a dead letter's payload before replaying it. The payload is the
// event's inner payload (what consumers read under the envelope's "payload"), so the rules are
// those of the event type:
//   payment.*  an object with paymentId, merchantId, status (non-empty strings), amount (integer
//              > 0, minor units) and currency (three upper-case letters);
//   others     an object.
// Problems name the field as "payload.<name>".
class EventPayloadValidator {
public:
    static std::optional<FieldProblem> validate(std::string_view eventType, const nlohmann::json& payload);
};

}  // namespace paydesk::operators
