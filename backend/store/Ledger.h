#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/Error.h"

namespace paydesk::store {

class DbConnection;

struct JournalLine {
    std::string account;
    std::int64_t debit = 0;
    std::int64_t credit = 0;
};

// One balanced movement of money. Built by the payment logic, numbered and chained by Ledger
// when its transaction commits.
struct JournalEntry {
    std::string kind;       // AUTHORIZE, CAPTURE, REFUND, VOID, EXPIRE (later FEE, PAYOUT)
    std::string paymentId;  // may be empty for non-payment entries
    std::string reference;  // the id of what caused it (payment, refund, batch)
    std::string currency;
    std::string createdAt;  // "YYYY-MM-DD HH:MM:SS.ffffff" UTC, exactly as stored
    std::vector<JournalLine> lines;

    [[nodiscard]] bool balanced() const;
};

struct LedgerVerifyReport {
    std::int64_t entries = 0;
    std::int64_t lines = 0;
    bool ok = true;
    std::int64_t firstBadEntry = 0;
    std::string problem;
};

// The append-only, hash-chained double-entry journal.
//   hash(entry) = SHA-256(prev_hash "\n" entry_id "|" kind "|" payment_id "|" reference "|" currency
//                 "|" created_at ("\n" line_no "|" account "|" debit "|" credit)*)
// Appending locks the single journal_head row, so the chain is one total order even with many
// writers and instances; callers batch many entries per append to amortize that lock.
class Ledger {
public:
    // Inside the caller's open transaction. Every entry must balance (asserted and checked).
    static Status append(store::DbConnection& conn, const std::vector<JournalEntry>& entries);
    static std::string entryHash(const std::string& prevHash, std::int64_t entryId, const JournalEntry& e);
    // Checks every entry balances, the trial balance per currency is zero, and the chain is intact.
    // Streams in pages; runs alongside a live server (consistent snapshot per page).
    static Result<LedgerVerifyReport> verify(store::DbConnection& conn);
};

}  // namespace paydesk::store
