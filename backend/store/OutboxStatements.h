#pragma once

#include <cstddef>
#include <string>

#include "store/Statement.h"

// The SQL of the outbox: events written in the state change's transaction, published by the relay.
namespace paydesk::store::outbox_sql {

inline constexpr RowInsert kInsert{
    "outbox.insert", "outbox",
    "event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at", 8};

inline constexpr SqlStatement kCountUnpublished{"outbox.count_unpublished",
                                                "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"};
inline constexpr SqlStatement kOldestUnpublishedAge{
    "outbox.oldest_unpublished_age",
    "SELECT COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(occurred_at), UTC_TIMESTAMP(6)), 0) FROM "
    "(SELECT occurred_at FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1000) t"};

// The oldest unpublished seqs outside `excluded` ranges (each bound as first, last; then the limit).
inline std::string pendingSql(std::size_t excluded) {
    std::string sql = "SELECT seq FROM outbox WHERE published_at IS NULL";
    for (std::size_t i = 0; i < excluded; ++i) sql += " AND (seq < ? OR seq > ?)";
    return sql + " ORDER BY seq LIMIT ?";
}

// The unpublished rows in `slots` seq ranges, by primary key.
inline std::string rowsSql(std::size_t slots) {
    return "SELECT seq, event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, "
           "DATE_FORMAT(occurred_at, '%Y-%m-%dT%H:%i:%s.%fZ'), TIMESTAMPDIFF(MICROSECOND, occurred_at, "
           "UTC_TIMESTAMP(6)) "
           "FROM outbox FORCE INDEX (PRIMARY) WHERE " +
           rangeSlotsSql("seq", slots) + " AND published_at IS NULL ORDER BY seq";
}

// Marks the events in `slots` seq ranges published.
inline std::string markSql(std::size_t slots) {
    return "UPDATE outbox SET published_at = UTC_TIMESTAMP(6) WHERE " + rangeSlotsSql("seq", slots);
}

}  // namespace paydesk::store::outbox_sql
