#include "settlement/SettlementWorkflow.h"

#include <cassert>
#include <functional>
#include <optional>
#include <vector>

#include "core/Logger.h"
#include "admin/AuditLog.h"
#include "settlement/BatchRecord.h"
#include "settlement/SettlementEvents.h"
#include "settlement/SettlementState.h"
#include "store/Database.h"
#include "store/Ledger.h"
#include "store/Transaction.h"
#include "store/WriteBatcher.h"

namespace paydesk::settlement {

using nlohmann::json;

namespace {

constexpr std::string_view kComponent = "settlement";

std::string payable(const std::string& m) {
    return "merchant:" + m + ":payable";
}
std::string payoutPending(const std::string& m) {
    return "merchant:" + m + ":payout_pending";
}
std::string carried(const std::string& m) {
    return "merchant:" + m + ":carried";
}
const std::string kRevenueFees = "revenue:fees";
const std::string kBankSettlement = "bank:settlement";

store::JournalEntry entry(const char* kind, const BatchRecord& b, const std::string& at, const std::string& debit,
                          const std::string& credit, std::int64_t amount) {
    assert(amount > 0);
    store::JournalEntry e{kind, "", b.batchId, b.currency, at, {}};
    e.lines = {{debit, amount, 0}, {credit, 0, amount}};
    return e;
}

// The approval's entries: after them the batch's captures, refunds, fee and carry-in net to zero
// on the merchant's payable, the positive net waiting in payout_pending or the negative one parked
// in carried until a later batch absorbs it.
std::vector<store::JournalEntry> approvalEntries(const BatchRecord& b, const std::string& at) {
    assert(b.net == b.captureAmount - b.refundAmount - b.feeAmount + b.carryIn);
    std::vector<store::JournalEntry> out;
    if (b.feeAmount > 0) out.push_back(entry("FEE", b, at, payable(b.merchantId), kRevenueFees, b.feeAmount));
    if (b.carryIn < 0)
        out.push_back(entry("CARRY_IN", b, at, payable(b.merchantId), carried(b.merchantId), -b.carryIn));
    if (b.net > 0) out.push_back(entry("PAYOUT", b, at, payable(b.merchantId), payoutPending(b.merchantId), b.net));
    if (b.net < 0) out.push_back(entry("CARRY_OUT", b, at, carried(b.merchantId), payable(b.merchantId), -b.net));
    return out;
}

struct Step {
    SettlementState from = SettlementState::Closed;
    const char* action = "";  // audit action
    const char* verb = "";    // for messages: "approve"
    bool fourEyes = false;    // the closer may not take this step
    // The SET clause for the new state; the caller adds updated_at and version.
    std::function<std::string(store::DbConnection&, const BatchRecord&, const std::string& nowSql)> set;
    // Ledger entries and events once the row is updated (reads the batch as it is now).
    std::function<std::vector<store::JournalEntry>(const BatchRecord& after, const std::string& at)> ledger;
    const char* event = nullptr;
    std::string note;
    // A further refusal once state and four-eyes rule passed (nullopt: go ahead).
    std::function<std::optional<Error>(const BatchRecord& before)> precondition;
};

Result<json> run(store::DbConnection& c, const Clock& clock, const std::string& batchId, const operators::Operator& who,
                 const std::string& correlationId, const Step& step) {
    const std::string at = store::sqlTimestamp(clock.now());
    const std::string nowSql = c.quote(at);
    store::Transaction tx(c);
    if (auto s = tx.begin(); !s.ok()) return s.error();
    auto rows = c.query("SELECT " + BatchRecord::columns() +
                        " FROM settlement_batches WHERE batch_id = " + c.quote(batchId) + " FOR UPDATE");
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return Error::make(ErrorCode::NotFound, "no settlement batch " + batchId);
    const BatchRecord before = BatchRecord::fromRow(*rows, 0);
    if (before.state != toString(step.from)) {
        return Error::make(ErrorCode::InvalidState,
                           "cannot " + std::string(step.verb) + " a batch in state " + before.state + " (it must be " +
                               std::string(toString(step.from)) + ")",
                           {{"state", before.state}});
    }
    if (step.fourEyes && before.closedBy && *before.closedBy == who.name) {
        return Error::make(ErrorCode::MakerChecker,
                           "batch " + batchId + " was closed by " + who.name +
                               "; four-eyes rule: a different supervisor must " + step.verb + " it",
                           {{"closedBy", *before.closedBy}});
    }
    if (step.precondition) {
        if (auto refusal = step.precondition(before)) return std::move(*refusal);
    }
    if (auto s = c.execute("UPDATE settlement_batches SET " + step.set(c, before, nowSql) + ", updated_at = " + nowSql +
                           ", version = version + 1 WHERE batch_id = " + c.quote(batchId));
        !s.ok()) {
        return s.error();
    }
    auto again =
        c.query("SELECT " + BatchRecord::columns() + " FROM settlement_batches WHERE batch_id = " + c.quote(batchId));
    if (!again.ok()) return again.error();
    const BatchRecord after = BatchRecord::fromRow(*again, 0);
    if (step.ledger) {
        if (auto s = store::Ledger::append(c, step.ledger(after, at)); !s.ok()) return s.error();
    }
    if (step.event != nullptr) {
        if (auto s = SettlementEvents::insert(c, {SettlementEvents::make(step.event, after, correlationId, at)});
            !s.ok()) {
            return s.error();
        }
    }
    if (auto s = operators::AuditLog::record(c, who.name, operators::toString(who.role), step.action, "settlement",
                                             batchId, before.toJson(), after.toJson(), step.note, correlationId);
        !s.ok()) {
        return s.error();
    }
    if (auto s = tx.commit(); !s.ok()) return s.error();
    Logger::info(kComponent, std::string("settlement batch ") + step.verb,
                 {{"batchId", batchId}, {"state", after.state}, {"by", who.name}, {"net", after.net}});
    return after.toJson();
}

}  // namespace

Result<json> SettlementWorkflow::approve(store::DbConnection& conn, const std::string& batchId,
                                         const operators::Operator& who, const std::string& correlationId) {
    Step step;
    step.from = SettlementState::Closed;
    step.action = "settlement.approve";
    step.verb = "approve";
    step.fourEyes = true;
    step.event = "settlement.approved";
    step.set = [&who](store::DbConnection& c, const BatchRecord&, const std::string& nowSql) {
        return "state = 'APPROVED', approved_by = " + c.quote(who.name) + ", approved_at = " + nowSql;
    };
    step.ledger = approvalEntries;
    return run(conn, clock_, batchId, who, correlationId, step);
}

Result<json> SettlementWorkflow::reject(store::DbConnection& conn, const std::string& batchId,
                                        const std::string& reason, const operators::Operator& who,
                                        const std::string& correlationId) {
    assert(!reason.empty());
    Step step;
    step.from = SettlementState::Closed;
    step.action = "settlement.reject";
    step.verb = "reject";
    step.fourEyes = true;
    step.note = reason;
    step.set = [&who, &reason](store::DbConnection& c, const BatchRecord&, const std::string& nowSql) {
        return "state = 'REJECTED', rejected_by = " + c.quote(who.name) + ", rejected_at = " + nowSql +
               ", reject_reason = " + c.quote(reason);
    };
    return run(conn, clock_, batchId, who, correlationId, step);
}

Result<json> SettlementWorkflow::reopen(store::DbConnection& conn, const std::string& batchId,
                                        const operators::Operator& who, const std::string& correlationId) {
    // The lines stay with the batch: closing it again adds what arrived since and recomputes the
    // fees and totals. Nothing was booked for it, so nothing is reversed.
    Step step;
    step.from = SettlementState::Rejected;
    step.action = "settlement.reopen";
    step.verb = "reopen";
    step.set = [&who](store::DbConnection& c, const BatchRecord&, const std::string& nowSql) {
        return "state = 'OPEN', reopened_by = " + c.quote(who.name) + ", reopened_at = " + nowSql +
               ", reopen_count = reopen_count + 1";
    };
    return run(conn, clock_, batchId, who, correlationId, step);
}

Result<json> SettlementWorkflow::markPaid(store::DbConnection& conn, const std::string& batchId,
                                          const std::string& bankReference, const operators::Operator& who,
                                          const std::string& correlationId) {
    assert(!bankReference.empty());
    Step step;
    step.from = SettlementState::Approved;
    step.action = "settlement.paid";
    step.verb = "mark paid";
    step.note = bankReference;
    step.precondition = [&batchId](const BatchRecord& before) -> std::optional<Error> {
        // Nothing to pay out: the (negative) net was carried to a later batch.
        if (before.payout > 0) return std::nullopt;
        return Error::make(ErrorCode::InvalidState,
                           "batch " + batchId + " has no payout (its net was carried to a later batch)",
                           {{"state", before.state}});
    };
    step.set = [&who, &bankReference](store::DbConnection& c, const BatchRecord& before, const std::string& nowSql) {
        assert(before.payout > 0);
        return "state = 'PAID', paid_by = " + c.quote(who.name) + ", paid_at = " + nowSql +
               ", bank_reference = " + c.quote(bankReference);
    };
    step.ledger = [](const BatchRecord& after, const std::string& at) {
        return std::vector<store::JournalEntry>{
            entry("PAYOUT_PAID", after, at, payoutPending(after.merchantId), kBankSettlement, after.payout)};
    };
    return run(conn, clock_, batchId, who, correlationId, step);
}

}  // namespace paydesk::settlement
