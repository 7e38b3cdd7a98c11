// paychaos: starts paydeskd, drives signed merchant load, injects faults and audits that nothing
// acknowledged was lost or applied twice (see RELIABILITY.md).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ChaosRun.h"
#include "core/Logger.h"

namespace {

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

std::string defaultPaydeskd() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? "paydeskd" : (self.parent_path().parent_path() / "paydeskd" / "paydeskd").string();
}

std::string makeWorkDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "paychaos-XXXXXX").string();
    return ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
}

void addOptions(CLI::App& app, paydesk::chaos::ChaosConfig& c) {
    app.add_option("--paydeskd", c.paydeskd, "The paydeskd binary (default: next to this one in the build tree)");
    app.add_option("--work-dir", c.workDir,
                   "Folder for the scenarios' data folders (default: a new /tmp/paychaos-XXXXXX)");
    app.add_flag("--keep", c.keep, "Keep the data folders and logs afterwards");
    app.add_option(
           "--scenario", c.scenarios,
           "kill9, kafka, redis-kill, mariadb-kill, mariadb-stop, acquirer, disk-full (repeatable; default: all)")
        ->check(CLI::IsMember(paydesk::chaos::scenarioNames()));
    app.add_option("--rate", c.rate, "Requests per second, all clients together")->check(CLI::Range(1.0, 100000.0));
    app.add_option("--connections", c.connections, "Concurrent clients")->check(CLI::Range(1, 512));
    app.add_option("--merchants", c.merchants, "Merchants (each with its own API key)")->check(CLI::Range(1, 10000));
    app.add_option("--load-seconds", c.loadSeconds, "Load before the fault and again after it")
        ->check(CLI::Range(0.5, 86400.0));
    app.add_option("--cycles", c.cycles, "kill -9 cycles")->check(CLI::Range(1, 100000));
    app.add_option("--cycle-seconds", c.cycleSeconds, "Load between two kill -9")->check(CLI::Range(0.1, 3600.0));
    app.add_option("--kafka-outage-seconds", c.kafkaOutageSeconds, "How long the brokers stay down")
        ->check(CLI::Range(1.0, 3600.0));
    app.add_option("--stop-seconds", c.stopSeconds, "How long mariadbd stays stopped")->check(CLI::Range(1.0, 3600.0));
    app.add_option("--recovery-seconds", c.recoverySeconds, "Longest acceptable recovery")
        ->check(CLI::Range(1.0, 3600.0));
    app.add_option("--drain-seconds", c.drainSeconds, "How long the outbox and consumers may take to settle")
        ->check(CLI::Range(1.0, 3600.0));
    app.add_option("--report", c.reportFile, "Also write the Markdown table here");
    app.add_option("--db", c.db, "External MariaDB for paydeskd (MariaDB faults are then skipped)");
    app.add_option("--redis", c.redis, "External Redis for paydeskd (Redis faults are then skipped)");
    app.add_option("--kafka", c.kafka, "External Kafka bootstrap list for paydeskd (the Kafka fault is then skipped)");
}

bool external(const paydesk::chaos::ChaosConfig& c, const std::string& scenario) {
    return (!c.db.empty() && (scenario.rfind("mariadb", 0) == 0 || scenario == "disk-full")) ||
           (!c.redis.empty() && scenario == "redis-kill") || (!c.kafka.empty() && scenario == "kafka");
}

}  // namespace

int main(int argc, char** argv) {
    using namespace paydesk;
    chaos::ChaosConfig config;
    CLI::App app{"paychaos: faults under signed load, then an audit of database, ledger and topics"};
    addOptions(app, config);
    CLI11_PARSE(app, argc, argv);
    ::signal(SIGPIPE, SIG_IGN);
    Logger::setLevel(LogLevel::Error);
    if (config.paydeskd.empty()) config.paydeskd = defaultPaydeskd();
    if (config.scenarios.empty()) config.scenarios = chaos::scenarioNames();
    if (config.workDir.empty()) config.workDir = makeWorkDir();
    std::ostringstream command;
    for (int i = 0; i < argc; ++i) command << (i ? " " : "") << argv[i];
    const std::string loadBefore = loadAverage();
    std::vector<chaos::ScenarioResult> results;
    for (const auto& name : config.scenarios) {
        if (external(config, name)) {
            std::fprintf(stderr, "paychaos: %s skipped: that server is external\n", name.c_str());
            continue;
        }
        std::fprintf(stderr, "paychaos: %s ...\n", name.c_str());
        results.push_back(chaos::runScenario(config, name));
        std::fprintf(stderr, "paychaos: %s %s\n", name.c_str(), results.back().passed() ? "passed" : "FAILED");
    }
    const std::string table = "Command: `" + command.str() + "`  \nLoad average before: " + loadBefore +
                              "; after: " + loadAverage() + " (" + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) +
                              " cores)\n\n" + chaos::markdownTable(results);
    std::fputs(table.c_str(), stdout);
    if (!config.reportFile.empty()) std::ofstream(config.reportFile) << table;
    const bool passed = std::all_of(results.begin(), results.end(), [](const auto& r) { return r.passed(); });
    if (!config.keep && passed) std::filesystem::remove_all(config.workDir);
    if (!passed) std::fprintf(stderr, "paychaos: data folders and logs kept in %s\n", config.workDir.c_str());
    return passed ? 0 : 1;
}
