#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/Database.h"

namespace paydesk::store {

// Whether the database answers, from the pings' timing alone (no clock or I/O of its own, so it can
// be tested step by step). Down when the last ping failed or when the ping in flight has taken
// longer than `slow`: a hung server is noticed while its ping is still waiting.
class DbLiveness {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    explicit DbLiveness(std::chrono::milliseconds slow) : slow_(slow) {}

    void pingStarted(TimePoint now);
    void pingFinished(bool ok, std::string why);
    [[nodiscard]] bool up(TimePoint now) const;
    // Why it is down ("ping failed: ...", "no answer to a ping for 612 ms"); empty when up.
    [[nodiscard]] std::string reason(TimePoint now) const;

private:
    const std::chrono::milliseconds slow_;
    std::optional<TimePoint> inFlightSince_;
    bool lastOk_ = true;
    std::string lastError_;
};

struct DbWatchdogOptions {
    std::chrono::milliseconds interval{250};  // between pings
    std::chrono::milliseconds slow{500};      // a ping slower than this marks the database down
    DbTimeouts timeouts{std::chrono::seconds(1), std::chrono::seconds(1), std::chrono::seconds(1)};
};

// Pings the database on a connection of its own and tells the pool whether it answers
// (DbPool::setAvailable): within `slow` of the server hanging or dying, requests stop waiting on it
// and get a fast DB_UNAVAILABLE; once pings succeed again, the pool serves again by itself.
class DbWatchdog {
public:
    DbWatchdog(DbPool& pool, DbWatchdogOptions options = {});
    ~DbWatchdog();
    DbWatchdog(const DbWatchdog&) = delete;
    DbWatchdog& operator=(const DbWatchdog&) = delete;

    void start();
    void stop();

private:
    void pingLoop();
    void judgeLoop();
    void pingOnce();
    bool sleepFor(std::chrono::milliseconds d);  // false once stopping

    DbPool& pool_;
    const DbWatchdogOptions options_;
    std::unique_ptr<DbConnection> conn_;  // the pinger's own, outside the pool
    std::mutex mutex_;
    std::condition_variable wake_;
    DbLiveness liveness_;
    bool stopping_ = false;
    std::thread pinger_;
    std::thread judge_;
};

}  // namespace paydesk::store
