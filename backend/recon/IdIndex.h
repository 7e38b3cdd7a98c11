#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "recon/ReconTypes.h"

namespace paydesk::recon {

// An open-addressing hash index from an id text to a 32-bit payload, 8 bytes per slot. The keys are
// not stored: `keyOf(payload)` returns them (from an arena), which is what keeps two million ids
// indexable in about 32 MiB instead of the ~150 MiB a std::unordered_map<std::string, ...> takes.
template <typename KeyOf>
class IdIndex {
public:
    IdIndex(std::size_t expectedKeys, KeyOf keyOf) : keyOf_(std::move(keyOf)) {
        std::size_t capacity = 16;
        while (capacity < expectedKeys * 2) capacity *= 2;  // load factor at most 1/2
        slots_.assign(capacity, 0);
        mask_ = capacity - 1;
    }

    // False (and no change) when the key is present already: the first payload wins.
    bool insert(std::string_view key, std::uint32_t payload) {
        assert(payload != kNone);
        assert(size_ * 2 < slots_.size() && "IdIndex sized for fewer keys");
        const std::uint64_t h = hashOf(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (static_cast<std::uint64_t>(tag) << 32) | (static_cast<std::uint64_t>(payload) + 1);
                ++size_;
                return true;
            }
            if (static_cast<std::uint32_t>(slot >> 32) == tag && keyOf_(payloadOf(slot)) == key) return false;
        }
    }

    // The payload stored for `key`, or kNone.
    [[nodiscard]] std::uint32_t find(std::string_view key) const {
        const std::uint64_t h = hashOf(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) return kNone;
            if (static_cast<std::uint32_t>(slot >> 32) == tag && keyOf_(payloadOf(slot)) == key) return payloadOf(slot);
        }
    }

    [[nodiscard]] std::size_t size() const { return size_; }

private:
    static std::uint64_t hashOf(std::string_view key) {
        // std::hash is not guaranteed to mix the high bits; one multiply-xorshift round does.
        std::uint64_t h = std::hash<std::string_view>{}(key);
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 32;
        return h;
    }
    static std::uint32_t payloadOf(std::uint64_t slot) { return static_cast<std::uint32_t>((slot & 0xffffffffULL) - 1); }

    KeyOf keyOf_;
    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace paydesk::recon
