#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace paydesk::recon {

// A stream of bytes the CSV reader pulls from in chunks, so it never needs the whole (decoded)
// file at once.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Copies up to `capacity` bytes into `out`; 0 means the end of the input.
    virtual std::size_t read(char* out, std::size_t capacity) = 0;
};

// Bytes already in memory (an uploaded body). The view must outlive the source.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view data) : data_(data) {}
    std::size_t read(char* out, std::size_t capacity) override {
        const std::size_t n = std::min(capacity, data_.size() - position_);
        if (n > 0) std::memcpy(out, data_.data() + position_, n);
        position_ += n;
        return n;
    }

private:
    std::string_view data_;
    std::size_t position_ = 0;
};

}  // namespace paydesk::recon
