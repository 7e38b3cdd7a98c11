#include "local/Supervisor.h"

#include <algorithm>
#include <cassert>

#include "core/Logger.h"
#include "core/Metrics.h"

namespace paydesk::local {

std::chrono::milliseconds RestartBackoff::exited(TimePoint now) {
    if (startedAt_ != TimePoint{} && now - startedAt_ >= policy_.stableAfter) next_ = policy_.initial;
    startedAt_ = TimePoint{};  // a failed start does not count as a stable run
    const std::chrono::milliseconds delay = next_;
    next_ = std::min(next_ * 2, policy_.max);
    return delay;
}

Supervisor::Supervisor(RestartBackoff::Policy policy, std::chrono::milliseconds pollInterval)
    : policy_(policy), pollInterval_(pollInterval) {}

Supervisor::~Supervisor() {
    stopWatching();
    join();
}

void Supervisor::add(SupervisedServer server) {
    assert(!thread_.joinable());
    auto e = std::make_unique<Entry>(std::move(server), policy_);
    e->restarts =
        &MetricsRegistry::global().counter("paydesk_embedded_server_restarts_total",
                                           "Restarts of an embedded server that exited", {{"server", e->server.name}});
    e->backoff.started(std::chrono::steady_clock::now());
    entries_.push_back(std::move(e));
}

void Supervisor::start() {
    assert(!thread_.joinable());
    thread_ = std::thread([this] { loop(); });
}

void Supervisor::stopWatching() {
    cancelled_.store(true);
    {
        std::lock_guard lock(mutex_);
        watching_ = false;
    }
    wake_.notify_all();
    std::lock_guard wait(work_);  // a check or restart in progress has finished
}

void Supervisor::join() {
    {
        std::lock_guard lock(mutex_);
        released_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::string Supervisor::note(std::string_view name) const {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
        if (e->server.name == name) return e->note;
    }
    return {};
}

void Supervisor::loop() {
    std::unique_lock lock(mutex_);
    while (watching_) {
        lock.unlock();
        {
            std::lock_guard busy(work_);
            for (auto& e : entries_) {
                if (!cancelled_.load()) check(*e);
            }
        }
        lock.lock();
        wake_.wait_for(lock, pollInterval_, [&] { return !watching_; });
    }
    // The children this thread started die with it: wait until the owner has stopped them.
    wake_.wait(lock, [&] { return released_; });
}

void Supervisor::check(Entry& e) {
    const auto now = std::chrono::steady_clock::now();
    if (!e.down) {
        if (!e.server.running()) noticeExit(e, now);
        return;
    }
    if (now >= e.nextAttempt) restart(e);
}

void Supervisor::noticeExit(Entry& e, RestartBackoff::TimePoint now) {
    const auto delay = e.backoff.exited(now);
    const std::string how = e.server.exitDescription();
    e.down = true;
    e.nextAttempt = now + delay;
    Logger::error("local", "embedded " + e.server.title + " " + how + "; restarting it",
                  {{"server", e.server.name}, {"exit", how}, {"delayMs", delay.count()}});
    std::lock_guard lock(mutex_);
    e.note = "embedded " + e.server.title + " " + how + "; restarting";
}

void Supervisor::restart(Entry& e) {
    ++e.attempts;
    e.restarts->inc();
    Logger::info("local", "restarting embedded " + e.server.title,
                 {{"server", e.server.name}, {"restart", e.attempts}});
    const Status s = e.server.restart();
    const auto now = std::chrono::steady_clock::now();
    if (s.ok()) {
        e.down = false;
        e.backoff.started(now);
        Logger::info("local", "embedded " + e.server.title + " is back",
                     {{"server", e.server.name}, {"restart", e.attempts}});
        std::lock_guard lock(mutex_);
        e.note.clear();
        return;
    }
    if (cancelled_.load()) return;  // paydeskd is stopping: the start was cut short on purpose
    const auto delay = e.backoff.exited(now);
    e.nextAttempt = now + delay;
    Logger::error("local", "restarting embedded " + e.server.title + " failed; trying again",
                  {{"server", e.server.name}, {"error", s.error().message}, {"delayMs", delay.count()}});
    std::lock_guard lock(mutex_);
    e.note = "embedded " + e.server.title + " could not be restarted yet (" + std::to_string(e.attempts) + " attempts)";
}

}  // namespace paydesk::local
