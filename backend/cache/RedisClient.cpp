#include "cache/RedisClient.h"

#include <hiredis/hiredis.h>

#include <cassert>

namespace paydesk::cache {

namespace {

timeval toTimeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

RedisReply convert(const redisReply* r) {
    RedisReply out;
    assert(r != nullptr);
    switch (r->type) {
        case REDIS_REPLY_STATUS: out.type = RedisReply::Type::Status; out.text.assign(r->str, r->len); break;
        case REDIS_REPLY_ERROR: out.type = RedisReply::Type::Error; out.text.assign(r->str, r->len); break;
        case REDIS_REPLY_INTEGER: out.type = RedisReply::Type::Integer; out.integer = r->integer; break;
        case REDIS_REPLY_STRING: out.type = RedisReply::Type::String; out.text.assign(r->str, r->len); break;
        case REDIS_REPLY_ARRAY:
            out.type = RedisReply::Type::Array;
            out.elements.reserve(r->elements);
            for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
            break;
        default: out.type = RedisReply::Type::Nil; break;
    }
    return out;
}

void appendCommand(redisContext* ctx, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    redisAppendCommandArgv(ctx, static_cast<int>(args.size()), argv.data(), lens.data());
}

}  // namespace

Result<std::unique_ptr<RedisClient>> RedisClient::connect(const RedisEndpoint& ep, std::chrono::milliseconds timeout) {
    const timeval tv = toTimeval(timeout);
    redisContext* ctx = ep.unixSocket.empty() ? redisConnectWithTimeout(ep.host.c_str(), ep.port, tv)
                                              : redisConnectUnixWithTimeout(ep.unixSocket.c_str(), tv);
    if (ctx == nullptr) return Error::make(ErrorCode::RedisUnavailable, "cannot allocate a Redis context");
    if (ctx->err != 0) {
        Error e = Error::make(ErrorCode::RedisUnavailable, "cannot connect to " + ep.describe() + ": " + ctx->errstr);
        redisFree(ctx);
        return e;
    }
    redisSetTimeout(ctx, tv);
    std::unique_ptr<RedisClient> client(new RedisClient(ctx));
    if (!ep.password.empty()) {
        auto r = client->command({"AUTH", ep.password});
        if (!r.ok()) return r.error();
        if (r->isError())
            return Error::make(ErrorCode::RedisUnavailable, "Redis at " + ep.describe() + " refused the password");
    }
    if (ep.database != 0) {
        auto r = client->command({"SELECT", std::to_string(ep.database)});
        if (!r.ok()) return r.error();
        if (r->isError())
            return Error::make(ErrorCode::RedisError, "SELECT " + std::to_string(ep.database) + ": " + r->text);
    }
    return client;
}

RedisClient::~RedisClient() {
    if (ctx_ != nullptr) redisFree(ctx_);
}

Error RedisClient::connectionError(const std::string& what) {
    broken_ = true;
    return Error::make(ErrorCode::RedisUnavailable,
                       what + ": " + (ctx_->err != 0 ? std::string(ctx_->errstr) : std::string("no reply")));
}

Result<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
    assert(!args.empty());
    if (broken_) return Error::make(ErrorCode::RedisUnavailable, "connection is broken");
    appendCommand(ctx_, args);
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || raw == nullptr) return connectionError("Redis " + args.front());
    auto* reply = static_cast<redisReply*>(raw);
    RedisReply out = convert(reply);
    freeReplyObject(reply);
    return out;
}

Result<std::vector<RedisReply>> RedisClient::pipeline(const std::vector<std::vector<std::string>>& commands) {
    if (broken_) return Error::make(ErrorCode::RedisUnavailable, "connection is broken");
    for (const auto& c : commands) appendCommand(ctx_, c);
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(ctx_, &raw) != REDIS_OK || raw == nullptr) return connectionError("Redis pipeline");
        auto* reply = static_cast<redisReply*>(raw);
        replies.push_back(convert(reply));
        freeReplyObject(reply);
    }
    assert(replies.size() == commands.size());
    return replies;
}

Status RedisClient::ping() {
    auto r = command({"PING"});
    if (!r.ok()) return r.error();
    if (r->type != RedisReply::Type::Status || r->text != "PONG")
        return Error::make(ErrorCode::RedisError, "unexpected PING reply: " + r->text);
    return Status::success();
}

}  // namespace paydesk::cache
