#include "webhooks/WebhookDispatcher.h"

#include "core/Crypto.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

namespace paydesk::webhooks {

std::string WebhookDispatcher::signatureHeader(const std::string& secret, std::int64_t timestamp,
                                               const std::string& body) {
    const std::string t = std::to_string(timestamp);
    return "t=" + t + ",v1=" + crypto::hmacSha256Hex(secret, t + "." + body);
}

Status WebhookDispatcher::handle(const events::ConsumedEvent& event, store::DbConnection& txn) {
    const auto& payload = event.envelope.contains("payload") ? event.envelope["payload"] : event.envelope;
    if (!payload.is_object() || !payload.contains("merchantId") || !payload["merchantId"].is_string())
        return Status::success();
    const std::string merchant = payload["merchantId"].get<std::string>();
    const std::string now = txn.quote(store::sqlTimestamp(clock_.now()));
    const std::string eventId = txn.quote(event.eventId);
    const std::string type = txn.quote(event.type);
    // A re-consumed event (an operator's replay after its dead letter) brings its current body and
    // a fresh attempt budget to a row a crash may have left behind.
    return txn.execute(
        "INSERT INTO webhook_pending (endpoint_id, event_id, event_type, body, source_topic, source_partition, "
        "source_offset, message_key, "
        "state, attempts, next_attempt_at, created_at) "
        "SELECT e.endpoint_id, " +
        eventId + ", " + type + ", " + txn.quote(event.message.payload) + ", " + txn.quote(event.message.topic) + ", " +
        std::to_string(event.message.partition) + ", " + std::to_string(event.message.offset) + ", " +
        txn.quote(event.message.key.substr(0, 128)) + ", 'PENDING', 0, " + now + ", " + now +
        " FROM webhook_endpoints e WHERE e.active = 1 AND e.merchant_id = " + txn.quote(merchant) +
        " AND (e.event_types = '*' OR FIND_IN_SET(" + type +
        ", e.event_types) > 0)"
        " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.endpoint_id AND d.event_id = " +
        eventId +
        ")"
        " ON DUPLICATE KEY UPDATE body = VALUES(body), state = 'PENDING', attempts = 0, next_attempt_at = "
        "VALUES(next_attempt_at), "
        "first_failure_at = NULL, failed_at = NULL, last_error_class = NULL, last_error = NULL");
}

}  // namespace paydesk::webhooks
