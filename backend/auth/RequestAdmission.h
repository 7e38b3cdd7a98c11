#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/Clock.h"

namespace paydesk::cache {
class RedisPool;
}

namespace paydesk::auth {

struct RateLimit {
    double perSecond = 50'000;  // sustained requests per merchant
    double burst = 100'000;     // bucket size
};

struct AdmissionRequest {
    std::string merchantId;
    std::string keyId;
    std::string signature;       // replay guard: the canonical signature (SignedCaller::nonce)
    std::string idempotencyKey;  // empty: no in-flight marker wanted
    std::string scope;           // "authorize", "capture:<id>", ...
    std::string requestHash;
};

struct Admission {
    // Unavailable: Redis is down and the local replay guard is full of unexpired nonces; refusing is
    // the only answer that neither evicts a live nonce (which would make a request replayable) nor
    // grows without bound.
    enum class Verdict { Admitted, Replayed, RateLimited, InFlight, Completed, KeyMismatch, Unavailable };
    Verdict verdict = Verdict::Admitted;
    std::int64_t retryAfterSeconds = 0;  // RateLimited
    int storedStatus = 0;                // Completed: the original answer, from the Redis fast path
    std::string storedBody;
    bool usedRedis = false;  // false: Redis was down and local fallbacks decided
};

// The per-request checks that must be atomic across instances, done in ONE Redis round trip by a
// Lua script: replay nonce (SET NX with the signature window as TTL), the merchant's token bucket,
// and the idempotency in-flight marker. When Redis is unavailable each falls back to a local,
// per-instance equivalent; the database's unique keys still decide idempotency.
class RequestAdmission {
public:
    // The local fallbacks are bounded. When the nonce set is full of unexpired nonces, requests are
    // refused (Verdict::Unavailable), never admitted by evicting a live nonce.
    static constexpr std::size_t kMaxLocalNonces = 1'000'000;

    RequestAdmission(cache::RedisPool* redis, const Clock& clock, RateLimit limit,
                     std::size_t maxLocalNonces = kMaxLocalNonces);

    Admission admit(const AdmissionRequest& request);
    // After commit: the stored answer, so retries are served from Redis.
    void complete(const AdmissionRequest& request, int status, const std::string& body);
    // The request failed before anything was written: allow a retry with the same key.
    void abandon(const AdmissionRequest& request);

    static std::string idempotencyRedisKey(const AdmissionRequest& r);

private:
    Admission admitLocally(const AdmissionRequest& request);

    cache::RedisPool* redis_;
    const Clock& clock_;
    const RateLimit limit_;
    const std::size_t maxLocalNonces_;

    std::mutex localMutex_;
    std::unordered_set<std::string> nonces_;
    std::deque<std::pair<std::int64_t, std::string>> nonceOrder_;  // (expiry, nonce)
    struct Bucket {
        double tokens;
        std::int64_t atMicros;
    };
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace paydesk::auth
