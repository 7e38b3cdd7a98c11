#pragma once

#include <cassert>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>

namespace paydesk::recon {

// A bounded hand-over of SQL statements from a thread that builds them to the thread that executes
// them, so building the next multi-row INSERT overlaps the database executing the previous one. At
// most `capacity` statements wait (each a few MiB at most), which bounds the memory the overlap costs.
template <typename Statement>
class BasicStatementPipe {
public:
    explicit BasicStatementPipe(std::size_t capacity) : capacity_(capacity) { assert(capacity_ > 0); }

    // Blocks while full. False when the consumer gave up (stop building).
    bool push(Statement statement) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return queue_.size() < capacity_ || abandoned_; });
        if (abandoned_) return false;
        queue_.push_back(std::move(statement));
        notEmpty_.notify_one();
        return true;
    }
    // Blocks while empty. False once the producer closed the pipe and everything was taken.
    bool pop(Statement& statement) {
        std::unique_lock lock(mutex_);
        notEmpty_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return false;
        statement = std::move(queue_.front());
        queue_.pop_front();
        notFull_.notify_one();
        return true;
    }
    // Producer: no more statements (`error` non-empty: building failed).
    void close(std::string error = {}) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        if (!error.empty() && error_.empty()) error_ = std::move(error);
        notEmpty_.notify_all();
    }
    // Consumer: stop; the producer's next push returns false.
    void abandon() {
        std::lock_guard lock(mutex_);
        abandoned_ = true;
        queue_.clear();
        notFull_.notify_all();
    }
    [[nodiscard]] std::string error() const {
        std::lock_guard lock(mutex_);
        return error_;
    }

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable notFull_;
    std::condition_variable notEmpty_;
    std::deque<Statement> queue_;
    bool closed_ = false;
    bool abandoned_ = false;
    std::string error_;
};

}  // namespace paydesk::recon
