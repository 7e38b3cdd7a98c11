#include "payments/TimerQueue.h"

#include <cassert>
#include <exception>
#include <utility>

#include "core/Logger.h"

namespace paydesk::payments {

namespace {
// Rebuild the heap when cancelled leftovers exceed the live timers by this much: amortised O(1).
constexpr std::size_t kCompactSlack = 1024;
}  // namespace

TimerQueue::TimerQueue(std::string name, std::size_t maxPending) : name_(std::move(name)), maxPending_(maxPending) {
    assert(maxPending_ > 0);
    thread_ = std::thread([this] { run(); });
}

TimerQueue::~TimerQueue() {
    stop();
}

std::optional<TimerQueue::TimerId> TimerQueue::schedule(TimePoint deadline, std::function<void()> fn) {
    assert(fn);
    bool wakeTimerThread = false;
    TimerId id = 0;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || callbacks_.size() >= maxPending_) return std::nullopt;
        id = nextId_++;
        // Only a new earliest deadline changes when the timer thread must wake up.
        wakeTimerThread = heap_.empty() || deadline < heap_.top().deadline;
        heap_.push(Entry{deadline, id});
        callbacks_.emplace(id, std::move(fn));
        if (heap_.size() > 2 * callbacks_.size() + kCompactSlack) compactLocked();
    }
    if (wakeTimerThread) wake_.notify_one();
    return id;
}

bool TimerQueue::cancel(TimerId id) {
    std::function<void()> victim;  // destroyed outside the lock: its captures may be heavy
    {
        std::lock_guard lock(mutex_);
        auto it = callbacks_.find(id);
        if (it == callbacks_.end()) return false;
        victim = std::move(it->second);
        callbacks_.erase(it);
    }
    return true;
}

void TimerQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        assert(std::this_thread::get_id() != thread_.get_id() && "TimerQueue::stop() from its own callback");
        thread_.join();
    }
}

std::size_t TimerQueue::pending() const {
    std::lock_guard lock(mutex_);
    return callbacks_.size();
}

void TimerQueue::runOne(std::function<void()>& fn) const {
    try {
        fn();
    } catch (const std::exception& e) {
        // Callbacks must handle their own errors; this only keeps one bad callback from killing
        // every later timer.
        Logger::error("timer", "timer callback threw", {{"queue", name_}, {"what", e.what()}});
    } catch (...) {
        Logger::error("timer", "timer callback threw a non-standard exception", {{"queue", name_}});
    }
}

void TimerQueue::dropCancelledTopLocked() {
    while (!heap_.empty() && callbacks_.find(heap_.top().id) == callbacks_.end()) heap_.pop();
}

void TimerQueue::compactLocked() {
    std::vector<Entry> live;
    live.reserve(callbacks_.size());
    while (!heap_.empty()) {
        if (callbacks_.count(heap_.top().id) != 0) live.push_back(heap_.top());
        heap_.pop();
    }
    heap_ = Heap(std::greater<>{}, std::move(live));
    assert(heap_.size() == callbacks_.size());
}

void TimerQueue::run() {
    std::vector<std::function<void()>> due;
    std::unique_lock lock(mutex_);
    for (;;) {
        dropCancelledTopLocked();
        if (stopping_) break;
        if (heap_.empty()) {
            wake_.wait(lock);
            continue;
        }
        const TimePoint now = std::chrono::steady_clock::now();
        if (heap_.top().deadline > now) {
            // A copy: wait_until reads the deadline again after waking, when a push may have moved
            // the heap's storage.
            const TimePoint next = heap_.top().deadline;
            wake_.wait_until(lock, next);
            continue;
        }
        // Take every timer that is due in one go: 10,000 timers expiring together cost one lock
        // round trip, not 10,000.
        while (!heap_.empty() && heap_.top().deadline <= now) {
            auto it = callbacks_.find(heap_.top().id);
            heap_.pop();
            if (it == callbacks_.end()) continue;  // cancelled
            due.push_back(std::move(it->second));
            callbacks_.erase(it);
        }
        lock.unlock();
        for (auto& fn : due) runOne(fn);
        due.clear();  // captures are released outside the lock too
        lock.lock();
    }
    // Stopping: run what is still pending, earliest first. Callbacks that schedule now are refused,
    // so this loop ends.
    while (!heap_.empty()) {
        auto it = callbacks_.find(heap_.top().id);
        heap_.pop();
        if (it == callbacks_.end()) continue;
        std::function<void()> fn = std::move(it->second);
        callbacks_.erase(it);
        lock.unlock();
        runOne(fn);
        fn = nullptr;
        lock.lock();
    }
    assert(callbacks_.empty());
}

}  // namespace paydesk::payments
