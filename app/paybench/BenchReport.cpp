#include "BenchReport.h"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

namespace paydesk::bench {

using nlohmann::json;

namespace {

constexpr double kPercentiles[] = {50, 90, 95, 99, 99.9};
constexpr const char* kPercentileNames[] = {"p50", "p90", "p95", "p99", "p99.9"};

std::string fixed(double v, int decimals) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

void printLatency(std::ostream& out, const std::string& label, const LatencyRecorder& l) {
    out << "  " << std::left << std::setw(34) << label << std::right;
    if (l.count() == 0) {
        out << "(no samples)\n";
        return;
    }
    for (std::size_t i = 0; i < std::size(kPercentiles); ++i)
        out << kPercentileNames[i] << " " << fixed(l.percentileMillis(kPercentiles[i]), 2) << "  ";
    out << "max " << fixed(static_cast<double>(l.maxMicros()) / 1000.0, 2) << "  mean "
        << fixed(l.meanMicros() / 1000.0, 2) << "  (n=" << l.count() << ")\n";
}

template <typename Map>
void printCounts(std::ostream& out, const std::string& label, const Map& counts) {
    out << "  " << std::left << std::setw(34) << label << std::right;
    if (counts.empty()) out << "none";
    bool first = true;
    for (const auto& [k, v] : counts) {
        out << (first ? "" : ", ") << k << ": " << v;
        first = false;
    }
    out << "\n";
}

template <typename Map>
json countsJson(const Map& counts) {
    json j = json::object();
    for (const auto& [k, v] : counts) {
        if constexpr (std::is_same_v<typename Map::key_type, int>)
            j[std::to_string(k)] = v;
        else
            j[k] = v;
    }
    return j;
}

}  // namespace

BenchReport::BenchReport(const BenchConfig& config, const BenchResult& result) : config_(config), result_(result) {}

double BenchReport::perSecond(std::uint64_t count) const {
    return result_.measuredSeconds > 0 ? static_cast<double>(count) / result_.measuredSeconds : 0.0;
}

json BenchReport::latencyJson(const LatencyRecorder& l) {
    json j = {{"count", l.count()}, {"mean", l.meanMicros() / 1000.0}};
    for (std::size_t i = 0; i < std::size(kPercentiles); ++i)
        j[kPercentileNames[i]] = l.percentileMillis(kPercentiles[i]);
    j["max"] = static_cast<double>(l.maxMicros()) / 1000.0;
    return j;
}

void BenchReport::printText(std::ostream& out) const {
    const BenchStats& s = result_.stats;
    const bool flow = config_.scenario == Scenario::Flow;
    const std::string unit = flow ? "flows/s" : "req/s";
    out << "paybench " << scenarioName(config_.scenario) << " against " << config_.url << " at " << result_.startedAt
        << "\n";
    out << "  target " << fixed(config_.rate, 0) << " " << unit << " for " << fixed(config_.durationSeconds, 0)
        << " s (warm-up " << fixed(config_.warmupSeconds, 0) << " s), " << config_.connections << " connections ("
        << result_.connectedAtStart << " open at start), " << result_.threads << " threads\n";
    if (result_.aborted)
        out << "  INTERRUPTED: figures cover the first " << fixed(result_.measuredSeconds, 1) << " s of the window\n";
    out << "  " << (flow ? "flows" : "requests") << " scheduled " << s.scheduled << ", ok " << s.iterationsOk;
    if (flow) out << ", declined " << s.iterationsDeclined;
    out << ", failed " << s.iterationsFailed << ", dropped (backlog full, never sent) " << s.dropped << ", unfinished "
        << s.unfinished << "\n";
    if (flow) {
        out << "  achieved " << fixed(perSecond(s.iterationsOkInWindow), 1) << " flows/s completed ok, "
            << fixed(perSecond(s.responsesInWindow), 1) << " HTTP answers/s ("
            << fixed(perSecond(s.okResponsesInWindow), 1) << " ok) inside the window\n";
    } else {
        out << "  achieved " << fixed(perSecond(s.responsesInWindow), 1) << " answers/s ("
            << fixed(perSecond(s.okResponsesInWindow), 1) << " ok) inside the window\n";
    }
    out << "  latency in ms from the scheduled send time, successful answers only:\n";
    for (std::size_t i = 0; i < stepCount(config_.scenario); ++i) {
        const auto& st = s.steps[i];
        printLatency(out,
                     std::string(stepName(config_.scenario, i)) + " (sent " + std::to_string(st.sent) + ", failed " +
                         std::to_string(st.failed) + ")",
                     st.latency);
    }
    if (flow) printLatency(out, "whole flow", s.iterationLatency);
    printLatency(out, "send delay (in paybench)", s.sendDelay);
    printCounts(out, "HTTP status", s.byHttpStatus);
    printCounts(out, "payment status", s.byPaymentStatus);
    printCounts(out, "error codes", s.byErrorCode);
    printCounts(out, "connection errors", s.connectionErrors);
    out << "  max backlog per thread " << s.maxBacklogSeen << "; machine load average " << fixed(result_.loadBefore, 2)
        << " -> " << fixed(result_.loadAfter, 2) << "\n";
}

json BenchReport::toJson() const {
    const BenchStats& s = result_.stats;
    json steps = json::array();
    for (std::size_t i = 0; i < stepCount(config_.scenario); ++i) {
        const auto& st = s.steps[i];
        steps.push_back({{"step", stepName(config_.scenario, i)},
                         {"sent", st.sent},
                         {"ok", st.ok},
                         {"failed", st.failed},
                         {"latencyMs", latencyJson(st.latency)}});
    }
    json j = {
        {"tool", "paybench"},
        {"scenario", scenarioName(config_.scenario)},
        {"url", config_.url},
        {"startedAt", result_.startedAt},
        {"config",
         {{"rate", config_.rate},
          {"durationSeconds", config_.durationSeconds},
          {"warmupSeconds", config_.warmupSeconds},
          {"connections", config_.connections},
          {"threads", result_.threads},
          {"currency", config_.currency},
          {"amount", config_.amount},
          {"card", !config_.card.empty()},
          {"timeoutSeconds", config_.timeoutSeconds},
          {"tickMicros", config_.tickMicros}}},
        {"aborted", result_.aborted},
        {"measuredSeconds", result_.measuredSeconds},
        {"connectedAtStart", result_.connectedAtStart},
        {"scheduled", s.scheduled},
        {"warmupScheduled", s.warmupScheduled},
        {"ok", s.iterationsOk},
        {"failed", s.iterationsFailed},
        {"declined", s.iterationsDeclined},
        {"dropped", s.dropped},
        {"unfinished", s.unfinished},
        {"achievedPerSecond",
         config_.scenario == Scenario::Flow ? perSecond(s.iterationsOkInWindow) : perSecond(s.responsesInWindow)},
        {"answersPerSecond", perSecond(s.responsesInWindow)},
        {"okAnswersPerSecond", perSecond(s.okResponsesInWindow)},
        {"steps", steps},
        {"sendDelayMs", latencyJson(s.sendDelay)},
        {"byHttpStatus", countsJson(s.byHttpStatus)},
        {"byPaymentStatus", countsJson(s.byPaymentStatus)},
        {"byErrorCode", countsJson(s.byErrorCode)},
        {"connectionErrors", countsJson(s.connectionErrors)},
        {"connectFailures", s.connectFailures},
        {"maxBacklogPerThread", s.maxBacklogSeen},
        {"loadAverage", {{"before", result_.loadBefore}, {"after", result_.loadAfter}}},
    };
    if (config_.scenario == Scenario::Flow) j["flowLatencyMs"] = latencyJson(s.iterationLatency);
    return j;
}

}  // namespace paydesk::bench
