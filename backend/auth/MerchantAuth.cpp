#include "auth/MerchantAuth.h"

#include <cassert>
#include <cctype>
#include <charconv>

#include "auth/ApiKeyStore.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "core/Logger.h"

namespace paydesk::auth {

using http::HttpResponse;
using nlohmann::json;

namespace {

constexpr std::int64_t kMillisThreshold = 100'000'000'000;  // 10^11: above, X-Timestamp is milliseconds
constexpr std::size_t kMaxTimestampDigits = 13;

// Lowercase hex of exactly kSignatureHexLength digits, or empty when the header is not one.
std::string canonicalSignature(std::string_view header) {
    if (header.size() != MerchantAuth::kSignatureHexLength) return {};
    std::string out(header);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    }
    return out;
}

HttpResponse invalidSignature() {
    // One code and one message for an unknown key and a wrong signature: a caller cannot use the
    // difference to find out which key ids exist.
    return HttpResponse::error(401, "INVALID_SIGNATURE",
                               "unknown API key, or the signature does not match the request");
}

}  // namespace

MerchantAuth::MerchantAuth(bool signingRequired, const Clock& clock, const ApiKeyStore& keys,
                           RequestAdmission& admission)
    : signingRequired_(signingRequired), clock_(clock), keys_(keys), admission_(admission) {
    if (!signingRequired_) {
        Logger::warn("payments", "REQUEST SIGNING IS OFF (development flag): any caller can act for any merchant");
    }
}

std::optional<std::int64_t> MerchantAuth::timestampMillis(std::string_view header) {
    if (header.empty() || header.size() > kMaxTimestampDigits) return std::nullopt;
    for (const char c : header) {
        if (c < '0' || c > '9') return std::nullopt;  // digits only: no sign, no "-0"
    }
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(header.data(), header.data() + header.size(), value);
    if (ec != std::errc{} || ptr != header.data() + header.size() || value < 0) return std::nullopt;
    return value < kMillisThreshold ? value * 1000 : value;
}

std::optional<HttpResponse> MerchantAuth::readHead(const http::HttpRequest& head, Head& out) const {
    assert(signingRequired_);
    const std::string key = head.header("X-Api-Key");
    out.timestamp = head.header("X-Timestamp");
    const std::string signature = head.header("X-Signature");
    if (key.empty() || out.timestamp.empty() || signature.empty()) {
        return HttpResponse::error(401, "MISSING_SIGNATURE", "X-Api-Key, X-Timestamp and X-Signature are required");
    }
    // The timestamp is judged before the key is looked up, so that its answer is the same for
    // every key id.
    const auto millis = timestampMillis(out.timestamp);
    if (!millis)
        return HttpResponse::error(401, "INVALID_SIGNATURE", "X-Timestamp must be unix seconds or unix milliseconds");
    const std::int64_t skewMillis = clock_.unixMillis() - *millis;  // both within [0, 10^13]: no overflow
    if (skewMillis > RequestSignature::kWindowSeconds * 1000 || skewMillis < -RequestSignature::kWindowSeconds * 1000) {
        return HttpResponse::error(401, "SIGNATURE_EXPIRED",
                                   "X-Timestamp is more than 300 s away from the server's clock",
                                   {{"serverTime", clock_.unixSeconds()}});
    }
    out.key = keys_.find(key);
    out.signature = canonicalSignature(signature);
    if (out.key == nullptr || out.signature.empty()) return invalidSignature();
    return std::nullopt;
}

std::optional<HttpResponse> MerchantAuth::checkHead(const http::HttpRequest& head) const {
    if (!signingRequired_) return std::nullopt;
    Head ignored;
    return readHead(head, ignored);
}

std::optional<SignedCaller> MerchantAuth::authenticate(const http::HttpRequest& request,
                                                       const http::Responder& respond) const {
    if (!signingRequired_) return SignedCaller{"", "unsigned", crypto::randomHex(16)};
    Head head;
    if (auto refusal = readHead(request, head)) {
        respond(std::move(*refusal));
        return std::nullopt;
    }
    const std::string expected =
        RequestSignature::sign(head.key->secret, request.method, request.target, head.timestamp, request.bodyBytes());
    if (!crypto::constantTimeEquals(expected, head.signature)) {
        respond(invalidSignature());
        return std::nullopt;
    }
    return SignedCaller{head.key->merchantId, head.key->keyId, std::move(head.signature)};
}

bool MerchantAuth::admit(const SignedCaller& caller, std::string_view scope, const http::Responder& respond) {
    AdmissionRequest request{caller.merchantId.empty() ? std::string("unsigned") : caller.merchantId,
                             caller.keyId,
                             caller.nonce,
                             "",
                             std::string(scope),
                             ""};
    return answer(admission_.admit(request), respond);
}

bool MerchantAuth::answer(const Admission& a, const http::Responder& respond) {
    switch (a.verdict) {
        case Admission::Verdict::Admitted:
            return true;
        case Admission::Verdict::Replayed:
            respond(HttpResponse::error(
                401, "REPLAYED_REQUEST",
                "this signature was already used; sign the retry anew (a millisecond X-Timestamp makes a "
                "retry within the same second distinct)"));
            return false;
        case Admission::Verdict::RateLimited:
            respond(HttpResponse::error(429, "RATE_LIMITED", "too many requests for this merchant")
                        .header("Retry-After", std::to_string(a.retryAfterSeconds)));
            return false;
        case Admission::Verdict::Unavailable:
            respond(HttpResponse::error(503, "SERVICE_UNAVAILABLE",
                                        "the replay guard is full while Redis is unavailable; retry shortly")
                        .header("Retry-After", "1"));
            return false;
        case Admission::Verdict::InFlight:
            respond(HttpResponse::error(409, "REQUEST_IN_PROGRESS",
                                        "a request with this idempotency key is still being processed")
                        .header("Retry-After", "1"));
            return false;
        case Admission::Verdict::KeyMismatch:
            respond(HttpResponse::error(422, "IDEMPOTENCY_KEY_MISMATCH",
                                        "this idempotency key was used with a different request body"));
            return false;
        case Admission::Verdict::Completed: {
            HttpResponse r = HttpResponse::json(a.storedStatus, json::parse(a.storedBody, nullptr, false));
            r.header("Idempotent-Replayed", "true");
            respond(std::move(r));
            return false;
        }
    }
    assert(false && "unhandled admission verdict");
    return false;
}

}  // namespace paydesk::auth
