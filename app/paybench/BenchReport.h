#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>

#include "BenchConfig.h"
#include "LatencyRecorder.h"
#include "LoadGenerator.h"

namespace paydesk::bench {

// Turns a run into the human-readable summary (stdout) and the JSON document (--json) that
// BENCHMARKS.md numbers are copied from. Both carry the same figures.
class BenchReport {
public:
    BenchReport(const BenchConfig& config, const BenchResult& result);

    void printText(std::ostream& out) const;
    [[nodiscard]] nlohmann::json toJson() const;

    // {count, mean, p50, p90, p95, p99, p99.9, max} in milliseconds.
    static nlohmann::json latencyJson(const LatencyRecorder& latency);

private:
    [[nodiscard]] double perSecond(std::uint64_t count) const;

    const BenchConfig& config_;
    const BenchResult& result_;
};

}  // namespace paydesk::bench
