#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "recon/ByteSource.h"

namespace paydesk::recon {

struct CsvLimits {
    std::size_t maxRecordBytes = 64 * 1024;  // one record, quoted newlines included; longer ones are errors
    std::size_t maxFields = 512;             // fields kept per record; more is an error
    std::size_t chunkBytes = 256 * 1024;     // read granularity
};

// One record. The views point into the reader and stay valid until the next call to next().
struct CsvRecord {
    std::uint32_t line = 0;                 // physical line (1-based) where the record starts
    std::vector<std::string_view> fields;   // unquoted, "" unescaped
    std::string error;                      // non-empty: the record is malformed (fields may be partial)
};

// A streaming RFC 4180 reader: quoted fields with escaped quotes (""), embedded commas and line
// breaks, CRLF, LF or lone-CR line ends, an optional UTF-8 byte order mark. It holds at most one
// record plus one chunk in memory whatever the input size.
//
// It never gives up on the rest of the input: a malformed record is returned with `error` set and
// reading resumes on the line after the one it started on. That covers an unterminated quote (which
// would otherwise swallow the rest of the file) and a record longer than maxRecordBytes. Blank lines
// are skipped but counted, so line numbers always match what an editor shows.
class CsvReader {
public:
    explicit CsvReader(ByteSource& source, CsvLimits limits = {});

    // The next record, or false at the end of the input.
    bool next(CsvRecord& out);

    // The physical line the next record will start on.
    [[nodiscard]] std::uint32_t line() const { return line_; }

private:
    enum class Parse { Complete, NeedMore, TooLong, Unterminated, End };
    // On NeedMore, `reach` is how far the record is known to extend (what decides TooLong).
    Parse parseRecord(std::size_t& consumed, std::uint32_t& breaks, bool& blank, std::string& error, std::size_t& reach);
    bool fill();
    // Resynchronise after a malformed record: continue after the first line break following its start.
    void resumeOnNextLine();
    void produce(CsvRecord& out, std::uint32_t startLine, std::string error);

    ByteSource& source_;
    const CsvLimits limits_;
    std::string buffer_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    bool started_ = false;
    bool discarding_ = false;  // skipping the rest of an over-long line that did not fit the buffer
    bool skipLf_ = false;      // a skipped line ended with the buffer's last byte, a CR
    std::uint32_t line_ = 1;
    std::string storage_;                                   // the current record's unescaped bytes
    std::vector<std::pair<std::size_t, std::size_t>> bounds_;  // (offset, length) in storage_
    bool tooManyFields_ = false;
};

}  // namespace paydesk::recon
