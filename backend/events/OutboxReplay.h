#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "core/Error.h"
#include "events/KafkaClient.h"

namespace paydesk::store {
class DbPool;
}

namespace paydesk::events {

// Catch-up from the outbox, the durable record of every event, for a consumer whose position in a
// partition is no longer in the log (the broker dropped the head of a lagging partition, or the
// group never committed). Every outbox event of `topic` whose key maps to one of `partitions` and that
// `group` has not processed is handed to `apply`, oldest first, as the relay would have sent it
// (same envelope, headers and key; offset -1). `apply` returns false to stop early (the consumer
// is shutting down): the result is then CONSUMER_STOPPING.
class OutboxReplay {
public:
    using Apply = std::function<bool(const IncomingMessage&)>;
    OutboxReplay(store::DbPool& db, std::string group) : db_(db), group_(std::move(group)) {}

    // Returns how many events were handed over.
    Result<std::int64_t> run(const std::string& topic, const std::set<std::int32_t>& partitions,
                             std::int32_t partitionCount, const Apply& apply);

private:
    store::DbPool& db_;
    const std::string group_;
};

}  // namespace paydesk::events
