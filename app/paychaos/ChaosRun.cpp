#include "ChaosRun.h"

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "ChaosKafka.h"
#include "ChaosServer.h"
#include "core/Crypto.h"

namespace paydesk::chaos {

namespace {

using namespace std::chrono_literals;

// When a fault started and when it was lifted (the server restarted, the process continued, the
// brokers came back), per cycle, and how long after the lift the service was ready again.
struct FaultLog {
    std::vector<Clock::time_point> injected;
    std::vector<double> recoverySeconds;
    bool recovered = true;
    std::string fault;
};

struct Context {
    const ChaosConfig& config;
    ChaosServer& server;
    ChaosKafka* kafka;  // null with an external cluster
    FaultLog log;
};

std::chrono::milliseconds ms(double seconds) {
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

void sleepSeconds(double s) {
    std::this_thread::sleep_for(ms(s));
}

// Waits for readiness (and `also`) after a fault was lifted at `lifted`; records the time it took.
void awaitRecovery(Context& ctx, Clock::time_point lifted, const std::function<bool()>& also = {}) {
    const auto deadline = lifted + ms(ctx.config.recoverySeconds);
    while (Clock::now() < deadline) {
        if ((!also || also()) && httpGet(ctx.server.host(), ctx.server.port(), "/health/ready", 1000ms) == 200) {
            ctx.log.recoverySeconds.push_back(std::chrono::duration<double>(Clock::now() - lifted).count());
            return;
        }
        std::this_thread::sleep_for(50ms);
    }
    ctx.log.recovered = false;
}

void killPaydeskd(Context& ctx) {
    ctx.log.fault = "kill -9 paydeskd, restart on the same data folder, ×" + std::to_string(ctx.config.cycles);
    for (int cycle = 0; cycle < ctx.config.cycles && ctx.log.recovered; ++cycle) {
        sleepSeconds(ctx.config.cycleSeconds);
        const auto at = Clock::now();
        ctx.log.injected.push_back(at);
        ctx.server.kill9();
        if (auto s = ctx.server.start(std::chrono::seconds(static_cast<long>(ctx.config.recoverySeconds))); !s.ok()) {
            std::fprintf(stderr, "paychaos: restart %d failed: %s\n", cycle + 1, s.error().message.c_str());
            ctx.log.recovered = false;
            return;
        }
        ctx.log.recoverySeconds.push_back(std::chrono::duration<double>(Clock::now() - at).count());
    }
}

void kafkaOutage(Context& ctx) {
    ctx.log.fault = "all Kafka brokers down " + std::to_string(static_cast<int>(ctx.config.kafkaOutageSeconds)) + " s";
    ctx.log.injected.push_back(Clock::now());
    ctx.kafka->setAllBrokers(false);
    sleepSeconds(ctx.config.kafkaOutageSeconds);
    ctx.kafka->setAllBrokers(true);
    awaitRecovery(ctx, Clock::now());
}

// SIGKILL of an embedded server; recovered once a new one runs and paydeskd is ready again.
void killServer(Context& ctx, const char* what, const std::function<std::optional<pid_t>()>& pidOf) {
    ctx.log.fault = std::string("kill -9 ") + what;
    const auto pid = pidOf();
    if (!pid) {
        ctx.log.fault += " (no pid: not embedded?)";
        ctx.log.recovered = false;
        return;
    }
    ctx.log.injected.push_back(Clock::now());
    ::kill(*pid, SIGKILL);
    awaitRecovery(ctx, Clock::now(), [&] {
        const auto now = pidOf();
        return now && *now != *pid;
    });
}

void stopMariadb(Context& ctx) {
    ctx.log.fault = "SIGSTOP mariadbd " + std::to_string(static_cast<int>(ctx.config.stopSeconds)) + " s, then SIGCONT";
    const auto pid = ctx.server.mariadbPid();
    if (!pid) {
        ctx.log.recovered = false;
        return;
    }
    ctx.log.injected.push_back(Clock::now());
    ::kill(*pid, SIGSTOP);
    sleepSeconds(ctx.config.stopSeconds);
    ::kill(*pid, SIGCONT);
    awaitRecovery(ctx, Clock::now());
}

constexpr int kDiskMiB = 640;  // the embedded MariaDB alone preallocates a 256 MiB redo log

// Writes until the file system says no more: the data folder's disk is full.
void fill(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return;
    const std::vector<char> chunk(1 << 16, 'x');
    while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size() && std::fflush(f) == 0) {
    }
    std::fclose(f);
}

void fillDisk(Context& ctx) {
    ctx.log.fault = "data folder's disk full (tmpfs " + std::to_string(kDiskMiB) + " MiB) " +
                    std::to_string(static_cast<int>(ctx.config.stopSeconds)) + " s, then space freed";
    const std::string ballast = ctx.server.visiblePath("ballast");
    ctx.log.injected.push_back(Clock::now());
    fill(ballast);
    sleepSeconds(ctx.config.stopSeconds);
    std::error_code ec;
    std::filesystem::remove(ballast, ec);
    awaitRecovery(ctx, Clock::now());
}

void injectFault(Context& ctx, const std::string& name) {
    if (name == "disk-full") return fillDisk(ctx);
    if (name == "kill9") return killPaydeskd(ctx);
    if (name == "kafka") return kafkaOutage(ctx);
    if (name == "redis-kill") return killServer(ctx, "redis-server", [&] { return ctx.server.redisPid(); });
    if (name == "mariadb-kill") return killServer(ctx, "mariadbd", [&] { return ctx.server.mariadbPid(); });
    if (name == "mariadb-stop") return stopMariadb(ctx);
    if (name == "acquirer") {
        ctx.log.fault = "acquirer fails 50% of calls (whole run)";
        sleepSeconds(ctx.config.loadSeconds);
    }
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}

// First 503 answered after each injection, relative to it.
std::string timeTo503(const std::vector<Record>& records, const FaultLog& log) {
    std::vector<double> times;
    for (std::size_t i = 0; i < log.injected.size(); ++i) {
        const auto from = log.injected[i];
        const auto to = i + 1 < log.injected.size() ? log.injected[i + 1] : Clock::time_point::max();
        std::optional<Clock::time_point> first;
        for (const Record& r : records) {
            if (r.httpStatus == 503 && r.answeredAt >= from && r.answeredAt < to && (!first || r.answeredAt < *first))
                first = r.answeredAt;
        }
        if (first) times.push_back(std::chrono::duration<double>(*first - from).count());
    }
    if (times.empty()) return "—";
    std::sort(times.begin(), times.end());
    return times.size() == 1 ? seconds(times[0]) : seconds(times[times.size() / 2]) + " / " + seconds(times.back());
}

std::string recoveryText(const FaultLog& log) {
    if (!log.recovered) return "not recovered in time";
    if (log.recoverySeconds.empty()) return "—";
    auto t = log.recoverySeconds;
    std::sort(t.begin(), t.end());
    return t.size() == 1 ? seconds(t[0]) : seconds(t[t.size() / 2]) + " / " + seconds(t.back());
}

std::string loadText(const ChaosConfig& c) {
    std::ostringstream s;
    s << c.rate << " req/s, " << c.connections << " clients, " << c.merchants << " merchants";
    return s.str();
}

}  // namespace

const std::vector<std::string>& scenarioNames() {
    static const std::vector<std::string> names = {"kill9",        "kafka",    "redis-kill", "mariadb-kill",
                                                   "mariadb-stop", "acquirer", "disk-full"};
    return names;
}

ScenarioResult runScenario(const ChaosConfig& config, const std::string& name) {
    ScenarioResult result;
    result.name = name;
    result.load = loadText(config);
    std::unique_ptr<ChaosKafka> kafka;
    if (config.kafka.empty()) {
        auto k = ChaosKafka::start();
        if (!k.ok()) {
            result.error = k.error().message;
            return result;
        }
        kafka = std::move(k).value();
    } else if (name == "kafka") {
        result.error = "the Kafka fault needs the cluster paychaos hosts (no --kafka)";
        return result;
    }
    const std::string dataDir = config.workDir + "/" + name;
    std::filesystem::create_directories(dataDir);
    const auto merchants = makeMerchants(config.merchants);
    std::vector<std::string> extra;
    if (name == "acquirer") extra = {"--acquirer-failure-rate", "0.5"};
    ChaosServer server(config, dataDir, merchants, kafka ? kafka->bootstrap() : config.kafka, extra);
    if (name == "disk-full") server.useTmpfs(kDiskMiB);
    if (auto s = server.start(300s); !s.ok()) {
        result.error = s.error().message;
        return result;
    }
    ChaosLoad load(config, server.host(), server.port(), merchants, crypto::randomHex(4));
    Context ctx{config, server, kafka.get(), {}};
    load.start();
    sleepSeconds(config.loadSeconds);
    injectFault(ctx, name);
    sleepSeconds(config.loadSeconds);
    load.stop();
    if (!ctx.log.recovered && name != "disk-full") {  // (a restart there would start on an empty tmpfs)
        // Restarted only so that what was acknowledged can still be audited.
        server.kill9();
        (void)server.start(300s);
    }
    result.fault = ctx.log.fault;
    result.recovered = ctx.log.recovered;
    result.timeTo503 = timeTo503(load.records(), ctx.log);
    for (const Record& r : load.records()) {
        result.answered503 += r.httpStatus == 503 ? 1 : 0;
        result.slowestAnswerSeconds =
            std::max(result.slowestAnswerSeconds, std::chrono::duration<double>(r.answeredAt - r.sentAt).count());
    }
    result.timeToRecovery = recoveryText(ctx.log);
    auto db = server.database();
    std::function<std::map<std::string, int>()> seen;
    if (kafka) seen = [k = kafka.get()] { return k->seen(); };
    if (db.ok())
        result.audit =
            audit(*db, load.records(), merchants, seen, std::chrono::seconds(static_cast<long>(config.drainSeconds)));
    else
        result.audit.findings.push_back(db.error().message);
    if (!result.recovered)
        result.audit.findings.push_back("not ready again within " + seconds(config.recoverySeconds) + " of the fault");
    std::string report;
    result.audit.ledgerExit = server.verifyLedger(report);
    if (result.audit.ledgerExit != 0) result.audit.findings.push_back("ledger verify: " + report.substr(0, 500));
    server.stop();
    if (!config.keep && result.passed()) {  // a failed scenario's folder and logs stay for a look
        std::error_code ec;
        std::filesystem::remove_all(dataDir, ec);
        for (const char* suffix : {".log", ".out", ".verify"}) std::filesystem::remove(dataDir + suffix, ec);
    }
    return result;
}

std::string markdownTable(const std::vector<ScenarioResult>& results) {
    std::ostringstream s;
    s << "| fault | load | requests | acknowledged | 503 | no answer | slowest answer | lost | duplicated | "
         "inconsistent"
         " | events not on Kafka / not consumed | settled after load | wire duplicates | time to 503 | time to "
         "recovery | ledger verify | "
         "result |\n";
    s << "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|\n";
    for (const auto& r : results) {
        const AuditResult& a = r.audit;
        s << "| " << (r.fault.empty() ? r.name : r.fault) << " | " << r.load << " | " << a.sent << " | "
          << a.acknowledged << " | " << r.answered503 << " | " << a.unanswered << " | "
          << seconds(r.slowestAnswerSeconds) << " | " << a.lost << " | " << a.duplicated << " | " << a.inconsistent
          << " | " << a.notOnKafka + a.notPublished << " / " << a.notConsumed << " | " << seconds(a.settleSeconds)
          << " | " << a.wireDuplicates << " | " << r.timeTo503 << " | " << r.timeToRecovery << " | "
          << (a.ledgerExit == 0 ? "clean" : "FAILED") << " | " << (r.passed() ? "pass" : "**FAIL**") << " |\n";
    }
    for (const auto& r : results) {
        if (r.passed()) continue;
        s << "\n" << r.name << ":" << (r.error.empty() ? "" : " " + r.error) << "\n";
        for (const auto& f : r.audit.findings) s << "- " << f << "\n";
    }
    return s.str();
}

}  // namespace paydesk::chaos
