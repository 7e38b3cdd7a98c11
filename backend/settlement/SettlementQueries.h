#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "http/HttpTypes.h"
#include "admin/Paging.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::settlement {

// GET /admin/settlements filters: merchantId, state, from/to business days (inclusive).
struct BatchFilter {
    std::string merchantId;
    std::string state;
    std::string fromDay;  // YYYY-MM-DD
    std::string toDay;

    static std::optional<operators::FieldProblem> fromQuery(const http::HttpRequest& request, BatchFilter& out);
};

// Read-only views of settlement batches: JSON for the console, CSV for the bank and for audits.
//
// Payout file (payouts.csv), one line per APPROVED batch with a payout, oldest day first:
//   batch_id,merchant_id,business_day,currency,payout_amount,capture_count,gross_amount,
//   refund_count,refund_amount,fee_amount,carry_in,net_amount,approved_by,approved_at
// Batch detail (lines.csv), one line per capture, refund or carry of the batch:
//   batch_id,line_type,source_id,payment_id,occurred_at,amount,fee,net,currency
// Amounts are integers in the currency's minor unit; amount is signed (refunds and carries
// negative), net = amount - fee; times are UTC ISO-8601.
// A missing batch is refused NOT_FOUND.
struct CsvFile {
    std::string body;
    std::string fileName;  // what the download suggests: "<batch>-lines.csv", "payouts[-<day>].csv"
};

class SettlementQueries {
public:
    static Result<nlohmann::json> list(store::DbConnection& conn, const BatchFilter& filter,
                                       const operators::Page& page);
    // The batch and one page of its lines (?limit, ?offset or ?cursor), ordered by source id.
    static Result<nlohmann::json> detail(store::DbConnection& conn, const std::string& batchId,
                                         const operators::Page& page);
    static Result<CsvFile> linesCsv(store::DbConnection& conn, const std::string& batchId);
    // Approved, unpaid batches with a payout; only those of one business day when given.
    static Result<CsvFile> payoutsCsv(store::DbConnection& conn, const std::optional<std::string>& businessDay);

    static constexpr std::size_t kTotalCap = 100'000;
};

}  // namespace paydesk::settlement
