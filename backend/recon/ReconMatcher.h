#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "recon/BankProfile.h"
#include "recon/IdIndex.h"
#include "recon/ReconTypes.h"

namespace paydesk::recon {

struct ReconOptions {
    MatchSettings settings;                         // amount tolerance, date window, settlement lag
    std::size_t subsetMaxCandidates = 20;           // rule 4: payments considered per deposit
    std::size_t subsetMaxItems = 6;                 // rule 4: payments in one proposal
    std::size_t subsetMaxStepsPerLine = 100'000;    // rule 4: search nodes per deposit
    std::size_t subsetMaxStepsTotal = 50'000'000;   // rule 4: search nodes per file (then rule 4 stops)
    std::size_t scanLimit = 4096;                   // rules 4 and 5: index entries looked at per line
    int suggestionMinScore = 40;                    // rule 5: weaker candidates are not suggested
    std::vector<std::string> idPrefixes = {"pay_", "acq_", "stl_", "sb_", "batch_"};  // id-shaped memo tokens
};

// What the matcher says about one bank line.
struct LineResult {
    std::uint32_t target = kNone;        // the item matched, or the item the reasons are about
    std::uint32_t related = kNone;       // DUPLICATE of an identical earlier line: its index
    std::uint32_t proposalBegin = 0;     // into proposalItems()
    std::uint16_t proposalCount = 0;
    Outcome outcome = Outcome::UnmatchedBank;
    MatchKind kind = MatchKind::None;          // how it matched (None when it did not)
    MatchKind proposalKind = MatchKind::None;  // Subset or Suggestion when something is proposed
    std::uint8_t score = 0;                    // confidence of the match, 0..100
    std::uint8_t proposalScore = 0;
    std::uint8_t why = 0;                      // which explanation applies (ReconMatcher::Why)
    TextRef unresolved;                        // a reference that named nothing (statement arena)

    [[nodiscard]] bool matched() const { return outcome == Outcome::Matched || outcome == Outcome::AmountMismatch; }
};

struct MatchStats {
    std::size_t lines = 0;
    std::size_t matched = 0;
    std::size_t amountMismatch = 0;
    std::size_t unmatchedBank = 0;
    std::size_t duplicate = 0;
    std::size_t awaitingLines = 0;
    std::size_t unmatchedSystem = 0;
    std::size_t awaitingItems = 0;
    std::size_t subsetProposals = 0;
    std::size_t suggestions = 0;
    std::size_t byReference = 0;
    std::size_t byBatch = 0;
    std::size_t byAmountDate = 0;
    std::size_t subsetSteps = 0;
    bool subsetBudgetExhausted = false;
};

// Matches bank lines against expected items entirely in memory, in the order of the rules:
//   1. exact reference: a payment id, settlement batch id or acquirer transaction id in the memo or
//      reference column;
//   2. one deposit = one approved/paid settlement batch's net payout, date within the window;
//   3. amount within the tolerance and date within the window against captured payments (closest
//      amount, then closest date);
//   then duplicates (an identical earlier row, or an amount already matched by an earlier import);
//   4. several payments summing to the deposit within the window: a bounded subset-sum search whose
//      result is PROPOSED, never matched automatically;
//   5. otherwise the best-scoring candidate is suggested, or the line is an exception.
// Each rule runs over all lines before the next, so a strong match is never taken by a weaker one.
// A line's date D may match an item of day I when D - I is within [-window, lag + window].
//
// Expected items no line matched are UNMATCHED_SYSTEM, or AWAITING while day + lag is not past the
// statement's last day. Everything is indexes into the inputs: no per-line allocation, so a million
// lines against a million items takes about a second and ~60 bytes per line.
class ReconMatcher {
public:
    enum class Why : std::uint8_t {
        None,
        NoCandidate,     // nothing of this amount in the window
        Withdrawal,      // money out: Paydesk reconciles deposits
        DeadItem,        // the reference names a voided/declined/expired payment or a rejected batch
        EarlyItem,       // the reference names an item not matchable yet (authorized, closed batch)
        ClaimedInFile,   // the reference names an item an earlier line of this file matched
        PriorMatch,      // the reference names an item an earlier import matched
        CopyOfLine,      // identical to an earlier line of this file
        PriorAmount,     // the only candidate was matched by an earlier import
        WithdrawalRef,   // a withdrawal naming a payment (a refund?)
    };

    ReconMatcher(const BankStatement& statement, const ExpectedSet& expected, ReconOptions options);

    void run();

    [[nodiscard]] const std::vector<LineResult>& lines() const { return lines_; }
    [[nodiscard]] const std::vector<std::uint32_t>& proposalItems() const { return proposals_; }
    [[nodiscard]] const MatchStats& stats() const { return stats_; }

    // The bank line that matched the item, or kNone.
    [[nodiscard]] std::uint32_t claimedBy(std::uint32_t item) const { return claimedBy_[item]; }
    // UnmatchedSystem or Awaiting for an expected item nothing matched; nullopt otherwise (matched,
    // not expected in this statement, matched earlier, or not ready).
    [[nodiscard]] std::optional<Outcome> itemOutcome(std::uint32_t item) const;

    // Field-level explanations: [{"field": ..., "message": ..., ...}]. Empty for a plain match.
    [[nodiscard]] nlohmann::json lineReasons(std::size_t line) const;
    [[nodiscard]] nlohmann::json itemReasons(std::uint32_t item) const;

    // Calls `visit` for every id-like token of a memo or reference text ([A-Za-z0-9_-] runs of 4 to
    // 64 characters): what rule 1 looks up.
    static void forEachToken(std::string_view text, const std::function<void(std::string_view)>& visit);
    // True for tokens shaped like a Paydesk id (a known prefix): the ones worth a database lookup
    // when the loaded items do not contain them.
    [[nodiscard]] bool idShaped(std::string_view token) const { return idShaped(token, options_.idPrefixes); }
    static bool idShaped(std::string_view token, const std::vector<std::string>& prefixes);

    // Id-shaped tokens of the statement's memos and references that name no item of `expected`
    // (distinct, at most `max`): what the importer looks up in the database before matching.
    static std::vector<std::string> unknownReferences(const BankStatement& statement, const ExpectedSet& expected,
                                                      const ReconOptions& options, std::size_t max);

private:
    void buildIndexes();
    void ruleReference();
    void ruleBatch();
    void ruleAmountDate();
    void ruleDuplicates();
    void ruleSubset();
    void ruleSuggestion();
    void finish();

    void claim(std::uint32_t line, std::uint32_t item, MatchKind kind, std::uint8_t score);
    [[nodiscard]] bool inWindow(std::int32_t lineDay, std::int32_t itemDay, int extraDays = 0) const;
    [[nodiscard]] bool open(std::uint32_t line) const;  // still to be decided by a later rule
    [[nodiscard]] bool free(std::uint32_t item) const { return claimedBy_[item] == kNone && !reserved_[item]; }
    std::uint32_t nextFree(std::uint32_t position);
    std::uint32_t prevFree(std::uint32_t position);  // position + 1 based: 0 = none
    [[nodiscard]] std::string noun(std::uint32_t item) const;
    [[nodiscard]] std::string money(std::int64_t amount) const;
    [[nodiscard]] std::string magnitude(std::int64_t amount) const;  // money() without a sign

    // Index payloads are item * 2 + (1 for the acquirer transaction id, 0 for the item's own id).
    struct ItemKey {
        const ExpectedSet* set;
        std::string_view operator()(std::uint32_t payload) const {
            const ExpectedItem& item = set->items[payload >> 1];
            return set->text.view((payload & 1U) != 0 ? item.altId : item.id);
        }
    };

    const BankStatement& statement_;
    const ExpectedSet& expected_;
    const ReconOptions options_;
    IdIndex<ItemKey> ids_;

    std::vector<LineResult> lines_;
    std::vector<std::uint32_t> proposals_;
    std::vector<std::uint32_t> claimedBy_;
    std::vector<bool> reserved_;
    MatchStats stats_;

    // Ready payments nobody matched before, sorted by (amount, day): rule 3 and 5's index.
    std::vector<std::uint32_t> byAmount_;
    std::vector<std::uint32_t> nextFree_;  // union-find over byAmount_ positions, skipping taken items
    std::vector<std::uint32_t> prevFree_;
    // The same payments sorted by (day, amount): rule 4's index.
    std::vector<std::uint32_t> byDay_;
    // Approved or paid batches nobody matched before, by (amount, day).
    std::vector<std::uint32_t> batches_;
    // Payments an earlier import matched, by (amount, day): duplicate detection.
    std::vector<std::uint32_t> prior_;
};

}  // namespace paydesk::recon
