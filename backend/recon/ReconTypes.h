#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "recon/TextArena.h"

// The compact in-memory shapes reconciliation works on. A million bank lines and a million
// payments must fit at once, so rows are small fixed-size structs and their texts live in arenas.
namespace paydesk::recon {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// What reconciliation concluded about one bank line or one expected item.
enum class Outcome : std::uint8_t {
    Matched,          // the bank and Paydesk agree
    AmountMismatch,   // matched, but the amounts differ
    UnmatchedBank,    // in the bank, not in Paydesk
    UnmatchedSystem,  // expected by Paydesk, not in the bank
    Duplicate,        // the bank line repeats one already matched (in this file or an earlier one)
    Awaiting,         // not yet a break: still inside the expected settlement lag
};

// How a line was matched, or what is proposed for it.
enum class MatchKind : std::uint8_t {
    None,
    Reference,       // rule 1: an id found in the memo or reference column
    Batch,           // rule 2: one settlement batch's net payout
    AmountDate,      // rule 3: amount and date within tolerance
    Subset,          // rule 4: several payments summing to the deposit (proposed, never automatic)
    Suggestion,      // rule 5: the best-scoring candidate (proposed, never automatic)
    Manual,          // an operator matched it by hand (or accepted a proposal)
    Counterpart,     // an expected item matched by a bank line
};

enum class ItemKind : std::uint8_t { Payment, Batch };

// Whether an item can be matched now.
enum class Readiness : std::uint8_t {
    Ready,  // captured payment, approved or paid batch
    Early,  // will be matchable later: authorized payment, open or closed batch
    Dead,   // will never be paid: voided, declined, expired payment; rejected batch
};

std::string_view toString(Outcome outcome);
std::string_view toString(MatchKind kind);
std::string_view toString(ItemKind kind);
std::optional<Outcome> parseOutcome(std::string_view text);

// One parsed bank statement row. amount > 0 is a deposit, < 0 a withdrawal (minor units).
struct BankLine {
    std::int64_t amount = 0;
    std::int64_t balance = 0;
    std::uint32_t lineNo = 0;   // physical line (1-based) where the row starts in the file
    std::int32_t day = 0;       // days since 1970-01-01
    std::int32_t seconds = -1;  // second of the day; -1 when the file has no time
    TextRef memo;
    TextRef reference;
    TextRef branch;
    bool hasBalance = false;
};

// A row that could not be read, with why.
struct RowError {
    std::uint32_t lineNo = 0;
    std::string reason;
};

struct BankStatement {
    TextArena text;
    std::vector<BankLine> lines;
    std::vector<RowError> errors;  // the first kMaxErrorDetails; errorCount counts them all
    std::size_t errorCount = 0;
    std::size_t rows = 0;          // data rows (parsed + failed), header and blank lines excluded
    std::uint32_t headerLine = 0;
    std::int32_t firstDay = 0;     // dates covered by the parsed lines (valid when lines is non-empty)
    std::int32_t lastDay = 0;
    std::string profile;
    std::string encoding;
    std::string currency;
    int exponent = 0;

    static constexpr std::size_t kMaxErrorDetails = 10'000;

    void addError(std::uint32_t lineNo, std::string reason) {
        ++errorCount;
        if (errors.size() < kMaxErrorDetails) errors.push_back({lineNo, std::move(reason)});
    }
};

// Something Paydesk expects to see in the bank: a captured payment or an approved settlement batch.
struct ExpectedItem {
    std::int64_t amount = 0;         // what the bank should show: captured - refunded, or the net payout
    std::int64_t priorLineId = 0;    // the recon line an earlier import matched it to (0: none)
    TextRef id;                      // payment id or settlement batch id
    TextRef altId;                   // acquirer transaction id (payments)
    std::int32_t day = 0;            // business day (payments: local date of the request; batches: business day)
    std::uint32_t merchant = 0;      // index into ExpectedSet::merchants
    std::uint8_t status = 0;         // index into ExpectedSet::statuses
    ItemKind kind = ItemKind::Payment;
    Readiness readiness = Readiness::Ready;
    // In this statement's window: unmatched, it becomes UNMATCHED_SYSTEM or AWAITING. Items loaded
    // only because a memo named them are false.
    bool expected = true;
};

struct ExpectedSet {
    TextArena text;
    std::vector<ExpectedItem> items;
    std::vector<std::string> merchants;
    std::vector<std::string> statuses;
    std::unordered_map<std::string, std::uint32_t> merchantLookup;

    std::uint32_t merchantIndex(std::string_view merchant);
    std::uint8_t statusIndex(std::string_view status);
    [[nodiscard]] std::string_view idOf(std::uint32_t item) const { return text.view(items[item].id); }
};

}  // namespace paydesk::recon
