#pragma once

#include <string>
#include <vector>

#include "core/Error.h"
#include "settlement/BatchRecord.h"
#include "store/WriteBatcher.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::settlement {

// settlement.closed / settlement.approved through the transactional outbox, in the same shape as
// the payments core's events (aggregate "settlement", keyed by batch id, so one batch's events
// stay in order on their partition). Written in the caller's transaction.
class SettlementEvents {
public:
    static store::OutboxEvent make(const std::string& type, const BatchRecord& batch, const std::string& correlationId,
                                   const std::string& occurredAtSql);
    static Status insert(store::DbConnection& conn, const std::vector<store::OutboxEvent>& events);
};

}  // namespace paydesk::settlement
