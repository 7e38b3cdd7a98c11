#pragma once

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace paydesk::bench {

// Latency histogram in the style of HdrHistogram: log-linear buckets over integer microseconds.
// Values below 2^kSubBucketBits µs (about 2 ms) are kept exactly; above that each power of two is
// split into 2^(kSubBucketBits-1) equal buckets, so a reported percentile is at most 1/1024 (0.1 %)
// above the true sample. Memory is fixed (about 220 KB) however long the run is, which a vector of
// samples is not at 10k/s for minutes; the exact minimum, maximum and mean are kept on the side.
// Not thread-safe: each I/O thread records into its own recorder and the results are merged.
class LatencyRecorder {
public:
    static constexpr unsigned kSubBucketBits = 11;
    static constexpr std::uint64_t kSubBucketCount = std::uint64_t{1} << kSubBucketBits;  // exact range
    static constexpr std::uint64_t kHalfCount = kSubBucketCount / 2;
    static constexpr unsigned kMaxValueBits = 36;  // ~19 hours
    static constexpr std::uint64_t kMaxTrackableMicros = (std::uint64_t{1} << kMaxValueBits) - 1;
    static constexpr std::size_t kBucketCount = kSubBucketCount + (kMaxValueBits - kSubBucketBits) * kHalfCount;

    LatencyRecorder() : counts_(kBucketCount, 0) {}

    // Negative durations (a clock read out of order) count as zero; longer than the trackable range
    // saturates rather than being lost, so the sample count stays right.
    void record(std::chrono::nanoseconds d) {
        const auto ns = d.count();
        recordMicros(ns <= 0 ? 0 : static_cast<std::uint64_t>((ns + 500) / 1000));
    }

    void recordMicros(std::uint64_t micros) {
        micros = std::min(micros, kMaxTrackableMicros);
        ++counts_[indexOf(micros)];
        ++count_;
        sumMicros_ += static_cast<double>(micros);
        minMicros_ = std::min(minMicros_, micros);
        maxMicros_ = std::max(maxMicros_, micros);
    }

    void merge(const LatencyRecorder& other) {
        for (std::size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
        count_ += other.count_;
        sumMicros_ += other.sumMicros_;
        minMicros_ = std::min(minMicros_, other.minMicros_);
        maxMicros_ = std::max(maxMicros_, other.maxMicros_);
    }

    [[nodiscard]] std::uint64_t count() const { return count_; }
    [[nodiscard]] std::uint64_t minMicros() const { return count_ == 0 ? 0 : minMicros_; }
    [[nodiscard]] std::uint64_t maxMicros() const { return maxMicros_; }
    [[nodiscard]] double meanMicros() const { return count_ == 0 ? 0.0 : sumMicros_ / static_cast<double>(count_); }

    // Nearest-rank percentile (p in [0, 100]): the smallest recorded value such that at least p % of
    // the samples are at or below it, reported as the highest value its bucket can hold (so it never
    // understates) but no more than the true maximum. p = 0 is the minimum, p = 100 the maximum;
    // 0 when nothing was recorded.
    [[nodiscard]] std::uint64_t percentileMicros(double p) const {
        if (count_ == 0) return 0;
        if (!(p > 0.0)) return minMicros();
        if (p >= 100.0) return maxMicros_;
        // The relative nudge keeps binary rounding (99.9 % of 1000 = 999.0000000000001) from
        // pushing the rank one sample up.
        const double rankReal = p / 100.0 * static_cast<double>(count_);
        const double exactRank = std::ceil(rankReal - rankReal * 1e-12);
        const std::uint64_t rank = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(exactRank), 1, count_);
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < kBucketCount; ++i) {
            seen += counts_[i];
            if (seen >= rank) return std::clamp(highestEquivalent(i), minMicros(), maxMicros_);
        }
        return maxMicros_;
    }

    [[nodiscard]] double percentileMillis(double p) const { return static_cast<double>(percentileMicros(p)) / 1000.0; }

    // Bucket arithmetic, public so the tests can check the boundaries.
    static std::size_t indexOf(std::uint64_t micros) {
        if (micros < kSubBucketCount) return static_cast<std::size_t>(micros);
        const auto shift = static_cast<unsigned>(std::bit_width(micros)) - kSubBucketBits;  // >= 1
        const std::uint64_t sub = micros >> shift;                                          // [half, count)
        return static_cast<std::size_t>(kSubBucketCount + (shift - 1) * kHalfCount + (sub - kHalfCount));
    }

    static std::uint64_t lowestEquivalent(std::size_t index) {
        if (index < kSubBucketCount) return index;
        const std::uint64_t above = index - kSubBucketCount;
        const auto shift = static_cast<unsigned>(above / kHalfCount) + 1;
        const std::uint64_t sub = kHalfCount + above % kHalfCount;
        return sub << shift;
    }

    static std::uint64_t highestEquivalent(std::size_t index) {
        if (index < kSubBucketCount) return index;
        const auto shift = static_cast<unsigned>((index - kSubBucketCount) / kHalfCount) + 1;
        return lowestEquivalent(index) + (std::uint64_t{1} << shift) - 1;
    }

private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    double sumMicros_ = 0;
    std::uint64_t minMicros_ = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t maxMicros_ = 0;
};

}  // namespace paydesk::bench
