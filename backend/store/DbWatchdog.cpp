#include "store/DbWatchdog.h"

#include <cassert>

#include "core/Logger.h"

namespace paydesk::store {

using namespace std::chrono_literals;

namespace {
constexpr auto kJudgeInterval = 50ms;
}

void DbLiveness::pingStarted(TimePoint now) {
    inFlightSince_ = now;
}

void DbLiveness::pingFinished(bool ok, std::string why) {
    inFlightSince_.reset();
    lastOk_ = ok;
    lastError_ = ok ? std::string() : std::move(why);
}

bool DbLiveness::up(TimePoint now) const {
    return reason(now).empty();
}

std::string DbLiveness::reason(TimePoint now) const {
    if (inFlightSince_ && now - *inFlightSince_ > slow_) {
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - *inFlightSince_);
        return "no answer to a ping for " + std::to_string(waited.count()) + " ms";
    }
    if (!lastOk_) return "ping failed: " + lastError_;
    return {};
}

DbWatchdog::DbWatchdog(DbPool& pool, DbWatchdogOptions options)
    : pool_(pool), options_(options), liveness_(options.slow) {
    assert(options_.interval > 0ms && options_.slow > 0ms);
}

DbWatchdog::~DbWatchdog() {
    stop();
}

void DbWatchdog::start() {
    assert(!pinger_.joinable());
    pinger_ = std::thread([this] { pingLoop(); });
    judge_ = std::thread([this] { judgeLoop(); });
}

void DbWatchdog::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    // A ping blocked on a hung server ends within the watchdog's own read timeout.
    if (pinger_.joinable()) pinger_.join();
    if (judge_.joinable()) judge_.join();
}

bool DbWatchdog::sleepFor(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, d, [&] { return stopping_; });
}

void DbWatchdog::pingLoop() {
    do {
        pingOnce();
    } while (sleepFor(options_.interval));
    conn_.reset();
}

void DbWatchdog::pingOnce() {
    {
        std::lock_guard lock(mutex_);
        liveness_.pingStarted(std::chrono::steady_clock::now());
    }
    Status s = Status::success();
    if (!conn_ || conn_->broken()) {
        conn_.reset();
        auto opened = DbConnection::open(pool_.endpoint(), options_.timeouts);
        if (opened.ok())
            conn_ = std::move(opened).value();
        else
            s = opened.error();
    }
    if (conn_) s = conn_->ping();
    if (!s.ok()) conn_.reset();
    std::lock_guard lock(mutex_);
    liveness_.pingFinished(s.ok(), s.ok() ? std::string() : s.error().message);
}

void DbWatchdog::judgeLoop() {
    do {
        std::string why;
        {
            std::lock_guard lock(mutex_);
            why = liveness_.reason(std::chrono::steady_clock::now());
        }
        const bool up = why.empty();
        if (up == pool_.available()) continue;
        if (up)
            Logger::info("store", "database answers again; serving");
        else
            Logger::warn("store", "database not answering; requests that need it get 503", {{"why", why}});
        pool_.setAvailable(up, why);
    } while (sleepFor(kJudgeInterval));
}

}  // namespace paydesk::store
