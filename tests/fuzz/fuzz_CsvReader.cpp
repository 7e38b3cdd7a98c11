// libFuzzer target for the bank statement CSV reader (tests/fuzz/CMakeLists.txt builds it with clang
// and -DPAYDESK_BUILD_FUZZERS=ON). Whatever the bytes, the reader must not crash, must return every
// record within its limits with non-decreasing line numbers, and must give the same records whether
// the input arrives whole or in tiny chunks; decoding must always produce valid UTF-8; the field
// parsers must answer a value or an error, never anything else.
//
//   build/fuzz/tests/fuzz/fuzz_CsvReader -max_total_time=60 tests/fuzz/corpus/csv

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "recon/BankFields.h"
#include "recon/ByteSource.h"
#include "recon/CsvReader.h"
#include "recon/DecodingSource.h"
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

void check(bool condition) {
    if (!condition) std::abort();
}

std::vector<Record> readAll(ByteSource& source, const CsvLimits& limits) {
    CsvReader reader(source, limits);
    std::vector<Record> out;
    CsvRecord r;
    std::uint32_t previous = 0;
    while (reader.next(r)) {
        check(r.line >= 1 && r.line >= previous);
        previous = r.line;
        check(r.fields.size() <= limits.maxFields);
        std::size_t bytes = 0;
        for (std::string_view f : r.fields) bytes += f.size();
        check(bytes <= limits.maxRecordBytes);
        out.push_back({r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()), r.error});
        check(out.size() <= 1'000'000);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the chunk size and the limits, so the fuzzer explores both.
    const std::uint8_t control = data[0];
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    CsvLimits limits;
    limits.maxRecordBytes = 16 + (control & 0x3F) * 8;
    limits.maxFields = 1 + (control >> 6) * 4;
    limits.chunkBytes = 1 + (control % 13);

    MemorySource whole(input);
    const auto expected = readAll(whole, limits);
    ChunkedSource chunked(input, 1 + control % 5);
    check(readAll(chunked, limits) == expected);

    // Decoding: CP949 and UTF-8 repair both always yield valid UTF-8, and CSV reads it too.
    for (TextEncoding encoding : {TextEncoding::Cp949, TextEncoding::Utf8}) {
        MemorySource raw(input);
        DecodingSource decoded(raw, encoding, 16 + control % 7);
        std::string text;
        char buffer[37];
        while (const std::size_t n = decoded.read(buffer, sizeof buffer)) text.append(buffer, n);
        check(isValidUtf8(text));
        MemorySource again(text);
        (void)readAll(again, limits);
    }

    // Field parsers on every field: a value or an error, never a crash.
    for (const Record& r : expected) {
        for (const std::string& f : r.fields) {
            auto a = parseAmount(f, AmountFormat{control % 4, '.', ','});
            if (a.ok() && a->has_value()) check(formatAmount(**a, control % 4).size() < 40);
            (void)parseDateTime(f, static_cast<DateOrder>(control % 3));
            (void)parseTimeOfDay(f);
        }
    }
    return 0;
}
