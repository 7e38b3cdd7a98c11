#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "admin/Paging.h"
#include "core/Error.h"
#include "http/HttpTypes.h"

namespace paydesk::store {
class DbConnection;
struct DbResult;
}  // namespace paydesk::store

namespace paydesk::recon {

struct LineFilter {
    std::string fileId;    // empty: every file
    std::string outcome;   // empty: any
    std::string side;      // empty, BANK or SYSTEM
    std::string status;    // exceptions: OPEN (default), RESOLVED or ALL
};

// A file to download: the stored statement or a CSV export.
struct Download {
    std::string body;
    std::string contentType = "text/csv; charset=utf-8";
    std::string fileName;
    std::optional<std::size_t> rowCount;  // exports: the lines written
    bool truncated = false;               // exports: cut at kMaxExportRows
    std::string sha256;                   // the stored statement: its SHA-256
};

// Read side of the review API (a missing file refused NOT_FOUND, a foreign cursor VALIDATION_ERROR): files, lines,
// exceptions, row errors, the stored bytes and the CSV exports. Lists page by offset or by an opaque cursor (keyset on
// line_id, so page 20,000 of a million-line file costs what page 1 does) and answer {items, limit, offset, total,
// totalCapped, nextOffset, nextCursor}.
class ReconQueries {
public:
    static constexpr std::size_t kTotalCap = 1'000'000;
    static constexpr std::size_t kMaxExportRows = 1'000'000;
    static constexpr std::size_t kExportPageRows = 10'000;

    static Result<nlohmann::json> listFiles(store::DbConnection& conn, const operators::Page& page);
    static Result<nlohmann::json> fileSummary(store::DbConnection& conn, const std::string& fileId);
    static Result<nlohmann::json> fileLines(store::DbConnection& conn, const LineFilter& filter,
                                            const operators::Page& page);
    static Result<nlohmann::json> exceptions(store::DbConnection& conn, const LineFilter& filter,
                                             const operators::Page& page);
    static Result<nlohmann::json> fileErrors(store::DbConnection& conn, const std::string& fileId,
                                             const operators::Page& page);
    static Result<Download> fileContent(store::DbConnection& conn, const std::string& fileId);
    static Result<Download> exportFile(store::DbConnection& conn, const std::string& fileId);
    static Result<Download> exportExceptions(store::DbConnection& conn, const LineFilter& filter);

    // One line as the API shows it; nullopt when there is none.
    static Result<std::optional<nlohmann::json>> line(store::DbConnection& conn, std::int64_t lineId);
    // The file_seq of a file id; nullopt when unknown.
    static Result<std::optional<std::int64_t>> fileSeq(store::DbConnection& conn, const std::string& fileId);

    // The SELECT list lineJson() reads (table recon_lines l JOIN recon_files f).
    static const char* const kLineColumns;
    static nlohmann::json lineJson(const store::DbResult& rows, std::size_t r);
};

}  // namespace paydesk::recon
