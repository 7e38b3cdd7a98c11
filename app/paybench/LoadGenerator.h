#pragma once

#include <atomic>
#include <iosfwd>
#include <string>

#include "BenchConfig.h"
#include "BenchStats.h"

namespace paydesk::bench {

// What a run produced, with enough context to judge it later.
struct BenchResult {
    BenchStats stats;
    std::string startedAt;       // UTC, ISO 8601
    double measuredSeconds = 0;  // the window the rates are divided by
    double loadBefore = -1;      // 1-minute load average of the machine, before and after
    double loadAfter = -1;
    int connectedAtStart = 0;  // connections open when the schedule began
    unsigned threads = 0;
    bool aborted = false;  // interrupted (Ctrl-C): numbers cover only part of the window
};

// Open-loop load generator (like k6's constant-arrival-rate executor): iterations are scheduled at
// a fixed rate whatever the server does, spread over one LoadWorker per I/O thread, each with its
// share of the keep-alive connections.
class LoadGenerator {
public:
    explicit LoadGenerator(BenchConfig config);

    // Connects, runs warm-up + window (+ drain), and fills result. Blocks; prints a progress line a
    // second on progress (if not null). false with error when it cannot even start (name does not
    // resolve). stopRequested ends the run early; what was pending counts as unfinished.
    bool run(BenchResult& result, std::string& error, const std::atomic<bool>& stopRequested, std::ostream* progress);

private:
    BenchConfig config_;
};

}  // namespace paydesk::bench
