#pragma once

#include <cstdint>
#include <string>

#include "core/Clock.h"
#include "events/EventConsumer.h"

namespace paydesk::webhooks {

// The merchant-webhook consumer. It sends nothing itself: in the consumer's transaction (the one
// that marks the event processed) it records one pending delivery per active endpoint of the
// event's merchant that subscribed to its type and has not been served this event yet
// (webhook_deliveries). WebhookDelivery sends them outside any transaction, so a slow or dead
// receiver never holds a transaction, a connection or the consumer.
//
// Deliveries are signed like the common convention:
//   Paydesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(endpoint secret, "<t>.<body>")>
// plus Paydesk-Event-Id and Paydesk-Event-Type headers; the body is the event envelope.
class WebhookDispatcher final : public events::EventHandler {
public:
    explicit WebhookDispatcher(const Clock& clock) : clock_(clock) {}

    Status handle(const events::ConsumedEvent& event, store::DbConnection& txn) override;

    static std::string signatureHeader(const std::string& secret, std::int64_t timestamp, const std::string& body);

private:
    const Clock& clock_;
};

}  // namespace paydesk::webhooks
