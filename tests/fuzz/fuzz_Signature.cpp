// libFuzzer target for merchant request signing and authentication (auth::RequestSignature,
// auth::MerchantAuth with two fixed API keys and a clock that stands still).
//
// The input's first byte steers; the rest is split at NUL bytes into method, target, X-Api-Key,
// X-Timestamp, X-Signature, body and one more header (name, value). Steering can replace the
// timestamp with one inside the window and the signature with the right one for the request,
// in any mix of upper and lower case, so that the fuzzer reaches success as well as every refusal.
//
// Whatever the header bytes: authenticate() either returns the caller and answers nothing, or
// answers exactly once with 401 and a JSON error (MISSING_SIGNATURE, INVALID_SIGNATURE,
// SIGNATURE_EXPIRED), the same answer checkHead() gives for what it checks. A request signed with a
// known key inside the window authenticates, as that key's merchant, with the lowercase signature as
// its replay nonce: any upper/lower-case variant of it authenticates the same caller with the same
// nonce and is refused by the replay guard once the original was admitted. canonical() is exactly
// METHOD "\n" TARGET "\n" TIMESTAMP "\n" hex(SHA-256(body)).
//
//   build/fuzz/tests/fuzz/fuzz_Signature -max_total_time=60 tests/fuzz/corpus/fuzz_Signature

#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "FuzzCheck.h"
#include "FuzzMerchant.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "core/Logger.h"

using namespace paydesk;
using auth::MerchantAuth;
using auth::RequestSignature;
using auth::SignedCaller;

namespace {

bool lowerHex(std::string_view s, std::size_t length) {
    if (s.size() != length) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// Up to seven fields separated by NUL; missing ones are empty.
std::array<std::string, 7> split(std::string_view input) {
    std::array<std::string, 7> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t nul = i + 1 < out.size() ? input.find('\0') : std::string_view::npos;
        out[i] = std::string(input.substr(0, nul));
        if (nul == std::string_view::npos) break;
        input.remove_prefix(nul + 1);
    }
    return out;
}

// The letters of `hex` in upper case where `mask` (repeated) has a 1 bit.
std::string mixCase(std::string hex, std::uint64_t mask) {
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if ((mask >> (i % 64)) & 1) hex[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
    }
    return hex;
}

struct Outcome {
    std::optional<SignedCaller> caller;
    int answers = 0;
    http::HttpResponse answer;
};

Outcome authenticate(const MerchantAuth& auth, const http::HttpRequest& request) {
    Outcome out;
    out.caller = auth.authenticate(request, [&](http::HttpResponse r) {
        ++out.answers;
        out.answer = std::move(r);
    });
    FUZZ_CHECK(out.caller.has_value() != (out.answers == 1) && out.answers <= 1);
    if (!out.caller) {
        FUZZ_CHECK(out.answer.status == 401 && out.answer.contentType == "application/json");
        const nlohmann::json body = nlohmann::json::parse(out.answer.body, nullptr, false);
        FUZZ_CHECK(body.is_object() && body["code"].is_string() && body["message"].is_string());
        const std::string code = body["code"];
        FUZZ_CHECK(code == "MISSING_SIGNATURE" || code == "INVALID_SIGNATURE" || code == "SIGNATURE_EXPIRED");
    }
    return out;
}

bool withinWindow(const std::string& timestamp) {
    const auto millis = MerchantAuth::timestampMillis(timestamp);
    if (!millis) return false;
    const std::int64_t skew = fuzz::kNowSeconds * 1000 - *millis;
    return skew <= RequestSignature::kWindowSeconds * 1000 && skew >= -RequestSignature::kWindowSeconds * 1000;
}

void checkTimestampParsing(const std::string& header) {
    const auto millis = MerchantAuth::timestampMillis(header);
    if (!millis) return;
    FUZZ_CHECK(!header.empty() && header.size() <= 13);
    for (char c : header) FUZZ_CHECK(c >= '0' && c <= '9');  // digits only: no sign, not even "-0"
    const std::int64_t value = std::stoll(header);
    FUZZ_CHECK(value >= 0 && *millis == (value < 100'000'000'000 ? value * 1000 : value));
}

void checkCanonical(const std::array<std::string, 7>& f) {
    const std::string canonical = RequestSignature::canonical(f[0], f[1], f[3], f[5]);
    FUZZ_CHECK(canonical == f[0] + "\n" + f[1] + "\n" + f[3] + "\n" + crypto::sha256Hex(f[5]));
    const std::string signature = RequestSignature::sign(f[2], f[0], f[1], f[3], f[5]);
    FUZZ_CHECK(lowerHex(signature, 64) && signature == crypto::hmacSha256Hex(f[2], canonical));
}

// Steering: bit 0 a timestamp inside the window (bit 1: in milliseconds), bit 2 the right signature
// for the request, in the case mix that bit 3 and the signature field pick.
void steer(std::uint8_t control, const auth::ApiKeyStore& keys, std::array<std::string, 7>& f) {
    if (control & 1) {
        const std::int64_t offset = static_cast<std::int64_t>(control >> 3) * 9 - 140;  // -140 .. +139 s
        f[3] = (control & 2) ? std::to_string((fuzz::kNowSeconds + offset) * 1000 + control)
                             : std::to_string(fuzz::kNowSeconds + offset);
    }
    const auth::ApiKey* key = keys.find(f[2]);
    if ((control & 4) && key != nullptr) {
        std::uint64_t mask = control;
        for (unsigned char c : f[4]) mask = mask * 131 + c;
        f[4] = mixCase(RequestSignature::sign(key->secret, f[0], f[1], f[3], f[5]), control & 8 ? mask : 0);
    }
}

http::HttpRequest makeRequest(const std::array<std::string, 7>& f) {
    http::HttpRequest request;
    request.method = f[0];
    request.target = f[1];
    request.body = f[5];
    const std::string extraName = f[6].substr(0, f[6].find('='));
    if (!extraName.empty()) request.headers[extraName] = f[6].substr(std::min(f[6].size(), extraName.size() + 1));
    // An empty field is an absent header.
    for (const auto& [name, value] : {std::pair{"X-Api-Key", &f[2]}, {"X-Timestamp", &f[3]}, {"X-Signature", &f[4]}}) {
        if (!value->empty()) request.headers[name] = *value;
    }
    return request;
}

// Every case variant of a valid signature is the same request: same caller, same nonce, and a replay
// once the original was admitted.
void checkVariants(fuzz::MerchantFixture& fixture, const http::HttpRequest& request, const SignedCaller& caller,
                   std::uint8_t control) {
    std::optional<SignedCaller> variantCaller;
    for (const std::uint64_t mask : {std::uint64_t{0x9E3779B97F4A7C15} ^ control, ~std::uint64_t{0}}) {
        http::HttpRequest variant = request;
        variant.headers["X-Signature"] = mixCase(caller.nonce, mask);
        variantCaller = authenticate(fixture.auth, variant).caller;
        FUZZ_CHECK(variantCaller && variantCaller->merchantId == caller.merchantId &&
                   variantCaller->keyId == caller.keyId && variantCaller->nonce == caller.nonce);
    }
    FUZZ_CHECK(fixture.auth.admit(caller, "authorize", [](http::HttpResponse) { FUZZ_CHECK(false); }));
    int replayAnswers = 0;
    FUZZ_CHECK(!fixture.auth.admit(*variantCaller, "authorize", [&](http::HttpResponse r) {
        ++replayAnswers;
        FUZZ_CHECK(r.status == 401 && r.body.find("REPLAYED_REQUEST") != std::string::npos);
    }));
    FUZZ_CHECK(replayAnswers == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {
        Logger::setSink([](std::string_view) {});
        return true;
    }();
    (void)quiet;
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    auto f = split(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    checkCanonical(f);
    checkTimestampParsing(f[3]);

    fuzz::MerchantFixture fixture(true);
    steer(control, fixture.keys, f);
    const http::HttpRequest request = makeRequest(f);
    const Outcome outcome = authenticate(fixture.auth, request);
    if (const auto head = fixture.auth.checkHead(request)) {
        FUZZ_CHECK(!outcome.caller && head->status == outcome.answer.status && head->body == outcome.answer.body);
    }

    // Valid exactly when the key is known, the timestamp inside the window and the signature right.
    const std::string timestamp = request.header("X-Timestamp");
    const auth::ApiKey* key = fixture.keys.find(request.header("X-Api-Key"));
    std::string lowered = request.header("X-Signature");
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool valid =
        key != nullptr && withinWindow(timestamp) &&
        lowered == RequestSignature::sign(key->secret, request.method, request.target, timestamp, request.body);
    FUZZ_CHECK(outcome.caller.has_value() == valid);
    if (!valid) return 0;

    const SignedCaller& caller = *outcome.caller;
    FUZZ_CHECK(caller.merchantId == key->merchantId && caller.keyId == key->keyId && caller.nonce == lowered);
    FUZZ_CHECK(lowerHex(caller.nonce, MerchantAuth::kSignatureHexLength));
    checkVariants(fixture, request, caller, control);
    return 0;
}
