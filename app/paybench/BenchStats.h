#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "LatencyRecorder.h"

namespace paydesk::bench {

// What one I/O thread saw; merged into one after the run. Counters count only iterations scheduled
// inside the measured window unless their name says otherwise.
struct BenchStats {
    static constexpr std::size_t kMaxSteps = 3;

    struct Step {
        LatencyRecorder latency;  // successful answers, from the moment the step was due
        std::uint64_t sent = 0;
        std::uint64_t ok = 0;
        std::uint64_t failed = 0;  // HTTP errors, unexpected answers and connection errors
    };
    std::array<Step, kMaxSteps> steps;
    LatencyRecorder iterationLatency;  // whole flow (scheduled time to last answer), successful ones
    LatencyRecorder sendDelay;         // scheduled time to the first byte written (queueing in paybench)

    std::uint64_t warmupScheduled = 0;  // scheduled before the window (sent, not counted)
    std::uint64_t scheduled = 0;        // iterations due inside the window
    std::uint64_t dropped = 0;          // never sent: the backlog was full when they fell due
    std::uint64_t iterationsOk = 0;     // every step answered as expected
    std::uint64_t iterationsFailed = 0;
    std::uint64_t iterationsDeclined = 0;  // flow stopped because the acquirer declined (not an error)
    std::uint64_t unfinished = 0;          // still waiting or in flight when the drain time ran out

    // Throughput inside the window, whatever the iteration's scheduled time (warm-up iterations
    // answered after the warm-up count: that is what the server delivered during the window).
    std::uint64_t responsesInWindow = 0;
    std::uint64_t okResponsesInWindow = 0;
    std::uint64_t iterationsOkInWindow = 0;

    std::map<int, std::uint64_t> byHttpStatus;              // every answer, 200 included
    std::map<std::string, std::uint64_t> byErrorCode;       // "code" of error bodies ("step: CODE")
    std::map<std::string, std::uint64_t> byPaymentStatus;   // "status" of successful bodies
    std::map<std::string, std::uint64_t> connectionErrors;  // by what failed (connect, write, read, timeout)
    std::uint64_t connectFailures = 0;                      // whole run, warm-up included
    std::uint64_t maxBacklogSeen = 0;

    void merge(const BenchStats& other);
};

}  // namespace paydesk::bench
