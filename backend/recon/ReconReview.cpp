#include "recon/ReconReview.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "admin/AuditLog.h"
#include "core/Crypto.h"
#include "core/Currency.h"
#include "core/Utf8.h"
#include "recon/BankFields.h"
#include "recon/ReconLock.h"
#include "recon/ReconProfiles.h"
#include "recon/ReconQueries.h"
#include "store/Database.h"
#include "store/Transaction.h"
#include "store/WriteBatcher.h"

namespace paydesk::recon {

using nlohmann::json;
using operators::Operator;

namespace {

constexpr std::chrono::seconds kLockTimeout{10};

// A line as locked for a decision: the columns a decision reads or restores.
struct LockedLine {
    std::int64_t lineId = 0;
    std::string fileId;
    std::string fileMerchant;  // the uploading merchant (empty: operator upload)
    std::string side;
    std::int64_t amount = 0;
    std::string currency;
    std::string date;
    std::string lineNo;
    std::string memo;
    std::string itemType;
    std::string itemId;
    // The reviewable state: what prior_state snapshots and unmatch restores.
    json state;
    std::optional<std::string> priorState;

    [[nodiscard]] std::string text(const char* key) const { return state[key].is_string() ? state[key].get<std::string>() : std::string(); }
    [[nodiscard]] bool hasMatch() const { return state["matchedIds"].is_string() && !state["matchedIds"].get<std::string>().empty(); }
};

const char* const kLockedColumns =
    "l.line_id, f.file_id, COALESCE(f.merchant_id, ''), l.side, l.amount, l.currency, DATE_FORMAT(l.value_date, '%Y-%m-%d'), "
    "COALESCE(l.line_no, ''), COALESCE(l.memo, ''), COALESCE(l.item_type, ''), COALESCE(l.item_id, ''), l.outcome, l.match_type, l.status, "
    "l.score, l.matched_ids, l.matched_amount, l.reasons, l.proposal, l.note, l.reviewed_by, DATE_FORMAT(l.reviewed_at, '%Y-%m-%d %H:%i:%s.%f'), "
    "l.prior_state";

json cell(const store::DbResult& r, std::size_t i, std::size_t c) { return r.rows[i][c] ? json(*r.rows[i][c]) : json(nullptr); }

LockedLine lockedLine(const store::DbResult& r, std::size_t i) {
    LockedLine l;
    l.lineId = r.integer(i, 0);
    l.fileId = r.text(i, 1);
    l.fileMerchant = r.text(i, 2);
    l.side = r.text(i, 3);
    l.amount = r.integer(i, 4);
    l.currency = r.text(i, 5);
    l.date = r.text(i, 6);
    l.lineNo = r.text(i, 7);
    l.memo = r.text(i, 8);
    l.itemType = r.text(i, 9);
    l.itemId = r.text(i, 10);
    l.state = {{"outcome", cell(r, i, 11)},       {"matchType", cell(r, i, 12)}, {"status", cell(r, i, 13)},
               {"score", cell(r, i, 14)},         {"matchedIds", cell(r, i, 15)}, {"matchedAmount", cell(r, i, 16)},
               {"reasons", cell(r, i, 17)},       {"proposal", cell(r, i, 18)},  {"note", cell(r, i, 19)},
               {"reviewedBy", cell(r, i, 20)},    {"reviewedAt", cell(r, i, 21)}};
    l.priorState = r.rows[i][22];
    return l;
}

Result<std::optional<LockedLine>> lockLine(store::DbConnection& c, std::int64_t lineId) {
    auto rows = c.query(std::string("SELECT ") + kLockedColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq WHERE l.line_id = " +
                        std::to_string(lineId) + " FOR UPDATE");
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<LockedLine>{};
    return std::optional<LockedLine>(lockedLine(rows.value(), 0));
}

std::string sqlOrNull(store::DbConnection& c, const json& v) {
    if (v.is_null()) return "NULL";
    if (v.is_string()) return c.quote(v.get<std::string>());
    return c.quote(v.dump());
}

// SET clause writing a state (as LockedLine::state holds it) back verbatim.
std::string stateAssignments(store::DbConnection& c, const json& s) {
    return "outcome = " + sqlOrNull(c, s["outcome"]) + ", match_type = " + sqlOrNull(c, s["matchType"]) + ", status = " + sqlOrNull(c, s["status"]) +
           ", score = " + sqlOrNull(c, s["score"]) + ", matched_ids = " + sqlOrNull(c, s["matchedIds"]) +
           ", matched_amount = " + sqlOrNull(c, s["matchedAmount"]) + ", reasons = " + sqlOrNull(c, s["reasons"]) +
           ", proposal = " + sqlOrNull(c, s["proposal"]) + ", note = " + sqlOrNull(c, s["note"]) + ", reviewed_by = " + sqlOrNull(c, s["reviewedBy"]) +
           ", reviewed_at = " + sqlOrNull(c, s["reviewedAt"]);
}

// The state as the audit log shows it: JSON columns parsed.
json auditView(const json& state) {
    json out = state;
    for (const char* key : {"reasons", "proposal"}) {
        if (out[key].is_string()) {
            json parsed = json::parse(out[key].get<std::string>(), nullptr, false);
            if (!parsed.is_discarded()) out[key] = parsed;
        }
    }
    return out;
}

std::string reviewedSql(store::DbConnection& c, const Operator& who, const std::string& note) {
    return ", note = " +
           (note.empty() ? std::string("NULL") : c.quote(truncateUtf8(note, ReconReview::kMaxNoteChars))) +
           ", reviewed_by = " + c.quote(who.name) + ", reviewed_at = UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6)";
}

Error invalidState(const LockedLine& l, const std::string& message) {
    return Error::make(ErrorCode::InvalidState, message,
                       {{"lineId", l.lineId},
                        {"outcome", l.state["outcome"]},
                        {"status", l.state["status"]},
                        {"matchType", l.state["matchType"]}});
}

Error noLine(std::int64_t lineId) {
    return Error::make(ErrorCode::NotFound, "no reconciliation line " + std::to_string(lineId));
}

Status audit(store::DbConnection& c, const Operator& who, const std::string& verb, std::int64_t lineId, const json& before, const json& after,
             const std::string& note, const std::string& correlationId) {
    return operators::AuditLog::record(c, who.name, operators::toString(who.role), "recon_line." + verb, "recon_line", std::to_string(lineId),
                                       before, after, note, correlationId);
}

Status publishUnmatched(store::DbConnection& c, const LockedLine& l, const json& reasons, const std::string& correlationId) {
    json payload = {{"fileId", l.fileId},     {"lineId", l.lineId},     {"side", l.side},         {"outcome", l.side == "BANK" ? "UNMATCHED_BANK" : "UNMATCHED_SYSTEM"},
                    {"date", l.date},         {"amount", l.amount},     {"currency", l.currency}, {"reasons", reasons}};
    if (l.side == "BANK") payload["memo"] = l.memo;
    else payload["itemId"] = l.itemId;
    const std::string now = store::sqlTimestamp(std::chrono::system_clock::now());
    return c.execute(
        "INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, "
        "occurred_at) VALUES (" +
        c.quote("evt_" + crypto::randomHex(12)) + ", 'recon.unmatched', 'recon.unmatched', 'recon_file', " +
        c.quote(l.fileId) + ", " + c.quote(truncateUtf8(correlationId, 64)) + ", " +
        c.quote(payload.dump(-1, ' ', false, json::error_handler_t::replace)) + ", " + c.quote(now) + ")");
}

// Commits and answers the line as it is now.
Result<json> finish(store::DbConnection& c, store::Transaction& txn, std::int64_t lineId) {
    if (auto s = txn.commit(); !s.ok()) return s.error();
    auto line = ReconQueries::line(c, lineId);
    if (!line.ok()) return line.error();
    if (!line->has_value()) return noLine(lineId);
    return **line;
}

std::vector<std::string> splitIds(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        std::string id = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!id.empty()) out.push_back(std::move(id));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::string inList(store::DbConnection& c, const std::vector<std::string>& ids) {
    std::string list;
    for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + c.quote(id);
    return list;
}

bool automaticMatch(const LockedLine& l) {
    const std::string type = l.text("matchType");
    const std::string status = l.text("status");
    return l.hasMatch() && (type == "REFERENCE" || type == "BATCH" || type == "AMOUNT_DATE") && (status == "AUTO" || status == "OPEN");
}

struct Item {
    std::string id;
    std::string type;  // payment or batch
    std::string merchant;
    std::string state;
    std::string currency;
    std::int64_t amount = 0;
};

// The payments and settlement batches `list` names, by id.
Result<std::map<std::string, Item>> loadItems(store::DbConnection& c, const std::string& list) {
    std::map<std::string, Item> found;
    auto payments = c.query("SELECT payment_id, merchant_id, status, currency, captured_amount - refunded_amount FROM payments WHERE payment_id IN (" +
                            list + ")");
    if (!payments.ok()) return payments.error();
    for (std::size_t i = 0; i < payments->rows.size(); ++i) {
        found[payments->text(i, 0)] = {payments->text(i, 0), "payment", payments->text(i, 1), payments->text(i, 2), payments->text(i, 3),
                                       payments->integer(i, 4)};
    }
    auto batches = c.query("SELECT batch_id, merchant_id, state, currency, payout_amount FROM settlement_batches WHERE batch_id IN (" + list + ")");
    if (!batches.ok()) return batches.error();
    for (std::size_t i = 0; i < batches->rows.size(); ++i) {
        found[batches->text(i, 0)] = {batches->text(i, 0), "batch", batches->text(i, 1), batches->text(i, 2), batches->text(i, 3),
                                      batches->integer(i, 4)};
    }
    return found;
}

// The items' total, if every one may be matched to the line: visible to its file's merchant, in the
// line's currency, captured (payments) or approved (batches), and the sum within 64 bits.
Result<std::int64_t> matchableSum(const LockedLine& l, const std::vector<std::string>& ids,
                                  const std::map<std::string, Item>& found) {
    std::int64_t sum = 0;
    for (const std::string& id : ids) {
        auto it = found.find(id);
        // A merchant's upload only ever sees that merchant's items.
        if (it == found.end() || (!l.fileMerchant.empty() && it->second.merchant != l.fileMerchant)) {
            return Error::make(ErrorCode::NotFound, "no payment or settlement batch " + id, {{"itemId", id}});
        }
        const Item& item = it->second;
        if (item.currency != l.currency) {
            return Error::make(ErrorCode::CurrencyMismatch,
                               item.type + " " + id + " is in " + item.currency + ", the line in " + l.currency,
                               {{"itemId", id}});
        }
        const bool ready = item.type == "payment" ? (item.state == "CAPTURED" || item.state == "PARTIALLY_REFUNDED" || item.state == "REFUNDED")
                                                  : (item.state == "APPROVED" || item.state == "PAID");
        if (!ready) {
            return Error::make(ErrorCode::InvalidState,
                               item.type + " " + id + " is " + item.state + " and cannot be matched yet",
                               {{"itemId", id}, {"status", item.state}});
        }
        if (__builtin_add_overflow(sum, item.amount, &sum)) {
            return Error::make(ErrorCode::AmountOverflow,
                               "the items' amounts add up to more than a 64-bit amount can hold", {{"itemId", id}});
        }
    }
    return sum;
}

// Matches a locked, unmatched BANK line to `ids` (payments and/or settlement batches).
Result<json> matchTo(store::DbConnection& c, store::Transaction& txn, const LockedLine& l,
                     const std::vector<std::string>& ids, const std::string& matchType, const Operator& who,
                     const std::string& note, const std::string& correlationId) {
    if (l.side != "BANK")
        return invalidState(l,
                            "only bank lines are matched; line " + std::to_string(l.lineId) + " is an expected item");
    if (l.hasMatch())
        return invalidState(l, "line " + std::to_string(l.lineId) + " is matched already; unmatch it first");
    if (l.amount <= 0)
        return invalidState(l, "line " + std::to_string(l.lineId) + " is a withdrawal; Paydesk matches deposits only");
    const std::string list = inList(c, ids);
    auto items = loadItems(c, list);
    if (!items.ok()) return items.error();
    std::map<std::string, Item>& found = items.value();
    auto checked = matchableSum(l, ids, found);
    if (!checked.ok()) return checked.error();
    const std::int64_t sum = checked.value();
    auto taken = c.query("SELECT item_id, line_id FROM recon_matches WHERE item_id IN (" + list + ") FOR UPDATE");
    if (!taken.ok()) return taken.error();
    if (!taken->rows.empty()) {
        return Error::make(ErrorCode::AlreadyMatched,
                           taken->text(0, 0) + " is already matched to line " + taken->text(0, 1),
                           {{"itemId", taken->text(0, 0)}, {"lineId", taken->integer(0, 1)}});
    }
    std::string values;
    for (const std::string& id : ids) {
        values += std::string(values.empty() ? "" : ",") + "(" + c.quote(id) + ", '" + found[id].type + "', " + std::to_string(l.lineId) + ", " +
                  std::to_string(found[id].amount) + ", UTC_TIMESTAMP(6))";
    }
    if (auto s = c.execute("INSERT INTO recon_matches (item_id, item_type, line_id, amount, created_at) VALUES " + values); !s.ok()) {
        if (s.error().is(ErrorCode::DbDuplicateKey))
            return Error::make(ErrorCode::AlreadyMatched, "an item is already matched to another line");
        return s.error();
    }
    std::string joined;
    for (const std::string& id : ids) joined += (joined.empty() ? "" : ",") + id;
    const bool equal = sum == l.amount;
    json reasons = json::array();
    if (!equal) {
        const int exponent = findCurrency(l.currency) ? findCurrency(l.currency)->exponent : 0;
        json r = {{"field", "amount"},
                  {"message", "amount differs: " + formatAmount(sum, exponent) + " vs " + formatAmount(l.amount, exponent) + " (matched items vs bank)"}};
        r["expected"] = sum;
        r["actual"] = l.amount;
        reasons.push_back(r);
    }
    const std::string outcome = equal ? "MATCHED" : "AMOUNT_MISMATCH";
    if (auto s = c.execute("UPDATE recon_lines SET prior_state = " + c.quote(l.state.dump()) + ", outcome = '" + outcome + "', match_type = " +
                           c.quote(matchType) + ", status = 'MANUAL', score = 100, matched_ids = " + c.quote(joined) +
                           ", matched_amount = " + std::to_string(sum) + ", reasons = " + (reasons.empty() ? std::string("NULL") : c.quote(reasons.dump())) +
                           reviewedSql(c, who, note) + " WHERE line_id = " + std::to_string(l.lineId));
        !s.ok()) {
        return s.error();
    }
    // Expected-item lines of these items (in any file) are now matched by this bank line.
    auto counterparts = c.query(std::string("SELECT ") + kLockedColumns +
                                " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq WHERE l.item_id IN (" + list +
                                ") AND l.side = 'SYSTEM' AND l.matched_ids IS NULL FOR UPDATE");
    if (!counterparts.ok()) return counterparts.error();
    for (std::size_t i = 0; i < counterparts->rows.size(); ++i) {
        const LockedLine s = lockedLine(counterparts.value(), i);
        if (auto u = c.execute("UPDATE recon_lines SET prior_state = " + c.quote(s.state.dump()) +
                               ", outcome = 'MATCHED', match_type = 'COUNTERPART', status = 'MANUAL', score = 100, matched_ids = " +
                               c.quote(std::to_string(l.lineId)) + ", matched_amount = " + std::to_string(l.amount) + ", reasons = NULL" +
                               reviewedSql(c, who, note) + " WHERE line_id = " + std::to_string(s.lineId));
            !u.ok()) {
            return u.error();
        }
    }
    json after = {{"outcome", outcome}, {"matchType", matchType}, {"status", "MANUAL"}, {"matchedIds", ids}, {"matchedAmount", sum},
                  {"counterpartLines", counterparts->rows.size()}};
    if (auto a = audit(c, who, matchType == "MANUAL" ? "match" : "accept", l.lineId, auditView(l.state), after, note, correlationId); !a.ok()) {
        return a.error();
    }
    return finish(c, txn, l.lineId);
}

}  // namespace

Result<json> ReconReview::approve(store::DbConnection& c, std::int64_t lineId, const Operator& who,
                                  const std::string& note, const std::string& cid) {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto locked = lockLine(c, lineId);
    if (!locked.ok()) return locked.error();
    if (!locked->has_value()) return noLine(lineId);
    const LockedLine& l = **locked;
    if (!automaticMatch(l)) return invalidState(l, "only an automatic match awaiting review can be approved");
    if (auto s = c.execute("UPDATE recon_lines SET status = 'APPROVED'" + reviewedSql(c, who, note) + " WHERE line_id = " + std::to_string(lineId)); !s.ok()) {
        return s.error();
    }
    json after = auditView(l.state);
    after["status"] = "APPROVED";
    if (auto a = audit(c, who, "approve", lineId, auditView(l.state), after, note, cid); !a.ok()) return a.error();
    return finish(c, txn, lineId);
}

Result<json> ReconReview::reject(store::DbConnection& c, std::int64_t lineId, const Operator& who,
                                 const std::string& note, const std::string& cid) {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto locked = lockLine(c, lineId);
    if (!locked.ok()) return locked.error();
    if (!locked->has_value()) return noLine(lineId);
    const LockedLine& l = **locked;
    if (!automaticMatch(l)) return invalidState(l, "only an automatic match awaiting review can be rejected");
    if (auto s = c.execute("DELETE FROM recon_matches WHERE line_id = " + std::to_string(lineId)); !s.ok())
        return s.error();
    const json reasons = json::array({{{"field", "match"},
                                       {"message", "automatic " + l.text("matchType") + " match with " + l.text("matchedIds") + " rejected by " + who.name}}});
    if (auto s = c.execute("UPDATE recon_lines SET outcome = 'UNMATCHED_BANK', match_type = 'NONE', status = 'OPEN', score = 0, matched_ids = NULL, "
                           "matched_amount = NULL, reasons = " + c.quote(reasons.dump()) + reviewedSql(c, who, note) +
                           " WHERE line_id = " + std::to_string(lineId));
        !s.ok()) {
        return s.error();
    }
    if (auto s = publishUnmatched(c, l, reasons, cid); !s.ok()) return s.error();
    const json after = {{"outcome", "UNMATCHED_BANK"}, {"matchType", "NONE"}, {"status", "OPEN"}, {"matchedIds", nullptr}, {"reasons", reasons}};
    if (auto a = audit(c, who, "reject", lineId, auditView(l.state), after, note, cid); !a.ok()) return a.error();
    return finish(c, txn, lineId);
}

Result<json> ReconReview::accept(store::DbConnection& c, std::int64_t lineId, const Operator& who,
                                 const std::string& note, const std::string& cid) {
    ReconLock lock(c);
    if (auto s = lock.acquire(kLockTimeout); !s.ok()) {
        return s.error();  // LOCK_TIMEOUT: busy with an import; retry
    }
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto locked = lockLine(c, lineId);
    if (!locked.ok()) return locked.error();
    if (!locked->has_value()) return noLine(lineId);
    const LockedLine& l = **locked;
    const json proposal = l.state["proposal"].is_string() ? json::parse(l.state["proposal"].get<std::string>(), nullptr, false) : json(nullptr);
    if (!proposal.is_object() || !proposal.contains("items")) return invalidState(l, "line " + std::to_string(lineId) + " has no proposal to accept");
    std::vector<std::string> ids;
    for (const json& item : proposal["items"]) ids.push_back(item.value("id", ""));
    const std::string kind = proposal.value("kind", "SUGGESTION");
    return matchTo(c, txn, l, ids, kind == "SUBSET" ? "SUBSET" : "SUGGESTION", who, note, cid);
}

Result<json> ReconReview::match(store::DbConnection& c, std::int64_t lineId, const std::vector<std::string>& itemIds,
                                const Operator& who, const std::string& note, const std::string& cid) {
    ReconLock lock(c);
    if (auto s = lock.acquire(kLockTimeout); !s.ok()) {
        return s.error();  // LOCK_TIMEOUT: busy with an import; retry
    }
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto locked = lockLine(c, lineId);
    if (!locked.ok()) return locked.error();
    if (!locked->has_value()) return noLine(lineId);
    return matchTo(c, txn, **locked, itemIds, "MANUAL", who, note, cid);
}

Result<json> ReconReview::unmatch(store::DbConnection& c, std::int64_t lineId, const Operator& who,
                                  const std::string& note, const std::string& cid) {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto locked = lockLine(c, lineId);
    if (!locked.ok()) return locked.error();
    if (!locked->has_value()) return noLine(lineId);
    const LockedLine& l = **locked;
    if (l.side != "BANK") {
        if (l.hasMatch()) return invalidState(l, "unmatch the bank line " + l.text("matchedIds") + " that matched this expected item");
        return invalidState(l, "line " + std::to_string(lineId) + " is not matched");
    }
    if (!l.hasMatch()) return invalidState(l, "line " + std::to_string(lineId) + " is not matched");
    const std::vector<std::string> ids = splitIds(l.text("matchedIds"));
    if (auto s = c.execute("DELETE FROM recon_matches WHERE line_id = " + std::to_string(lineId)); !s.ok())
        return s.error();
    json restored;
    if (l.priorState) {
        restored = json::parse(*l.priorState, nullptr, false);
        if (!restored.is_object())
            return Error::make(ErrorCode::DbError, "prior_state of line " + std::to_string(lineId) + " is not JSON");
    } else {
        // Matched at import: before that match the line was simply unmatched.
        const json reasons = json::array({{{"field", "match"},
                                           {"message", "automatic " + l.text("matchType") + " match with " + l.text("matchedIds") + " removed by " + who.name}}});
        restored = {{"outcome", "UNMATCHED_BANK"}, {"matchType", "NONE"}, {"status", "OPEN"}, {"score", "0"},  {"matchedIds", nullptr},
                    {"matchedAmount", nullptr},    {"reasons", reasons.dump()}, {"proposal", l.state["proposal"]}, {"note", note.empty() ? json(nullptr) : json(note)},
                    {"reviewedBy", who.name},      {"reviewedAt", store::sqlTimestamp(std::chrono::system_clock::now())}};
    }
    if (auto s = c.execute("UPDATE recon_lines SET " + stateAssignments(c, restored) + ", prior_state = NULL, updated_at = UTC_TIMESTAMP(6) WHERE line_id = " +
                           std::to_string(lineId));
        !s.ok()) {
        return s.error();
    }
    if (restored["outcome"] == "UNMATCHED_BANK") {
        const json reasons = restored["reasons"].is_string() ? json::parse(restored["reasons"].get<std::string>(), nullptr, false) : json::array();
        if (auto s = publishUnmatched(c, l, reasons, cid); !s.ok()) return s.error();
    }
    // The expected-item lines this match had taken over get their own state back.
    std::size_t counterparts = 0;
    if (!ids.empty()) {
        auto rows = c.query(std::string("SELECT ") + kLockedColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq WHERE l.item_id IN (" +
                            inList(c, ids) + ") AND l.side = 'SYSTEM' AND l.matched_ids = " + c.quote(std::to_string(lineId)) + " FOR UPDATE");
        if (!rows.ok()) return rows.error();
        for (std::size_t i = 0; i < rows->rows.size(); ++i) {
            const LockedLine s = lockedLine(rows.value(), i);
            if (!s.priorState) continue;
            const json prior = json::parse(*s.priorState, nullptr, false);
            if (!prior.is_object()) continue;
            if (auto u = c.execute("UPDATE recon_lines SET " + stateAssignments(c, prior) + ", prior_state = NULL, updated_at = UTC_TIMESTAMP(6) WHERE line_id = " +
                                   std::to_string(s.lineId));
                !u.ok()) {
                return u.error();
            }
            ++counterparts;
            if (prior["outcome"] == "UNMATCHED_SYSTEM") {
                const json reasons = prior["reasons"].is_string() ? json::parse(prior["reasons"].get<std::string>(), nullptr, false) : json::array();
                if (auto p = publishUnmatched(c, s, reasons, cid); !p.ok()) return p.error();
            }
        }
    }
    json after = auditView(restored);
    after["counterpartLines"] = counterparts;
    if (auto a = audit(c, who, "unmatch", lineId, auditView(l.state), after, note, cid); !a.ok()) return a.error();
    return finish(c, txn, lineId);
}

Result<json> ReconReview::resolve(store::DbConnection& c, const std::vector<std::int64_t>& lineIds, const Operator& who,
                                  const std::string& note, const std::string& cid) {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    std::string list;
    for (std::int64_t id : lineIds) list += (list.empty() ? "" : ", ") + std::to_string(id);
    auto rows = c.query(std::string("SELECT ") + kLockedColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq WHERE l.line_id IN (" +
                        list + ") ORDER BY l.line_id FOR UPDATE");
    if (!rows.ok()) return rows.error();
    std::map<std::int64_t, LockedLine> lines;
    for (std::size_t i = 0; i < rows->rows.size(); ++i) {
        LockedLine l = lockedLine(rows.value(), i);
        lines.emplace(l.lineId, std::move(l));
    }
    json missing = json::array();
    json notOpen = json::array();
    for (std::int64_t id : lineIds) {
        auto it = lines.find(id);
        if (it == lines.end()) missing.push_back(id);
        else if (it->second.text("status") != "OPEN") notOpen.push_back({{"lineId", id}, {"status", it->second.state["status"]}});
    }
    if (!missing.empty())
        return Error::make(ErrorCode::NotFound, "no reconciliation line " + missing[0].dump(), {{"lineIds", missing}});
    if (!notOpen.empty()) {
        return Error::make(ErrorCode::InvalidState, "only OPEN exceptions can be resolved; nothing was changed",
                           {{"lines", notOpen}});
    }
    if (auto s = c.execute("UPDATE recon_lines SET status = 'RESOLVED'" + reviewedSql(c, who, note) + " WHERE line_id IN (" + list + ")"); !s.ok()) {
        return s.error();
    }
    for (const auto& [id, l] : lines) {
        json after = auditView(l.state);
        after["status"] = "RESOLVED";
        after["note"] = note;
        if (auto a = audit(c, who, "resolve", id, auditView(l.state), after, note, cid); !a.ok()) return a.error();
    }
    if (auto s = txn.commit(); !s.ok()) return s.error();
    json items = json::array();
    for (std::int64_t id : lineIds) {
        auto line = ReconQueries::line(c, id);
        if (!line.ok()) return line.error();
        if (line->has_value()) items.push_back(**line);
    }
    return json{{"resolved", lineIds.size()}, {"items", items}};
}

}  // namespace paydesk::recon
