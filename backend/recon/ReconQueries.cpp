#include "recon/ReconQueries.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "recon/ReconProfiles.h"
#include "recon/ReconWriter.h"
#include "store/Database.h"

namespace paydesk::recon {

using nlohmann::json;
using operators::Page;

namespace {

// SUM(amount) comes back as an exact DECIMAL: the amount when it is an int64; a total past the int64
// range (which DbResult::integer reads as 0) is null, with its exact digits in amountDecimal.
void putSum(json& group, const std::string& text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto parsed = std::from_chars(text.data(), end, value);
    if (parsed.ec == std::errc() && parsed.ptr == end) {
        group["amount"] = value;
        return;
    }
    group["amount"] = nullptr;
    group["amountDecimal"] = text;
}

json nullable(const store::DbResult& r, std::size_t row, std::size_t column) {
    const auto& cell = r.rows[row][column];
    return cell ? json(*cell) : json(nullptr);
}

json nullableInt(const store::DbResult& r, std::size_t row, std::size_t column) {
    return r.rows[row][column] ? json(r.integer(row, column)) : json(nullptr);
}

json parsed(const store::DbResult& r, std::size_t row, std::size_t column, json fallback) {
    const auto& cell = r.rows[row][column];
    if (!cell) return fallback;
    json j = json::parse(*cell, nullptr, false);
    return j.is_discarded() ? json(*cell) : j;
}

json splitIds(const std::optional<std::string>& cell) {
    json out = json::array();
    if (!cell) return out;
    std::size_t start = 0;
    while (start <= cell->size()) {
        const std::size_t comma = cell->find(',', start);
        const std::string id = cell->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!id.empty()) out.push_back(id);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Error notFound(const std::string& what) {
    return Error::make(ErrorCode::NotFound, what);
}

// The cursor of a line list: the last line id shown.
std::optional<std::int64_t> readCursor(const Page& page) {
    if (page.cursor.empty()) return std::int64_t{0};
    const auto decoded = operators::decodeCursor(page.cursor);
    const auto v = decoded ? operators::parseCount(*decoded, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())) : std::nullopt;
    if (!v) return std::nullopt;
    return static_cast<std::int64_t>(*v);
}

// A text cell for CSV: quoted when needed, and never read as a formula by a spreadsheet.
std::string csvCell(std::string_view text, bool guardFormula) {
    std::string t(text);
    if (guardFormula && !t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' || t[0] == '\t' || t[0] == '\r')) t = "'" + t;
    if (t.find_first_of(",\"\r\n") == std::string::npos) return t;
    std::string out = "\"";
    for (char c : t) {
        if (c == '"') out += "\"\"";
        else out.push_back(c);
    }
    out += "\"";
    return out;
}

std::string reasonsText(const json& reasons) {
    std::string out;
    if (!reasons.is_array()) return out;
    for (const json& r : reasons) {
        if (!r.is_object() || !r.contains("message") || !r["message"].is_string()) continue;
        if (!out.empty()) out += "; ";
        out += r["message"].get<std::string>();
    }
    return out;
}

std::string proposalText(const json& proposal) {
    std::string out;
    if (!proposal.is_object() || !proposal.contains("items")) return out;
    for (const json& item : proposal["items"]) {
        if (!out.empty()) out += " ";
        out += item.value("id", "");
    }
    return out;
}

constexpr const char* kCsvHeader =
    "line_id,file_id,side,line_no,date,time,amount,currency,balance,memo,reference,branch,item_type,item_id,merchant_id,outcome,"
    "match_type,status,score,matched_ids,matched_amount,reasons,proposal,note,reviewed_by,reviewed_at\r\n";

void appendCsvRow(std::string& out, const json& l) {
    auto text = [](const json& v) { return v.is_null() ? std::string() : v.is_string() ? v.get<std::string>() : v.dump(); };
    std::string ids;
    for (const json& id : l["matchedIds"]) ids += (ids.empty() ? "" : " ") + id.get<std::string>();
    out += text(l["lineId"]) + "," + csvCell(text(l["fileId"]), false) + "," + text(l["side"]) + "," + text(l["lineNo"]) + "," + text(l["date"]) +
           "," + text(l["time"]) + "," + text(l["amount"]) + "," + text(l["currency"]) + "," + text(l["balance"]) + "," +
           csvCell(text(l["memo"]), true) + "," + csvCell(text(l["reference"]), true) + "," + csvCell(text(l["branch"]), true) + "," +
           text(l["itemType"]) + "," + csvCell(text(l["itemId"]), true) + "," + csvCell(text(l["merchantId"]), true) + "," + text(l["outcome"]) +
           "," + text(l["matchType"]) + "," + text(l["status"]) + "," + text(l["score"]) + "," + csvCell(ids, true) + "," +
           text(l["matchedAmount"]) + "," + csvCell(reasonsText(l["reasons"]), true) + "," + csvCell(proposalText(l["proposal"]), true) + "," +
           csvCell(text(l["note"]), true) + "," + csvCell(text(l["reviewedBy"]), true) + "," + text(l["reviewedAt"]) + "\r\n";
}

std::string statusCondition(const LineFilter& f) {
    if (f.status == "ALL") return "l.status IN ('OPEN', 'RESOLVED')";
    if (f.status == "RESOLVED") return "l.status = 'RESOLVED'";
    return "l.status = 'OPEN'";
}

// WHERE clause (without paging) for a file's lines or the exceptions; nullopt: unknown file.
Result<std::optional<std::string>> lineWhere(store::DbConnection& c, const LineFilter& f, bool exceptions) {
    std::string where = " WHERE 1=1";
    if (!f.fileId.empty()) {
        auto seq = ReconQueries::fileSeq(c, f.fileId);
        if (!seq.ok()) return seq.error();
        if (!seq->has_value()) return std::optional<std::string>{};
        where += " AND l.line_id BETWEEN " + std::to_string(ReconWriter::firstLineId(**seq)) + " AND " + std::to_string(ReconWriter::lastLineId(**seq));
    }
    if (exceptions) where += " AND " + statusCondition(f);
    // An early line is not a break: the queue shows AWAITING lines only when asked for by outcome.
    if (exceptions && f.outcome.empty()) where += " AND l.outcome <> 'AWAITING'";
    if (!f.outcome.empty()) where += " AND l.outcome = " + c.quote(f.outcome);
    if (!f.side.empty()) where += " AND l.side = " + c.quote(f.side);
    return std::optional<std::string>(where);
}

Result<json> listLines(store::DbConnection& c, const LineFilter& f, const Page& page, bool exceptions) {
    auto where = lineWhere(c, f, exceptions);
    if (!where.ok()) return where.error();
    if (!where->has_value()) return notFound("no reconciliation file " + f.fileId.substr(0, 64));
    const auto after = readCursor(page);
    if (!after)
        return Error::make(ErrorCode::ValidationError, "cursor is not one this server issued", {{"field", "cursor"}});
    std::size_t offset = page.offset;
    std::string pageWhere = **where;
    if (!page.cursor.empty()) {
        pageWhere += " AND l.line_id > " + std::to_string(*after);
        offset = 0;
    }
    auto rows = c.query(std::string("SELECT ") + ReconQueries::kLineColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq" +
                        pageWhere + " ORDER BY l.line_id LIMIT " + std::to_string(page.limit + 1) + " OFFSET " + std::to_string(offset));
    if (!rows.ok()) return rows.error();
    auto total = c.query("SELECT COUNT(*) FROM (SELECT 1 FROM recon_lines l" + **where + " LIMIT " + std::to_string(ReconQueries::kTotalCap + 1) +
                         ") t");
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) items.push_back(ReconQueries::lineJson(rows.value(), r));
    const bool more = rows->rows.size() > page.limit;
    const auto counted = static_cast<std::size_t>(total->integer(0, 0));
    json out = {{"items", std::move(items)},
                {"limit", page.limit},
                {"offset", offset},
                {"total", std::min(counted, ReconQueries::kTotalCap)},
                {"totalCapped", counted > ReconQueries::kTotalCap}};
    out["nextCursor"] = more ? json(operators::encodeCursor(std::to_string(rows->integer(shown - 1, 0)))) : json(nullptr);
    out["nextOffset"] = more && page.cursor.empty() ? json(offset + shown) : json(nullptr);
    return out;
}

Result<Download> exportLines(store::DbConnection& c, const LineFilter& f, bool exceptions,
                             const std::string& fileName) {
    auto where = lineWhere(c, f, exceptions);
    if (!where.ok()) return where.error();
    if (!where->has_value()) return notFound("no reconciliation file " + f.fileId.substr(0, 64));
    std::string csv = kCsvHeader;
    std::int64_t after = 0;
    std::size_t written = 0;
    bool truncated = false;
    for (;;) {
        auto rows = c.query(std::string("SELECT ") + ReconQueries::kLineColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq" +
                            **where + " AND l.line_id > " + std::to_string(after) + " ORDER BY l.line_id LIMIT " +
                            std::to_string(ReconQueries::kExportPageRows));
        if (!rows.ok()) return rows.error();
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            if (written >= ReconQueries::kMaxExportRows) {
                truncated = true;
                break;
            }
            appendCsvRow(csv, ReconQueries::lineJson(rows.value(), r));
            ++written;
        }
        if (truncated || rows->rows.size() < ReconQueries::kExportPageRows) break;
        after = rows->integer(rows->rows.size() - 1, 0);
    }
    Download out;
    out.body = std::move(csv);
    out.fileName = fileName;
    out.rowCount = written;
    out.truncated = truncated;
    return out;
}

json fileJson(const store::DbResult& r, std::size_t i) {
    return {{"fileId", r.text(i, 0)},
            {"fileName", r.text(i, 1)},
            {"sha256", r.text(i, 2)},
            {"sizeBytes", r.integer(i, 3)},
            {"contentType", r.text(i, 4)},
            {"profile", r.text(i, 5)},
            {"encoding", r.text(i, 6)},
            {"currency", r.text(i, 7)},
            {"merchantId", nullable(r, i, 8)},
            {"uploadedBy", r.text(i, 9)},
            {"uploadedVia", r.text(i, 10)},
            {"headerLine", r.integer(i, 11)},
            {"statementFrom", nullable(r, i, 12)},
            {"statementTo", nullable(r, i, 13)},
            {"imported",
             {{"rows", r.integer(i, 14)},
              {"errors", r.integer(i, 15)},
              {"matched", r.integer(i, 16)},
              {"amountMismatch", r.integer(i, 17)},
              {"unmatchedBank", r.integer(i, 18)},
              {"unmatchedSystem", r.integer(i, 19)},
              {"duplicates", r.integer(i, 20)},
              {"awaiting", r.integer(i, 21)},
              {"proposals", r.integer(i, 22)}}},
            {"settings", parsed(r, i, 23, json::object())},
            {"createdAt", operators::isoMillis(r.text(i, 24))}};
}

const std::string kFileColumns =
    "f.file_id, f.file_name, f.sha256, f.size_bytes, f.content_type, f.profile, f.encoding, f.currency, f.merchant_id, f.uploaded_by, "
    "f.uploaded_via, f.header_line, DATE_FORMAT(f.statement_from, '%Y-%m-%d'), DATE_FORMAT(f.statement_to, '%Y-%m-%d'), f.total_rows, "
    "f.error_rows, f.matched, f.amount_mismatch, f.unmatched_bank, f.unmatched_system, f.duplicates, f.awaiting, f.proposals, f.settings, " +
    operators::isoColumn("f.created_at") + ", f.file_seq";

}  // namespace

const char* const ReconQueries::kLineColumns =
    "l.line_id, f.file_id, l.side, l.line_no, DATE_FORMAT(l.value_date, '%Y-%m-%d'), TIME_FORMAT(l.value_time, '%H:%i:%s'), l.amount, l.balance, "
    "l.currency, l.memo, l.reference, l.branch, l.item_type, l.item_id, l.merchant_id, l.outcome, l.match_type, l.status, l.score, "
    "l.matched_ids, l.matched_amount, l.reasons, l.proposal, l.note, l.reviewed_by, DATE_FORMAT(l.reviewed_at, '%Y-%m-%dT%H:%i:%s.%fZ'), "
    "DATE_FORMAT(l.updated_at, '%Y-%m-%dT%H:%i:%s.%fZ'), l.prior_state IS NOT NULL";

json ReconQueries::lineJson(const store::DbResult& r, std::size_t i) {
    json j = {{"lineId", r.integer(i, 0)},
              {"fileId", r.text(i, 1)},
              {"side", r.text(i, 2)},
              {"lineNo", nullableInt(r, i, 3)},
              {"date", r.text(i, 4)},
              {"time", nullable(r, i, 5)},
              {"amount", r.integer(i, 6)},
              {"balance", nullableInt(r, i, 7)},
              {"currency", r.text(i, 8)},
              {"memo", nullable(r, i, 9)},
              {"reference", nullable(r, i, 10)},
              {"branch", nullable(r, i, 11)},
              {"itemType", nullable(r, i, 12)},
              {"itemId", nullable(r, i, 13)},
              {"merchantId", nullable(r, i, 14)},
              {"outcome", r.text(i, 15)},
              {"matchType", r.text(i, 16)},
              {"status", r.text(i, 17)},
              {"score", r.integer(i, 18)},
              {"matchedIds", splitIds(r.rows[i][19])},
              {"matchedAmount", nullableInt(r, i, 20)},
              {"reasons", parsed(r, i, 21, json::array())},
              {"proposal", parsed(r, i, 22, nullptr)},
              {"note", nullable(r, i, 23)},
              {"reviewedBy", nullable(r, i, 24)},
              {"reviewedAt", r.rows[i][25] ? json(operators::isoMillis(*r.rows[i][25])) : json(nullptr)},
              {"updatedAt", operators::isoMillis(r.text(i, 26))},
              {"canUnmatchToPriorState", r.text(i, 27) == "1"}};
    return j;
}

Result<std::optional<std::int64_t>> ReconQueries::fileSeq(store::DbConnection& c, const std::string& fileId) {
    auto rows = c.query("SELECT file_seq FROM recon_files WHERE file_id = " + c.quote(fileId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(rows->integer(0, 0));
}

Result<std::optional<json>> ReconQueries::line(store::DbConnection& c, std::int64_t lineId) {
    auto rows = c.query(std::string("SELECT ") + kLineColumns + " FROM recon_lines l JOIN recon_files f ON f.file_seq = l.file_seq WHERE l.line_id = " +
                        std::to_string(lineId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<json>{};
    return std::optional<json>(lineJson(rows.value(), 0));
}

Result<json> ReconQueries::listFiles(store::DbConnection& c, const Page& page) {
    auto rows = c.query("SELECT " + kFileColumns + " FROM recon_files f ORDER BY f.file_seq DESC LIMIT " + std::to_string(page.limit + 1) + " OFFSET " +
                        std::to_string(page.offset));
    if (!rows.ok()) return rows.error();
    auto total = c.query("SELECT COUNT(*) FROM recon_files");
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t i = 0; i < shown; ++i) items.push_back(fileJson(rows.value(), i));
    const bool more = rows->rows.size() > page.limit;
    return json{{"items", items},        {"limit", page.limit},
                {"offset", page.offset}, {"total", total->integer(0, 0)},
                {"totalCapped", false},  {"nextOffset", more ? json(page.offset + shown) : json(nullptr)},
                {"nextCursor", nullptr}};
}

Result<json> ReconQueries::fileSummary(store::DbConnection& c, const std::string& fileId) {
    auto rows = c.query("SELECT " + kFileColumns + " FROM recon_files f WHERE f.file_id = " + c.quote(fileId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return notFound("no reconciliation file " + fileId.substr(0, 64));
    json out = fileJson(rows.value(), 0);
    const std::int64_t seq = rows->integer(0, 25);
    auto counts = c.query("SELECT side, outcome, status, COUNT(*), COALESCE(SUM(amount), 0) FROM recon_lines WHERE line_id BETWEEN " +
                          std::to_string(ReconWriter::firstLineId(seq)) + " AND " + std::to_string(ReconWriter::lastLineId(seq)) +
                          " GROUP BY side, outcome, status ORDER BY side, outcome, status");
    if (!counts.ok()) return counts.error();
    json byOutcome = json::object();
    json byStatus = json::object();
    json groups = json::array();
    for (std::size_t i = 0; i < counts->rows.size(); ++i) {
        const std::int64_t n = counts->integer(i, 3);
        const std::string outcome = counts->text(i, 1);
        const std::string status = counts->text(i, 2);
        byOutcome[outcome] = byOutcome.value(outcome, std::int64_t{0}) + n;
        byStatus[status] = byStatus.value(status, std::int64_t{0}) + n;
        json group = {{"side", counts->text(i, 0)}, {"outcome", outcome}, {"status", status}, {"count", n}};
        putSum(group, counts->text(i, 4));
        groups.push_back(std::move(group));
    }
    out["current"] = {{"byOutcome", byOutcome}, {"byStatus", byStatus}, {"groups", groups}};
    auto errors = c.query("SELECT line_no, reason FROM recon_file_errors WHERE file_seq = " + std::to_string(seq) + " ORDER BY line_no LIMIT 100");
    if (!errors.ok()) return errors.error();
    json errorLines = json::array();
    for (std::size_t i = 0; i < errors->rows.size(); ++i) errorLines.push_back({{"line", errors->integer(i, 0)}, {"reason", errors->text(i, 1)}});
    out["errorLines"] = errorLines;
    return out;
}

Result<json> ReconQueries::fileLines(store::DbConnection& c, const LineFilter& f, const Page& page) {
    return listLines(c, f, page, false);
}

Result<json> ReconQueries::exceptions(store::DbConnection& c, const LineFilter& f, const Page& page) {
    return listLines(c, f, page, true);
}

Result<json> ReconQueries::fileErrors(store::DbConnection& c, const std::string& fileId, const Page& page) {
    auto seq = fileSeq(c, fileId);
    if (!seq.ok()) return seq.error();
    if (!seq->has_value()) return notFound("no reconciliation file " + fileId.substr(0, 64));
    const std::string where = " WHERE file_seq = " + std::to_string(**seq);
    auto rows = c.query("SELECT line_no, reason FROM recon_file_errors" + where + " ORDER BY line_no LIMIT " + std::to_string(page.limit + 1) +
                        " OFFSET " + std::to_string(page.offset));
    if (!rows.ok()) return rows.error();
    auto total = c.query("SELECT COUNT(*) FROM recon_file_errors" + where);
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t i = 0; i < shown; ++i) items.push_back({{"line", rows->integer(i, 0)}, {"reason", rows->text(i, 1)}});
    const bool more = rows->rows.size() > page.limit;
    return json{{"items", items},        {"limit", page.limit},
                {"offset", page.offset}, {"total", total->integer(0, 0)},
                {"totalCapped", false},  {"nextOffset", more ? json(page.offset + shown) : json(nullptr)},
                {"nextCursor", nullptr}};
}

Result<Download> ReconQueries::fileContent(store::DbConnection& c, const std::string& fileId) {
    auto file = c.query("SELECT file_seq, file_name, sha256, size_bytes FROM recon_files WHERE file_id = " + c.quote(fileId));
    if (!file.ok()) return file.error();
    if (file->rows.empty()) return notFound("no reconciliation file " + fileId.substr(0, 64));
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(file->integer(0, 3)));
    // One piece per query: at most 1 MiB in flight besides the answer itself.
    for (std::int64_t chunk = 0;; ++chunk) {
        auto piece = c.query("SELECT bytes FROM recon_file_chunks WHERE file_seq = " + file->text(0, 0) + " AND chunk_no = " + std::to_string(chunk));
        if (!piece.ok()) return piece.error();
        if (piece->rows.empty()) break;
        bytes += piece->text(0, 0);
    }
    Download out;
    out.body = std::move(bytes);
    out.contentType = "text/csv";
    out.fileName = fileId + ".csv";
    out.sha256 = file->text(0, 2);
    return out;
}

Result<Download> ReconQueries::exportFile(store::DbConnection& c, const std::string& fileId) {
    LineFilter f;
    f.fileId = fileId;
    return exportLines(c, f, false, fileId + "-results.csv");
}

Result<Download> ReconQueries::exportExceptions(store::DbConnection& c, const LineFilter& f) {
    return exportLines(c, f, true, "recon-exceptions.csv");
}

}  // namespace paydesk::recon
