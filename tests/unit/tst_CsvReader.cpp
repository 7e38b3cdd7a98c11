#include <QtTest>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "recon/ByteSource.h"
#include "recon/CsvReader.h"
#include "recon/DecodingSource.h"
#include "recon/TextEncoding.h"

using namespace paydesk::recon;

namespace {

struct Row {
    std::uint32_t line = 0;
    std::vector<std::string> fields;
    std::string error;
};

// A source that hands out at most `step` bytes per read: every chunk boundary gets exercised.
class TrickleSource final : public ByteSource {
public:
    TrickleSource(std::string_view data, std::size_t step) : data_(data), step_(step) {}
    std::size_t read(char* out, std::size_t capacity) override {
        const std::size_t n = std::min({capacity, step_, data_.size() - pos_});
        std::memcpy(out, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }

private:
    std::string_view data_;
    std::size_t step_;
    std::size_t pos_ = 0;
};

// Generates `lines` CSV lines on the fly: a file that never exists in memory as a whole.
class GeneratedSource final : public ByteSource {
public:
    explicit GeneratedSource(std::size_t lines) : lines_(lines) {}
    std::size_t read(char* out, std::size_t capacity) override {
        std::size_t written = 0;
        while (written < capacity) {
            if (pending_.empty()) {
                if (next_ >= lines_) break;
                pending_ = "2026-11-" + std::to_string(10 + next_ % 20) + ",\"memo, number " + std::to_string(next_) + "\"," +
                           std::to_string(1000 + next_) + "\r\n";
                offset_ = 0;
                ++next_;
            }
            const std::size_t n = std::min(capacity - written, pending_.size() - offset_);
            std::memcpy(out + written, pending_.data() + offset_, n);
            written += n;
            offset_ += n;
            if (offset_ == pending_.size()) pending_.clear();
        }
        return written;
    }

private:
    std::size_t lines_;
    std::size_t next_ = 0;
    std::string pending_;
    std::size_t offset_ = 0;
};

std::vector<Row> readAll(ByteSource& source, CsvLimits limits = {}) {
    CsvReader reader(source, limits);
    std::vector<Row> rows;
    CsvRecord r;
    while (reader.next(r)) rows.push_back({r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()), r.error});
    return rows;
}

std::vector<Row> readText(std::string_view text, CsvLimits limits = {}) {
    MemorySource source(text);
    return readAll(source, limits);
}

std::string fixture(const char* name) {
    std::ifstream in(std::string(PAYDESK_SOURCE_DIR) + "/tests/fixtures/recon/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> fields(std::initializer_list<const char*> list) { return std::vector<std::string>(list.begin(), list.end()); }

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT
private slots:
    void plainRecordsWithEveryLineEnd() {
        const auto rows = readText("a,b,c\r\n1,2,3\n4,5,6\r7,8,9");
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(rows[0].fields, fields({"a", "b", "c"}));
        QCOMPARE(rows[3].fields, fields({"7", "8", "9"}));
        QCOMPARE(rows[1].line, 2U);
        QCOMPARE(rows[2].line, 3U);
        QCOMPARE(rows[3].line, 4U);
        for (const Row& r : rows) QVERIFY(r.error.empty());
    }

    void quotesCommasNewlinesAndEscapedQuotes() {
        const auto rows = readText("\"a,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,\"\",x\n");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].fields, fields({"a,1", "say \"hi\"", "two\r\nlines"}));
        QCOMPARE(rows[0].line, 1U);
        // The embedded line break counts: the next record starts on physical line 3.
        QCOMPARE(rows[1].line, 3U);
        QCOMPARE(rows[1].fields, fields({"next", "", "x"}));
    }

    void emptyFieldsAndTrailingComma() {
        const auto rows = readText(",,\na,\n");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].fields, fields({"", "", ""}));
        QCOMPARE(rows[1].fields, fields({"a", ""}));
    }

    void byteOrderMarkIsDropped() {
        const auto rows = readText("\xEF\xBB\xBF" "Date,Amount\n2026-11-23,5\n");
        QCOMPARE(rows[0].fields[0], std::string("Date"));
    }

    void blankLinesAreSkippedButCounted() {
        const auto rows = readText("a\n\n\r\n\nb\n");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[1].line, 5U);
    }

    void unterminatedQuoteIsReportedAndReadingResumes() {
        const auto rows = readText(fixture("malformed_unterminated_quote.csv"));
        // header, the bad record (line 2), then lines 3 and 4 read normally.
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(rows[1].line, 2U);
        QVERIFY2(rows[1].error.find("unterminated") != std::string::npos, rows[1].error.c_str());
        QCOMPARE(rows[2].line, 3U);
        QVERIFY(rows[2].error.empty());
        QCOMPARE(rows[2].fields, fields({"2026-11-21", "after the bad quote", "200"}));
        QCOMPARE(rows[3].line, 4U);
    }

    void textAfterClosingQuoteIsAnError() {
        const auto rows = readText("\"ab\"cd,e\nok,1\n");
        QCOMPARE(rows.size(), std::size_t(2));
        QVERIFY(!rows[0].error.empty());
        QCOMPARE(rows[0].fields[0], std::string("abcd"));
        QVERIFY(rows[1].error.empty());
    }

    void overlongRecordIsAnErrorAndReadingResumes() {
        CsvLimits limits;
        limits.maxRecordBytes = 64;
        limits.chunkBytes = 16;
        const std::string longLine(500, 'x');
        const auto rows = readText("a,b\n" + longLine + "\nc,d\n\"" + longLine + "\nafter,quote\n", limits);
        QCOMPARE(rows.size(), std::size_t(5));
        QCOMPARE(rows[1].line, 2U);
        QVERIFY(rows[1].error.find("longer than 64") != std::string::npos);
        QCOMPARE(rows[2].fields, fields({"c", "d"}));
        QCOMPARE(rows[2].line, 3U);
        QVERIFY(!rows[3].error.empty());
        QCOMPARE(rows[4].fields, fields({"after", "quote"}));
        QCOMPARE(rows[4].line, 5U);
    }

    void tooManyFields() {
        CsvLimits limits;
        limits.maxFields = 3;
        const auto rows = readText("1,2,3,4,5\n1,2,3\n", limits);
        QVERIFY(rows[0].error.find("more than 3 fields") != std::string::npos);
        QCOMPARE(rows[0].fields.size(), std::size_t(3));
        QVERIFY(rows[1].error.empty());
    }

    void everyChunkBoundaryGivesTheSameResult() {
        for (const char* name : {"generic_en.csv", "kr_bank_utf8_bom.csv", "malformed_values.csv", "malformed_unterminated_quote.csv",
                                 "malformed_columns.csv", "binary_junk.bin"}) {
            const std::string text = fixture(name);
            const auto whole = readText(text);
            for (std::size_t step : {1, 2, 3, 7, 64}) {
                TrickleSource trickle(text, step);
                CsvLimits limits;
                limits.chunkBytes = step;
                const auto pieces = readAll(trickle, limits);
                QCOMPARE(pieces.size(), whole.size());
                for (std::size_t i = 0; i < whole.size(); ++i) {
                    QCOMPARE(pieces[i].line, whole[i].line);
                    QCOMPARE(pieces[i].fields, whole[i].fields);
                    QCOMPARE(pieces[i].error, whole[i].error);
                }
            }
        }
    }

    void aMillionLinesStreamInBoundedMemory() {
        // The reader holds one record and one chunk: a million lines go through without the file
        // ever existing whole, and every line number is right.
        GeneratedSource source(1'000'000);
        CsvReader reader(source);
        CsvRecord r;
        std::size_t count = 0;
        std::uint32_t lastLine = 0;
        const auto start = std::chrono::steady_clock::now();
        while (reader.next(r)) {
            ++count;
            QVERIFY(r.error.empty());
            lastLine = r.line;
        }
        QCOMPARE(count, std::size_t(1'000'000));
        QCOMPARE(lastLine, 1'000'000U);
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
    }

    void decodingCp949AcrossChunkBoundaries() {
        const std::string utf8 = "거래일자,적요\n2026.11.23,타행이체 주식회사\n";
        const auto cp949 = utf8ToCp949(utf8);
        QVERIFY(cp949.has_value());
        QVERIFY(!isValidUtf8(*cp949));
        for (std::size_t step : {1, 2, 3, 5}) {
            TrickleSource raw(*cp949, step);
            DecodingSource decoded(raw, TextEncoding::Cp949, 16);
            std::string out;
            char buf[7];
            while (const std::size_t n = decoded.read(buf, sizeof buf)) out.append(buf, n);
            QCOMPARE(out, utf8);
            QCOMPARE(decoded.replacements(), std::size_t(0));
        }
    }

    void undecodableBytesBecomeReplacementCharacters() {
        const std::string bad = std::string("ok,") + '\xFF' + '\xFE' + ",\x81\n";  // 0x81 alone: a lead byte with no trail
        MemorySource raw(bad);
        DecodingSource decoded(raw, TextEncoding::Cp949);
        std::string out;
        char buf[64];
        while (const std::size_t n = decoded.read(buf, sizeof buf)) out.append(buf, n);
        QVERIFY(isValidUtf8(out));
        QVERIFY(out.find("\xEF\xBF\xBD") != std::string::npos);
        QVERIFY(decoded.replacements() >= 2);
        QVERIFY(out.rfind("ok,", 0) == 0);
    }

    void malformedUtf8IsRepaired() {
        MemorySource raw(std::string("a,\xC0\xAF,b\n"));  // an overlong '/'
        DecodingSource decoded(raw, TextEncoding::Utf8);
        std::string out;
        char buf[64];
        while (const std::size_t n = decoded.read(buf, sizeof buf)) out.append(buf, n);
        QVERIFY(isValidUtf8(out));
        QVERIFY(decoded.replacements() >= 1);
    }
};

QTEST_APPLESS_MAIN(TestCsvReader)
#include "tst_CsvReader.moc"
