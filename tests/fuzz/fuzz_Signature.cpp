// libFuzzer target for merchant request signing (payments::RequestSignature).
//
// The input is split at NUL bytes into secret, method, target, timestamp and body. Whatever the
// bytes, canonical() must be exactly METHOD "\n" TARGET "\n" TIMESTAMP "\n" hex(SHA-256(body)), sign()
// must be 64 lowercase hex digits, deterministic, and change when any signed part changes.
//
//   build/fuzz/tests/fuzz/fuzz_Signature -max_total_time=60 tests/fuzz/corpus/fuzz_Signature

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "FuzzCheck.h"
#include "core/Crypto.h"
#include "payments/RequestSignature.h"

using paydesk::payments::RequestSignature;
namespace crypto = paydesk::crypto;

namespace {

bool lowerHex(std::string_view s, std::size_t length) {
    if (s.size() != length) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// Up to five fields separated by NUL; missing ones are empty.
std::array<std::string_view, 5> split(std::string_view input) {
    std::array<std::string_view, 5> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t nul = i + 1 < out.size() ? input.find('\0') : std::string_view::npos;
        out[i] = input.substr(0, nul);
        if (nul == std::string_view::npos) break;
        input.remove_prefix(nul + 1);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto [secret, method, target, timestamp, body] = split(input);

    const std::string bodyHash = crypto::sha256Hex(body);
    FUZZ_CHECK(lowerHex(bodyHash, 64));
    const std::string canonical = RequestSignature::canonical(method, target, timestamp, body);
    FUZZ_CHECK(canonical ==
               std::string(method) + "\n" + std::string(target) + "\n" + std::string(timestamp) + "\n" + bodyHash);

    const std::string signature = RequestSignature::sign(secret, method, target, timestamp, body);
    FUZZ_CHECK(lowerHex(signature, 64));
    FUZZ_CHECK(signature == crypto::hmacSha256Hex(secret, canonical));
    FUZZ_CHECK(signature == RequestSignature::sign(secret, method, target, timestamp, body));
    FUZZ_CHECK(crypto::constantTimeEquals(signature, signature));

    // Any change to what is signed changes the signature (a collision here would be news).
    const std::string otherTarget = std::string(target) + "?";
    FUZZ_CHECK(RequestSignature::sign(secret, method, otherTarget, timestamp, body) != signature);
    const std::string otherBody = std::string(body) + " ";
    FUZZ_CHECK(RequestSignature::sign(secret, method, target, timestamp, otherBody) != signature);
    return 0;
}
