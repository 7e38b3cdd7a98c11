#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "http/HttpTypes.h"
#include "admin/OperatorAuth.h"
#include "admin/Paging.h"

namespace paydesk::store {
class DbConnection;
}
namespace paydesk::events {
class KafkaProducer;
}

namespace paydesk::operators {

struct DeadLetterFilter {
    std::string status;   // OPEN, REPLAYED, DISCARDED; empty = any (bulk replay: OPEN only)
    std::string topic;    // original topic, exact
    std::string type;     // event type, exact
    std::string error;    // error class exactly, or a substring of the error message
    std::string fromSql;  // dead_lettered_at bounds (SQL DATETIME literal bodies)
    std::string toSql;

    // ?status=&topic=&type=&error=&from=&to=
    static std::optional<FieldProblem> fromQuery(const http::HttpRequest& request, DeadLetterFilter& out);
    // {"status", "topic", "type", "error", "from", "to"} (all optional strings); fields are named "filter.<name>".
    static std::optional<FieldProblem> fromJson(const nlohmann::json& filter, DeadLetterFilter& out);
};

// The operators' side of the dead-letter queue (table dead_letters, filled by the consumers'
// DeadLetterSink): list, inspect, edit the payload, replay to the original topic, discard, and
// replay many by filter. States: OPEN -> REPLAYED | DISCARDED; DISCARDED is final.
//
// Each version of a dead letter is replayed at most once: a REPLAYED one answers 409
// ALREADY_REPLAYED. An edit makes a new version (OPEN again, also after a replay) and records its
// editor in edited_by; none of the operators who edited a version may replay it (403 MAKER_CHECKER,
// the four-eyes rule of settlement approval): a replayed event reaches merchants signed as genuine,
// so a changed merchant or amount needs a second person. An unedited dead letter replays as it
// arrived, by anyone. Bulk replay never sends an edited version: it is replayed on its own.
//
// Every change locks its rows (SELECT ... FOR UPDATE), so two operators never act on one dead letter
// at once, and commits the change with its audit row. A replay produces first and commits after
// Kafka acknowledged; if the commit then fails the event was still delivered once more, which the
// consumers' deduplication absorbs.
//
// Methods return the dead letter (or list) as the operator API shows it, or a typed refusal
// (NOT_FOUND, INVALID_STATE, ALREADY_REPLAYED, MAKER_CHECKER, VALIDATION_ERROR with its field,
// KAFKA_UNAVAILABLE when Kafka did not acknowledge a replay); OperatorApi maps them to answers.
class DeadLetterRepair {
public:
    static constexpr std::size_t kMaxBulk = 1000;

    DeadLetterRepair(events::KafkaProducer& producer, std::chrono::milliseconds produceTimeout);

    Result<nlohmann::json> list(store::DbConnection& c, const DeadLetterFilter& filter, const Page& page) const;
    Result<nlohmann::json> get(store::DbConnection& c, const std::string& id) const;
    Result<nlohmann::json> edit(store::DbConnection& c, const std::string& id, const nlohmann::json& payload,
                                const Operator& who, const std::string& correlationId) const;
    Result<nlohmann::json> replay(store::DbConnection& c, const std::string& id, const Operator& who,
                                  const std::string& correlationId) const;
    Result<nlohmann::json> discard(store::DbConnection& c, const std::string& id, const std::string& reason,
                                   const Operator& who, const std::string& correlationId) const;
    // Replays up to `limit` (oldest first) of the OPEN dead letters the filter selects; rows another
    // operator holds right now are skipped, edited ones are listed as failures (MAKER_CHECKER). One
    // audit row per dead letter replayed (action dead_letter.bulk_replay, the filter in its note).
    Result<nlohmann::json> bulkReplay(store::DbConnection& c, const DeadLetterFilter& filter, std::size_t limit,
                                      const Operator& who, const std::string& correlationId) const;

private:
    events::KafkaProducer& producer_;
    const std::chrono::milliseconds produceTimeout_;
};

}  // namespace paydesk::operators
