#include "settlement/BatchRecord.h"

#include <cassert>

#include "admin/Paging.h"
#include "settlement/BusinessCalendar.h"

namespace paydesk::settlement {

namespace {

enum Col : std::size_t {
    kId, kMerchant, kDay, kCurrency, kState, kZone, kCutoff, kWindowStart, kWindowEnd, kCaptureCount, kCaptureAmount,
    kRefundCount, kRefundAmount, kFee, kFeeBps, kFeeFixed, kCarryIn, kNet, kPayout, kCarryOut, kClosedBy, kClosedAt,
    kApprovedBy, kApprovedAt, kRejectedBy, kRejectedAt, kRejectReason, kReopenedBy, kReopenedAt, kReopenCount, kPaidBy,
    kPaidAt, kBankReference, kCreatedAt, kUpdatedAt, kVersion, kColumnCount
};

std::optional<std::string> cell(const store::DbResult& rows, std::size_t r, std::size_t c) { return rows.rows[r][c]; }

std::optional<std::string> timeCell(const store::DbResult& rows, std::size_t r, std::size_t c) {
    const auto& v = rows.rows[r][c];
    if (!v) return std::nullopt;
    return operators::isoMillis(*v);
}

nlohmann::json orNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

std::string BatchRecord::columns(const std::string& alias) {
    const std::string a = alias.empty() ? "" : alias + ".";
    auto iso = [&](const char* c) { return operators::isoColumn(a + c); };
    return a + "batch_id, " + a + "merchant_id, DATE_FORMAT(" + a + "business_day, '%Y-%m-%d'), " + a + "currency, " + a + "state, " + a +
           "time_zone, " + a + "cutoff_minutes, " + iso("window_start") + ", " + iso("window_end") + ", " + a + "capture_count, " + a +
           "capture_amount, " + a + "refund_count, " + a + "refund_amount, " + a + "fee_amount, " + a + "fee_bps, " + a + "fee_fixed, " + a +
           "carry_in, " + a + "net_amount, " + a + "payout_amount, " + a + "carry_out, " + a + "closed_by, " + iso("closed_at") + ", " + a +
           "approved_by, " + iso("approved_at") + ", " + a + "rejected_by, " + iso("rejected_at") + ", " + a + "reject_reason, " + a +
           "reopened_by, " + iso("reopened_at") + ", " + a + "reopen_count, " + a + "paid_by, " + iso("paid_at") + ", " + a +
           "bank_reference, " + iso("created_at") + ", " + iso("updated_at") + ", " + a + "version";
}

BatchRecord BatchRecord::fromRow(const store::DbResult& rows, std::size_t r) {
    assert(rows.rows[r].size() >= kColumnCount);
    BatchRecord b;
    b.batchId = rows.text(r, kId);
    b.merchantId = rows.text(r, kMerchant);
    b.businessDay = rows.text(r, kDay);
    b.currency = rows.text(r, kCurrency);
    b.state = rows.text(r, kState);
    b.timeZone = rows.text(r, kZone);
    b.cutoffMinutes = static_cast<int>(rows.integer(r, kCutoff));
    b.windowStart = operators::isoMillis(rows.text(r, kWindowStart));
    b.windowEnd = operators::isoMillis(rows.text(r, kWindowEnd));
    b.captureCount = rows.integer(r, kCaptureCount);
    b.captureAmount = rows.integer(r, kCaptureAmount);
    b.refundCount = rows.integer(r, kRefundCount);
    b.refundAmount = rows.integer(r, kRefundAmount);
    b.feeAmount = rows.integer(r, kFee);
    b.feeBps = rows.integer(r, kFeeBps);
    b.feeFixed = rows.integer(r, kFeeFixed);
    b.carryIn = rows.integer(r, kCarryIn);
    b.net = rows.integer(r, kNet);
    b.payout = rows.integer(r, kPayout);
    b.carryOut = rows.integer(r, kCarryOut);
    b.closedBy = cell(rows, r, kClosedBy);
    b.closedAt = timeCell(rows, r, kClosedAt);
    b.approvedBy = cell(rows, r, kApprovedBy);
    b.approvedAt = timeCell(rows, r, kApprovedAt);
    b.rejectedBy = cell(rows, r, kRejectedBy);
    b.rejectedAt = timeCell(rows, r, kRejectedAt);
    b.rejectReason = cell(rows, r, kRejectReason);
    b.reopenedBy = cell(rows, r, kReopenedBy);
    b.reopenedAt = timeCell(rows, r, kReopenedAt);
    b.reopenCount = rows.integer(r, kReopenCount);
    b.paidBy = cell(rows, r, kPaidBy);
    b.paidAt = timeCell(rows, r, kPaidAt);
    b.bankReference = cell(rows, r, kBankReference);
    b.createdAt = operators::isoMillis(rows.text(r, kCreatedAt));
    b.updatedAt = operators::isoMillis(rows.text(r, kUpdatedAt));
    b.version = rows.integer(r, kVersion);
    return b;
}

nlohmann::json BatchRecord::toJson() const {
    nlohmann::json j = {{"batchId", batchId},
                        {"merchantId", merchantId},
                        {"businessDay", businessDay},
                        {"currency", currency},
                        {"state", state},
                        {"timeZone", timeZone},
                        {"cutoff", BusinessCalendar::formatCutoff(cutoffMinutes)},
                        {"windowStart", windowStart},
                        {"windowEnd", windowEnd},
                        {"captureCount", captureCount},
                        {"grossAmount", captureAmount},
                        {"refundCount", refundCount},
                        {"refundAmount", refundAmount},
                        {"feeAmount", feeAmount},
                        {"feeBps", feeBps},
                        {"feeFixed", feeFixed},
                        {"carryIn", carryIn},
                        {"net", net},
                        {"payoutAmount", payout},
                        {"carryOut", carryOut},
                        {"reopenCount", reopenCount},
                        {"createdAt", createdAt},
                        {"updatedAt", updatedAt},
                        {"version", version}};
    j["closedBy"] = orNull(closedBy);
    j["closedAt"] = orNull(closedAt);
    j["approvedBy"] = orNull(approvedBy);
    j["approvedAt"] = orNull(approvedAt);
    j["rejectedBy"] = orNull(rejectedBy);
    j["rejectedAt"] = orNull(rejectedAt);
    j["rejectReason"] = orNull(rejectReason);
    j["reopenedBy"] = orNull(reopenedBy);
    j["reopenedAt"] = orNull(reopenedAt);
    j["paidBy"] = orNull(paidBy);
    j["paidAt"] = orNull(paidAt);
    j["bankReference"] = orNull(bankReference);
    return j;
}

nlohmann::json BatchRecord::eventPayload() const {
    nlohmann::json j = {{"batchId", batchId},          {"merchantId", merchantId},       {"businessDay", businessDay},
                        {"state", state},              {"currency", currency},           {"captureCount", captureCount},
                        {"grossAmount", captureAmount}, {"refundCount", refundCount},    {"refundAmount", refundAmount},
                        {"feeAmount", feeAmount},      {"carryIn", carryIn},             {"net", net},
                        {"payoutAmount", payout},      {"carryOut", carryOut},           {"version", version}};
    if (closedBy) j["closedBy"] = *closedBy;
    if (approvedBy) j["approvedBy"] = *approvedBy;
    return j;
}

}  // namespace paydesk::settlement
