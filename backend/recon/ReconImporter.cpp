#include "recon/ReconImporter.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "admin/AuditLog.h"
#include "core/Crypto.h"
#include "core/Logger.h"
#include "recon/BankFields.h"
#include "recon/ExpectedLoader.h"
#include "recon/ReconLock.h"
#include "recon/ReconProfiles.h"
#include "recon/ReconWriter.h"
#include "recon/StatementReader.h"
#include "store/Database.h"
#include "store/Transaction.h"

namespace paydesk::recon {

using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// A statement that cannot be read: its own code; a VALIDATION_ERROR names the field its message starts with.
Error fileProblem(Error e) {
    if (e.is(ErrorCode::ValidationError)) {
        const std::size_t colon = e.message.find(": ");
        e.detail = {{"field", colon == std::string::npos ? "file" : e.message.substr(0, colon)}};
    }
    return e;
}

// A line as the API shows it (the dry-run preview; stored lines are read back in the same shape).
json previewLine(const BankStatement& s, const ExpectedSet& expected, const ReconMatcher& m, std::size_t l) {
    const BankLine& b = s.lines[l];
    const LineResult& r = m.lines()[l];
    const bool matched = r.matched();
    json j = {{"lineId", nullptr},
              {"side", "BANK"},
              {"lineNo", b.lineNo},
              {"date", formatDate(b.day)},
              {"time", b.seconds < 0 ? json(nullptr) : json(formatTime(b.seconds))},
              {"amount", b.amount},
              {"balance", b.hasBalance ? json(b.balance) : json(nullptr)},
              {"currency", s.currency},
              {"memo", s.text.view(b.memo)},
              {"reference", s.text.view(b.reference)},
              {"outcome", toString(r.outcome)},
              {"matchType", matched ? toString(r.kind) : "NONE"},
              {"status", r.outcome == Outcome::Matched ? "AUTO" : "OPEN"},
              {"score", matched ? r.score : 0},
              {"matchedIds", matched ? json::array({expected.idOf(r.target)}) : json::array()},
              {"reasons", m.lineReasons(l)},
              {"proposal", ReconWriter::proposalJson(m, expected, r)}};
    return j;
}

const std::string kDuplicateFileMessage = "this file was imported before (same SHA-256)";

// Bytes imported before. Operators see which file it was. A merchant learns a file id only when the
// file is its own: another merchant's file (or an operator's, which covers every merchant) is
// refused the same way, without its id.
Error duplicateFile(const ImportRequest& req, const std::string& fileId, const std::string& fileMerchant,
                    const std::string& sha256) {
    json detail = {{"sha256", sha256}};
    const bool visible = req.via == "operator" || (!req.merchantId.empty() && fileMerchant == req.merchantId);
    if (visible) detail["fileId"] = fileId;
    return Error::make(ErrorCode::DuplicateFile, kDuplicateFileMessage, std::move(detail));
}

Status refuseSeenBefore(store::DbConnection& conn, const ImportRequest& req, const std::string& sha256) {
    auto seen =
        conn.query("SELECT file_id, COALESCE(merchant_id, '') FROM recon_files WHERE sha256 = " + conn.quote(sha256));
    if (!seen.ok()) return seen.error();
    if (!seen->rows.empty()) return duplicateFile(req, seen->text(0, 0), seen->text(0, 1), sha256);
    return Status::success();
}

// The profile asked for, else all of them (whichever recognises the header wins).
Result<std::vector<BankProfile>> candidateProfiles(store::DbConnection& conn, const ImportRequest& req) {
    if (req.profile.empty()) return ReconProfiles::all(conn);
    auto found = ReconProfiles::find(conn, req.profile);
    if (!found.ok()) return found.error();
    if (!found->has_value()) {
        return Error::make(ErrorCode::ValidationError, "profile: no bank profile named " + req.profile.substr(0, 64),
                           {{"field", "profile"}});
    }
    std::vector<BankProfile> out;
    out.push_back(std::move(**found));
    return out;
}

// The payments and batches the statement's lines may match, loaded once for its date range.
Status loadExpected(store::DbConnection& conn, const BankStatement& statement, const ImportRequest& req,
                    const ReconOptions& matchOptions, int utcOffsetMinutes, ExpectedSet& expected) {
    if (statement.lines.empty()) return Status::success();
    const MatchSettings& ms = matchOptions.settings;
    LoadScope scope;
    scope.fromDay =
        statement.firstDay - ms.settlementLagDays - ms.dateWindowDays - 1;  // suggestions look a day further
    scope.toDay = statement.lastDay + ms.dateWindowDays + 1;
    scope.expectedFrom = statement.firstDay - ms.settlementLagDays;
    scope.expectedTo = statement.lastDay;
    scope.currency = statement.currency;
    scope.merchantId = req.merchantId;
    scope.utcOffsetMinutes = utcOffsetMinutes;
    if (auto s = ExpectedLoader::loadPayments(conn, scope, expected); !s.ok()) return s;
    if (auto s = ExpectedLoader::loadBatches(conn, scope, expected); !s.ok()) return s;
    const auto unknown =
        ReconMatcher::unknownReferences(statement, expected, matchOptions, ExpectedLoader::kMaxReferencedIds);
    if (unknown.empty()) return Status::success();
    return ExpectedLoader::loadReferenced(conn, unknown, scope, expected);
}

json summaryBody(const ImportRequest& req, const std::string& sha256, const BankStatement& statement,
                 const ExpectedSet& expected, const MatchStats& st, const json& settings) {
    json body = {{"fileId", nullptr},
                 {"dryRun", req.dryRun},
                 {"sha256", sha256},
                 {"fileName", req.fileName},
                 {"sizeBytes", req.bytes.size()},
                 {"profile", statement.profile},
                 {"encoding", statement.encoding},
                 {"currency", statement.currency},
                 {"merchantId", req.merchantId.empty() ? json(nullptr) : json(req.merchantId)},
                 {"headerLine", statement.headerLine},
                 {"statementFrom", statement.lines.empty() ? json(nullptr) : json(formatDate(statement.firstDay))},
                 {"statementTo", statement.lines.empty() ? json(nullptr) : json(formatDate(statement.lastDay))},
                 {"rows", statement.rows},
                 {"parsed", statement.lines.size()},
                 {"errors", statement.errorCount},
                 {"matched", st.matched},
                 {"amountMismatch", st.amountMismatch},
                 {"unmatched", st.unmatchedBank},
                 {"unmatchedBank", st.unmatchedBank},
                 {"unmatchedSystem", st.unmatchedSystem},
                 {"duplicates", st.duplicate},
                 {"awaiting", st.awaitingLines + st.awaitingItems},
                 {"awaitingLines", st.awaitingLines},
                 {"awaitingItems", st.awaitingItems},
                 {"proposals", st.subsetProposals},
                 {"suggestions", st.suggestions},
                 {"matchedBy", {{"reference", st.byReference}, {"batch", st.byBatch}, {"amountDate", st.byAmountDate}}},
                 {"candidates", expected.items.size()},
                 {"settings", settings}};
    if (st.subsetBudgetExhausted) body["subsetSearchStopped"] = true;
    json errorLines = json::array();
    for (std::size_t i = 0; i < statement.errors.size() && i < ImportOptions::kMaxErrorLines; ++i) {
        errorLines.push_back({{"line", statement.errors[i].lineNo}, {"reason", statement.errors[i].reason}});
    }
    body["errorLines"] = errorLines;
    body["errorLinesTruncated"] = statement.errorCount > errorLines.size();
    return body;
}

// The file, its lines and matches, and the audit record, in one transaction; sets body["fileId"].
Status writeFile(store::DbConnection& conn, const ImportRequest& req, const std::string& sha256,
                 const BankStatement& statement, const ExpectedSet& expected, const ReconMatcher& matcher,
                 const json& settings, json& body) {
    FileRecord file;
    file.fileId = "rf_" + crypto::randomHex(12);
    file.sha256 = sha256;
    file.fileName = req.fileName.empty() ? "statement.csv" : req.fileName;
    file.contentType = req.contentType;
    file.merchantId = req.merchantId;
    file.uploadedBy = req.actor;
    file.uploadedVia = req.via;
    file.correlationId = req.correlationId;
    file.settings = settings;
    store::Transaction txn(conn);
    if (auto s = txn.begin(); !s.ok()) return s;
    auto seq = ReconWriter::write(conn, file, req.bytes, statement, expected, matcher);
    if (!seq.ok()) {
        if (seq.error().is(ErrorCode::DbDuplicateKey) && seq.error().message.find("sha256") != std::string::npos) {
            return Error::make(ErrorCode::DuplicateFile, kDuplicateFileMessage, {{"sha256", sha256}});
        }
        return seq.error();
    }
    body["fileId"] = file.fileId;
    json summary = body;
    summary.erase("errorLines");
    if (auto a = operators::AuditLog::record(conn, req.actor, req.role, "recon_file.import", "recon_file", file.fileId,
                                             nullptr, summary, file.fileName, req.correlationId);
        !a.ok()) {
        return a.error();
    }
    return txn.commit();
}

}  // namespace

Result<ImportSummary> ReconImporter::run(store::DbConnection& conn, const ImportRequest& req) const {
    const auto started = Clock::now();
    json timings = json::object();
    if (req.bytes.empty()) return Error::make(ErrorCode::EmptyFile, "the file is empty");
    const std::string sha256 = crypto::sha256Hex(req.bytes);
    if (auto s = refuseSeenBefore(conn, req, sha256); !s.ok()) return s.error();
    auto candidates = candidateProfiles(conn, req);
    if (!candidates.ok()) return candidates.error();
    StatementOptions so;
    for (const BankProfile& p : candidates.value()) so.profiles.push_back(&p);
    so.encoding = req.encoding;
    so.currency = req.currency;
    so.maxRows = options_.maxRows;
    const BankProfile* profile = nullptr;
    auto parsedStatement = StatementReader::read(req.bytes, so, &profile);
    if (!parsedStatement.ok()) return fileProblem(parsedStatement.error());
    const BankStatement& statement = parsedStatement.value();
    timings["parse"] = msSince(started);

    // Matching settings: the profile's, overridden by the upload.
    ReconOptions matchOptions = options_.matcher;
    matchOptions.settings = profile->matching;
    if (req.amountTolerance) matchOptions.settings.amountTolerance = *req.amountTolerance;
    if (req.dateWindowDays) matchOptions.settings.dateWindowDays = *req.dateWindowDays;
    if (req.settlementLagDays) matchOptions.settings.settlementLagDays = *req.settlementLagDays;
    const MatchSettings& ms = matchOptions.settings;
    const json settings = {{"amountTolerance", ms.amountTolerance},
                           {"dateWindowDays", ms.dateWindowDays},
                           {"settlementLagDays", ms.settlementLagDays},
                           {"utcOffsetMinutes", options_.utcOffsetMinutes}};

    // Imports serialize with each other and with manual matches (dry runs only read).
    ReconLock lock(conn);
    if (!req.dryRun) {
        if (auto s = lock.acquire(options_.lockTimeout); !s.ok()) return s.error();
    }
    auto phase = Clock::now();
    ExpectedSet expected;
    if (auto s = loadExpected(conn, statement, req, matchOptions, options_.utcOffsetMinutes, expected); !s.ok()) {
        return s.error();
    }
    timings["load"] = msSince(phase);
    phase = Clock::now();
    ReconMatcher matcher(statement, expected, matchOptions);
    matcher.run();
    timings["match"] = msSince(phase);
    const MatchStats& st = matcher.stats();
    json body = summaryBody(req, sha256, statement, expected, st, settings);

    if (req.dryRun) {
        json preview = json::array();
        const std::size_t n = std::min({statement.lines.size(), req.previewLimit, ImportOptions::kMaxPreview});
        for (std::size_t l = 0; l < n; ++l) preview.push_back(previewLine(statement, expected, matcher, l));
        body["preview"] = preview;
        timings["total"] = msSince(started);
        body["timingsMs"] = timings;
        return ImportSummary{false, std::move(body)};
    }
    phase = Clock::now();
    if (auto s = writeFile(conn, req, sha256, statement, expected, matcher, settings, body); !s.ok()) return s.error();
    timings["write"] = msSince(phase);
    timings["total"] = msSince(started);
    body["timingsMs"] = timings;
    Logger::info("recon", "bank file imported",
                 {{"fileId", body["fileId"]},
                  {"rows", statement.rows},
                  {"matched", st.matched},
                  {"errors", statement.errorCount},
                  {"ms", timings["total"]}});
    return ImportSummary{true, std::move(body)};
}

}  // namespace paydesk::recon
