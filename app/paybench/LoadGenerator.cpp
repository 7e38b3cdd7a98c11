#include "LoadGenerator.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

#include "LoadWorker.h"
#include "RequestFactory.h"

namespace paydesk::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double loadAverage() {
    std::ifstream in("/proc/loadavg");
    double one = -1;
    in >> one;
    return in ? one : -1;
}

std::string utcNow() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::ostringstream out;
    out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
    return out.str();
}

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

LoadGenerator::LoadGenerator(BenchConfig config) : config_(std::move(config)) {}

bool LoadGenerator::run(BenchResult& result, std::string& error, const std::atomic<bool>& stopRequested,
                        std::ostream* progress) {
    asio::ip::tcp::resolver::results_type endpoints;
    {
        asio::io_context io;
        asio::ip::tcp::resolver resolver(io);
        boost::system::error_code ec;
        endpoints = resolver.resolve(config_.host, config_.port, ec);
        if (ec || endpoints.empty()) {
            error = "cannot resolve " + config_.host + ":" + config_.port + ": " + ec.message();
            return false;
        }
    }

    const unsigned threads = static_cast<unsigned>(std::clamp(config_.threads, 1, std::max(config_.connections, 1)));
    const std::size_t backlog = config_.maxBacklog > 0
                                    ? config_.maxBacklog
                                    : std::max<std::size_t>(16, static_cast<std::size_t>(std::ceil(config_.rate)));
    LiveCounters live;
    const RequestFactory requests(config_);
    std::vector<std::unique_ptr<LoadWorker>> workers;
    for (unsigned w = 0; w < threads; ++w) {
        // Connections and backlog split as evenly as integers allow.
        const int conns = config_.connections / static_cast<int>(threads) +
                          (static_cast<int>(w) < config_.connections % static_cast<int>(threads) ? 1 : 0);
        const std::size_t share = (backlog + threads - 1) / threads;
        workers.push_back(std::make_unique<LoadWorker>(config_, requests, endpoints, w, threads, conns, share, live));
    }
    std::atomic<unsigned> done{0};
    std::vector<std::thread> pool;
    pool.reserve(workers.size());
    for (auto& w : workers) {
        pool.emplace_back([&done, worker = w.get()] {
            worker->run();
            done.fetch_add(1);
        });
    }

    // Open every connection before the clock starts, so the first second does not measure connects.
    const auto connectDeadline = Clock::now() + 5s;
    while (live.connected.load() < config_.connections && Clock::now() < connectDeadline && !stopRequested.load()) {
        std::this_thread::sleep_for(5ms);
    }
    result.connectedAtStart = live.connected.load();
    if (progress != nullptr && result.connectedAtStart < config_.connections) {
        *progress << "paybench: only " << result.connectedAtStart << " of " << config_.connections
                  << " connections open after 5 s; starting anyway\n";
    }

    RunSchedule schedule;
    schedule.rate = config_.rate;
    schedule.start = Clock::now() + 20ms;
    schedule.measureStart = schedule.start + seconds(config_.warmupSeconds);
    schedule.measureEnd = schedule.measureStart + seconds(config_.durationSeconds);
    // Every sequence whose due time n / rate lies before the end of the window.
    schedule.total =
        static_cast<std::uint64_t>(std::ceil((config_.warmupSeconds + config_.durationSeconds) * config_.rate - 1e-9));
    result.startedAt = utcNow();
    result.loadBefore = loadAverage();
    result.threads = threads;
    for (auto& w : workers) w->begin(schedule);

    bool aborted = false;
    Clock::time_point abortedAt;
    auto nextReport = schedule.start + 1s;
    std::uint64_t lastSent = 0;
    std::uint64_t lastAnswered = 0;
    while (done.load() < threads) {
        std::this_thread::sleep_for(20ms);
        if (stopRequested.load() && !aborted) {
            aborted = true;
            abortedAt = Clock::now();
            for (auto& w : workers) w->abort();
        }
        const auto now = Clock::now();
        if (progress == nullptr || now < nextReport) continue;
        nextReport += 1s;
        const std::uint64_t sent = live.sent.load(std::memory_order_relaxed);
        const std::uint64_t answered = live.answered.load(std::memory_order_relaxed);
        const char* phase = now < schedule.measureStart ? "warm-up" : now < schedule.measureEnd ? "measure" : "drain";
        const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - schedule.start).count();
        *progress << "[" << std::setw(4) << elapsed << "s " << phase << "] sent " << (sent - lastSent)
                  << "/s, answered " << (answered - lastAnswered) << "/s, failed "
                  << live.failed.load(std::memory_order_relaxed) << ", dropped "
                  << live.dropped.load(std::memory_order_relaxed) << ", open connections "
                  << live.connected.load(std::memory_order_relaxed) << "\n";
        progress->flush();
        lastSent = sent;
        lastAnswered = answered;
    }
    for (auto& t : pool) t.join();
    result.loadAfter = loadAverage();
    result.aborted = aborted;
    result.measuredSeconds = config_.durationSeconds;
    if (aborted) {
        // Rates over the part of the window that actually ran.
        const auto ran = std::clamp(abortedAt, schedule.measureStart, schedule.measureEnd) - schedule.measureStart;
        result.measuredSeconds = std::chrono::duration<double>(ran).count();
    }
    for (const auto& w : workers) result.stats.merge(w->stats());
    return true;
}

}  // namespace paydesk::bench
