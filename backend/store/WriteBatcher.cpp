#include "store/WriteBatcher.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <ctime>

#include "core/Logger.h"
#include "core/Metrics.h"
#include "store/IdempotencyStatements.h"
#include "store/OutboxStatements.h"

namespace paydesk::store {

using namespace std::chrono_literals;

std::string sqlTimestamp(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
    const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(micros));
    return buf;
}

std::string isoTimestamp(std::chrono::system_clock::time_point t) {
    std::string s = sqlTimestamp(t);  // "YYYY-MM-DD HH:MM:SS.ffffff"
    s[10] = 'T';
    s.resize(23);  // milliseconds
    return s + "Z";
}

Status CommandContext::execute(const SqlStatement& statement, const SqlParams& params) {
    if (!savepointOpen_) {
        if (auto s = conn_.execute("SAVEPOINT cmd"); !s.ok()) return s;
        savepointOpen_ = true;
    }
    return conn_.execute(statement, params);
}

Result<DbResult> CommandContext::query(const SqlStatement& statement, const SqlParams& params) {
    return conn_.query(statement, params);
}

Status CommandContext::insertRow(const RowInsert& shape, SqlParams values) {
    assert(values.size() == shape.columnCount);
    if (combine_) {
        deferred.push_back({&shape, std::move(values)});
        return Status::success();
    }
    return insertRowNow(shape, values);
}

Status CommandContext::insertRowNow(const RowInsert& shape, const SqlParams& values) {
    assert(values.size() == shape.columnCount);
    if (!savepointOpen_) {
        if (auto s = conn_.execute("SAVEPOINT cmd"); !s.ok()) return s;
        savepointOpen_ = true;
    }
    return insertRows(conn_, shape, values);
}

Status CommandContext::rollbackToSavepoint() {
    if (!savepointOpen_) return Status::success();
    savepointOpen_ = false;
    return conn_.execute("ROLLBACK TO SAVEPOINT cmd");
}

WriteBatcher::WriteBatcher(DbPool& pool, WriteBatcherOptions options) : pool_(pool), options_(options) {
    assert(options_.shards > 0 && options_.maxBatch > 0);
    for (std::size_t i = 0; i < options_.shards; ++i) shards_.push_back(std::make_unique<Shard>());
    for (auto& shard : shards_) {
        Shard* s = shard.get();
        s->thread = std::thread([this, s] { run(*s); });
    }
    auto& registry = MetricsRegistry::global();
    registry.callbackGauge("paydesk_write_queue_depth", "Commands waiting for a database batch", {},
                           [this] { return static_cast<double>(queued()); });
}

WriteBatcher::~WriteBatcher() {
    stop();
}

bool WriteBatcher::submit(const std::string& shardKey, WriteCommand command, WriteDone done) {
    assert(command && done);
    if (stopping_.load()) return false;
    Shard& shard = *shards_[std::hash<std::string>{}(shardKey) % shards_.size()];
    {
        std::lock_guard lock(shard.mutex);
        if (shard.queue.size() >= options_.queueLimitPerShard) return false;
        shard.queue.push_back(Item{std::move(command), std::move(done), std::chrono::steady_clock::now()});
    }
    shard.wake.notify_one();
    return true;
}

void WriteBatcher::stop() {
    if (stopping_.exchange(true)) {
        for (auto& s : shards_) {
            if (s->thread.joinable()) s->thread.join();
        }
        return;
    }
    for (auto& s : shards_) s->wake.notify_all();
    for (auto& s : shards_) {
        if (s->thread.joinable()) s->thread.join();
    }
}

std::size_t WriteBatcher::queued() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s->mutex);
        n += s->queue.size();
    }
    return n;
}

void WriteBatcher::run(Shard& shard) {
    std::vector<Item> batch;
    batch.reserve(options_.maxBatch);
    for (;;) {
        {
            std::unique_lock lock(shard.mutex);
            shard.wake.wait(lock, [&] { return stopping_.load() || !shard.queue.empty(); });
            if (shard.queue.empty()) break;  // stopping and drained
            // Give concurrent requests a moment to join, unless the batch is already full.
            if (shard.queue.size() < options_.maxBatch && !stopping_.load()) {
                const auto deadline = shard.queue.front().enqueued + options_.maxWait;
                shard.wake.wait_until(lock, deadline,
                                      [&] { return shard.queue.size() >= options_.maxBatch || stopping_.load(); });
            }
            while (!shard.queue.empty() && batch.size() < options_.maxBatch) {
                batch.push_back(std::move(shard.queue.front()));
                shard.queue.pop_front();
            }
        }
        process(shard, batch);
        batch.clear();
    }
    shard.conn.reset();
}

void WriteBatcher::process(Shard& shard, std::vector<Item>& batch) {
    static Histogram& batchSize =
        MetricsRegistry::global().histogram("paydesk_write_batch_seconds", "Time to run and commit one write batch");
    static Counter& committed =
        MetricsRegistry::global().counter("paydesk_write_commands_total", "Commands committed in batches");
    const auto start = std::chrono::steady_clock::now();
    Result<std::vector<WriteResult>> results = Error::make(ErrorCode::DbUnavailable, "not attempted");
    std::vector<std::function<void()>> afterCommit;
    // Inserts are combined into multi-row statements unless that met a duplicate key: then the
    // batch runs again with each insert on its own, so the command that owns the duplicate sees it.
    bool combine = true;
    for (int attempt = 0; attempt <= options_.deadlockRetries; ++attempt) {
        if (!shard.conn || (**shard.conn).broken()) {
            shard.conn.reset();
            auto conn = pool_.acquire(2000ms);
            if (!conn.ok()) {
                results = conn.error();
                break;
            }
            shard.conn = std::make_unique<PooledConnection>(std::move(conn).value());
        }
        afterCommit.clear();
        results = runBatch(**shard.conn, batch, afterCommit, combine);
        if (!results.ok() && combine && results.error().is(ErrorCode::DbDuplicateKey)) {
            combine = false;
            --attempt;  // not a deadlock: this retry is free
            continue;
        }
        if (results.ok() || !results.error().is(ErrorCode::DbDeadlock)) break;
        Logger::warn("store", "write batch deadlocked; retrying", {{"attempt", attempt + 1}, {"size", batch.size()}});
    }
    batchSize.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!results.ok()) {
        // Idempotency keys make retries safe whether or not the batch was committed.
        Logger::error("store", "write batch failed", {{"error", results.error().message}, {"size", batch.size()}});
        const bool inDoubt = results.error().is(ErrorCode::DbCommitInDoubt);
        for (auto& item : batch) item.done(WriteResult::failedBatch(inDoubt));
        return;
    }
    committed.inc(batch.size());
    for (auto& fn : afterCommit) fn();
    assert(results->size() == batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move((*results)[i]));
}

Result<std::vector<WriteResult>> WriteBatcher::runBatch(DbConnection& conn, std::vector<Item>& batch,
                                                        std::vector<std::function<void()>>& afterCommit,
                                                        bool combineInserts) {
    if (auto s = conn.begin(); !s.ok()) return s.error();
    std::vector<WriteResult> results;
    results.reserve(batch.size());
    std::vector<JournalEntry> journal;
    std::vector<OutboxEvent> events;
    std::vector<IdempotencyRecord> records;
    std::vector<CommandContext::DeferredRow> combined;
    for (auto& item : batch) {
        CommandContext ctx(conn, combineInserts);
        Result<WriteResult> r = item.command(ctx);
        if (!r.ok()) {
            const Error& failure = r.error();
            if (failure.is(ErrorCode::DbUnavailable) || failure.is(ErrorCode::DbDeadlock)) {
                (void)conn.rollback();
                return r.error();  // the whole transaction is gone
            }
            // A bug or a bad row in one command: undo it alone and answer 500.
            Logger::error("store", "write command failed", {{"code", failure.code}, {"error", failure.message}});
            if (auto s = ctx.rollbackToSavepoint(); !s.ok()) {
                (void)conn.rollback();
                return s.error();
            }
            results.push_back(WriteResult::refused(Error::make(ErrorCode::InternalError, failure.message)));
            continue;
        }
        if (!r->succeeded()) {
            if (auto s = ctx.rollbackToSavepoint(); !s.ok()) {
                (void)conn.rollback();
                return s.error();
            }
        } else {
            std::move(ctx.journal.begin(), ctx.journal.end(), std::back_inserter(journal));
            std::move(ctx.events.begin(), ctx.events.end(), std::back_inserter(events));
            std::move(ctx.idempotency.begin(), ctx.idempotency.end(), std::back_inserter(records));
            std::move(ctx.afterCommit.begin(), ctx.afterCommit.end(), std::back_inserter(afterCommit));
            std::move(ctx.deferred.begin(), ctx.deferred.end(), std::back_inserter(combined));
        }
        results.push_back(std::move(r).value());
    }
    assert(combineInserts || combined.empty());
    if (auto s = writeCombined(conn, combined); !s.ok()) {
        (void)conn.rollback();
        return s.error();
    }
    if (auto s = writeTail(conn, journal, events, records); !s.ok()) {
        (void)conn.rollback();
        return s.error();
    }
    if (auto s = conn.commit(); !s.ok()) {
        // The connection went during COMMIT: the server may have committed before it did.
        if (s.error().is(ErrorCode::DbUnavailable)) return Error::make(ErrorCode::DbCommitInDoubt, s.error().message);
        return s.error();
    }
    return results;
}

Status WriteBatcher::writeCombined(DbConnection& conn, std::vector<CommandContext::DeferredRow>& rows) {
    // Per table (shape), in order of first appearance, rows in command order, written in chunks.
    std::vector<bool> written(rows.size(), false);
    SqlParams values;
    for (std::size_t first = 0; first < rows.size(); ++first) {
        if (written[first]) continue;
        const RowInsert* shape = rows[first].shape;
        values.clear();
        for (std::size_t i = first; i < rows.size(); ++i) {
            if (written[i] || rows[i].shape != shape) continue;
            std::move(rows[i].values.begin(), rows[i].values.end(), std::back_inserter(values));
            written[i] = true;
        }
        if (auto s = insertRows(conn, *shape, values); !s.ok()) return s;
    }
    return Status::success();
}

Status WriteBatcher::writeTail(DbConnection& conn, std::vector<JournalEntry>& journal, std::vector<OutboxEvent>& events,
                               std::vector<IdempotencyRecord>& records) {
    SqlParams values;
    values.reserve(std::max(records.size() * idempotency_sql::kInsert.columnCount,
                            events.size() * outbox_sql::kInsert.columnCount));
    for (auto& r : records) {
        appendRow(values, std::move(r.merchantId), std::move(r.scope), std::move(r.key), std::move(r.requestHash),
                  r.httpStatus, std::move(r.responseBody), std::move(r.createdAt));
    }
    if (auto s = insertRows(conn, idempotency_sql::kInsert, values); !s.ok()) return s;
    values.clear();
    for (auto& e : events) {
        appendRow(values, std::move(e.eventId), std::move(e.topic), std::move(e.eventType), std::move(e.aggregateType),
                  std::move(e.aggregateId), std::move(e.correlationId), std::move(e.payload), std::move(e.occurredAt));
    }
    if (auto s = insertRows(conn, outbox_sql::kInsert, values); !s.ok()) return s;
    // Last: the journal head lock is held only from here to the commit.
    return Ledger::append(conn, journal);
}

}  // namespace paydesk::store
