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
#include "recon/ReconTransaction.h"
#include "recon/ReconWriter.h"
#include "recon/StatementReader.h"
#include "store/Database.h"

namespace paydesk::recon {

using http::HttpResponse;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

HttpResponse fileProblem(const Error& e) {
    if (e.code == "VALIDATION_ERROR") {
        const std::size_t colon = e.message.find(": ");
        return HttpResponse::error(400, "VALIDATION_ERROR", e.message, {{"field", colon == std::string::npos ? "file" : e.message.substr(0, colon)}});
    }
    return HttpResponse::error(400, e.code, e.message);
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

// 409 for bytes imported before. Operators see which file it was. A merchant learns a file id only
// when the file is its own: another merchant's file (or an operator's, which covers every merchant)
// is answered the same way, without its id.
HttpResponse duplicateFile(const ImportRequest& req, const std::string& fileId, const std::string& fileMerchant,
                           const std::string& sha256) {
    json extra = {{"sha256", sha256}};
    const bool visible = req.via == "operator" || (!req.merchantId.empty() && fileMerchant == req.merchantId);
    if (visible) extra["fileId"] = fileId;
    return HttpResponse::error(409, "DUPLICATE_FILE", "this file was imported before (same SHA-256)", extra);
}

}  // namespace

HttpResponse ReconImporter::run(store::DbConnection& conn, const ImportRequest& req) const {
    const auto started = Clock::now();
    json timings = json::object();
    if (req.bytes.empty()) return HttpResponse::error(400, "EMPTY_FILE", "the file is empty");
    const std::string sha256 = crypto::sha256Hex(req.bytes);
    {
        auto seen = conn.query("SELECT file_id, COALESCE(merchant_id, '') FROM recon_files WHERE sha256 = " +
                               conn.quote(sha256));
        if (!seen.ok()) return reconDbFailure(seen.error());
        if (!seen->rows.empty()) return duplicateFile(req, seen->text(0, 0), seen->text(0, 1), sha256);
    }

    // The profile: the one asked for, else whichever recognises the header.
    std::vector<BankProfile> candidates;
    if (!req.profile.empty()) {
        auto found = ReconProfiles::find(conn, req.profile);
        if (!found.ok()) return reconDbFailure(found.error());
        if (!found->has_value()) {
            return HttpResponse::error(400, "VALIDATION_ERROR", "profile: no bank profile named " + req.profile.substr(0, 64), {{"field", "profile"}});
        }
        candidates.push_back(std::move(**found));
    } else {
        auto all = ReconProfiles::all(conn);
        if (!all.ok()) return reconDbFailure(all.error());
        candidates = std::move(all).value();
    }
    StatementOptions so;
    for (const BankProfile& p : candidates) so.profiles.push_back(&p);
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
        if (auto s = lock.acquire(options_.lockTimeout); !s.ok()) {
            if (s.error().code == "LOCK_TIMEOUT") return HttpResponse::error(503, "SERVICE_UNAVAILABLE", s.error().message).header("Retry-After", "5");
            return reconDbFailure(s.error());
        }
    }

    auto phase = Clock::now();
    ExpectedSet expected;
    if (!statement.lines.empty()) {
        LoadScope scope;
        scope.fromDay = statement.firstDay - ms.settlementLagDays - ms.dateWindowDays - 1;  // suggestions look a day further
        scope.toDay = statement.lastDay + ms.dateWindowDays + 1;
        scope.expectedFrom = statement.firstDay - ms.settlementLagDays;
        scope.expectedTo = statement.lastDay;
        scope.currency = statement.currency;
        scope.merchantId = req.merchantId;
        scope.utcOffsetMinutes = options_.utcOffsetMinutes;
        if (auto s = ExpectedLoader::loadPayments(conn, scope, expected); !s.ok()) {
            if (s.error().code == "TOO_MANY_ITEMS") return HttpResponse::error(400, "TOO_MANY_ITEMS", s.error().message);
            return reconDbFailure(s.error());
        }
        if (auto s = ExpectedLoader::loadBatches(conn, scope, expected); !s.ok()) return reconDbFailure(s.error());
        const auto unknown = ReconMatcher::unknownReferences(statement, expected, matchOptions, ExpectedLoader::kMaxReferencedIds);
        if (!unknown.empty()) {
            if (auto s = ExpectedLoader::loadReferenced(conn, unknown, scope, expected); !s.ok()) {
                if (s.error().code == "TOO_MANY_ITEMS") return HttpResponse::error(400, "TOO_MANY_ITEMS", s.error().message);
                return reconDbFailure(s.error());
            }
        }
    }
    timings["load"] = msSince(phase);
    phase = Clock::now();
    ReconMatcher matcher(statement, expected, matchOptions);
    matcher.run();
    timings["match"] = msSince(phase);
    const MatchStats& st = matcher.stats();

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

    if (req.dryRun) {
        json preview = json::array();
        const std::size_t n = std::min({statement.lines.size(), req.previewLimit, ImportOptions::kMaxPreview});
        for (std::size_t l = 0; l < n; ++l) preview.push_back(previewLine(statement, expected, matcher, l));
        body["preview"] = preview;
        timings["total"] = msSince(started);
        body["timingsMs"] = timings;
        return HttpResponse::json(200, body);
    }

    phase = Clock::now();
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
    ReconTransaction txn(conn);
    if (auto s = txn.begin(); !s.ok()) return reconDbFailure(s.error());
    auto seq = ReconWriter::write(conn, file, req.bytes, statement, expected, matcher);
    if (!seq.ok()) {
        if (seq.error().code == "DB_DUPLICATE_KEY" && seq.error().message.find("sha256") != std::string::npos) {
            return HttpResponse::error(409, "DUPLICATE_FILE", "this file was imported before (same SHA-256)", {{"sha256", sha256}});
        }
        return reconDbFailure(seq.error());
    }
    body["fileId"] = file.fileId;
    json summary = body;
    summary.erase("errorLines");
    if (auto a = operators::AuditLog::record(conn, req.actor, req.role, "recon_file.import", "recon_file", file.fileId, nullptr, summary, file.fileName,
                                             req.correlationId);
        !a.ok()) {
        return reconDbFailure(a.error());
    }
    if (auto s = txn.commit(); !s.ok()) return reconDbFailure(s.error());
    timings["write"] = msSince(phase);
    timings["total"] = msSince(started);
    body["timingsMs"] = timings;
    Logger::info("recon", "bank file imported",
                 {{"fileId", file.fileId}, {"rows", statement.rows}, {"matched", st.matched}, {"errors", statement.errorCount}, {"ms", timings["total"]}});
    return HttpResponse::json(201, body);
}

}  // namespace paydesk::recon
