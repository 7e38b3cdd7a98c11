#include "store/Ledger.h"

#include <cassert>
#include <map>

#include "core/Crypto.h"
#include "store/Database.h"
#include "store/LedgerStatements.h"

namespace paydesk::store {

bool JournalEntry::balanced() const {
    std::int64_t debit = 0;
    std::int64_t credit = 0;
    for (const auto& l : lines) {
        if (l.debit < 0 || l.credit < 0) return false;
        debit += l.debit;
        credit += l.credit;
    }
    return !lines.empty() && debit == credit && debit > 0;
}

std::string Ledger::entryHash(const std::string& prevHash, std::int64_t entryId, const JournalEntry& e) {
    std::string content = prevHash + "\n" + std::to_string(entryId) + "|" + e.kind + "|" + e.paymentId + "|" + e.reference + "|" +
                          e.currency + "|" + e.createdAt;
    for (std::size_t i = 0; i < e.lines.size(); ++i) {
        content += "\n" + std::to_string(i + 1) + "|" + e.lines[i].account + "|" + std::to_string(e.lines[i].debit) + "|" +
                   std::to_string(e.lines[i].credit);
    }
    return crypto::sha256Hex(content);
}

Status Ledger::append(store::DbConnection& conn, const std::vector<JournalEntry>& entries) {
    if (entries.empty()) return Status::success();
    for (const auto& e : entries) {
        assert(e.balanced());
        if (!e.balanced()) return Error::make(ErrorCode::LedgerUnbalanced, "journal entry " + e.kind + " " + e.reference + " does not balance");
    }
    auto head = conn.query(ledger_sql::kLockHead, {});
    if (!head.ok()) return head.error();
    if (head->rows.empty()) return Error::make(ErrorCode::DbError, "journal_head row is missing");
    std::int64_t id = head->integer(0, 0);
    std::string prev = head->text(0, 1);

    SqlParams entryValues;
    SqlParams lineValues;
    entryValues.reserve(entries.size() * ledger_sql::kInsertEntries.columnCount);
    for (const JournalEntry& e : entries) {
        ++id;
        std::string hash = entryHash(prev, id, e);
        appendRow(entryValues, id, e.kind, nullIfEmpty(e.paymentId), e.reference, e.currency, e.createdAt, prev, hash);
        for (std::size_t i = 0; i < e.lines.size(); ++i) {
            appendRow(lineValues, id, i + 1, e.lines[i].account, e.lines[i].debit, e.lines[i].credit);
        }
        prev = std::move(hash);
    }
    if (auto s = insertRows(conn, ledger_sql::kInsertEntries, entryValues); !s.ok()) return s;
    if (auto s = insertRows(conn, ledger_sql::kInsertLines, lineValues); !s.ok()) return s;
    return conn.execute(ledger_sql::kAdvanceHead, {id, prev});
}

Result<LedgerVerifyReport> Ledger::verify(store::DbConnection& conn) {
    LedgerVerifyReport report;
    constexpr int kPage = 5000;
    std::string prev(64, '0');
    std::int64_t after = 0;
    std::map<std::string, std::int64_t> trial;  // currency -> debits minus credits
    auto fail = [&](std::int64_t entry, std::string problem) {
        report.ok = false;
        report.firstBadEntry = entry;
        report.problem = std::move(problem);
        return report;
    };
    for (;;) {
        auto entries = conn.query(
            "SELECT entry_id, kind, COALESCE(payment_id, ''), reference, currency, "
            "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f'), prev_hash, hash FROM journal_entries WHERE entry_id > " +
            std::to_string(after) + " ORDER BY entry_id LIMIT " + std::to_string(kPage));
        if (!entries.ok()) return entries.error();
        if (entries->rows.empty()) break;
        const std::int64_t first = entries->integer(0, 0);
        const std::int64_t last = entries->integer(entries->rows.size() - 1, 0);
        auto lines = conn.query("SELECT entry_id, line_no, account, debit, credit FROM journal_lines WHERE entry_id BETWEEN " +
                                std::to_string(first) + " AND " + std::to_string(last) + " ORDER BY entry_id, line_no");
        if (!lines.ok()) return lines.error();
        std::size_t li = 0;
        for (std::size_t r = 0; r < entries->rows.size(); ++r) {
            const std::int64_t id = entries->integer(r, 0);
            if (id != after + 1) return fail(after + 1, "entry " + std::to_string(after + 1) + " is missing (next is " + std::to_string(id) + ")");
            JournalEntry e{entries->text(r, 1), entries->text(r, 2), entries->text(r, 3), entries->text(r, 4), entries->text(r, 5), {}};
            while (li < lines->rows.size() && lines->integer(li, 0) < id) ++li;
            while (li < lines->rows.size() && lines->integer(li, 0) == id) {
                e.lines.push_back({lines->text(li, 2), lines->integer(li, 3), lines->integer(li, 4)});
                ++li;
                ++report.lines;
            }
            if (!e.balanced()) return fail(id, "entry " + std::to_string(id) + " (" + e.kind + " " + e.reference + ") does not balance");
            if (entries->text(r, 6) != prev) return fail(id, "entry " + std::to_string(id) + " does not point at its predecessor's hash");
            const std::string expected = entryHash(prev, id, e);
            if (entries->text(r, 7) != expected) {
                return fail(id, "entry " + std::to_string(id) + " was altered: its hash does not match its content");
            }
            for (const auto& l : e.lines) trial[e.currency] += l.debit - l.credit;
            prev = expected;
            after = id;
            ++report.entries;
        }
    }
    auto head = conn.query("SELECT last_entry, last_hash FROM journal_head WHERE id = 1");
    if (!head.ok()) return head.error();
    // Entries appended while we read are fine; a head pointing before what we read is not.
    if (!head->rows.empty() && head->integer(0, 0) < after) return fail(after, "journal head is behind the entries");
    for (const auto& [currency, sum] : trial) {
        if (sum != 0) return fail(after, "trial balance in " + currency + " is " + std::to_string(sum) + ", not zero");
    }
    return report;
}

}  // namespace paydesk::store
