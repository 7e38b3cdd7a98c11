#include "settlement/SettlementEvents.h"

#include <cassert>

#include "core/Crypto.h"
#include "store/Database.h"

namespace paydesk::settlement {

store::OutboxEvent SettlementEvents::make(const std::string& type, const BatchRecord& batch, const std::string& correlationId,
                                          const std::string& occurredAtSql) {
    assert(type == "settlement.closed" || type == "settlement.approved");
    store::OutboxEvent e;
    e.eventId = "evt_" + crypto::randomHex(12);
    e.topic = type;
    e.eventType = type;
    e.aggregateType = "settlement";
    e.aggregateId = batch.batchId;
    e.correlationId = correlationId.substr(0, 64);
    e.payload = batch.eventPayload().dump();
    e.occurredAt = occurredAtSql;
    return e;
}

Status SettlementEvents::insert(store::DbConnection& conn, const std::vector<store::OutboxEvent>& events) {
    constexpr std::size_t kRowsPerStatement = 500;
    for (std::size_t first = 0; first < events.size(); first += kRowsPerStatement) {
        std::string sql =
            "INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at) VALUES ";
        for (std::size_t i = first; i < events.size() && i < first + kRowsPerStatement; ++i) {
            const auto& e = events[i];
            if (i > first) sql += ",";
            sql += "(" + conn.quote(e.eventId) + "," + conn.quote(e.topic) + "," + conn.quote(e.eventType) + "," + conn.quote(e.aggregateType) +
                   "," + conn.quote(e.aggregateId) + "," + conn.quote(e.correlationId) + "," + conn.quote(e.payload) + "," +
                   conn.quote(e.occurredAt) + ")";
        }
        if (auto s = conn.execute(sql); !s.ok()) return s;
    }
    return Status::success();
}

}  // namespace paydesk::settlement
