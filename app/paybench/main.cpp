// paybench: open-loop (constant arrival rate) load generator for the Paydesk merchant API.
// The work lives in LoadGenerator / LoadWorker / ClientConnection; this file only reads the
// command line and writes the report.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>

#include "BenchConfig.h"
#include "BenchReport.h"
#include "LoadGenerator.h"

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void onSignal(int) {
    stopRequested.store(true);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace paydesk::bench;
    BenchConfig config;
    std::string url = config.url;
    std::string credentials;
    std::string jsonFile;
    bool quiet = false;
    const std::map<std::string, Scenario> scenarios{
        {"authorize", Scenario::Authorize}, {"flow", Scenario::Flow}, {"health", Scenario::Health}};

    CLI::App app{
        "paybench: open-loop load generator for the Paydesk merchant API (constant arrival rate; latency counts from "
        "the "
        "scheduled send time, so queueing is never hidden)",
        "paybench"};
    app.option_defaults()->always_capture_default();
    app.add_option("--url", url, "Base URL of paydeskd");
    auto* credOpt = app.add_option("--credentials", credentials,
                                   "JSON file {merchantId, apiKey, secret}, e.g. DATA_DIR/demo-credentials.json");
    auto* merchantOpt = app.add_option("--merchant", config.merchantId, "Merchant id (instead of --credentials)");
    auto* keyOpt = app.add_option("--api-key", config.apiKey, "API key id (instead of --credentials)");
    auto* secretOpt = app.add_option("--secret", config.secret, "API secret (instead of --credentials)");
    credOpt->excludes(merchantOpt)->excludes(keyOpt)->excludes(secretOpt);
    std::string scenario = "authorize";
    app.add_option("--scenario", scenario,
                   "authorize, flow (authorize -> capture -> refund; rate counts flows) or health (GET /health/live)")
        ->check(CLI::IsMember({"authorize", "flow", "health"}));
    app.add_option("--rate", config.rate, "Iterations scheduled per second")->check(CLI::Range(0.001, 1e7));
    app.add_option("--duration", config.durationSeconds, "Measured seconds")->check(CLI::Range(0.001, 86400.0));
    app.add_option("--warmup", config.warmupSeconds, "Seconds of load before the measured window (not counted)")
        ->check(CLI::Range(0.0, 86400.0));
    app.add_option("--connections", config.connections, "Keep-alive connections (the most requests in flight)")
        ->check(CLI::Range(1, 100000));
    app.add_option("--threads", config.threads, "I/O threads")->check(CLI::Range(1, 256));
    app.add_option("--currency", config.currency, "Currency of authorizations");
    app.add_option("--amount", config.amount, "Amount of authorizations, in the currency's minor unit")
        ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
    app.add_option("--card", config.card, "Card number to put in authorize bodies (optional)");
    app.add_option("--card-expiry", config.cardExpiry, "Card expiry MM/YY, with --card");
    app.add_option("--timeout", config.timeoutSeconds,
                   "Seconds a request may take before it counts as a connection error")
        ->check(CLI::Range(0.001, 3600.0));
    app.add_option("--drain", config.drainSeconds,
                   "Seconds answers may still arrive after the window; later ones count as unfinished")
        ->check(CLI::Range(0.0, 3600.0));
    app.add_option(
        "--max-backlog", config.maxBacklog,
        "Iterations that may wait for a free connection before new ones are dropped (0 = one second's worth)");
    app.add_option("--tick-us", config.tickMicros,
                   "Shortest scheduler sleep; iterations due meanwhile are sent together")
        ->check(CLI::Range(10, 100000));
    app.add_option("--json", jsonFile, "Also write the report as JSON to this file");
    app.add_flag("--quiet", quiet, "No progress lines on stderr");
    CLI11_PARSE(app, argc, argv);

    config.scenario = scenarios.at(scenario);
    std::string error;
    if (!parseUrl(url, config, error)) {
        std::cerr << "paybench: " << error << "\n";
        return 2;
    }
    if (!credentials.empty() && !loadCredentials(credentials, config, error)) {
        std::cerr << "paybench: " << error << "\n";
        return 2;
    }
    if (config.scenario != Scenario::Health &&
        (config.merchantId.empty() || config.apiKey.empty() || config.secret.empty())) {
        std::cerr << "paybench: the " << scenarioName(config.scenario)
                  << " scenario signs its requests: give --credentials FILE or --merchant, --api-key and --secret\n";
        return 2;
    }
    config.progress = !quiet;
    config.runId = makeRunId();

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);  // a server closing under us is a counted error, not a dead benchmark

    LoadGenerator generator(config);
    BenchResult result;
    if (!generator.run(result, error, stopRequested, quiet ? nullptr : &std::cerr)) {
        std::cerr << "paybench: " << error << "\n";
        return 1;
    }
    const BenchReport report(config, result);
    report.printText(std::cout);
    if (!jsonFile.empty()) {
        std::ofstream out(jsonFile);
        out << report.toJson().dump(2) << "\n";
        if (!out) {
            std::cerr << "paybench: cannot write " << jsonFile << "\n";
            return 1;
        }
    }
    return result.aborted ? 130 : 0;
}
