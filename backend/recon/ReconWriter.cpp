#include "recon/ReconWriter.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <chrono>
#include <thread>

#include "core/Crypto.h"
#include "core/Utf8.h"
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
    static void number(std::string& out, std::int64_t v) {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }

private:
    bool backslashes_;
};

// A statement for the executing thread: plain SQL, or a LOAD DATA LOCAL statement with its rows.
struct PipedStatement {
    std::string sql;
    std::string rows;  // LOAD DATA text; empty for plain SQL
    bool load = false;
};
using StatementPipe = BasicStatementPipe<PipedStatement>;

// The fields of one row, written either as an SQL tuple "(1,'a',NULL)" for a multi-row INSERT or
// as a LOAD DATA text line "1\ta\t\N\n" (tab-separated, backslash escapes). LOAD DATA spares the
// server the SQL parser, which is most of its work for a million-row import.
class Row {
public:
    Row(std::string& out, const SqlText& sql, bool loadText) : out_(out), sql_(sql), load_(loadText) {
        if (!load_) out_.push_back('(');
    }
    Row& num(std::int64_t v) {
        separate();
        SqlText::number(out_, v);
        return *this;
    }
    Row& str(std::string_view v) {
        separate();
        if (load_) escapeLoadText(v);
        else sql_.quoted(out_, v);
        return *this;
    }
    Row& strOrNull(std::string_view v) { return v.empty() ? null() : str(v); }
    Row& null() {
        separate();
        out_ += load_ ? "\\N" : "NULL";
        return *this;
    }
    Row& jsonOrNull(const json& j) {
        if (j.is_null() || (j.is_array() && j.empty())) return null();
        return str(j.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    void end() { out_.push_back(load_ ? '\n' : ')'); }

private:
    void separate() {
        if (!first_) out_.push_back(load_ ? '\t' : ',');
        first_ = false;
    }
    void escapeLoadText(std::string_view v) {
        for (char c : v) {
            switch (c) {
                case '\\': out_ += "\\\\"; break;
                case '\t': out_ += "\\t"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\0': out_ += "\\0"; break;
                default: out_.push_back(c);
            }
        }
    }

    std::string& out_;
    const SqlText& sql_;
    const bool load_;
    bool first_ = true;
};

// Collects rows into bounded multi-row statements (INSERT ... VALUES, or LOAD DATA LOCAL with its
// text) and hands each finished one to the pipe.
class BulkRows {
public:
    // `head`: "INSERT INTO t (cols) VALUES " or, with loadText, "LOAD DATA LOCAL INFILE ... (cols)".
    BulkRows(StatementPipe& pipe, const SqlText& sql, std::string head, bool loadText)
        : pipe_(pipe), sql_(sql), head_(std::move(head)), load_(loadText) {}

    // The caller fills the returned row, calls end() on it, then done().
    Row row() {
        if (rows_ == 0) {
            buffer_.reserve(ReconWriter::kMaxStatementBytes + (64u << 10));
            if (!load_) buffer_ = head_;
        } else if (!load_) {
            buffer_.push_back(',');
        }
        return Row(buffer_, sql_, load_);
    }
    bool done() {
        ++rows_;
        if (rows_ >= ReconWriter::kRowsPerStatement || buffer_.size() >= ReconWriter::kMaxStatementBytes) return flush();
        return true;
    }
    bool flush() {
        if (rows_ == 0) return true;
        rows_ = 0;
        PipedStatement statement;
        if (load_) {
            statement.sql = head_;
            statement.rows = std::move(buffer_);
            statement.load = true;
        } else {
            statement.sql = std::move(buffer_);
        }
        buffer_.clear();
        return pipe_.push(std::move(statement));
    }

private:
    StatementPipe& pipe_;
    const SqlText& sql_;
    const std::string head_;
    const bool load_;
    std::string buffer_;
    std::size_t rows_ = 0;
};

// INSERT head or LOAD DATA head for `table` and its columns.
std::string bulkHead(const std::string& table, const std::string& columns, bool loadText) {
    if (!loadText) return "INSERT INTO " + table + " (" + columns + ") VALUES ";
    return "LOAD DATA LOCAL INFILE 'paydesk-" + table + "' INTO TABLE " + table +
           " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + columns + ")";
}

struct BuildInput {
    const FileRecord& file;
    std::string_view bytes;
    const BankStatement& statement;
    const ExpectedSet& expected;
    const ReconMatcher& matcher;
    std::int64_t fileSeq;
    std::string now;  // SQL DATETIME(6) text
    bool loadText;    // recon_lines and recon_matches through LOAD DATA LOCAL
};

// Everything after the file row, as statements into the pipe. Returns early (false) when the
// executing side gave up.
bool buildStatements(const BuildInput& in, const SqlText& sql, StatementPipe& pipe) {
    const std::string seq = std::to_string(in.fileSeq);

    // The bytes, exactly as uploaded.
    for (std::size_t offset = 0, chunk = 0; offset < in.bytes.size(); offset += ReconWriter::kChunkBytes, ++chunk) {
        PipedStatement piece;
        std::string& t = piece.sql;
        t = "INSERT INTO recon_file_chunks (file_seq, chunk_no, bytes) VALUES (" + seq + ", " + std::to_string(chunk) + ", _binary";
        t.reserve(t.size() + 2 * ReconWriter::kChunkBytes + 8);
        sql.quoted(t, in.bytes.substr(offset, ReconWriter::kChunkBytes));
        t += ")";
        if (!pipe.push(std::move(piece))) return false;
    }

    BulkRows errors(pipe, sql, bulkHead("recon_file_errors", "file_seq, line_no, reason", false), false);
    for (const RowError& e : in.statement.errors) {
        errors.row().num(in.fileSeq).num(e.lineNo).str(truncateUtf8(e.reason, 512)).end();
        if (!errors.done()) return false;
    }
    if (!errors.flush()) return false;

    BulkRows lines(pipe, sql,
                   bulkHead("recon_lines",
                            "line_id, file_seq, side, line_no, value_date, value_time, amount, balance, currency, memo, reference, branch, "
                            "item_type, item_id, merchant_id, outcome, match_type, status, score, matched_ids, matched_amount, reasons, "
                            "proposal, updated_at",
                            in.loadText),
                   in.loadText);
    BulkRows matches(pipe, sql, bulkHead("recon_matches", "item_id, item_type, line_id, amount, created_at", in.loadText), in.loadText);
    BulkRows events(pipe, sql,
                    bulkHead("outbox", "event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at", false),
                    false);
    auto event = [&](const json& payload) {
        events.row()
            .str("evt_" + crypto::randomHex(12))
            .str("recon.unmatched")
            .str("recon.unmatched")
            .str("recon_file")
            .str(in.file.fileId)
            .str(truncateUtf8(in.file.correlationId, 64))
            .str(payload.dump(-1, ' ', false, json::error_handler_t::replace))
            .str(in.now)
            .end();
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
        Row row = lines.row();
        row.num(lineId).num(in.fileSeq).str("BANK").num(b.lineNo).str(formatDate(b.day));
        if (b.seconds < 0) row.null();
        else row.str(formatTime(b.seconds));
        row.num(b.amount);
        if (b.hasBalance) row.num(b.balance);
        else row.null();
        row.str(st.currency).strOrNull(st.text.view(b.memo)).strOrNull(st.text.view(b.reference)).strOrNull(st.text.view(b.branch));
        row.null().null();  // item_type, item_id: a bank line is not an item
        if (target != nullptr) row.str(ex.merchants[target->merchant]);
        else row.null();
        row.str(toString(r.outcome)).str(matched ? toString(r.kind) : "NONE").str(r.outcome == Outcome::Matched ? "AUTO" : "OPEN");
        row.num(matched ? r.score : 0);
        if (target != nullptr) row.str(ex.text.view(target->id)).num(target->amount);
        else row.null().null();
        row.jsonOrNull(reasons).jsonOrNull(ReconWriter::proposalJson(in.matcher, ex, r)).str(in.now);
        row.end();
        if (!lines.done()) return false;
        if (target != nullptr) {
            matches.row().str(ex.text.view(target->id)).str(toString(target->kind)).num(lineId).num(target->amount).str(in.now).end();
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
        Row row = lines.row();
        row.num(lineId).num(in.fileSeq).str("SYSTEM").null().str(formatDate(item.day)).null().num(item.amount).null().str(st.currency);
        row.null().null().null();  // memo, reference, branch: the bank's fields
        row.str(toString(item.kind)).str(ex.idOf(i)).str(merchant).str(toString(*outcome)).str("NONE").str("OPEN").num(0);
        row.null().null().jsonOrNull(reasons).null().str(in.now);
        row.end();
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
        "INSERT INTO recon_files (file_id, sha256, file_name, content_type, size_bytes, profile, encoding, currency, "
        "merchant_id, uploaded_by, "
        "uploaded_via, header_line, statement_from, statement_to, total_rows, error_rows, matched, amount_mismatch, "
        "unmatched_bank, "
        "unmatched_system, duplicates, awaiting, proposals, settings, created_at) VALUES (" +
        c.quote(file.fileId) + ", " + c.quote(file.sha256) + ", " + c.quote(truncateUtf8(file.fileName, 255)) + ", " +
        c.quote(truncateUtf8(file.contentType, 128)) + ", " + std::to_string(bytes.size()) + ", " +
        c.quote(statement.profile) + ", " + c.quote(statement.encoding) + ", " + c.quote(statement.currency) + ", " +
        (file.merchantId.empty() ? std::string("NULL") : c.quote(file.merchantId)) + ", " +
        c.quote(truncateUtf8(file.uploadedBy, 128)) + ", " + c.quote(file.uploadedVia) + ", " +
        std::to_string(statement.headerLine) + ", " + (anyLines ? c.quote(formatDate(statement.firstDay)) : "NULL") +
        ", " + (anyLines ? c.quote(formatDate(statement.lastDay)) : "NULL") + ", " + std::to_string(statement.rows) +
        ", " + std::to_string(statement.errorCount) + ", " + std::to_string(stats.matched) + ", " +
        std::to_string(stats.amountMismatch) + ", " + std::to_string(stats.unmatchedBank) + ", " +
        std::to_string(stats.unmatchedSystem) + ", " + std::to_string(stats.duplicate) + ", " +
        std::to_string(stats.awaitingLines + stats.awaitingItems) + ", " +
        std::to_string(stats.subsetProposals + stats.suggestions) + ", " + c.quote(file.settings.dump()) + ", " +
        c.quote(now) + ")");
    if (!inserted.ok()) return inserted.error();
    const auto fileSeq = static_cast<std::int64_t>(inserted->insertId);
    assert(fileSeq > 0);

    // Build on a second thread while this one executes: on two cores the SQL text and the server's
    // work overlap. At most kPipeDepth statements are in flight.
    StatementPipe pipe(kPipeDepth);
    // LOAD DATA LOCAL when the server allows it (MariaDB's default), else multi-row INSERTs: the
    // same rows either way.
    auto localInfile = c.query("SELECT @@GLOBAL.local_infile");
    if (!localInfile.ok()) return localInfile.error();
    const bool loadText = localInfile->text(0, 0) == "1";
    const BuildInput input{file, bytes, statement, expected, matcher, fileSeq, now, loadText};
    std::thread builder([&] {
        try {
            buildStatements(input, sql, pipe);
            pipe.close();
        } catch (const std::exception& e) {
            pipe.close(std::string("building the import's statements failed: ") + e.what());
        }
    });
    Status failed;
    PipedStatement next;
    while (pipe.pop(next)) {
        const Status s = next.load ? c.loadLocalData(next.sql, next.rows) : c.execute(next.sql);
        if (!s.ok()) {
            failed = s;
            pipe.abandon();
            break;
        }
    }
    if (!failed.ok()) {
        // Let the builder notice and finish before its inputs go away.
        while (pipe.pop(next)) {
        }
    }
    builder.join();
    if (!failed.ok()) return failed.error();
    if (const std::string e = pipe.error(); !e.empty()) return Error::make(ErrorCode::InternalError, e);
    return fileSeq;
}

}  // namespace paydesk::recon
