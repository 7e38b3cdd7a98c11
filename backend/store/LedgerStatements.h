#pragma once

#include "store/Statement.h"

// The SQL of the journal: entries and lines appended under the journal_head row lock.
namespace paydesk::store::ledger_sql {

inline constexpr SqlStatement kLockHead{"ledger.head.lock",
                                        "SELECT last_entry, last_hash FROM journal_head WHERE id = 1 FOR UPDATE"};
// last_entry, last_hash
inline constexpr SqlStatement kAdvanceHead{"ledger.head.advance",
                                           "UPDATE journal_head SET last_entry = ?, last_hash = ? WHERE id = 1"};

inline constexpr RowInsert kInsertEntries{
    "ledger.entries.insert", "journal_entries",
    "entry_id, kind, payment_id, reference, currency, created_at, prev_hash, hash", 8};
inline constexpr RowInsert kInsertLines{"ledger.lines.insert", "journal_lines",
                                        "entry_id, line_no, account, debit, credit", 5};

}  // namespace paydesk::store::ledger_sql
