#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/HttpTypes.h"

// Query-string helpers shared by the operator API's list endpoints: paging, UTC time bounds,
// identifiers and the one error shape every validation failure takes.
namespace paydesk::operators {

// A validation failure naming the offending field; answered 400 VALIDATION_ERROR {"field": ...}.
struct FieldProblem {
    std::string field;
    std::string message;
};

http::HttpResponse validationError(const FieldProblem& problem);

// ?limit= (default 50, at most 500), ?offset= (default 0) and ?cursor= (opaque, endpoint-specific;
// when present it wins over offset). Lists answer {"items", "limit", "offset", "total", "nextOffset",
// "nextCursor"}.
struct Page {
    static constexpr std::size_t kDefaultLimit = 50;
    static constexpr std::size_t kMaxLimit = 500;
    static constexpr std::size_t kMaxOffset = 10'000'000;

    std::size_t limit = kDefaultLimit;
    std::size_t offset = 0;
    std::string cursor;
};

std::optional<FieldProblem> readPage(const http::HttpRequest& request, Page& out);

// A non-negative decimal integer no larger than max; nullopt otherwise.
std::optional<std::size_t> parseCount(std::string_view text, std::size_t max);

// UTC instants as the API accepts them: "2026-11-24", "2026-11-24T01:02:03", optionally with
// ".f" to ".ffffff" fractions and a trailing "Z" (a space instead of the 'T' is accepted too).
// Returns the SQL DATETIME(6) literal body "2026-11-24 01:02:03.000000"; nullopt when malformed.
std::optional<std::string> parseUtcTimestamp(std::string_view text);

// Reads ?from= and ?to= (or any two names) into SQL literals; a malformed value is a problem.
std::optional<FieldProblem> readTimeRange(const http::HttpRequest& request, std::string& fromSql, std::string& toSql);

// "%Y-%m-%dT%H:%i:%s.%fZ" as MariaDB formats it (microseconds) -> milliseconds, the API's precision.
std::string isoMillis(std::string text);
// The SQL expression that formats a DATETIME(6) column for isoMillis().
std::string isoColumn(std::string_view column);

// Ids Paydesk generates and accepts in paths: [A-Za-z0-9_.-], 1..maxLength.
bool validId(std::string_view id, std::size_t maxLength = 64);

// A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (backslash, MariaDB's default).
std::string likeContains(std::string_view text);
std::string likePrefix(std::string_view text);

// Opaque cursors: hex of the text, so they survive URLs unencoded.
std::string encodeCursor(std::string_view text);
std::optional<std::string> decodeCursor(std::string_view cursor);

}  // namespace paydesk::operators
