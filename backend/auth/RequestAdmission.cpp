#include "auth/RequestAdmission.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "auth/RequestSignature.h"
#include "cache/RedisPool.h"
#include "core/Logger.h"

namespace paydesk::auth {

namespace {

// KEYS: 1 nonce, 2 bucket, 3 idempotency marker ("" = none)
// ARGV: 1 nonce ttl s, 2 rate/s, 3 burst, 4 now µs, 5 marker value, 6 marker ttl s, 7 request hash
// Returns {"OK"} | {"REPLAY"} | {"RATE", retryAfterSeconds} | {"IDEM", storedValue}
constexpr const char* kAdmitScript = R"lua(
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return {'REPLAY'} end
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[2], 't', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
if tokens < 1 then
  redis.call('HSET', KEYS[2], 't', tokens, 'ts', now)
  redis.call('PEXPIRE', KEYS[2], 60000)
  return {'RATE', math.ceil((1 - tokens) / rate)}
end
redis.call('HSET', KEYS[2], 't', tokens - 1, 'ts', now)
redis.call('PEXPIRE', KEYS[2], 60000)
if KEYS[3] ~= '' then
  if redis.call('SET', KEYS[3], ARGV[5], 'NX', 'EX', ARGV[6]) == false then
    return {'IDEM', redis.call('GET', KEYS[3]) or ''}
  end
end
return {'OK'}
)lua";

constexpr int kInFlightTtlSeconds = 30;
constexpr int kCompletedTtlSeconds = 24 * 3600;

// Marker values: "P|<hash>" in flight, "D|<hash>|<status>|<body>" done.
Admission interpretMarker(const std::string& value, const std::string& requestHash) {
    Admission a;
    a.usedRedis = true;
    if (value.size() < 2 || value.compare(2, requestHash.size(), requestHash) != 0) {
        a.verdict = value.empty() ? Admission::Verdict::InFlight : Admission::Verdict::KeyMismatch;
        return a;
    }
    if (value[0] == 'P') {
        a.verdict = Admission::Verdict::InFlight;
        return a;
    }
    const std::size_t statusStart = 2 + requestHash.size() + 1;
    const std::size_t bar = value.find('|', statusStart);
    if (value[0] != 'D' || bar == std::string::npos) {
        a.verdict = Admission::Verdict::InFlight;
        return a;
    }
    a.verdict = Admission::Verdict::Completed;
    a.storedStatus = std::atoi(value.substr(statusStart, bar - statusStart).c_str());
    a.storedBody = value.substr(bar + 1);
    return a;
}

}  // namespace

RequestAdmission::RequestAdmission(cache::RedisPool* redis, const Clock& clock, RateLimit limit,
                                   std::size_t maxLocalNonces)
    : redis_(redis), clock_(clock), limit_(limit), maxLocalNonces_(maxLocalNonces) {
    assert(maxLocalNonces_ > 0);
    assert(limit_.perSecond > 0 && limit_.burst >= 1);
}

std::string RequestAdmission::idempotencyRedisKey(const AdmissionRequest& r) {
    return "pd:idem:" + r.merchantId + ":" + r.scope + ":" + r.idempotencyKey;
}

Admission RequestAdmission::admit(const AdmissionRequest& request) {
    assert(!request.merchantId.empty() && !request.signature.empty());
    if (redis_ != nullptr && redis_->available()) {
        const std::string nowMicros = std::to_string(
            std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch()).count());
        const std::vector<std::string> cmd = {
            "EVAL",
            kAdmitScript,
            "3",
            "pd:nonce:" + request.keyId + ":" + request.signature,
            "pd:rl:" + request.merchantId,
            request.idempotencyKey.empty() ? std::string() : idempotencyRedisKey(request),
            std::to_string(2 * RequestSignature::kWindowSeconds),
            std::to_string(limit_.perSecond),
            std::to_string(limit_.burst),
            nowMicros,
            "P|" + request.requestHash,
            std::to_string(kInFlightTtlSeconds),
            request.requestHash};
        auto reply = redis_->with<cache::RedisReply>([&](cache::RedisClient& c) { return c.command(cmd); });
        if (reply.ok() && reply->type == cache::RedisReply::Type::Array && !reply->elements.empty()) {
            const std::string& tag = reply->elements[0].text;
            Admission a;
            a.usedRedis = true;
            if (tag == "REPLAY")
                a.verdict = Admission::Verdict::Replayed;
            else if (tag == "RATE") {
                a.verdict = Admission::Verdict::RateLimited;
                a.retryAfterSeconds =
                    std::max<std::int64_t>(1, reply->elements.size() > 1 ? reply->elements[1].integer : 1);
            } else if (tag == "IDEM") {
                return interpretMarker(reply->elements.size() > 1 ? reply->elements[1].text : "", request.requestHash);
            }
            return a;
        }
        if (reply.ok() && reply->isError()) Logger::error("redis", "admission script failed", {{"error", reply->text}});
    }
    return admitLocally(request);
}

Admission RequestAdmission::admitLocally(const AdmissionRequest& request) {
    Admission a;
    const std::int64_t nowMicros =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch()).count();
    std::lock_guard lock(localMutex_);
    // Replay guard, this instance only.
    // Expiries are appended in time order (same TTL for all), so the expired ones are at the front.
    while (!nonceOrder_.empty() && nonceOrder_.front().first < nowMicros) {
        nonces_.erase(nonceOrder_.front().second);
        nonceOrder_.pop_front();
    }
    const std::string nonce = request.keyId + ":" + request.signature;
    if (nonces_.contains(nonce)) {
        a.verdict = Admission::Verdict::Replayed;
        return a;
    }
    if (nonces_.size() >= maxLocalNonces_) {
        a.verdict = Admission::Verdict::Unavailable;
        return a;
    }
    nonces_.insert(nonce);
    nonceOrder_.emplace_back(nowMicros + 2 * RequestSignature::kWindowSeconds * 1'000'000, nonce);
    // Token bucket, this instance only.
    auto [it, fresh] = buckets_.try_emplace(request.merchantId, Bucket{limit_.burst, nowMicros});
    Bucket& b = it->second;
    b.tokens = std::min(limit_.burst, b.tokens + static_cast<double>(nowMicros - b.atMicros) * limit_.perSecond / 1e6);
    b.atMicros = nowMicros;
    if (b.tokens < 1) {
        a.verdict = Admission::Verdict::RateLimited;
        a.retryAfterSeconds =
            std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1 - b.tokens) / limit_.perSecond)));
        return a;
    }
    b.tokens -= 1;
    (void)fresh;
    return a;  // idempotency: the database decides
}

void RequestAdmission::complete(const AdmissionRequest& request, int status, const std::string& body) {
    if (redis_ == nullptr || request.idempotencyKey.empty() || !redis_->available()) return;
    const std::vector<std::string> cmd = {"SET", idempotencyRedisKey(request),
                                          "D|" + request.requestHash + "|" + std::to_string(status) + "|" + body, "EX",
                                          std::to_string(kCompletedTtlSeconds)};
    (void)redis_->with<cache::RedisReply>([&](cache::RedisClient& c) { return c.command(cmd); });
}

void RequestAdmission::abandon(const AdmissionRequest& request) {
    if (redis_ == nullptr || request.idempotencyKey.empty() || !redis_->available()) return;
    const std::vector<std::string> cmd = {"DEL", idempotencyRedisKey(request)};
    (void)redis_->with<cache::RedisReply>([&](cache::RedisClient& c) { return c.command(cmd); });
}

}  // namespace paydesk::auth
