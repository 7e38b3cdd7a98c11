#include "operator/DeadLetterRepair.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <vector>

#include "admin/AuditLog.h"
#include "core/Crypto.h"
#include "core/Logger.h"
#include "core/Utf8.h"
#include "events/KafkaClient.h"
#include "events/OutboxRelay.h"
#include "http/JsonBody.h"
#include "operator/EventPayloadValidator.h"
#include "store/Database.h"
#include "store/Transaction.h"

namespace paydesk::operators {

using nlohmann::json;

namespace {

constexpr std::string_view kComponent = "operator";

// Column order shared by every SELECT below; kPayload is swapped for a preview in lists.
enum Col : std::size_t {
    kId,
    kEventId,
    kType,
    kTopic,
    kPartition,
    kOffset,
    kKey,
    kGroup,
    kErrorClass,
    kErrorMessage,
    kAttempts,
    kFirstFailure,
    kDeadLettered,
    kPayload,
    kStatus,
    kStatusReason,
    kUpdated,
    kReplayCount,
    kEditedBy
};

std::string columns(bool fullPayload) {
    return "dead_letter_id, event_id, event_type, original_topic, original_partition, original_offset, message_key, "
           "consumer_group, "
           "error_class, error_message, attempts, " +
           isoColumn("first_failure_at") + ", " + isoColumn("dead_lettered_at") + ", " +
           (fullPayload ? "payload" : "LEFT(payload, 200)") + ", status, status_reason, " + isoColumn("updated_at") +
           ", replay_count, edited_by";
}

// The operators who edited the payload since its last replay (column edited_by, a JSON array).
std::vector<std::string> editorsOf(const store::DbResult& rows, std::size_t r) {
    std::vector<std::string> out;
    const auto& cell = rows.rows[r][kEditedBy];
    if (!cell) return out;
    const json list = json::parse(*cell, nullptr, false);
    if (!list.is_array()) return out;
    for (const json& name : list) {
        if (name.is_string()) out.push_back(name.get<std::string>());
    }
    return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

json parsedPayload(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    // A payload that is not JSON (a malformed event) is shown as the text it is.
    return j.is_discarded() ? json(text) : j;
}

json toJson(const store::DbResult& rows, std::size_t r, bool fullPayload) {
    json j = {{"id", rows.text(r, kId)},
              {"eventId", rows.text(r, kEventId)},
              {"eventType", rows.text(r, kType)},
              {"originalTopic", rows.text(r, kTopic)},
              {"originalPartition", rows.integer(r, kPartition)},
              {"originalOffset", rows.integer(r, kOffset)},
              {"messageKey", rows.text(r, kKey)},
              {"consumerGroup", rows.text(r, kGroup)},
              {"errorClass", rows.text(r, kErrorClass)},
              {"errorMessage", rows.text(r, kErrorMessage)},
              {"attempts", rows.integer(r, kAttempts)},
              {"firstFailureAt", isoMillis(rows.text(r, kFirstFailure))},
              {"deadLetteredAt", isoMillis(rows.text(r, kDeadLettered))},
              {"status", rows.text(r, kStatus)},
              {"updatedAt", isoMillis(rows.text(r, kUpdated))},
              {"replayCount", rows.integer(r, kReplayCount)},
              {"editedBy", editorsOf(rows, r)}};
    j["statusReason"] = rows.rows[r][kStatusReason] ? json(*rows.rows[r][kStatusReason]) : json(nullptr);
    if (fullPayload)
        j["payload"] = parsedPayload(rows.text(r, kPayload));
    else
        j["payloadPreview"] = rows.text(r, kPayload);
    return j;
}

Error notFound(const std::string& id) {
    return Error::make(ErrorCode::NotFound, "no dead letter " + id.substr(0, 64));
}

Error invalidState(const std::string& message, const std::string& status) {
    return Error::make(ErrorCode::InvalidState, message, {{"status", status}});
}

// A version of a dead letter goes out once; an edit makes the next one.
Error alreadyReplayed(const std::string& id, std::int64_t replayCount) {
    return Error::make(ErrorCode::AlreadyReplayed,
                       "dead letter " + id +
                           " was replayed already and is not sent twice; to send it again, an operator edits "
                           "it and a different operator replays it",
                       {{"status", "REPLAYED"}, {"replayCount", replayCount}});
}

std::string fourEyesMessage(const std::string& id, const std::vector<std::string>& editors) {
    return "dead letter " + id + " was edited by " + joined(editors) +
           "; four-eyes rule: a different operator must replay it";
}

Result<std::optional<store::DbResult>> loadForUpdate(store::DbConnection& c, const std::string& id) {
    auto rows =
        c.query("SELECT " + columns(true) + " FROM dead_letters WHERE dead_letter_id = " + c.quote(id) + " FOR UPDATE");
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<store::DbResult>{};
    return std::optional<store::DbResult>{std::move(rows).value()};
}

Result<json> loadJson(store::DbConnection& c, const std::string& id) {
    auto rows = c.query("SELECT " + columns(true) + " FROM dead_letters WHERE dead_letter_id = " + c.quote(id));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return json(nullptr);
    return toJson(*rows, 0, true);
}

std::string whereClause(store::DbConnection& c, const DeadLetterFilter& f) {
    std::string where = " WHERE 1=1";
    if (!f.status.empty()) where += " AND status = " + c.quote(f.status);
    if (!f.topic.empty()) where += " AND original_topic = " + c.quote(f.topic);
    if (!f.type.empty()) where += " AND event_type = " + c.quote(f.type);
    if (!f.error.empty())
        where += " AND (error_class = " + c.quote(f.error) + " OR error_message LIKE " +
                 c.quote(likeContains(f.error)) + ")";
    if (!f.fromSql.empty()) where += " AND dead_lettered_at >= " + c.quote(f.fromSql);
    if (!f.toSql.empty()) where += " AND dead_lettered_at < " + c.quote(f.toSql);
    return where;
}

std::optional<FieldProblem> setFilterField(const std::string& prefix, const std::string& name, const std::string& value,
                                           DeadLetterFilter& out) {
    if (value.empty()) return std::nullopt;
    if (value.size() > 1024) return FieldProblem{prefix + name, name + " is too long"};
    if (name == "status") {
        std::string upper = value;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        if (upper != "OPEN" && upper != "REPLAYED" && upper != "DISCARDED") {
            return FieldProblem{prefix + name, "status must be OPEN, REPLAYED or DISCARDED"};
        }
        out.status = upper;
    } else if (name == "topic") {
        out.topic = value;
    } else if (name == "type") {
        out.type = value;
    } else if (name == "error") {
        out.error = value;
    } else if (name == "from" || name == "to") {
        const auto parsed = parseUtcTimestamp(value);
        if (!parsed)
            return FieldProblem{prefix + name, name + " must be a UTC time like 2026-11-24 or 2026-11-24T09:30:00Z"};
        (name == "from" ? out.fromSql : out.toSql) = *parsed;
    }
    return std::nullopt;
}

const char* const kFilterFields[] = {"status", "topic", "type", "error", "from", "to"};

// What goes to Kafka for one dead letter: the relay's envelope around the (possibly edited)
// payload, with the original event id so consumers that applied it already skip it.
struct ReplayPlan {
    std::string id;
    std::string eventId;
    bool newEventId = false;
    std::string status;
    std::int64_t replayCount = 0;
    std::vector<std::string> editors;  // who edited this version (none: replayed as it arrived)
    events::OutgoingMessage message;
};

// Nullopt-with-reason when the row cannot be replayed as it is.
Result<ReplayPlan> plan(store::DbConnection& c, const store::DbResult& rows, std::size_t r,
                        const std::string& correlationId) {
    ReplayPlan p;
    p.id = rows.text(r, kId);
    p.status = rows.text(r, kStatus);
    p.replayCount = rows.integer(r, kReplayCount);
    p.editors = editorsOf(rows, r);
    const std::string type = rows.text(r, kType);
    const std::string topic = rows.text(r, kTopic);
    if (topic.empty()) return Error::make(ErrorCode::InvalidState, "the dead letter names no original topic");
    const std::string payloadText = rows.text(r, kPayload);
    if (json::parse(payloadText, nullptr, false).is_discarded()) {
        return Error::make(ErrorCode::InvalidState, "the payload is not JSON; edit it before replaying");
    }
    p.eventId = rows.text(r, kEventId);
    if (p.eventId.empty() || p.eventId == "unknown") {
        // A malformed original had no id. Give it one now and keep it on the row, so that replaying
        // this dead letter again is still deduplicated by the consumers.
        p.eventId = "evt_" + crypto::randomHex(12);
        p.newEventId = true;
    }
    // The original envelope's fields come from the outbox when the event was ours.
    std::string aggregateType = type.substr(0, type.find('.'));
    std::string aggregateId = rows.text(r, kKey);
    std::string occurredAt = rows.text(r, kFirstFailure);
    std::string originalCorrelation = correlationId;
    auto outbox = c.query("SELECT aggregate_type, aggregate_id, correlation_id, " + isoColumn("occurred_at") +
                          " FROM outbox WHERE event_id = " + c.quote(p.eventId));
    if (!outbox.ok()) return outbox.error();
    if (!outbox->rows.empty()) {
        aggregateType = outbox->text(0, 0);
        aggregateId = outbox->text(0, 1);
        originalCorrelation = outbox->text(0, 2);
        occurredAt = outbox->text(0, 3);
    }
    p.message.topic = topic;
    p.message.key = rows.text(r, kKey);
    p.message.payload = events::OutboxRelay::envelope(p.eventId, type, aggregateType, aggregateId,
                                                      isoMillis(occurredAt), originalCorrelation, payloadText);
    p.message.headers = {{"event-id", p.eventId},
                         {"event-type", type},
                         {"correlation-id", originalCorrelation},
                         {"schema-version", "1"},
                         {"replayed-from-dead-letter", p.id}};
    return p;
}

// The plans of a bulk replay's locked rows; the rows it leaves alone are added to `failures`.
Result<std::vector<ReplayPlan>> planBulk(store::DbConnection& c, const store::DbResult& rows,
                                         const std::string& correlationId, json& failures) {
    std::vector<ReplayPlan> plans;
    for (std::size_t r = 0; r < rows.rows.size(); ++r) {
        const std::string id = rows.text(r, kId);
        // An edited payload needs a checker who looked at it: one replay at a time, by someone else.
        if (const auto editors = editorsOf(rows, r); !editors.empty()) {
            failures.push_back({{"id", id},
                                {"code", "MAKER_CHECKER"},
                                {"reason", fourEyesMessage(id, editors) + " on its own, not in a bulk replay"}});
            continue;
        }
        auto p = plan(c, rows, r, correlationId);
        if (!p.ok()) {
            if (!p.error().is(ErrorCode::InvalidState)) return p.error();
            failures.push_back({{"id", id}, {"code", "INVALID_STATE"}, {"reason", p.error().message}});
            continue;
        }
        plans.push_back(std::move(p).value());
    }
    return plans;
}

Status markReplayed(store::DbConnection& c, const ReplayPlan& p, const Operator& who, const std::string& action,
                    const std::string& note, const std::string& correlationId) {
    std::string sql =
        "UPDATE dead_letters SET status = 'REPLAYED', replay_count = replay_count + 1, edited_by = NULL, "
        "updated_at = UTC_TIMESTAMP(6), status_reason = " +
        c.quote(truncateUtf8("replayed by " + who.name, 512));
    if (p.newEventId) sql += ", event_id = " + c.quote(p.eventId);
    sql += " WHERE dead_letter_id = " + c.quote(p.id);
    if (auto s = c.execute(sql); !s.ok()) return s;
    const json before = {{"status", p.status}, {"replayCount", p.replayCount}, {"editedBy", p.editors}};
    const json after = {{"status", "REPLAYED"},     {"replayCount", p.replayCount + 1},
                        {"topic", p.message.topic}, {"eventId", p.eventId},
                        {"editedBy", p.editors},    {"replayedBy", who.name}};
    return AuditLog::record(c, who.name, toString(who.role), action, "dead_letter", p.id, before, after, note,
                            correlationId);
}

}  // namespace

std::optional<FieldProblem> DeadLetterFilter::fromQuery(const http::HttpRequest& request, DeadLetterFilter& out) {
    out = DeadLetterFilter{};
    for (const char* name : kFilterFields) {
        if (auto p = setFilterField("", name, request.queryParam(name), out)) return p;
    }
    if (!out.fromSql.empty() && !out.toSql.empty() && out.toSql < out.fromSql)
        return FieldProblem{"to", "to is earlier than from"};
    return std::nullopt;
}

std::optional<FieldProblem> DeadLetterFilter::fromJson(const json& filter, DeadLetterFilter& out) {
    out = DeadLetterFilter{};
    if (filter.is_null()) return std::nullopt;
    if (!filter.is_object()) return FieldProblem{"filter", "filter must be an object"};
    for (const auto& [key, value] : filter.items()) {
        if (std::find_if(std::begin(kFilterFields), std::end(kFilterFields), [&](const char* f) { return key == f; }) ==
            std::end(kFilterFields)) {
            return FieldProblem{"filter." + key,
                                "unknown filter field " + key + " (status, topic, type, error, from, to)"};
        }
        if (!value.is_string()) return FieldProblem{"filter." + key, key + " must be a string"};
        if (auto p = setFilterField("filter.", key, value.get<std::string>(), out)) return p;
    }
    if (!out.fromSql.empty() && !out.toSql.empty() && out.toSql < out.fromSql)
        return FieldProblem{"filter.to", "to is earlier than from"};
    return std::nullopt;
}

DeadLetterRepair::DeadLetterRepair(events::KafkaProducer& producer, std::chrono::milliseconds produceTimeout)
    : producer_(producer), produceTimeout_(produceTimeout) {}

Result<json> DeadLetterRepair::list(store::DbConnection& c, const DeadLetterFilter& filter, const Page& page) const {
    const std::string where = whereClause(c, filter);
    auto rows = c.query("SELECT " + columns(false) + " FROM dead_letters" + where +
                        " ORDER BY dead_lettered_at DESC, dead_letter_id DESC LIMIT " + std::to_string(page.limit + 1) +
                        " OFFSET " + std::to_string(page.offset));
    if (!rows.ok()) return rows.error();
    // Dead letters are few (each is an incident): an exact count is cheap.
    auto total = c.query("SELECT COUNT(*) FROM dead_letters" + where);
    if (!total.ok()) return total.error();
    json items = json::array();
    const std::size_t shown = std::min(rows->rows.size(), page.limit);
    for (std::size_t r = 0; r < shown; ++r) items.push_back(toJson(*rows, r, false));
    const bool more = rows->rows.size() > page.limit;
    json out = {
        {"items", std::move(items)}, {"limit", page.limit}, {"offset", page.offset}, {"total", total->integer(0, 0)}};
    out["nextOffset"] = more ? json(page.offset + shown) : json(nullptr);
    out["nextCursor"] = nullptr;
    return out;
}

Result<json> DeadLetterRepair::get(store::DbConnection& c, const std::string& id) const {
    auto j = loadJson(c, id);
    if (!j.ok()) return j.error();
    if (j->is_null()) return notFound(id);
    return *j;
}

Result<json> DeadLetterRepair::edit(store::DbConnection& c, const std::string& id, const json& payload,
                                    const Operator& who, const std::string& correlationId) const {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto row = loadForUpdate(c, id);
    if (!row.ok()) return row.error();
    if (!row->has_value()) return notFound(id);
    const store::DbResult& rows = **row;
    const std::string status = rows.text(0, kStatus);
    if (status == "DISCARDED") return invalidState("a DISCARDED dead letter cannot be edited", status);
    if (auto problem = EventPayloadValidator::validate(rows.text(0, kType), payload)) {
        return Error::make(ErrorCode::ValidationError, problem->message, {{"field", problem->field}});
    }

    // The edit makes a new version: OPEN again (a REPLAYED one too), and its editors may not replay it.
    const std::vector<std::string> editorsBefore = editorsOf(rows, 0);
    std::vector<std::string> editors = editorsBefore;
    if (!contains(editors, who.name)) editors.push_back(who.name);
    const std::string text = payload.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string sql = "UPDATE dead_letters SET payload = " + c.quote(text) +
                      ", status = 'OPEN', edited_by = " + c.quote(json(editors).dump()) +
                      ", updated_at = UTC_TIMESTAMP(6)";
    if (status != "OPEN")
        sql += ", status_reason = " + c.quote(truncateUtf8("edited by " + who.name + " after its replay", 512));
    if (auto s = c.execute(sql + " WHERE dead_letter_id = " + c.quote(id)); !s.ok()) return s.error();
    const json before = {
        {"payload", parsedPayload(rows.text(0, kPayload))}, {"status", status}, {"editedBy", editorsBefore}};
    const json after = {{"payload", payload}, {"status", "OPEN"}, {"editedBy", editors}};
    if (auto s = AuditLog::record(c, who.name, toString(who.role), "dead_letter.edit", "dead_letter", id, before, after,
                                  "", correlationId);
        !s.ok()) {
        return s.error();
    }
    if (auto s = txn.commit(); !s.ok()) return s.error();
    Logger::info(kComponent, "dead letter edited", {{"deadLetterId", id}, {"operator", who.name}});
    return get(c, id);
}

Result<json> DeadLetterRepair::replay(store::DbConnection& c, const std::string& id, const Operator& who,
                                      const std::string& correlationId) const {
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto row = loadForUpdate(c, id);
    if (!row.ok()) return row.error();
    if (!row->has_value()) return notFound(id);
    const store::DbResult& rows = **row;
    const std::string status = rows.text(0, kStatus);
    if (status == "DISCARDED") return invalidState("a DISCARDED dead letter cannot be replayed", status);
    if (status == "REPLAYED") return alreadyReplayed(id, rows.integer(0, kReplayCount));
    if (const auto editors = editorsOf(rows, 0); contains(editors, who.name)) {
        return Error::make(ErrorCode::MakerChecker, fourEyesMessage(id, editors), {{"editedBy", editors}});
    }
    auto p = plan(c, rows, 0, correlationId);
    if (!p.ok()) {
        if (p.error().is(ErrorCode::InvalidState)) return invalidState(p.error().message, status);
        return p.error();
    }
    // The row stays locked while Kafka acknowledges, so a concurrent replay of the same dead letter
    // waits and then sees it REPLAYED.
    auto produced = producer_.produceBatch({p->message}, produceTimeout_);
    if (!produced.ok() || !produced->at(0).ok()) {
        const std::string why = !produced.ok() ? produced.error().message : produced->at(0).error().message;
        Logger::warn(kComponent, "replay not acknowledged by Kafka", {{"deadLetterId", id}, {"error", why}});
        return Error::make(ErrorCode::KafkaUnavailable, "Kafka did not acknowledge the replay: " + why);
    }
    const std::string note =
        p->editors.empty() ? "" : "four-eyes: edited by " + joined(p->editors) + ", replayed by " + who.name;
    if (auto s = markReplayed(c, *p, who, "dead_letter.replay", note, correlationId); !s.ok()) return s.error();
    if (auto s = txn.commit(); !s.ok()) return s.error();
    Logger::info(kComponent, "dead letter replayed",
                 {{"deadLetterId", id}, {"eventId", p->eventId}, {"topic", p->message.topic}, {"operator", who.name}});
    return get(c, id);
}

Result<json> DeadLetterRepair::discard(store::DbConnection& c, const std::string& id, const std::string& reason,
                                       const Operator& who, const std::string& correlationId) const {
    assert(!reason.empty());
    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    auto row = loadForUpdate(c, id);
    if (!row.ok()) return row.error();
    if (!row->has_value()) return notFound(id);
    const std::string status = (**row).text(0, kStatus);
    if (status != "OPEN")
        return invalidState("only OPEN dead letters can be discarded (this one is " + status + ")", status);
    if (auto s = c.execute(
            "UPDATE dead_letters SET status = 'DISCARDED', status_reason = " + c.quote(truncateUtf8(reason, 512)) +
            ", updated_at = UTC_TIMESTAMP(6) WHERE dead_letter_id = " + c.quote(id));
        !s.ok()) {
        return s.error();
    }
    const json before = {{"status", status}};
    const json after = {{"status", "DISCARDED"}, {"reason", reason}};
    if (auto s = AuditLog::record(c, who.name, toString(who.role), "dead_letter.discard", "dead_letter", id, before,
                                  after, reason, correlationId);
        !s.ok()) {
        return s.error();
    }
    if (auto s = txn.commit(); !s.ok()) return s.error();
    Logger::info(kComponent, "dead letter discarded", {{"deadLetterId", id}, {"operator", who.name}});
    return get(c, id);
}

Result<json> DeadLetterRepair::bulkReplay(store::DbConnection& c, const DeadLetterFilter& requested, std::size_t limit,
                                          const Operator& who, const std::string& correlationId) const {
    assert(limit >= 1 && limit <= kMaxBulk);
    DeadLetterFilter filter = requested;
    if (filter.status.empty()) filter.status = "OPEN";
    // A REPLAYED version is never sent twice; the API refuses the other statuses before this.
    assert(filter.status == "OPEN");

    store::Transaction txn(c);
    if (auto s = txn.begin(); !s.ok()) return s.error();
    // SKIP LOCKED: rows another operator is replaying or editing right now are left to them.
    auto rows = c.query("SELECT " + columns(true) + " FROM dead_letters" + whereClause(c, filter) +
                        " ORDER BY dead_lettered_at, dead_letter_id LIMIT " + std::to_string(limit) +
                        " FOR UPDATE SKIP LOCKED");
    if (!rows.ok()) return rows.error();

    json failures = json::array();
    auto planned = planBulk(c, *rows, correlationId, failures);
    if (!planned.ok()) return planned.error();
    std::vector<ReplayPlan> plans = std::move(planned).value();
    std::vector<events::OutgoingMessage> messages;
    messages.reserve(plans.size());
    for (const ReplayPlan& p : plans) messages.push_back(p.message);
    std::vector<Status> outcomes;
    if (!messages.empty()) {
        auto produced = producer_.produceBatch(messages, produceTimeout_);
        if (!produced.ok()) {
            Logger::warn(kComponent, "bulk replay not acknowledged by Kafka", {{"error", produced.error().message}});
            return Error::make(ErrorCode::KafkaUnavailable,
                               "Kafka did not acknowledge the replay: " + produced.error().message);
        }
        outcomes = std::move(produced).value();
    }
    assert(outcomes.size() == plans.size());

    const std::string note =
        "bulk replay; filter " + json{{"status", filter.status}, {"topic", filter.topic},  {"type", filter.type},
                                      {"error", filter.error},   {"from", filter.fromSql}, {"to", filter.toSql}}
                                     .dump();
    json ids = json::array();
    for (std::size_t i = 0; i < plans.size(); ++i) {
        if (!outcomes[i].ok()) {
            failures.push_back({{"id", plans[i].id},
                                {"code", "SERVICE_UNAVAILABLE"},
                                {"reason", "Kafka did not acknowledge: " + outcomes[i].error().message}});
            continue;
        }
        if (auto s = markReplayed(c, plans[i], who, "dead_letter.bulk_replay", note, correlationId); !s.ok())
            return s.error();
        ids.push_back(plans[i].id);
    }
    if (auto s = txn.commit(); !s.ok()) return s.error();
    Logger::info(kComponent, "bulk replay",
                 {{"replayed", ids.size()}, {"failed", failures.size()}, {"operator", who.name}});
    const std::size_t failed = failures.size();
    return json{
        {"replayed", ids.size()}, {"failed", failed}, {"ids", std::move(ids)}, {"failures", std::move(failures)}};
}

}  // namespace paydesk::operators
