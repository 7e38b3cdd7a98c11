#pragma once

// What the load tools (paybench, paychaos) share to talk to the merchant API as a merchant does.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

namespace paydesk::bench {

struct MerchantCredentials {
    std::string merchantId;
    std::string apiKey;
    std::string secret;
};

using ClientRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Sets X-Api-Key, X-Timestamp (Unix seconds now, as a merchant's client would; the server allows
// 300 s of skew) and X-Signature over method, target, timestamp and body.
void signRequest(ClientRequest& request, const MerchantCredentials& merchant, const std::string& method,
                 const std::string& target, const std::string& body);

}  // namespace paydesk::bench
