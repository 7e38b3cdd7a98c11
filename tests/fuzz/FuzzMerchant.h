#pragma once

// The merchant authentication the fuzz targets run against: two fixed API keys, a clock that stands
// still, and the replay guard's local fallback (no Redis).

#include <chrono>
#include <cstdint>
#include <memory>

#include "FuzzCheck.h"
#include "auth/ApiKeyStore.h"
#include "auth/MerchantAuth.h"
#include "auth/RequestAdmission.h"
#include "core/Clock.h"

namespace paydesk::fuzz {

inline constexpr std::int64_t kNowSeconds = 1'763'856'000;

struct MerchantFixture {
    explicit MerchantFixture(bool signingRequired) : auth(signingRequired, clock, keys, admission) {}

    static auth::ApiKeyStore makeKeys() {
        auth::ApiKeyStore keys;
        FUZZ_CHECK(keys.add({"key_a", "sk_a_0123456789abcdef", "m_a"}).ok());
        FUZZ_CHECK(keys.add({"key-b.2", "sk_b_fedcba9876543210", "m_b"}).ok());
        return keys;
    }

    MockClock clock{MockClock::time_point{std::chrono::seconds{kNowSeconds}}};
    auth::ApiKeyStore keys = makeKeys();
    auth::RequestAdmission admission{nullptr, clock, auth::RateLimit{}};
    auth::MerchantAuth auth;
};

}  // namespace paydesk::fuzz
