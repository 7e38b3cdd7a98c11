#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/RequestAdmission.h"
#include "core/Clock.h"
#include "http/HttpTypes.h"

namespace paydesk::auth {

struct ApiKey;
class ApiKeyStore;

// Who signed a merchant request, once the signature checked out.
struct SignedCaller {
    std::string merchantId;  // the key's merchant; empty with signing disabled (the body names it)
    std::string keyId;
    // The replay nonce: the signature in its one canonical spelling (lowercase hex of the HMAC, i.e.
    // the decoded bytes), so that "AB12…" and "ab12…" are the same request. Random when unsigned.
    std::string nonce;
};

// Merchant request authentication and admission, shared by every signed route (payments,
// webhooks, reconciliation uploads). Two steps:
//  1. authenticate(): CPU only, safe on an I/O thread. Header checks, timestamp window, HMAC.
//  2. admit(): replay guard + the merchant's rate limit (Redis, or the local fallback). It blocks on
//     Redis, so it runs on a worker thread. Routes with an idempotency key go through
//     RequestAdmission directly, which performs the same two checks plus the in-flight marker.
//
// X-Timestamp is unix seconds (10 digits) or unix milliseconds (13 digits): a client that retries
// within the same second signs with milliseconds to make the retry a distinct request.
class MerchantAuth {
public:
    MerchantAuth(bool signingRequired, const Clock& clock, const ApiKeyStore& keys, RequestAdmission& admission);

    // The signed caller, or nothing when the request was answered already (401 ...). The 401 codes
    // never tell an unknown key from a wrong signature.
    std::optional<SignedCaller> authenticate(const http::HttpRequest& request, const http::Responder& respond) const;

    // The checks that need no body (headers present, timestamp window, a known key, a well-formed
    // signature): the refusal authenticate() would give, or nothing. For routes that refuse before
    // reading a large body (RouteOptions::headerGate).
    [[nodiscard]] std::optional<http::HttpResponse> checkHead(const http::HttpRequest& head) const;

    // Replay guard and rate limit for a request without an idempotency marker. False when answered.
    bool admit(const SignedCaller& caller, std::string_view scope, const http::Responder& respond);

    // Maps an admission verdict to its answer; true when the request may proceed.
    static bool answer(const Admission& admission, const http::Responder& respond);

    // Milliseconds since the epoch that X-Timestamp stands for, or nothing when it is not a plain
    // decimal of 1 to 13 digits. Values below 10^11 are seconds, others milliseconds.
    static std::optional<std::int64_t> timestampMillis(std::string_view header);

    [[nodiscard]] bool signingRequired() const { return signingRequired_; }
    [[nodiscard]] RequestAdmission& admission() { return admission_; }

    static constexpr std::size_t kSignatureHexLength = 64;

private:
    // What the headers say, once readHead() found them sound.
    struct Head {
        const ApiKey* key = nullptr;
        std::string timestamp;
        std::string signature;  // canonical (lowercase)
    };
    // The body-free checks; fills `out` (one key lookup, one canonicalisation) or gives the refusal.
    std::optional<http::HttpResponse> readHead(const http::HttpRequest& head, Head& out) const;

    const bool signingRequired_;
    const Clock& clock_;
    const ApiKeyStore& keys_;
    RequestAdmission& admission_;
};

}  // namespace paydesk::auth
