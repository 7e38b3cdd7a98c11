#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "BenchConfig.h"
#include "BenchStats.h"
#include "ClientConnection.h"
#include "Iteration.h"
#include "RequestFactory.h"

namespace paydesk::bench {

// Counters the main thread reads once a second for the progress line; relaxed, they are only a view.
struct LiveCounters {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> answered{0};
    std::atomic<std::uint64_t> failed{0};
    std::atomic<std::uint64_t> dropped{0};
    std::atomic<int> connected{0};
};

// Run timing shared by every worker: all in one steady_clock frame.
struct RunSchedule {
    Iteration::Clock::time_point start;         // sequence 0 is due here
    Iteration::Clock::time_point measureStart;  // start + warm-up
    Iteration::Clock::time_point measureEnd;    // measureStart + duration
    std::uint64_t total = 0;                    // iterations due in [start, measureEnd)
    double rate = 0;
};

// One I/O thread: its own io_context, its own share of the connections, and its own slice of the
// open-loop schedule (worker w of W sends sequences w, w+W, w+2W, ..., so the W workers together
// keep the exact global rate and need no shared queue or lock). Iterations that fall due while every
// connection is busy wait in a bounded backlog, and that wait is part of their latency, because
// latency is measured from the scheduled time, not from when paybench managed to send (no
// coordinated omission). What does not fit in the backlog is dropped and reported.
class LoadWorker {
public:
    LoadWorker(const BenchConfig& config, const RequestFactory& requests,
               boost::asio::ip::tcp::resolver::results_type endpoints, unsigned index, unsigned workerCount,
               int connections, std::size_t maxBacklog, LiveCounters& live);
    ~LoadWorker();
    LoadWorker(const LoadWorker&) = delete;
    LoadWorker& operator=(const LoadWorker&) = delete;

    // Thread entry: connects, runs the schedule once begin() gives it, returns when done.
    void run();
    // From another thread: starts the schedule.
    void begin(const RunSchedule& schedule);
    // From another thread: gives up at once (Ctrl-C); whatever is pending counts as unfinished.
    void abort();
    // After run() has returned.
    [[nodiscard]] const BenchStats& stats() const { return stats_; }

    // From this worker's connections.
    void onConnected(ClientConnection& connection);
    void onDisconnected(ClientConnection& connection);
    void onReady(ClientConnection& connection);
    void onConnectFailed(ClientConnection& connection, const std::string& what);
    void onSending(ClientConnection& connection, const Iteration& iteration);
    // Records the answer; true when the iteration goes on with its next step on this connection.
    bool onAnswer(ClientConnection& connection, Iteration& iteration, const RequestFactory::Response& response);
    void onConnectionLost(ClientConnection& connection, const Iteration& iteration, const std::string& what);

private:
    using Clock = Iteration::Clock;

    void tick();
    void armTick(Clock::time_point now);
    void dispatch();
    void finishIteration(const Iteration& iteration, bool ok, bool declined, Clock::time_point now);
    void maybeFinish();
    void finish();
    [[nodiscard]] Clock::time_point dueAt(std::uint64_t sequence) const;
    [[nodiscard]] bool inWindow(Clock::time_point t) const {
        return t >= schedule_.measureStart && t < schedule_.measureEnd;
    }

    // Declared first so it is destroyed last: connections and timers refer to it.
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keepRunning_;
    const BenchConfig& config_;
    const RequestFactory& requests_;
    boost::asio::ip::tcp::resolver::results_type endpoints_;
    unsigned index_;
    unsigned workerCount_;
    int connectionCount_;
    std::size_t maxBacklog_;
    LiveCounters& live_;
    boost::asio::steady_timer tickTimer_;
    boost::asio::steady_timer drainTimer_;
    std::vector<std::unique_ptr<ClientConnection>> connections_;
    std::deque<ClientConnection*> idle_;  // FIFO: spreads use so no keep-alive connection idles out
    std::deque<Iteration> backlog_;
    RunSchedule schedule_;
    std::uint64_t nextSequence_ = 0;
    std::size_t inFlight_ = 0;
    bool scheduleDone_ = false;
    bool finished_ = false;
    BenchStats stats_;
};

}  // namespace paydesk::bench
