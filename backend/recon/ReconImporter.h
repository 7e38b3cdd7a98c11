#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "recon/ReconMatcher.h"
#include "recon/TextEncoding.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::recon {

struct ImportRequest {
    std::string_view bytes;               // the file, exactly as uploaded
    std::string fileName;
    std::string contentType;
    std::string profile;                  // empty: the header decides among all profiles
    std::optional<TextEncoding> encoding; // empty: the profile's, else detected
    std::string currency;                 // empty: the profile's, else KRW
    std::string merchantId;               // empty: all merchants (operator upload)
    bool dryRun = false;
    std::optional<std::int64_t> amountTolerance;
    std::optional<int> dateWindowDays;
    std::optional<int> settlementLagDays;
    std::size_t previewLimit = 100;       // dry run: lines shown
    // Who uploads, for the file row and the audit log.
    std::string actor;
    std::string role;
    std::string via;                      // "operator" or "merchant"
    std::string correlationId;
};

struct ImportOptions {
    int utcOffsetMinutes = 540;                 // business day of a capture: Asia/Seoul by default
    std::size_t maxRows = 2'000'000;
    std::chrono::seconds lockTimeout{30};
    ReconOptions matcher;
    static constexpr std::size_t kMaxErrorLines = 1000;   // row errors listed in the answer (all are stored)
    static constexpr std::size_t kMaxPreview = 1000;
};

// One upload end to end: hash (409 DUPLICATE_FILE for bytes seen before), parse with the profile,
// load the candidate items of the statement's date range once, match in memory, and (unless a dry
// run) write everything in one transaction under the matching lock. The summary {fileId, rows,
// matched, unmatched, errors, ...}; or refused with EMPTY_FILE / UNRECOGNIZED_FORMAT / TOO_MANY_ROWS /
// TOO_MANY_ITEMS / VALIDATION_ERROR (detail: field), DUPLICATE_FILE (detail: sha256, fileId when the
// caller may see it), LOCK_TIMEOUT, or a database error.
struct ImportSummary {
    bool stored = false;  // false: a dry run, nothing written
    nlohmann::json body;
};

class ReconImporter {
public:
    explicit ReconImporter(ImportOptions options) : options_(std::move(options)) {}

    [[nodiscard]] Result<ImportSummary> run(store::DbConnection& conn, const ImportRequest& request) const;

    [[nodiscard]] const ImportOptions& options() const { return options_; }

private:
    ImportOptions options_;
};

}  // namespace paydesk::recon
