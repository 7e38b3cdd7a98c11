#pragma once

#include <array>
#include <string_view>

namespace paydesk::events {

// Every topic Paydesk publishes to or consumes from.
inline constexpr std::array<std::string_view, 8> kTopics = {
    "payment.authorized", "payment.captured",    "payment.refunded", "payment.voided",
    "settlement.closed",  "settlement.approved", "recon.unmatched",  "payment.dlq",
};

struct TopicSettings {
    int partitions = 6;
    int replicationFactor = 3;
};

}  // namespace paydesk::events
