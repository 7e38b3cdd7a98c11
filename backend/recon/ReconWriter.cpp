#include "recon/ReconWriter.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <chrono>
#include <thread>

#include "core/Crypto.h"
#include "operator/Paging.h"
#include "recon/BankFields.h"
#include "recon/StatementPipe.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::recon {

using nlohmann::json;

namespace {

// SQL text building without a connection (the builder thread must not touch it): string literals
// escaped as mysql_real_escape_string does for utf8mb4, or by doubling quotes when the session runs
// with NO_BACKSLASH_ESCAPES.
class SqlText {
public:
    explicit SqlText(bool backslashEscapes) : backslashes_(backslashEscapes) {}

    void quoted(std::string& out, std::string_view v) const {
        out.push_back('\'');
        for (char c : v) {
            if (!backslashes_) {
                if (c == '\'') out.push_back('\'');
                out.push_back(c);
                continue;
            }
            switch (c) {
                case '\0': out += "\\0"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\\': out += "\\\\"; break;
                case '\'': out += "\\'"; break;
                case '"': out += "\\\""; break;
                case '\x1a': out += "\\Z"; break;
                default: out.push_back(c);
            }
        }
        out.push_back('\'');
    }
    void quotedOrNull(std::string& out, std::string_view v) const {
        if (v.empty()) out += "NULL";
        else quoted(out, v);
    }
    void jsonOrNull(std::string& out, const json& j) const {
        if (j.is_null() || (j.is_array() && j.empty())) out += "NULL";
        else quoted(out, j.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    static void number(std::string& out, std::int64_t v) {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }

private:
    bool backslashes_;
};

// Collects VALUES tuples into multi-row INSERTs and hands each finished statement to the pipe.
class BulkInsert {
public:
    BulkInsert(StatementPipe& pipe, std::string head) : pipe_(pipe), head_(std::move(head)) {}

    // The caller appends one tuple to the returned buffer, then calls done().
    std::string& row() {
        if (rows_ == 0) {
            sql_.reserve(ReconWriter::kMaxStatementBytes + (64u << 10));
            sql_ = head_;
        } else {
            sql_.push_back(',');
        }
        return sql_;
    }
    bool done() {
        ++rows_;
        if (rows_ >= ReconWriter::kRowsPerStatement || sql_.size() >= ReconWriter::kMaxStatementBytes) return flush();
        return true;
    }
    bool flush() {
        if (rows_ == 0) return true;
        rows_ = 0;
        return pipe_.push(std::move(sql_));
    }

private:
    StatementPipe& pipe_;
    const std::string head_;
    std::string sql_;
    std::size_t rows_ = 0;
};

struct BuildInput {
    const FileRecord& file;
    std::string_view bytes;
    const BankStatement& statement;
    const ExpectedSet& expected;
    const ReconMatcher& matcher;
    std::int64_t fileSeq;
    std::string now;  // SQL DATETIME(6) text
};

// Everything after the file row, as statements into the pipe. Returns early (false) when the
// executing side gave up.
bool buildStatements(const BuildInput& in, const SqlText& sql, StatementPipe& pipe) {
    const std::string seq = std::to_string(in.fileSeq);
    std::string nowQuoted;
    sql.quoted(nowQuoted, in.now);
    std::string currency;
    sql.quoted(currency, in.statement.currency);
    std::string fileIdQuoted;
    sql.quoted(fileIdQuoted, in.file.fileId);
    std::string correlation;
    sql.quoted(correlation, operators::truncateUtf8(in.file.correlationId, 64));

    // The bytes, exactly as uploaded.
    for (std::size_t offset = 0, chunk = 0; offset < in.bytes.size(); offset += ReconWriter::kChunkBytes, ++chunk) {
        std::string s = "INSERT INTO recon_file_chunks (file_seq, chunk_no, bytes) VALUES (" + seq + ", " + std::to_string(chunk) + ", _binary";
        s.reserve(s.size() + 2 * ReconWriter::kChunkBytes + 8);
        sql.quoted(s, in.bytes.substr(offset, ReconWriter::kChunkBytes));
        s += ")";
        if (!pipe.push(std::move(s))) return false;
    }

    BulkInsert errors(pipe, "INSERT INTO recon_file_errors (file_seq, line_no, reason) VALUES ");
    for (const RowError& e : in.statement.errors) {
        std::string& t = errors.row();
        t += "(" + seq + ",";
        SqlText::number(t, e.lineNo);
        t += ",";
        sql.quoted(t, operators::truncateUtf8(e.reason, 512));
        t += ")";
        if (!errors.done()) return false;
    }
    if (!errors.flush()) return false;

    BulkInsert lines(pipe,
                     "INSERT INTO recon_lines (line_id, file_seq, side, line_no, value_date, value_time, amount, balance, currency, memo, reference, "
                     "branch, item_type, item_id, merchant_id, outcome, match_type, status, score, matched_ids, matched_amount, reasons, proposal, "
                     "updated_at) VALUES ");
    BulkInsert matches(pipe, "INSERT INTO recon_matches (item_id, item_type, line_id, amount, created_at) VALUES ");
    BulkInsert events(pipe, "INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at) VALUES ");
    auto event = [&](const json& payload) {
        std::string& t = events.row();
        t += "(";
        sql.quoted(t, "evt_" + crypto::randomHex(12));
        t += ",'recon.unmatched','recon.unmatched','recon_file'," + fileIdQuoted + "," + correlation + ",";
        sql.quoted(t, payload.dump(-1, ' ', false, json::error_handler_t::replace));
        t += "," + nowQuoted + ")";
        return events.done();
    };

    const BankStatement& st = in.statement;
    const ExpectedSet& ex = in.expected;
    const std::int64_t base = in.fileSeq << ReconWriter::kLineIdShift;
    std::int64_t n = 0;
    for (std::size_t l = 0; l < st.lines.size(); ++l) {
        const BankLine& b = st.lines[l];
        const LineResult& r = in.matcher.lines()[l];
        const std::int64_t lineId = base + (++n);
        const bool matched = r.matched();
        const ExpectedItem* target = matched ? &ex.items[r.target] : nullptr;
        const json reasons = in.matcher.lineReasons(l);
        std::string& t = lines.row();
        t.push_back('(');
        SqlText::number(t, lineId);
        t += "," + seq + ",'BANK',";
        SqlText::number(t, b.lineNo);
        t += ",'" + formatDate(b.day) + "',";
        if (b.seconds < 0) t += "NULL";
        else t += "'" + formatTime(b.seconds) + "'";
        t.push_back(',');
        SqlText::number(t, b.amount);
        t.push_back(',');
        if (b.hasBalance) SqlText::number(t, b.balance);
        else t += "NULL";
        t += "," + currency + ",";
        sql.quotedOrNull(t, st.text.view(b.memo));
        t.push_back(',');
        sql.quotedOrNull(t, st.text.view(b.reference));
        t.push_back(',');
        sql.quotedOrNull(t, st.text.view(b.branch));
        t += ",NULL,NULL,";
        if (target != nullptr) sql.quoted(t, ex.merchants[target->merchant]);
        else t += "NULL";
        t += ",'";
        t += toString(r.outcome);
        t += "','";
        t += matched ? toString(r.kind) : "NONE";
        t += r.outcome == Outcome::Matched ? "','AUTO'," : "','OPEN',";
        SqlText::number(t, matched ? r.score : 0);
        t.push_back(',');
        if (target != nullptr) {
            sql.quoted(t, ex.text.view(target->id));
            t.push_back(',');
            SqlText::number(t, target->amount);
        } else {
            t += "NULL,NULL";
        }
        t.push_back(',');
        sql.jsonOrNull(t, reasons);
        t.push_back(',');
        sql.jsonOrNull(t, ReconWriter::proposalJson(in.matcher, ex, r));
        t += "," + nowQuoted + ")";
        if (!lines.done()) return false;
        if (target != nullptr) {
            std::string& m = matches.row();
            m.push_back('(');
            sql.quoted(m, ex.text.view(target->id));
            m += ",'";
            m += toString(target->kind);
            m += "',";
            SqlText::number(m, lineId);
            m.push_back(',');
            SqlText::number(m, target->amount);
            m += "," + nowQuoted + ")";
            if (!matches.done()) return false;
        }
        if (r.outcome == Outcome::UnmatchedBank) {
            const json payload = {{"fileId", in.file.fileId}, {"lineId", lineId},         {"side", "BANK"},
                                  {"outcome", "UNMATCHED_BANK"}, {"lineNo", b.lineNo},     {"date", formatDate(b.day)},
                                  {"amount", b.amount},          {"currency", st.currency}, {"memo", st.text.view(b.memo)},
                                  {"reasons", reasons}};
            if (!event(payload)) return false;
        }
    }
    for (std::uint32_t i = 0; i < ex.items.size(); ++i) {
        const auto outcome = in.matcher.itemOutcome(i);
        if (!outcome) continue;
        const ExpectedItem& item = ex.items[i];
        const std::int64_t lineId = base + (++n);
        const json reasons = in.matcher.itemReasons(i);
        const std::string& merchant = ex.merchants[item.merchant];
        std::string& t = lines.row();
        t.push_back('(');
        SqlText::number(t, lineId);
        t += "," + seq + ",'SYSTEM',NULL,'" + formatDate(item.day) + "',NULL,";
        SqlText::number(t, item.amount);
        t += ",NULL," + currency + ",NULL,NULL,NULL,'";
        t += toString(item.kind);
        t += "',";
        sql.quoted(t, ex.idOf(i));
        t.push_back(',');
        sql.quoted(t, merchant);
        t += ",'";
        t += toString(*outcome);
        t += "','NONE','OPEN',0,NULL,NULL,";
        sql.jsonOrNull(t, reasons);
        t += ",NULL," + nowQuoted + ")";
        if (!lines.done()) return false;
        if (*outcome == Outcome::UnmatchedSystem) {
            const json payload = {{"fileId", in.file.fileId},     {"lineId", lineId},           {"side", "SYSTEM"},
                                  {"outcome", "UNMATCHED_SYSTEM"}, {"itemType", toString(item.kind)}, {"itemId", ex.idOf(i)},
                                  {"merchantId", merchant},        {"date", formatDate(item.day)}, {"amount", item.amount},
                                  {"currency", st.currency},       {"reasons", reasons}};
            if (!event(payload)) return false;
        }
    }
    // Line ids must stay inside the file's range.
    assert(n < (std::int64_t{1} << ReconWriter::kLineIdShift));
    return lines.flush() && matches.flush() && events.flush();
}

}  // namespace

json ReconWriter::proposalJson(const ReconMatcher& matcher, const ExpectedSet& expected, const LineResult& r) {
    if (r.proposalKind == MatchKind::None) return nullptr;
    json items = json::array();
    for (std::uint32_t i = 0; i < r.proposalCount; ++i) {
        const std::uint32_t item = matcher.proposalItems()[r.proposalBegin + i];
        const ExpectedItem& it = expected.items[item];
        items.push_back({{"type", toString(it.kind)}, {"id", expected.idOf(item)}, {"amount", it.amount}, {"date", formatDate(it.day)}});
    }
    return {{"kind", toString(r.proposalKind)}, {"score", r.proposalScore}, {"items", items}};
}

Result<std::int64_t> ReconWriter::write(store::DbConnection& c, const FileRecord& file, std::string_view bytes, const BankStatement& statement,
                                        const ExpectedSet& expected, const ReconMatcher& matcher) {
    const MatchStats& stats = matcher.stats();
    const std::string now = store::sqlTimestamp(std::chrono::system_clock::now());
    const bool anyLines = !statement.lines.empty();
    auto mode = c.query("SELECT @@SESSION.sql_mode LIKE '%NO_BACKSLASH_ESCAPES%'");
    if (!mode.ok()) return mode.error();
    const SqlText sql(mode->text(0, 0) != "1");

    auto inserted = c.query(
        "INSERT INTO recon_files (file_id, sha256, file_name, content_type, size_bytes, profile, encoding, currency, merchant_id, uploaded_by, "
        "uploaded_via, header_line, statement_from, statement_to, total_rows, error_rows, matched, amount_mismatch, unmatched_bank, "
        "unmatched_system, duplicates, awaiting, proposals, settings, created_at) VALUES (" +
        c.quote(file.fileId) + ", " + c.quote(file.sha256) + ", " + c.quote(operators::truncateUtf8(file.fileName, 255)) + ", " +
        c.quote(operators::truncateUtf8(file.contentType, 128)) + ", " + std::to_string(bytes.size()) + ", " + c.quote(statement.profile) + ", " +
        c.quote(statement.encoding) + ", " + c.quote(statement.currency) + ", " + (file.merchantId.empty() ? std::string("NULL") : c.quote(file.merchantId)) +
        ", " + c.quote(operators::truncateUtf8(file.uploadedBy, 128)) + ", " + c.quote(file.uploadedVia) + ", " + std::to_string(statement.headerLine) +
        ", " + (anyLines ? c.quote(formatDate(statement.firstDay)) : "NULL") + ", " + (anyLines ? c.quote(formatDate(statement.lastDay)) : "NULL") +
        ", " + std::to_string(statement.rows) + ", " + std::to_string(statement.errorCount) + ", " + std::to_string(stats.matched) + ", " +
        std::to_string(stats.amountMismatch) + ", " + std::to_string(stats.unmatchedBank) + ", " + std::to_string(stats.unmatchedSystem) + ", " +
        std::to_string(stats.duplicate) + ", " + std::to_string(stats.awaitingLines + stats.awaitingItems) + ", " +
        std::to_string(stats.subsetProposals + stats.suggestions) + ", " + c.quote(file.settings.dump()) + ", " + c.quote(now) + ")");
    if (!inserted.ok()) return inserted.error();
    const auto fileSeq = static_cast<std::int64_t>(inserted->insertId);
    assert(fileSeq > 0);

    // Build on a second thread while this one executes: on two cores the SQL text and the server's
    // work overlap. At most kPipeDepth statements are in flight.
    StatementPipe pipe(kPipeDepth);
    const BuildInput input{file, bytes, statement, expected, matcher, fileSeq, now};
    std::thread builder([&] {
        try {
            buildStatements(input, sql, pipe);
            pipe.close();
        } catch (const std::exception& e) {
            pipe.close(std::string("building the import's statements failed: ") + e.what());
        }
    });
    Status failed;
    std::string statementSql;
    while (pipe.pop(statementSql)) {
        if (auto s = c.execute(statementSql); !s.ok()) {
            failed = s;
            pipe.abandon();
            break;
        }
    }
    if (!failed.ok()) {
        // Let the builder notice and finish before its inputs go away.
        while (pipe.pop(statementSql)) {
        }
    }
    builder.join();
    if (!failed.ok()) return failed.error();
    if (const std::string e = pipe.error(); !e.empty()) return Error::make("INTERNAL_ERROR", e);
    return fileSeq;
}

}  // namespace paydesk::recon
