#pragma once

#include <chrono>
#include <string>

#include "core/Clock.h"
#include "events/EventConsumer.h"

namespace paydesk::store {
class DbPool;
}

namespace paydesk::webhooks {

// The merchant-webhook consumer: delivers each event to every active endpoint of its merchant that
// subscribed to its type. Deliveries are signed like the common convention:
//   Paydesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(endpoint secret, "<t>.<body>")>
// plus Paydesk-Event-Id and Paydesk-Event-Type headers; the body is the event envelope. A 2xx
// answer counts as delivered (recorded per endpoint, so a retry skips endpoints already served);
// anything else fails the attempt, and the consumer framework retries with backoff, then
// dead-letters the event.
class WebhookDispatcher final : public events::EventHandler {
public:
    WebhookDispatcher(store::DbPool& db, const Clock& clock, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
        : db_(db), clock_(clock), timeout_(timeout) {}

    Status handle(const events::ConsumedEvent& event, store::DbConnection& txn) override;

    static std::string signatureHeader(const std::string& secret, std::int64_t timestamp, const std::string& body);

private:
    store::DbPool& db_;
    const Clock& clock_;
    const std::chrono::milliseconds timeout_;
};

}  // namespace paydesk::webhooks
