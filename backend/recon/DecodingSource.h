#pragma once

#include <iconv.h>

#include <cstddef>
#include <vector>

#include "recon/ByteSource.h"
#include "recon/TextEncoding.h"

namespace paydesk::recon {

// Converts a raw byte stream to UTF-8 chunk by chunk, so a CP949 file of any size is read in bounded
// memory: CP949 through glibc's iconv; UTF-8 through our own validator (glibc's UTF-8 decoder lets
// code points past U+10FFFF through, which MariaDB's utf8mb4 refuses). A multi-byte character split
// across chunks is carried over; bytes that are not valid in the source encoding become U+FFFD and
// are counted, never dropped silently. Reading UTF-8 "from UTF-8" is how malformed UTF-8 is repaired.
class DecodingSource final : public ByteSource {
public:
    DecodingSource(ByteSource& raw, TextEncoding from, std::size_t chunkBytes = 64 * 1024);
    ~DecodingSource() override;
    DecodingSource(const DecodingSource&) = delete;
    DecodingSource& operator=(const DecodingSource&) = delete;

    std::size_t read(char* out, std::size_t capacity) override;

    // How many undecodable byte sequences were replaced by U+FFFD so far.
    [[nodiscard]] std::size_t replacements() const { return replacements_; }

private:
    bool refill();
    std::size_t readUtf8(char* out, std::size_t capacity);

    ByteSource& raw_;
    const TextEncoding from_;
    iconv_t cd_ = reinterpret_cast<iconv_t>(-1);  // CP949 only
    std::vector<char> in_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool rawEnded_ = false;
    std::size_t replacements_ = 0;
};

}  // namespace paydesk::recon
