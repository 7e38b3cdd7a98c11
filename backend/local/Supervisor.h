#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/Error.h"

namespace paydesk {
class Counter;
}

namespace paydesk::local {

// When to start a server again after it died: `initial` after the first exit, doubling up to `max`
// for a server that keeps dying; a server that stayed up for `stableAfter` starts over at `initial`.
// Pure bookkeeping on the times it is given.
class RestartBackoff {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    struct Policy {
        std::chrono::milliseconds initial{500};
        std::chrono::milliseconds max{30'000};
        std::chrono::milliseconds stableAfter{60'000};
    };
    explicit RestartBackoff(Policy policy) : policy_(policy), next_(policy.initial) {}

    // The server is serving (again) since `now`.
    void started(TimePoint now) { startedAt_ = now; }
    // The server exited, or a start failed, at `now`: how long to wait before the next start.
    std::chrono::milliseconds exited(TimePoint now);

private:
    const Policy policy_;
    std::chrono::milliseconds next_;
    TimePoint startedAt_{};
};

// A server the embedded stack owns, as the supervisor sees it.
struct SupervisedServer {
    std::string name;                              // "mariadb", "redis": the metric's label
    std::string title;                             // "MariaDB": for log lines and readiness
    std::function<bool()> running;                 // reaps; false once the process exited
    std::function<std::string()> exitDescription;  // "killed by signal 9"
    std::function<Status()> restart;               // starts it again and waits until it serves (bounded)
};

// Watches the embedded servers and restarts one that exits, with RestartBackoff between attempts,
// a log line and paydesk_embedded_server_restarts_total{server} per restart. Children started by
// the supervisor's thread are tied to it (PR_SET_PDEATHSIG), so the thread lives until the owner
// has stopped them: stopWatching(), stop the servers, then join().
class Supervisor {
public:
    Supervisor(RestartBackoff::Policy policy, std::chrono::milliseconds pollInterval);
    ~Supervisor();
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    void add(SupervisedServer server);  // before start()
    void start();
    // No restart begins after this returns; one in progress sees cancelled() and gives up.
    void stopWatching();
    void join();

    // Set once stopWatching() was called: a restart's wait for readiness ends early.
    [[nodiscard]] const std::atomic<bool>& cancelled() const { return cancelled_; }
    // "embedded MariaDB killed by signal 9; restarting (attempt 2)" while that server is down.
    [[nodiscard]] std::string note(std::string_view name) const;

private:
    struct Entry {
        Entry(SupervisedServer s, RestartBackoff::Policy policy) : server(std::move(s)), backoff(policy) {}
        SupervisedServer server;
        RestartBackoff backoff;
        Counter* restarts = nullptr;
        bool down = false;
        int attempts = 0;
        RestartBackoff::TimePoint nextAttempt{};
        std::string note;
    };
    void loop();
    void check(Entry& e);
    void noticeExit(Entry& e, RestartBackoff::TimePoint now);
    void restart(Entry& e);

    const RestartBackoff::Policy policy_;
    const std::chrono::milliseconds pollInterval_;
    std::vector<std::unique_ptr<Entry>> entries_;
    std::atomic<bool> cancelled_{false};
    mutable std::mutex mutex_;  // guards the flags and notes below
    std::mutex work_;           // held while the servers are checked or restarted
    std::condition_variable wake_;
    bool watching_ = true;
    bool released_ = false;
    std::thread thread_;
};

}  // namespace paydesk::local
