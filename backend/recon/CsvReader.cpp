#include "recon/CsvReader.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace paydesk::recon {

namespace {

bool isBreak(char c) { return c == '\n' || c == '\r'; }

// Physical line breaks in a run of bytes: LF, CRLF (counted once) and lone CR.
std::uint32_t countBreaks(const char* p, std::size_t n) {
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] == '\n') ++count;
        else if (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n')) ++count;
    }
    return count;
}

}  // namespace

CsvReader::CsvReader(ByteSource& source, CsvLimits limits) : source_(source), limits_(limits) {
    assert(limits_.maxRecordBytes > 0 && limits_.chunkBytes > 0 && limits_.maxFields > 0);
    // Room for one whole record plus a chunk: a record that fits the limit always fits the buffer.
    buffer_.resize(limits_.maxRecordBytes + limits_.chunkBytes + 4);
}

bool CsvReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    assert(end_ < buffer_.size());
    const std::size_t n = source_.read(buffer_.data() + end_, buffer_.size() - end_);
    if (n == 0) {
        eof_ = true;
        return false;
    }
    end_ += n;
    return true;
}

CsvReader::Parse CsvReader::parseRecord(std::size_t& consumed, std::uint32_t& breaks, bool& blank, std::string& error, std::size_t& reach) {
    storage_.clear();
    bounds_.clear();
    tooManyFields_ = false;
    breaks = 0;
    const char* buf = buffer_.data();
    std::size_t p = begin_;
    reach = p;
    if (p == end_) return eof_ ? Parse::End : Parse::NeedMore;
    bool quotedAny = false;
    for (;;) {
        const std::size_t fieldStart = storage_.size();
        if (p < end_ && buf[p] == '"') {
            quotedAny = true;
            ++p;
            for (;;) {
                const void* hit = p < end_ ? std::memchr(buf + p, '"', end_ - p) : nullptr;
                if (hit == nullptr) {
                    reach = end_;  // everything we have is inside the quotes
                    return eof_ ? Parse::Unterminated : Parse::NeedMore;
                }
                const auto q = static_cast<std::size_t>(static_cast<const char*>(hit) - buf);
                storage_.append(buf + p, q - p);
                breaks += countBreaks(buf + p, q - p);
                if (q + 1 == end_ && !eof_) {
                    reach = q;  // closing or escaped: the next byte decides
                    return Parse::NeedMore;
                }
                if (q + 1 < end_ && buf[q + 1] == '"') {  // an escaped quote
                    storage_.push_back('"');
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            if (p < end_ && buf[p] != ',' && !isBreak(buf[p])) {
                // RFC 4180 allows nothing between a closing quote and the delimiter; keep the text
                // (so the row can be shown) but report the record.
                if (error.empty()) error = "unexpected text after a closing quote";
                while (p < end_ && buf[p] != ',' && !isBreak(buf[p])) storage_.push_back(buf[p++]);
            }
        } else {
            const std::size_t s = p;
            while (p < end_ && buf[p] != ',' && !isBreak(buf[p])) ++p;
            storage_.append(buf + s, p - s);
        }
        if (p - begin_ > limits_.maxRecordBytes) return Parse::TooLong;
        if (p == end_ && !eof_) {
            reach = p;
            return Parse::NeedMore;
        }
        if (bounds_.size() < limits_.maxFields) bounds_.emplace_back(fieldStart, storage_.size() - fieldStart);
        else tooManyFields_ = true;
        if (p == end_) break;  // end of input ends the last record
        if (buf[p] == ',') {
            ++p;
            continue;
        }
        if (buf[p] == '\r') {
            if (p + 1 == end_ && !eof_) {  // CR now, maybe LF next
                reach = p;
                return Parse::NeedMore;
            }
            p += (p + 1 < end_ && buf[p + 1] == '\n') ? 2 : 1;
        } else {
            ++p;
        }
        break;
    }
    consumed = p - begin_;
    blank = !quotedAny && bounds_.size() == 1 && bounds_[0].second == 0;
    return Parse::Complete;
}

void CsvReader::produce(CsvRecord& out, std::uint32_t startLine, std::string error) {
    out.line = startLine;
    out.fields.clear();
    for (const auto& [offset, length] : bounds_) out.fields.emplace_back(storage_.data() + offset, length);
    if (error.empty() && tooManyFields_) error = "more than " + std::to_string(limits_.maxFields) + " fields";
    out.error = std::move(error);
}

void CsvReader::resumeOnNextLine() {
    const char* buf = buffer_.data();
    for (std::size_t p = begin_; p < end_; ++p) {
        if (!isBreak(buf[p])) continue;
        if (buf[p] == '\r' && p + 1 < end_ && buf[p + 1] == '\n') ++p;
        else if (buf[p] == '\r' && p + 1 == end_) skipLf_ = true;  // its LF may be in the next chunk
        begin_ = p + 1;
        ++line_;
        return;
    }
    // No line break in what we hold: the rest of this line is skipped as it streams in.
    begin_ = end_;
    discarding_ = true;
}

bool CsvReader::next(CsvRecord& out) {
    if (!started_) {
        started_ = true;
        while (end_ - begin_ < 3 && fill()) {
        }  // enough bytes to see a byte order mark, however small the source's reads
        if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    }
    for (;;) {
        if (discarding_) {
            const char* buf = buffer_.data();
            const void* lf = begin_ < end_ ? std::memchr(buf + begin_, '\n', end_ - begin_) : nullptr;
            const void* cr = begin_ < end_ ? std::memchr(buf + begin_, '\r', end_ - begin_) : nullptr;
            if (lf == nullptr && cr == nullptr) {
                begin_ = end_;
                if (!fill()) return false;
                continue;
            }
            discarding_ = false;
            const char* hit = static_cast<const char*>(lf == nullptr ? cr : (cr == nullptr ? lf : std::min(lf, cr)));
            std::size_t p = static_cast<std::size_t>(hit - buf);
            if (*hit == '\r' && p + 1 < end_ && buf[p + 1] == '\n') ++p;
            else if (*hit == '\r' && p + 1 == end_) skipLf_ = true;
            begin_ = p + 1;
            ++line_;
        }
        if (skipLf_) {
            // A CR that ended a skipped line was the last byte we had: an LF right after it is
            // the same line break, not another line.
            if (begin_ == end_) fill();
            if (begin_ < end_ && buffer_[begin_] == '\n') ++begin_;
            skipLf_ = false;
        }
        std::size_t consumed = 0;
        std::uint32_t breaks = 0;
        bool blank = false;
        std::string error;
        std::size_t reach = 0;
        const Parse r = parseRecord(consumed, breaks, blank, error, reach);
        switch (r) {
            case Parse::End: return false;
            case Parse::NeedMore:
                // Too long is decided on the bytes the record is known to span, never on how much
                // happens to be buffered: the outcome must not depend on chunk sizes.
                if (reach - begin_ > limits_.maxRecordBytes) {
                    storage_.clear();
                    bounds_.clear();
                    produce(out, line_, "record longer than " + std::to_string(limits_.maxRecordBytes) + " bytes");
                    resumeOnNextLine();
                    return true;
                }
                fill();  // at the end of input, parseRecord sees eof_ and finishes the record
                continue;
            case Parse::TooLong:
                storage_.clear();
                bounds_.clear();
                produce(out, line_, "record longer than " + std::to_string(limits_.maxRecordBytes) + " bytes");
                resumeOnNextLine();
                return true;
            case Parse::Unterminated:
                storage_.clear();
                bounds_.clear();
                produce(out, line_, "unterminated quoted field (a quote opened and never closed)");
                resumeOnNextLine();
                return true;
            case Parse::Complete: {
                const std::uint32_t start = line_;
                begin_ += consumed;
                line_ += breaks + 1;
                if (blank) continue;
                produce(out, start, std::move(error));
                return true;
            }
        }
    }
}

}  // namespace paydesk::recon
