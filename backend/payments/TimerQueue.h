#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace paydesk::payments {

// One thread that runs callbacks at deadlines (a min-heap of deadlines), so that simulated latency
// and per-call timeouts on the authorization hot path never cost a sleeping thread per call.
//
// Deadlines are std::chrono::steady_clock: timers measure elapsed real time, and a wall-clock
// MockClock could not wake a real thread anyway. (Business time, e.g. a breaker's open window,
// goes through the Clock seam instead.)
//
// Guarantees:
//  - every accepted callback runs exactly once, unless cancel() removed it first;
//  - callbacks run on the timer thread, outside the queue's lock, so they may schedule() and
//    cancel() freely; they must be short (post real work elsewhere) because they delay later timers;
//  - a callback that throws is logged and does not stop the thread;
//  - stop() refuses new timers, runs every pending callback at once (in deadline order) and joins.
//    Running rather than dropping them keeps "done is called exactly once" true at shutdown too.
//  - bounded: at most maxPending timers wait at a time; beyond that schedule() refuses.
class TimerQueue {
public:
    using TimerId = std::uint64_t;
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr std::size_t kDefaultMaxPending = 1'000'000;

    explicit TimerQueue(std::string name, std::size_t maxPending = kDefaultMaxPending);
    ~TimerQueue();
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    // The timer's id, or nullopt (false) when the queue is full or stopping; fn then never runs.
    [[nodiscard]] std::optional<TimerId> schedule(TimePoint deadline, std::function<void()> fn);
    [[nodiscard]] std::optional<TimerId> scheduleAfter(std::chrono::nanoseconds delay, std::function<void()> fn) {
        return schedule(std::chrono::steady_clock::now() + delay, std::move(fn));
    }
    // True when the timer was pending and now will not run; false when it already ran, is running,
    // or never existed.
    bool cancel(TimerId id);
    // Idempotent. Must not be called from a timer callback (it joins the timer thread).
    void stop();

    [[nodiscard]] std::size_t pending() const;
    [[nodiscard]] const std::string& name() const { return name_; }

private:
    struct Entry {
        TimePoint deadline;
        TimerId id;
        // Min-heap through std::priority_queue (a max-heap): "greater" entries sink.
        bool operator>(const Entry& other) const {
            return deadline != other.deadline ? deadline > other.deadline : id > other.id;
        }
    };
    using Heap = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;

    void run();
    void runOne(std::function<void()>& fn) const;
    void dropCancelledTopLocked();
    void compactLocked();

    const std::string name_;
    const std::size_t maxPending_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    // Cancelled timers stay in the heap (removing from the middle of a heap is O(n)); their callbacks
    // are gone from callbacks_, so the heap entry is skipped when it surfaces. compactLocked() keeps
    // such leftovers from outgrowing the live timers.
    Heap heap_;
    std::unordered_map<TimerId, std::function<void()>> callbacks_;
    TimerId nextId_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace paydesk::payments
