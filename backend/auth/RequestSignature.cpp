#include "auth/RequestSignature.h"

#include "core/Crypto.h"

namespace paydesk::auth {

std::string RequestSignature::canonical(std::string_view method, std::string_view target, std::string_view timestamp,
                                        std::string_view body) {
    std::string s;
    s.reserve(method.size() + target.size() + timestamp.size() + 67);
    s.append(method).append("\n").append(target).append("\n").append(timestamp).append("\n").append(
        crypto::sha256Hex(body));
    return s;
}

std::string RequestSignature::sign(std::string_view secret, std::string_view method, std::string_view target,
                                   std::string_view timestamp, std::string_view body) {
    return crypto::hmacSha256Hex(secret, canonical(method, target, timestamp, body));
}

}  // namespace paydesk::auth
