// libFuzzer target for reading bank statements: the CSV reader, the decoders and every bank profile
// (tests/fuzz/CMakeLists.txt builds it with clang and -DPAYDESK_BUILD_FUZZERS=ON). Whatever the
// bytes, the reader must not crash, must return every record within its limits with non-decreasing
// line numbers, and must give the same records whether the input arrives whole or in tiny chunks;
// decoding must always produce valid UTF-8; the field parsers must answer a value or an error, and
// what they answer must survive formatting and parsing again.
//
// The whole statement reader runs on the bytes with each built-in profile alone, with all of them
// (the header row picks), and with operator-defined profiles for the other date orders and number
// formats; each in every supported encoding (UTF-8, CP949 — EUC-KR is read as CP949 — and detected).
// A statement must be internally consistent, and a UTF-8 file must read exactly as its CP949
// conversion does.
//
//   build/fuzz/tests/fuzz/fuzz_CsvReader -max_total_time=60 tests/fuzz/corpus/fuzz_CsvReader

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "FuzzCheck.h"
#include "recon/BankFields.h"
#include "recon/BankProfile.h"
#include "recon/ByteSource.h"
#include "recon/CsvReader.h"
#include "recon/DecodingSource.h"
#include "recon/StatementReader.h"
#include "recon/TextEncoding.h"

using namespace paydesk::recon;

namespace {

class ChunkedSource final : public ByteSource {
public:
    ChunkedSource(std::string_view data, std::size_t step) : data_(data), step_(step) {}
    std::size_t read(char* out, std::size_t capacity) override {
        std::size_t n = data_.size() - position_;
        if (n > capacity) n = capacity;
        if (n > step_) n = step_;
        std::memcpy(out, data_.data() + position_, n);
        position_ += n;
        return n;
    }

private:
    std::string_view data_;
    std::size_t step_;
    std::size_t position_ = 0;
};

struct Record {
    std::uint32_t line;
    std::vector<std::string> fields;
    std::string error;
    bool operator==(const Record&) const = default;
};

std::vector<Record> readAll(ByteSource& source, const CsvLimits& limits) {
    CsvReader reader(source, limits);
    std::vector<Record> out;
    CsvRecord r;
    std::uint32_t previous = 0;
    while (reader.next(r)) {
        FUZZ_CHECK(r.line >= 1 && r.line >= previous);
        previous = r.line;
        FUZZ_CHECK(r.fields.size() <= limits.maxFields);
        std::size_t bytes = 0;
        for (std::string_view f : r.fields) bytes += f.size();
        FUZZ_CHECK(bytes <= limits.maxRecordBytes);
        out.push_back({r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()), r.error});
        FUZZ_CHECK(out.size() <= 1'000'000);
    }
    return out;
}

// Profiles an operator could define, covering what the built-ins do not: day-first and month-first
// dates, a decimal comma with '.', ' ' or '\'' groups, a single signed amount column.
std::vector<BankProfile> operatorProfiles() {
    const nlohmann::json definitions[] = {
        {{"name", "eu-dmy"},
         {"dateOrder", "DMY"},
         {"decimalPoint", ","},
         {"groupSeparator", "."},
         {"currency", "EUR"},
         {"columns",
          {{"date", {"Buchungstag", "Datum"}},
           {"amount", "Betrag"},
           {"memo", {"Verwendungszweck", "Text"}},
           {"balance", "Saldo"},
           {"reference", "Referenz"}}}},
        {{"name", "us-mdy"},
         {"dateOrder", "MDY"},
         {"currency", "USD"},
         {"encoding", "UTF-8"},
         {"headerSearchRows", 3},
         {"columns", {{"date", "Date"}, {"time", "Time"}, {"credit", "In"}, {"debit", "Out"}, {"memo", "Payee"}}}},
        {{"name", "ch-space"},
         {"dateOrder", "DMY"},
         {"decimalPoint", ","},
         {"groupSeparator", " "},
         {"encoding", "EUC-KR"},
         {"currency", "JPY"},
         {"columns", {{"date", "D"}, {"amount", "A"}, {"branch", "B"}}}},
        {{"name", "apostrophe"},
         {"groupSeparator", "'"},
         {"currency", "KWD"},
         {"columns", {{"date", "date"}, {"amount", "amount"}, {"memo", "memo"}}}},
    };
    std::vector<BankProfile> out;
    for (const nlohmann::json& d : definitions) {
        auto p = BankProfile::fromJson(d);
        FUZZ_CHECK(p.ok());
        out.push_back(std::move(p.value()));
    }
    return out;
}

// Each candidate list the reader is run with.
const std::vector<std::vector<const BankProfile*>>& candidateLists() {
    static const std::vector<BankProfile> custom = operatorProfiles();
    static const std::vector<std::vector<const BankProfile*>> lists = [] {
        std::vector<std::vector<const BankProfile*>> out;
        std::vector<const BankProfile*> everyBuiltIn;
        for (const BankProfile& p : BankProfile::builtIns()) {
            out.push_back({&p});
            everyBuiltIn.push_back(&p);
        }
        out.push_back(everyBuiltIn);
        for (const BankProfile& p : custom) out.push_back({&p});
        return out;
    }();
    return lists;
}

// A statement must describe itself consistently, and what it holds must be valid UTF-8.
void checkStatement(const BankStatement& s, const StatementOptions& options, const BankProfile* chosen) {
    FUZZ_CHECK(chosen != nullptr && s.profile == chosen->name);
    FUZZ_CHECK(s.encoding == "UTF-8" || s.encoding == "CP949");
    FUZZ_CHECK(s.rows == s.lines.size() + s.errorCount && s.rows <= options.maxRows);
    FUZZ_CHECK(s.errors.size() == std::min(s.errorCount, BankStatement::kMaxErrorDetails));
    FUZZ_CHECK(s.exponent >= 0 && s.exponent <= 4);
    std::uint32_t previous = s.headerLine;
    for (const BankLine& line : s.lines) {
        FUZZ_CHECK(line.lineNo > previous);
        previous = line.lineNo;
        FUZZ_CHECK(line.amount != 0);
        FUZZ_CHECK(line.day >= s.firstDay && line.day <= s.lastDay);
        FUZZ_CHECK(line.seconds >= -1 && line.seconds < 86400);
        for (TextRef ref : {line.memo, line.reference, line.branch}) FUZZ_CHECK(isValidUtf8(s.text.view(ref)));
        FUZZ_CHECK(s.text.view(line.memo).size() <= StatementOptions::kMaxMemoChars * 4);
        FUZZ_CHECK(formatAmount(line.amount, s.exponent).size() < 40);
    }
    for (const RowError& e : s.errors)
        FUZZ_CHECK(e.lineNo > s.headerLine && !e.reason.empty() && isValidUtf8(e.reason));
}

struct Outcome {
    bool ok = false;
    std::string code;
    std::vector<std::tuple<std::int64_t, std::int64_t, bool, std::uint32_t, std::int32_t, std::int32_t, std::string,
                           std::string, std::string>>
        lines;
    std::vector<std::pair<std::uint32_t, std::string>> errors;
    bool operator==(const Outcome&) const = default;
};

Outcome readStatement(std::string_view bytes, const StatementOptions& options) {
    const BankProfile* chosen = nullptr;
    auto result = StatementReader::read(bytes, options, &chosen);
    Outcome out;
    out.ok = result.ok();
    if (!result.ok()) {
        out.code = result.error().code;
        FUZZ_CHECK(out.code == "EMPTY_FILE" || out.code == "UNRECOGNIZED_FORMAT" || out.code == "TOO_MANY_ROWS");
        FUZZ_CHECK(isValidUtf8(result.error().message));
        return out;
    }
    const BankStatement& s = result.value();
    checkStatement(s, options, chosen);
    for (const BankLine& l : s.lines) {
        out.lines.emplace_back(l.amount, l.balance, l.hasBalance, l.lineNo, l.day, l.seconds,
                               std::string(s.text.view(l.memo)), std::string(s.text.view(l.reference)),
                               std::string(s.text.view(l.branch)));
    }
    for (const RowError& e : s.errors) out.errors.emplace_back(e.lineNo, e.reason);
    return out;
}

void fuzzStatements(std::string_view input, const CsvLimits& limits, std::uint8_t control, std::uint8_t selector) {
    // The same text as CP949, when every character has a CP949 form that converts back unchanged.
    std::optional<std::string> cp949;
    if (isValidUtf8(input)) {
        cp949 = utf8ToCp949(input);
        if (cp949 && toUtf8(*cp949, TextEncoding::Cp949) != input) cp949.reset();
    }
    // One candidate list per execution (reading a statement is the expensive part), in every encoding.
    const auto& lists = candidateLists();
    {
        const auto& profiles = lists[selector % lists.size()];
        StatementOptions options;
        options.profiles = profiles;
        options.csv = limits;
        // Wider than the reader's own limits above, so that header rows of real width still fit.
        options.csv.maxRecordBytes = 64 + (control & 0x3F) * 16;
        options.csv.maxFields = 4 + (control >> 6) * 8;
        // Through a DecodingSource, reads are at least 16 bytes (its documented minimum).
        options.csv.chunkBytes = 16 + control % 13;
        options.maxRows = 1 + control % 50;
        for (const std::optional<TextEncoding> encoding :
             {std::optional<TextEncoding>(), std::optional(TextEncoding::Utf8), std::optional(TextEncoding::Cp949)}) {
            options.encoding = encoding;
            const Outcome outcome = readStatement(input, options);
            // Emptiness is judged on the raw bytes, before decoding: a file of nothing but ideographic
            // spaces is EMPTY_FILE in UTF-8 and UNRECOGNIZED_FORMAT in CP949 (harmless).
            if (encoding == TextEncoding::Utf8 && cp949 && outcome.code != "EMPTY_FILE") {
                options.encoding = TextEncoding::Cp949;
                FUZZ_CHECK(readStatement(*cp949, options) == outcome);
            }
        }
    }
}

// Whatever a field parser accepted must come back unchanged through formatting and parsing again.
void fuzzFields(const std::vector<Record>& records, std::uint8_t control) {
    const int exponent = control % 4;
    for (const Record& r : records) {
        for (const std::string& f : r.fields) {
            auto a = parseAmount(f, AmountFormat{exponent, '.', ','});
            if (a.ok() && a->has_value()) {
                const std::string formatted = formatAmount(**a, exponent);
                FUZZ_CHECK(formatted.size() < 40);
                auto again = parseAmount(formatted, AmountFormat{exponent, '.', ','});
                FUZZ_CHECK(again.ok() && again->has_value() && **again == **a);
            }
            auto d = parseDateTime(f, static_cast<DateOrder>(control % 3));
            if (d.ok()) {
                FUZZ_CHECK(d->seconds >= -1 && d->seconds < 86400);
                auto again = parseDateTime(formatDate(d->day));
                FUZZ_CHECK(again.ok() && again->day == d->day && again->seconds == -1);
            }
            auto t = parseTimeOfDay(f);
            if (t.ok()) {
                FUZZ_CHECK(*t >= 0 && *t < 86400);
                auto again = parseTimeOfDay(formatTime(*t));
                FUZZ_CHECK(again.ok() && *again == *t);
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // The first byte picks the chunk size and the limits, the second the bank profiles to read the
    // statement with, so the fuzzer explores them all.
    const std::uint8_t control = data[0];
    const std::uint8_t selector = data[1];
    const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
    CsvLimits limits;
    limits.maxRecordBytes = 16 + (control & 0x3F) * 8;
    limits.maxFields = 1 + (control >> 6) * 4;
    limits.chunkBytes = 1 + (control % 13);

    MemorySource whole(input);
    const auto expected = readAll(whole, limits);
    ChunkedSource chunked(input, 1 + control % 5);
    FUZZ_CHECK(readAll(chunked, limits) == expected);

    // Decoding: CP949 and UTF-8 repair both always yield valid UTF-8, and CSV reads it too.
    for (TextEncoding encoding : {TextEncoding::Cp949, TextEncoding::Utf8}) {
        MemorySource raw(input);
        DecodingSource decoded(raw, encoding, 16 + control % 7);
        std::string text;
        char buffer[37];
        while (const std::size_t n = decoded.read(buffer, sizeof buffer)) text.append(buffer, n);
        FUZZ_CHECK(isValidUtf8(text));
        MemorySource again(text);
        (void)readAll(again, limits);
    }

    fuzzFields(expected, control);
    fuzzStatements(input, limits, control, selector);
    return 0;
}
