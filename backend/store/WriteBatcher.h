#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "store/Database.h"
#include "store/Ledger.h"

namespace paydesk::store {

struct OutboxEvent {
    std::string eventId;
    std::string topic;
    std::string eventType;
    std::string aggregateType;
    std::string aggregateId;
    std::string correlationId;
    std::string payload;  // JSON text
    std::string occurredAt;
};

struct IdempotencyRecord {
    std::string merchantId;
    std::string scope;
    std::string key;
    std::string requestHash;
    int httpStatus = 200;
    std::string responseBody;
    std::string createdAt;
};

// What one command comes to. Anything but Done (and a replay of a stored success) is a refusal:
// whatever the command wrote is rolled back to its savepoint, and its journal entries, events and
// records are dropped. The API maps outcomes to answers (payments::PaymentApi::answer).
struct WriteResult {
    enum class Outcome {
        Done,         // body: the result
        Replayed,     // an earlier request's stored answer: body, with the status stored beside it
        Refused,      // error: why (a domain refusal, or InternalError for a command that failed)
        Unavailable,  // the batch failed before COMMIT: nothing of it is stored; retry with the same key
        InDoubt,      // the connection went during COMMIT: the command may have taken effect
    };
    Outcome outcome = Outcome::Done;
    nlohmann::json body = nlohmann::json::object();
    int storedStatus = 200;  // Replayed only
    Error error;             // Refused only

    static WriteResult done(nlohmann::json body) { return WriteResult{Outcome::Done, std::move(body), 200, {}}; }
    static WriteResult replayed(int storedStatus, nlohmann::json body) {
        return WriteResult{Outcome::Replayed, std::move(body), storedStatus, {}};
    }
    static WriteResult refused(Error why) {
        return WriteResult{Outcome::Refused, nlohmann::json::object(), 0, std::move(why)};
    }
    static WriteResult failedBatch(bool inDoubt) {
        return WriteResult{inDoubt ? Outcome::InDoubt : Outcome::Unavailable, nlohmann::json::object(), 0, {}};
    }
    // Done, or the replay of a stored success: the command's writes (none, for a replay) are kept.
    [[nodiscard]] bool succeeded() const {
        return outcome == Outcome::Done || (outcome == Outcome::Replayed && storedStatus < 400);
    }
};

// What a command sees: the batch's connection (prepared statements through execute/query) and
// collectors for rows written in bulk at the end of the batch. execute() is for statements that
// write: the first one opens the command's savepoint. query() is for reads (no savepoint needed:
// there is nothing to undo, and InnoDB keeps row locks across a rollback to a savepoint anyway).
class CommandContext {
public:
    // `combineInserts`: insertRow() collects rows for multi-row INSERTs per table at the end of the
    // batch instead of executing them.
    explicit CommandContext(DbConnection& conn, bool combineInserts = false) : conn_(conn), combine_(combineInserts) {}
    Status execute(const SqlStatement& statement, const SqlParams& params);
    Result<DbResult> query(const SqlStatement& statement, const SqlParams& params);
    // One row of `shape` (shape.columnCount values): executed at once, or — when the batch combines
    // inserts — written with the other commands' rows of that shape before the batch's tail. A
    // duplicate key in the combined statements re-runs the whole batch with inserts executed one by
    // one, so a command that must react to DB_DUPLICATE_KEY still sees it.
    Status insertRow(const RowInsert& shape, SqlParams values);
    // One row of `shape`, executed at once whether or not the batch combines inserts.
    Status insertRowNow(const RowInsert& shape, const SqlParams& values);
    struct DeferredRow {
        const RowInsert* shape = nullptr;
        SqlParams values;
    };
    std::vector<DeferredRow> deferred;
    // Undo this command's statements (e.g. after a duplicate key); the next statement re-opens the savepoint.
    Status rollbackToSavepoint();

    std::vector<JournalEntry> journal;
    std::vector<OutboxEvent> events;
    std::vector<IdempotencyRecord> idempotency;
    std::vector<std::function<void()>> afterCommit;  // run once the batch is durable (e.g. cache fills)

    [[nodiscard]] bool wrote() const { return savepointOpen_; }

private:
    DbConnection& conn_;
    const bool combine_;
    bool savepointOpen_ = false;
};

// A command must be re-runnable: it may run again if its batch hits a deadlock, so it does nothing
// outside the database before the batch commits (use afterCommit for that).
using WriteCommand = std::function<Result<WriteResult>(CommandContext&)>;
using WriteDone = std::function<void(WriteResult)>;

struct WriteBatcherOptions {
    std::size_t shards = 4;                         // worker threads, each with its own connection
    std::size_t maxBatch = 256;                     // commands per transaction
    std::chrono::microseconds maxWait{1000};        // how long the first command waits for company
    std::size_t queueLimitPerShard = 20'000;        // beyond this, submit() refuses (caller answers 503)
    int deadlockRetries = 3;
};

// Groups concurrent writes into one transaction and one commit (one fsync for many requests).
// Commands are routed by a shard key (e.g. the payment id) so one aggregate is always written by
// the same worker, in arrival order, and workers do not contend for the same rows. Each command
// runs under its own savepoint: a refused or failing command never fails its neighbours. Journal
// entries, outbox events and idempotency records are written with multi-row statements at the end.
class WriteBatcher {
public:
    WriteBatcher(DbPool& pool, WriteBatcherOptions options);
    ~WriteBatcher();
    WriteBatcher(const WriteBatcher&) = delete;
    WriteBatcher& operator=(const WriteBatcher&) = delete;

    // False when the shard's queue is full or the batcher is stopping; done is then never called.
    [[nodiscard]] bool submit(const std::string& shardKey, WriteCommand command, WriteDone done);
    // Finishes what is queued, then joins the workers.
    void stop();

    [[nodiscard]] std::size_t queued() const;

private:
    struct Item {
        WriteCommand command;
        WriteDone done;
        std::chrono::steady_clock::time_point enqueued;
    };
    struct Shard {
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<Item> queue;
        std::thread thread;
        std::unique_ptr<PooledConnection> conn;
    };
    void run(Shard& shard);
    void process(Shard& shard, std::vector<Item>& batch);
    Result<std::vector<WriteResult>> runBatch(DbConnection& conn, std::vector<Item>& batch,
                                              std::vector<std::function<void()>>& afterCommit, bool combineInserts);
    static Status writeCombined(DbConnection& conn, std::vector<CommandContext::DeferredRow>& rows);
    static Status writeTail(DbConnection& conn, std::vector<JournalEntry>& journal, std::vector<OutboxEvent>& events,
                            std::vector<IdempotencyRecord>& records);

    DbPool& pool_;
    const WriteBatcherOptions options_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::atomic<bool> stopping_{false};
};

// "YYYY-MM-DD HH:MM:SS.ffffff" in UTC: the text DATETIME(6) columns store and return.
std::string sqlTimestamp(std::chrono::system_clock::time_point t);
// "2026-11-24T01:02:03.456Z"
std::string isoTimestamp(std::chrono::system_clock::time_point t);

}  // namespace paydesk::store
