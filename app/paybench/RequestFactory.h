#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "BenchConfig.h"
#include "Iteration.h"

namespace paydesk::bench {

// Builds each step's request exactly as a merchant would send it (signed with the merchant's
// secret at send time) and judges the answer. Stateless after construction, so every I/O thread
// shares one.
class RequestFactory {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    struct Verdict {
        bool ok = false;        // the step got the answer it wanted
        bool next = false;      // the iteration goes on with the next step
        bool declined = false;  // a flow stopped because the acquirer declined; neither ok nor an error
        std::string paymentStatus;
        std::string errorCode;  // error body's "code", or what was wrong with a 2xx answer
        std::string paymentId;
    };

    explicit RequestFactory(const BenchConfig& config);

    [[nodiscard]] std::size_t stepCount() const;
    [[nodiscard]] std::string_view stepName(std::size_t step) const;

    // Replaces request with the iteration's current step; the signature uses the current time.
    void build(const Iteration& iteration, Request& request) const;
    [[nodiscard]] Verdict judge(const Iteration& iteration, const Response& response) const;

private:
    std::string target(std::string_view path) const;
    void sign(Request& request, const std::string& target, const std::string& body) const;

    const BenchConfig& config_;
    std::string hostHeader_;
};

}  // namespace paydesk::bench
