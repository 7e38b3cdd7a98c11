#pragma once

#include <cassert>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace paydesk::recon {

// A slice of a TextArena: 8 bytes instead of a std::string's 32 (plus its heap block), which is what
// keeps a million bank lines and a million payments in memory at once affordable.
struct TextRef {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;

    [[nodiscard]] bool empty() const { return length == 0; }
};

// Append-only storage for many short texts (memos, ids). Texts are never freed one by one; the
// whole arena goes when the import is done. Capacity is bounded by 32-bit offsets (4 GiB), far
// beyond the 512 MiB upload limit.
class TextArena {
public:
    TextRef add(std::string_view text) {
        if (text.empty()) return {};
        assert(data_.size() + text.size() <= std::numeric_limits<std::uint32_t>::max());
        TextRef ref{static_cast<std::uint32_t>(data_.size()), static_cast<std::uint32_t>(text.size())};
        data_.append(text);
        return ref;
    }

    [[nodiscard]] std::string_view view(TextRef ref) const {
        assert(static_cast<std::size_t>(ref.offset) + ref.length <= data_.size());
        return std::string_view(data_).substr(ref.offset, ref.length);
    }

    void reserve(std::size_t bytes) { data_.reserve(bytes); }
    [[nodiscard]] std::size_t bytes() const { return data_.size(); }

private:
    std::string data_;
};

}  // namespace paydesk::recon
