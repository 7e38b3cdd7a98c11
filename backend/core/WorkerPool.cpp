#include "core/WorkerPool.h"

#include <cassert>
#include <exception>

#include "core/Logger.h"

namespace paydesk {

WorkerPool::WorkerPool(std::string name, std::size_t threads, std::size_t queueLimit)
    : name_(std::move(name)), queueLimit_(queueLimit) {
    assert(threads > 0 && queueLimit > 0);
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::post(std::function<void()> task) {
    assert(task);
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= queueLimit_) return false;
        queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

std::size_t WorkerPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            // A task must answer its own errors; this keeps one bad task from killing the pool.
            Logger::error("worker", "task threw", {{"pool", name_}, {"what", e.what()}});
        }
    }
}

}  // namespace paydesk
