#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/Database.h"

namespace paydesk::settlement {

// One settlement_batches row as the API shows it. Read with columns() (in that order), so every
// query that returns batches shapes them the same way.
struct BatchRecord {
    std::string batchId;
    std::string merchantId;
    std::string businessDay;  // YYYY-MM-DD
    std::string currency;
    std::string state;
    std::string timeZone;
    int cutoffMinutes = 0;
    std::string windowStart;  // ISO-8601 UTC, milliseconds
    std::string windowEnd;
    std::int64_t captureCount = 0;
    std::int64_t captureAmount = 0;
    std::int64_t refundCount = 0;
    std::int64_t refundAmount = 0;
    std::int64_t feeAmount = 0;
    std::int64_t feeBps = 0;
    std::int64_t feeFixed = 0;
    std::int64_t carryIn = 0;
    std::int64_t net = 0;
    std::int64_t payout = 0;
    std::int64_t carryOut = 0;
    std::optional<std::string> closedBy;
    std::optional<std::string> closedAt;
    std::optional<std::string> approvedBy;
    std::optional<std::string> approvedAt;
    std::optional<std::string> rejectedBy;
    std::optional<std::string> rejectedAt;
    std::optional<std::string> rejectReason;
    std::optional<std::string> reopenedBy;
    std::optional<std::string> reopenedAt;
    std::int64_t reopenCount = 0;
    std::optional<std::string> paidBy;
    std::optional<std::string> paidAt;
    std::optional<std::string> bankReference;
    std::string createdAt;
    std::string updatedAt;
    std::int64_t version = 0;

    // The SELECT list, columns qualified with `alias.` when an alias is given.
    static std::string columns(const std::string& alias = {});
    static BatchRecord fromRow(const store::DbResult& rows, std::size_t r);

    [[nodiscard]] nlohmann::json toJson() const;
    // What settlement.closed / settlement.approved carry (merchant webhooks see it too).
    [[nodiscard]] nlohmann::json eventPayload() const;
};

}  // namespace paydesk::settlement
