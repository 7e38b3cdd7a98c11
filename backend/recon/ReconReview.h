#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "admin/OperatorAuth.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::recon {

// The decisions operators take on reconciliation lines. Each runs in one transaction with the line
// locked (SELECT ... FOR UPDATE), writes its audit row (recon_line.<verb>, before/after snapshots)
// in the same transaction, and returns the line as it is afterwards (resolve: {resolved, items}).
// Refusals: NOT_FOUND, INVALID_STATE, CURRENCY_MISMATCH, ALREADY_MATCHED, AMOUNT_OVERFLOW (detail:
// the item or lines concerned), LOCK_TIMEOUT while an import holds the matching lock. A line that becomes unmatched
// publishes recon.unmatched through the outbox.
//
//   approve   an automatic match (REFERENCE, BATCH, AMOUNT_DATE) is confirmed: status APPROVED
//   reject    an automatic match is wrong: the match is removed, the line is UNMATCHED_BANK, OPEN
//   accept    the proposal (subset or suggestion) becomes the match: status MANUAL
//   match     the line is matched by hand to payments and/or settlement batches: status MANUAL
//   unmatch   a match is undone: the matched items are free again, and the line and every expected
//             item line it had taken over return to exactly the state they had before (prior_state);
//             an automatic match returns to UNMATCHED_BANK, OPEN
//   resolve   open exceptions are closed with a note: status RESOLVED
//
// match and accept take the matching lock (see ReconLock), so they never race an import.
class ReconReview {
public:
    static constexpr std::size_t kMaxManualItems = 50;
    static constexpr std::size_t kMaxResolve = 500;
    static constexpr std::size_t kMaxNoteChars = 1024;

    static Result<nlohmann::json> approve(store::DbConnection& conn, std::int64_t lineId,
                                          const operators::Operator& who, const std::string& note,
                                          const std::string& correlationId);
    static Result<nlohmann::json> reject(store::DbConnection& conn, std::int64_t lineId, const operators::Operator& who,
                                         const std::string& note, const std::string& correlationId);
    static Result<nlohmann::json> accept(store::DbConnection& conn, std::int64_t lineId, const operators::Operator& who,
                                         const std::string& note, const std::string& correlationId);
    static Result<nlohmann::json> match(store::DbConnection& conn, std::int64_t lineId,
                                        const std::vector<std::string>& itemIds, const operators::Operator& who,
                                        const std::string& note, const std::string& correlationId);
    static Result<nlohmann::json> unmatch(store::DbConnection& conn, std::int64_t lineId,
                                          const operators::Operator& who, const std::string& note,
                                          const std::string& correlationId);
    static Result<nlohmann::json> resolve(store::DbConnection& conn, const std::vector<std::int64_t>& lineIds,
                                          const operators::Operator& who, const std::string& note,
                                          const std::string& correlationId);
};

}  // namespace paydesk::recon
