#include "BenchStats.h"

#include <algorithm>

namespace paydesk::bench {

namespace {
template <typename Map>
void addAll(Map& into, const Map& from) {
    for (const auto& [k, v] : from) into[k] += v;
}
}  // namespace

void BenchStats::merge(const BenchStats& other) {
    for (std::size_t i = 0; i < kMaxSteps; ++i) {
        steps[i].latency.merge(other.steps[i].latency);
        steps[i].sent += other.steps[i].sent;
        steps[i].ok += other.steps[i].ok;
        steps[i].failed += other.steps[i].failed;
    }
    iterationLatency.merge(other.iterationLatency);
    sendDelay.merge(other.sendDelay);
    warmupScheduled += other.warmupScheduled;
    scheduled += other.scheduled;
    dropped += other.dropped;
    iterationsOk += other.iterationsOk;
    iterationsFailed += other.iterationsFailed;
    iterationsDeclined += other.iterationsDeclined;
    unfinished += other.unfinished;
    responsesInWindow += other.responsesInWindow;
    okResponsesInWindow += other.okResponsesInWindow;
    iterationsOkInWindow += other.iterationsOkInWindow;
    addAll(byHttpStatus, other.byHttpStatus);
    addAll(byErrorCode, other.byErrorCode);
    addAll(byPaymentStatus, other.byPaymentStatus);
    addAll(connectionErrors, other.connectionErrors);
    connectFailures += other.connectFailures;
    maxBacklogSeen = std::max(maxBacklogSeen, other.maxBacklogSeen);
}

}  // namespace paydesk::bench
