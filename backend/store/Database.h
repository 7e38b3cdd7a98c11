#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/Endpoints.h"
#include "core/Error.h"
#include "store/Statement.h"

// libmariadb stays behind this header: nothing outside backend/store sees MYSQL*.
struct st_mysql;

namespace paydesk::store {

// One result row; NULL columns are std::nullopt.
using DbRow = std::vector<std::optional<std::string>>;

struct DbResult {
    std::vector<std::string> columns;
    std::vector<DbRow> rows;
    std::uint64_t affectedRows = 0;
    std::uint64_t insertId = 0;

    [[nodiscard]] bool empty() const { return rows.empty(); }
    // Value of row r, column c; empty string for NULL.
    [[nodiscard]] std::string text(std::size_t r, std::size_t c) const;
    [[nodiscard]] std::int64_t integer(std::size_t r, std::size_t c) const;
};

// libmariadb's timeouts have seconds granularity and each bounds one wait on the socket (one poll
// per read or write: unlike MySQL's libmysqlclient, which retries a timed-out read, so that its
// effective read timeout is three times the setting). They are the backstop for a server that stops
// answering; the DbWatchdog answers faster by interrupting the connections (DbPool::setAvailable).
struct DbTimeouts {
    std::chrono::seconds connect{2};
    std::chrono::seconds read{30};
    std::chrono::seconds write{30};
};

// Error codes: DB_UNAVAILABLE (cannot connect / connection lost; retryable), DB_DUPLICATE_KEY
// (unique key violated), DB_DEADLOCK (retryable), DB_ERROR (anything else: a bug or bad schema).
struct InfileCursor;
struct DbStatement;

class DbConnection {
public:
    static Result<std::unique_ptr<DbConnection>> open(const DbEndpoint& endpoint, const DbTimeouts& timeouts,
                                                      bool selectDatabase = true);
    ~DbConnection();
    DbConnection(const DbConnection&) = delete;
    DbConnection& operator=(const DbConnection&) = delete;

    Status execute(std::string_view sql);
    Result<DbResult> query(std::string_view sql);
    // Runs a `LOAD DATA LOCAL INFILE '...' INTO TABLE ...` statement whose file is `data`, in
    // memory: bulk rows without SQL parsing on the server. The file name in the statement is not
    // opened; no file is ever read for a server's LOAD DATA LOCAL request (without armed data the
    // request is refused). Fails like execute(); DB_LOCAL_INFILE_OFF when the server forbids it.
    Status loadLocalData(std::string_view loadStatement, std::string_view data);
    Status ping();

    // Server-side prepared statements (binary protocol: values travel as bound parameters, the
    // server parses each text once per connection). Statements are cached on this connection by
    // name: prepared on first use, reused after, gone with the connection (a replacement connection
    // prepares them again). A statement the server asks to re-prepare is re-prepared once.
    Status execute(const SqlStatement& statement, const SqlParams& params);
    Result<DbResult> query(const SqlStatement& statement, const SqlParams& params);
    // The same for a statement whose text is built only when `name` is not yet prepared here (e.g.
    // multi-row INSERTs per row count). Returns the result set, or affected rows and insert id.
    Result<DbResult> run(std::string_view name, std::span<const SqlValue> params,
                         const std::function<std::string()>& sql);
    // Prepares `sql` under `name` unless that name is prepared already.
    Status prepare(std::string_view name, std::string_view sql);
    // How many statements this connection has prepared (cache misses), and holds now.
    [[nodiscard]] std::uint64_t statementsPrepared() const { return statementsPrepared_; }
    [[nodiscard]] std::size_t statementsCached() const { return statements_.size(); }

    Status begin() { return execute("START TRANSACTION"); }
    Status commit() { return execute("COMMIT"); }
    Status rollback() { return execute("ROLLBACK"); }

    // Quoted SQL string literal, escaped for this connection's character set: 'it''s'.
    std::string quote(std::string_view value);
    [[nodiscard]] bool broken() const { return broken_.load(); }
    // From any thread: shuts the socket down, so a statement blocked on a hung server fails at once
    // (DB_UNAVAILABLE) and the connection counts as broken from now on.
    void interrupt();
    [[nodiscard]] bool inTransaction() const;
    [[nodiscard]] unsigned serverErrno() const { return lastErrno_; }
    [[nodiscard]] std::string serverVersion() const;

private:
    explicit DbConnection(st_mysql* handle);
    Error lastError(std::string_view sql);
    Error statementError(const DbStatement& statement);
    Error classify(unsigned code, std::string message, std::string_view sql);
    Result<DbStatement*> statement(std::string_view name, const std::function<std::string()>& sql);
    Result<DbResult> runStatement(DbStatement& statement, std::span<const SqlValue> params);
    Status fetchRows(DbStatement& statement, DbResult& result);

    st_mysql* handle_ = nullptr;
    std::map<std::string, std::unique_ptr<DbStatement>, std::less<>> statements_;
    std::uint64_t statementsPrepared_ = 0;
    // What LOAD DATA LOCAL reads while loadLocalData() runs (disarmed otherwise).
    std::unique_ptr<InfileCursor> infile_;
    std::atomic<bool> broken_{false};
    unsigned lastErrno_ = 0;
};

class DbPool;

// A connection borrowed from the pool; returned on destruction (dropped if broken).
class PooledConnection {
public:
    PooledConnection(DbPool* pool, std::unique_ptr<DbConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~PooledConnection();
    PooledConnection(PooledConnection&& other) noexcept = default;
    PooledConnection& operator=(PooledConnection&&) = delete;
    PooledConnection(const PooledConnection&) = delete;
    PooledConnection& operator=(const PooledConnection&) = delete;

    DbConnection* operator->() { return conn_.get(); }
    DbConnection& operator*() { return *conn_; }

private:
    DbPool* pool_;
    std::unique_ptr<DbConnection> conn_;
};

// A bounded connection pool. acquire() waits at most `timeout` for a free connection, so a
// dead database turns into a quick DB_UNAVAILABLE rather than a hung request. While the database is
// marked unavailable (by the DbWatchdog), acquire() fails at once without touching the server.
class DbPool {
public:
    DbPool(DbEndpoint endpoint, std::size_t maxSize, DbTimeouts timeouts = {});
    ~DbPool();
    DbPool(const DbPool&) = delete;
    DbPool& operator=(const DbPool&) = delete;

    Result<PooledConnection> acquire(std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

    [[nodiscard]] const DbEndpoint& endpoint() const { return endpoint_; }
    [[nodiscard]] std::size_t inUse() const;
    [[nodiscard]] std::size_t maxSize() const { return maxSize_; }

    // Unavailable: waiters in acquire() and later calls get DB_UNAVAILABLE (with `why`) at once, and
    // every borrowed connection is interrupted, so no statement stays blocked on a hung server. Both
    // transitions drop the idle connections (they may belong to a server that is gone).
    void setAvailable(bool available, const std::string& why = {});
    [[nodiscard]] bool available() const { return up_.load(); }
    [[nodiscard]] std::string unavailableReason() const;

private:
    friend class PooledConnection;
    void release(std::unique_ptr<DbConnection> conn);
    PooledConnection lend(std::unique_lock<std::mutex>& lock);
    void startConnecting();  // with mutex_ held

    const DbEndpoint endpoint_;
    const std::size_t maxSize_;
    const DbTimeouts timeouts_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<DbConnection>> idle_;
    std::size_t open_ = 0;  // idle + borrowed
    std::size_t borrowed_ = 0;
    std::vector<DbConnection*> lent_;  // the borrowed connections, for setAvailable(false)
    std::size_t connecting_ = 0;       // connections being opened (counted in open_)
    std::uint64_t connectFailures_ = 0;
    std::string lastConnectError_;
    std::atomic<bool> up_{true};
    std::string unavailableWhy_;
};

}  // namespace paydesk::store
