#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace paydesk {

// Fixed threads for blocking work (database calls) so the HTTP I/O threads never block.
// The queue is bounded: post() refuses work beyond it, and callers answer 503 instead of letting
// latency grow without limit.
class WorkerPool {
public:
    WorkerPool(std::string name, std::size_t threads, std::size_t queueLimit);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool is stopping; the task is then not run.
    [[nodiscard]] bool post(std::function<void()> task);
    // Runs what is queued, then joins the threads. Idempotent.
    void stop();

    [[nodiscard]] std::size_t queued() const;
    [[nodiscard]] std::size_t threadCount() const { return threads_.size(); }

private:
    void run();

    const std::string name_;
    const std::size_t queueLimit_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace paydesk
