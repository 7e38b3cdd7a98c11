#include "recon/DecodingSource.h"

#include <cassert>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace paydesk::recon {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr std::size_t kReplacementBytes = 3;

}  // namespace

DecodingSource::DecodingSource(ByteSource& raw, TextEncoding from, std::size_t chunkBytes) : raw_(raw), from_(from), in_(chunkBytes) {
    assert(chunkBytes >= 16);
    if (from_ == TextEncoding::Utf8) return;
    cd_ = iconv_open("UTF-8", "CP949");
    // glibc always ships the UHC (CP949) converter; a missing gconv module is a broken installation.
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv_open failed: ") + std::strerror(errno));
}

DecodingSource::~DecodingSource() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
}

std::size_t DecodingSource::readUtf8(char* out, std::size_t capacity) {
    std::size_t written = 0;
    for (;;) {
        if (begin_ == end_ && !refill()) break;
        // ASCII runs are copied as they are.
        std::size_t ascii = 0;
        while (begin_ + ascii < end_ && written + ascii < capacity && static_cast<unsigned char>(in_[begin_ + ascii]) < 0x80) ++ascii;
        if (ascii > 0) {
            std::memcpy(out + written, in_.data() + begin_, ascii);
            written += ascii;
            begin_ += ascii;
            if (written == capacity) break;
            continue;
        }
        const std::string_view pending(in_.data() + begin_, end_ - begin_);
        const std::size_t n = utf8SequenceLength(pending);
        if (n == kIncompleteUtf8 && !rawEnded_) {
            if (refill()) continue;
        }
        if (n == 0 || n == kIncompleteUtf8) {
            if (capacity - written < kReplacementBytes) break;
            std::memcpy(out + written, kReplacement, kReplacementBytes);
            written += kReplacementBytes;
            ++replacements_;
            ++begin_;  // skip one byte and resynchronise on the next
            continue;
        }
        if (capacity - written < n) break;
        std::memcpy(out + written, pending.data(), n);
        written += n;
        begin_ += n;
    }
    return written;
}

bool DecodingSource::refill() {
    if (rawEnded_) return false;
    // Keep the unconsumed tail (a character split across chunks) at the front.
    if (begin_ > 0) {
        std::memmove(in_.data(), in_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    // Only an incomplete character (at most 4 bytes) is ever carried over, and chunks are >= 16 bytes.
    assert(end_ < in_.size());
    const std::size_t n = raw_.read(in_.data() + end_, in_.size() - end_);
    if (n == 0) rawEnded_ = true;
    end_ += n;
    return n > 0;
}

std::size_t DecodingSource::read(char* out, std::size_t capacity) {
    assert(capacity >= 2 * kReplacementBytes);
    if (from_ == TextEncoding::Utf8) return readUtf8(out, capacity);
    char* outPtr = out;
    std::size_t outLeft = capacity;
    for (;;) {
        if (begin_ == end_ && !refill()) break;
        char* inPtr = in_.data() + begin_;
        std::size_t inLeft = end_ - begin_;
        const std::size_t rc = iconv(cd_, &inPtr, &inLeft, &outPtr, &outLeft);
        const int err = rc == static_cast<std::size_t>(-1) ? errno : 0;
        begin_ = end_ - inLeft;
        if (err == 0) continue;  // consumed everything; get more
        if (err == E2BIG) break;  // the caller's buffer is full
        if (err == EINVAL) {
            // An incomplete sequence at the end of what we have: more input may complete it.
            if (!rawEnded_ && refill()) continue;
            if (outLeft < kReplacementBytes) break;
            std::memcpy(outPtr, kReplacement, kReplacementBytes);
            outPtr += kReplacementBytes;
            outLeft -= kReplacementBytes;
            ++replacements_;
            begin_ = end_;  // the truncated character at the very end of the file
            continue;
        }
        if (err == EILSEQ) {
            if (outLeft < kReplacementBytes) break;
            std::memcpy(outPtr, kReplacement, kReplacementBytes);
            outPtr += kReplacementBytes;
            outLeft -= kReplacementBytes;
            ++replacements_;
            // Skip one byte and resynchronise on the next. iconv may report EILSEQ having taken the
            // whole input already: then there is nothing to skip (stepping past end_ would hand
            // iconv a negative length next time round — found by fuzz_CsvReader).
            if (begin_ < end_) ++begin_;
            continue;
        }
        throw std::runtime_error(std::string("iconv failed: ") + std::strerror(err));
    }
    return static_cast<std::size_t>(outPtr - out);
}

}  // namespace paydesk::recon
