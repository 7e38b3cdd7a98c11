#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "cache/RedisClient.h"

namespace paydesk::cache {

// A bounded set of Redis connections for the request path. Redis is only ever a fast path in
// Paydesk, so when it fails the pool stops trying for a short back-off instead of making every
// request wait for a connect timeout: callers get REDIS_UNAVAILABLE at once and use their fallback.
class RedisPool {
public:
    RedisPool(RedisEndpoint endpoint, std::size_t maxSize, std::chrono::milliseconds commandTimeout = std::chrono::milliseconds(200),
              std::chrono::milliseconds backoff = std::chrono::milliseconds(1000));
    ~RedisPool();
    RedisPool(const RedisPool&) = delete;
    RedisPool& operator=(const RedisPool&) = delete;

    // Runs fn with a connection. REDIS_UNAVAILABLE when none can be had (down, backing off, busy).
    template <typename T>
    Result<T> with(const std::function<Result<T>(RedisClient&)>& fn);

    [[nodiscard]] bool available() const;
    [[nodiscard]] const RedisEndpoint& endpoint() const { return endpoint_; }

private:
    Result<std::unique_ptr<RedisClient>> take();
    void give(std::unique_ptr<RedisClient> client);
    void markDown();

    const RedisEndpoint endpoint_;
    const std::size_t maxSize_;
    const std::chrono::milliseconds commandTimeout_;
    const std::chrono::milliseconds backoff_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<RedisClient>> idle_;
    std::size_t open_ = 0;
    std::atomic<std::int64_t> downUntilNanos_{0};
};

template <typename T>
Result<T> RedisPool::with(const std::function<Result<T>(RedisClient&)>& fn) {
    auto client = take();
    if (!client.ok()) return client.error();
    Result<T> result = fn(*client.value());
    if (client.value()->broken()) markDown();
    give(std::move(client).value());
    return result;
}

}  // namespace paydesk::cache
