#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "recon/ReconMatcher.h"
#include "recon/ReconTypes.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::recon {

// What is recorded about an uploaded file besides its lines.
struct FileRecord {
    std::string fileId;
    std::string sha256;
    std::string fileName;
    std::string contentType;
    std::string merchantId;   // empty: operator upload, all merchants
    std::string uploadedBy;
    std::string uploadedVia;  // "operator" or "merchant"
    std::string correlationId;
    nlohmann::json settings;  // the matching settings used
};

// Writes an import's results inside the caller's transaction: the file row, its bytes (1 MiB
// pieces), row errors, one recon_lines row per bank line and per unmatched expected item, the
// matches, and a recon.unmatched outbox event per UNMATCHED_BANK / UNMATCHED_SYSTEM line. Rows go in
// multi-row INSERTs of at most kRowsPerStatement rows (and kMaxStatementBytes), never one by one,
// built on a helper thread while the caller's thread executes the previous statement.
class ReconWriter {
public:
    static constexpr std::size_t kRowsPerStatement = 5'000;
    static constexpr std::size_t kMaxStatementBytes = 8u << 20;
    static constexpr std::size_t kChunkBytes = 1u << 20;
    static constexpr std::size_t kPipeDepth = 3;        // statements built ahead of the one executing
    static constexpr int kLineIdShift = 24;  // line_id = (file_seq << 24) | n

    // Returns the file's sequence number (its lines' id prefix).
    static Result<std::int64_t> write(store::DbConnection& txn, const FileRecord& file, std::string_view bytes, const BankStatement& statement,
                                      const ExpectedSet& expected, const ReconMatcher& matcher);

    static std::int64_t firstLineId(std::int64_t fileSeq) { return (fileSeq << kLineIdShift) + 1; }
    static std::int64_t lastLineId(std::int64_t fileSeq) { return (fileSeq << kLineIdShift) + ((std::int64_t{1} << kLineIdShift) - 1); }
    static std::int64_t fileSeqOf(std::int64_t lineId) { return lineId >> kLineIdShift; }

    // JSON of a proposal for the recon_lines.proposal column (and the dry-run preview).
    static nlohmann::json proposalJson(const ReconMatcher& matcher, const ExpectedSet& expected, const LineResult& r);
};

}  // namespace paydesk::recon
