#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Endpoints.h"
#include "core/Error.h"

// hiredis stays behind this header.
struct redisContext;

namespace paydesk::cache {

struct RedisReply {
    enum class Type { Nil, Status, Error, Integer, String, Array };
    Type type = Type::Nil;
    std::string text;  // Status, Error, String
    std::int64_t integer = 0;
    std::vector<RedisReply> elements;

    [[nodiscard]] bool isError() const { return type == Type::Error; }
};

// One blocking connection to Redis with bounded connect and command timeouts. Error codes:
// REDIS_UNAVAILABLE (cannot connect, connection lost, timed out: the connection is then broken and
// must be reopened), REDIS_ERROR (the server answered an error).
class RedisClient {
public:
    static Result<std::unique_ptr<RedisClient>> connect(const RedisEndpoint& endpoint,
                                                        std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    Result<RedisReply> command(const std::vector<std::string>& args);
    // Sends every command before reading any reply: one round trip for the lot.
    Result<std::vector<RedisReply>> pipeline(const std::vector<std::vector<std::string>>& commands);
    Status ping();

    [[nodiscard]] bool broken() const { return broken_; }

private:
    explicit RedisClient(redisContext* ctx) : ctx_(ctx) {}
    Error connectionError(const std::string& what);

    redisContext* ctx_ = nullptr;
    bool broken_ = false;
};

}  // namespace paydesk::cache
