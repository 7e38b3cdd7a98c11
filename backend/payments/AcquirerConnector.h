#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace paydesk::payments {

// What authorization asks the acquirer (the card network side). Money in integer minor units.
struct AcquirerRequest {
    std::string paymentId;
    std::string merchantId;
    std::int64_t amount = 0;
    std::string currency;
    std::string cardNumber;  // may be empty: no card given. Never log it whole (first 6 + last 4 at most).
    std::string cardExpiry;
};

// The acquirer's answer.
//  Approved — acquirerTxnId is set.
//  Declined — a business answer (declineCode says why); the caller records the payment as DECLINED.
//  Failed   — a transient technical failure (timeout, processing error, circuit open); nothing was
//             decided, the caller answers with an error and the merchant may retry.
struct AcquirerOutcome {
    enum class Kind { Approved, Declined, Failed };
    Kind kind = Kind::Failed;
    std::string acquirerTxnId;
    std::string declineCode;
    std::string message;

    static AcquirerOutcome approved(std::string txnId, std::string msg = "approved") {
        return {Kind::Approved, std::move(txnId), {}, std::move(msg)};
    }
    static AcquirerOutcome declined(std::string code, std::string msg) {
        return {Kind::Declined, {}, std::move(code), std::move(msg)};
    }
    static AcquirerOutcome failed(std::string code, std::string msg) {
        return {Kind::Failed, {}, std::move(code), std::move(msg)};
    }
};

// Named so, not toString(), so QtTest can still find its own toString() overloads for Kind by ADL.
inline std::string_view outcomeKindName(AcquirerOutcome::Kind kind) {
    switch (kind) {
        case AcquirerOutcome::Kind::Approved:
            return "approved";
        case AcquirerOutcome::Kind::Declined:
            return "declined";
        case AcquirerOutcome::Kind::Failed:
            return "failed";
    }
    return "unknown";
}

// Failure codes produced by Paydesk itself (not by the acquirer), for callers to map to HTTP answers.
namespace acquirer_codes {
inline constexpr std::string_view kCircuitOpen = "CIRCUIT_OPEN";  // -> 503 with Retry-After
inline constexpr std::string_view kTimeout = "TIMEOUT";           // the acquirer did not answer in time
inline constexpr std::string_view kOverloaded = "OVERLOADED";     // a local bound (timer queue) was reached
inline constexpr std::string_view kShuttingDown = "SHUTTING_DOWN";
inline constexpr std::string_view kConnectorError = "CONNECTOR_ERROR";  // the connector threw
}  // namespace acquirer_codes

// The seam to an acquirer. Asynchronous so that waiting on the network never holds a thread.
class AcquirerConnector {
public:
    using Done = std::function<void(AcquirerOutcome)>;

    virtual ~AcquirerConnector() = default;
    AcquirerConnector() = default;
    AcquirerConnector(const AcquirerConnector&) = delete;
    AcquirerConnector& operator=(const AcquirerConnector&) = delete;

    // Asks for an authorization. `done` is called exactly once, from any thread — possibly
    // synchronously, before authorize() returns. `done` must be quick and must not throw: it runs on
    // whatever thread answered (often a timer thread shared by thousands of calls).
    virtual void authorize(const AcquirerRequest& request, Done done) = 0;
};

}  // namespace paydesk::payments
