#include "events/OutboxReplay.h"

#include <cassert>
#include <chrono>

#include "events/OutboxRelay.h"
#include "store/Database.h"

namespace paydesk::events {

namespace {

constexpr int kPageSize = 500;

// The events after `afterSeq` that the group has not processed, oldest first, one page.
Result<store::DbResult> page(store::DbPool& db, const std::string& group, const std::string& topic,
                             std::int64_t afterSeq) {
    auto conn = db.acquire(std::chrono::milliseconds(5000));
    if (!conn.ok()) return conn.error();
    store::DbConnection& c = *conn.value();
    return c.query(
        "SELECT o.seq, o.event_id, o.event_type, o.aggregate_type, o.aggregate_id, o.correlation_id, o.payload, "
        "DATE_FORMAT(o.occurred_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM outbox o LEFT JOIN processed_events p ON p.consumer "
        "= " +
        c.quote(group) + " AND p.event_id = o.event_id WHERE o.seq > " + std::to_string(afterSeq) + " AND o.topic = " +
        c.quote(topic) + " AND p.event_id IS NULL ORDER BY o.seq LIMIT " + std::to_string(kPageSize));
}

IncomingMessage toMessage(const store::DbResult& rows, std::size_t r, const std::string& topic,
                          std::int32_t partition) {
    IncomingMessage m;
    m.topic = topic;
    m.partition = partition;
    m.offset = -1;
    m.key = rows.text(r, 4);
    m.payload = OutboxRelay::envelope(rows.text(r, 1), rows.text(r, 2), rows.text(r, 3), m.key, rows.text(r, 7),
                                      rows.text(r, 5), rows.text(r, 6));
    for (auto& [name, value] : OutboxRelay::headers(rows.text(r, 1), rows.text(r, 2), rows.text(r, 5)))
        m.headers[name] = value;
    return m;
}

}  // namespace

Result<std::int64_t> OutboxReplay::run(const std::string& topic, const std::set<std::int32_t>& partitions,
                                       std::int32_t partitionCount, const Apply& apply) {
    assert(!partitions.empty() && *partitions.rbegin() < partitionCount);
    std::int64_t afterSeq = 0;
    std::int64_t handed = 0;
    for (;;) {
        auto rows = page(db_, group_, topic, afterSeq);
        if (!rows.ok()) return rows.error();
        if (rows->rows.empty()) return handed;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            afterSeq = rows->integer(r, 0);
            // Keyless events go to a random partition: every member that catches up applies them,
            // once per group thanks to the processed-events record.
            const auto p = partitionForKey(rows->text(r, 4), partitionCount);
            if (p && partitions.count(*p) == 0) continue;
            if (!apply(toMessage(*rows, r, topic, p.value_or(*partitions.begin())))) {
                return Error::make(ErrorCode::ConsumerStopping, "stopped while catching up");
            }
            ++handed;
        }
    }
}

}  // namespace paydesk::events
