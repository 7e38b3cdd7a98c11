#include "cache/RedisPool.h"

#include <cassert>

#include "core/Logger.h"

namespace paydesk::cache {

namespace {
std::int64_t nowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

RedisPool::RedisPool(RedisEndpoint endpoint, std::size_t maxSize, std::chrono::milliseconds commandTimeout,
                     std::chrono::milliseconds backoff)
    : endpoint_(std::move(endpoint)), maxSize_(maxSize), commandTimeout_(commandTimeout), backoff_(backoff) {
    assert(maxSize_ > 0);
}

RedisPool::~RedisPool() = default;

bool RedisPool::available() const { return nowNanos() >= downUntilNanos_.load(); }

void RedisPool::markDown() {
    const std::int64_t until = nowNanos() + std::chrono::duration_cast<std::chrono::nanoseconds>(backoff_).count();
    const std::int64_t previous = downUntilNanos_.exchange(until);
    if (previous < nowNanos()) Logger::warn("redis", "Redis unreachable; using fallbacks", {{"endpoint", endpoint_.describe()}});
    std::lock_guard lock(mutex_);
    open_ -= idle_.size();
    idle_.clear();  // every idle connection is suspect now
}

Result<std::unique_ptr<RedisClient>> RedisPool::take() {
    if (!available()) return Error::make(ErrorCode::RedisUnavailable, "Redis is backing off after a failure");
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, commandTimeout_, [&] { return !idle_.empty() || open_ < maxSize_; })) {
        return Error::make(ErrorCode::RedisUnavailable, "no Redis connection free");
    }
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
    }
    ++open_;
    lock.unlock();
    auto c = RedisClient::connect(endpoint_, commandTimeout_);
    if (!c.ok()) {
        {
            std::lock_guard relock(mutex_);
            --open_;
        }
        freed_.notify_one();
        markDown();
        return c.error();
    }
    return c;
}

void RedisPool::give(std::unique_ptr<RedisClient> client) {
    {
        std::lock_guard lock(mutex_);
        if (client->broken()) {
            if (open_ > 0) --open_;
        } else {
            idle_.push_back(std::move(client));
        }
    }
    freed_.notify_one();
}

}  // namespace paydesk::cache
