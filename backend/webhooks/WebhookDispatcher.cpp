#include "webhooks/WebhookDispatcher.h"

#include "core/Crypto.h"
#include "core/Logger.h"
#include "core/Metrics.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"
#include "webhooks/HttpClient.h"

namespace paydesk::webhooks {

using namespace std::chrono_literals;

std::string WebhookDispatcher::signatureHeader(const std::string& secret, std::int64_t timestamp, const std::string& body) {
    const std::string t = std::to_string(timestamp);
    return "t=" + t + ",v1=" + crypto::hmacSha256Hex(secret, t + "." + body);
}

Status WebhookDispatcher::handle(const events::ConsumedEvent& event, store::DbConnection& txn) {
    static Counter& delivered = MetricsRegistry::global().counter("paydesk_webhook_deliveries_total", "Webhook delivery attempts", {{"outcome", "delivered"}});
    static Counter& failed = MetricsRegistry::global().counter("paydesk_webhook_deliveries_total", "", {{"outcome", "failed"}});
    const auto& payload = event.envelope.contains("payload") ? event.envelope["payload"] : event.envelope;
    if (!payload.is_object() || !payload.contains("merchantId") || !payload["merchantId"].is_string()) return Status::success();
    const std::string merchant = payload["merchantId"].get<std::string>();
    auto endpoints = txn.query("SELECT endpoint_id, url, event_types, secret FROM webhook_endpoints WHERE active = 1 AND merchant_id = " +
                               txn.quote(merchant) + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = "
                               "webhook_endpoints.endpoint_id AND d.event_id = " + txn.quote(event.eventId) + ")");
    if (!endpoints.ok()) return endpoints.error();
    std::string firstError;
    std::string firstCode;
    for (std::size_t r = 0; r < endpoints->rows.size(); ++r) {
        const std::string types = "," + endpoints->text(r, 2) + ",";
        if (types != ",*," && types.find("," + event.type + ",") == std::string::npos) continue;
        auto url = ParsedUrl::parse(endpoints->text(r, 1));
        if (!url.ok()) continue;  // validated at registration; an edited row is not our problem here
        const std::string body = event.message.payload;
        const std::map<std::string, std::string> headers = {
            {"Content-Type", "application/json"},
            {"Paydesk-Event-Id", event.eventId},
            {"Paydesk-Event-Type", event.type},
            {"Paydesk-Signature", signatureHeader(endpoints->text(r, 3), clock_.unixSeconds(), body)}};
        auto reply = HttpClient::post(url.value(), headers, body, timeout_);
        const int status = reply.ok() ? reply->status : 0;
        if (reply.ok() && status >= 200 && status < 300) {
            delivered.inc();
            // Recorded at once, outside the consumer's transaction: if another endpoint fails and
            // the event is retried, this one is not called again.
            auto conn = db_.acquire(2000ms);
            if (conn.ok()) {
                store::DbConnection& c = *conn.value();
                (void)c.execute("INSERT IGNORE INTO webhook_deliveries (endpoint_id, event_id, attempts, http_status, delivered_at) VALUES (" +
                                c.quote(endpoints->text(r, 0)) + "," + c.quote(event.eventId) + ",1," + std::to_string(status) + "," +
                                c.quote(store::sqlTimestamp(clock_.now())) + ")");
            }
            continue;
        }
        failed.inc();
        if (firstError.empty()) {
            firstCode = reply.ok() ? "WEBHOOK_HTTP_" + std::to_string(status) : reply.error().code;
            firstError = endpoints->text(r, 1) + ": " + (reply.ok() ? "answered HTTP " + std::to_string(status) : reply.error().message);
        }
    }
    if (!firstError.empty()) return Error::make(firstCode, firstError);
    return Status::success();
}

}  // namespace paydesk::webhooks
