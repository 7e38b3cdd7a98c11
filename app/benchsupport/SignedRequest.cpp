#include "SignedRequest.h"

#include <chrono>

#include "auth/RequestSignature.h"

namespace paydesk::bench {

void signRequest(ClientRequest& request, const MerchantCredentials& merchant, const std::string& method,
                 const std::string& target, const std::string& body) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::string timestamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count());
    request.set("X-Api-Key", merchant.apiKey);
    request.set("X-Timestamp", timestamp);
    request.set("X-Signature", auth::RequestSignature::sign(merchant.secret, method, target, timestamp, body));
}

}  // namespace paydesk::bench
