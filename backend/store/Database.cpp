#include "store/Database.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <sys/socket.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <thread>

namespace paydesk::store {

struct InfileCursor {
    const char* data = nullptr;
    std::size_t size = 0;
    std::size_t offset = 0;
    bool armed = false;
};

// One prepared statement of a connection. Closed after its connection (mysql_close detaches the
// connection's statements, so closing them then frees memory without a round trip).
struct DbStatement {
    MYSQL_STMT* handle = nullptr;
    std::string sql;
    DbStatement() = default;
    DbStatement(const DbStatement&) = delete;
    DbStatement& operator=(const DbStatement&) = delete;
    ~DbStatement() {
        if (handle != nullptr) mysql_stmt_close(handle);
    }
};

namespace {

bool isConnectionError(unsigned code) {
    return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR ||
           code == CR_CONN_HOST_ERROR || code == CR_SERVER_LOST_EXTENDED || code == ER_CONNECTION_KILLED ||
           code == CR_UNKNOWN_HOST || code == ER_SERVER_SHUTDOWN || code == CR_COMMANDS_OUT_OF_SYNC;
}

// libmariadb wants a process-wide init before threads use it.
struct LibraryInit {
    LibraryInit() { mysql_library_init(0, nullptr, nullptr); }
    ~LibraryInit() { mysql_library_end(); }
};

void ensureLibrary() {
    static LibraryInit init;
}

// LOAD DATA LOCAL callbacks: they serve the bytes armed by DbConnection::loadLocalData and never a
// file, so a server asking for a local file gets nothing it was not handed on purpose.

int infileInit(void** handle, const char* /*fileName*/, void* userData) {
    auto* cursor = static_cast<InfileCursor*>(userData);
    *handle = cursor;
    return cursor->armed ? 0 : 1;
}

int infileRead(void* handle, char* buffer, unsigned int capacity) {
    auto* cursor = static_cast<InfileCursor*>(handle);
    assert(cursor->offset <= cursor->size);
    const std::size_t n = std::min<std::size_t>(capacity, cursor->size - cursor->offset);
    std::memcpy(buffer, cursor->data + cursor->offset, n);
    cursor->offset += n;
    return static_cast<int>(n);
}

void infileEnd(void* /*handle*/) {}

int infileError(void* handle, char* buffer, unsigned int capacity) {
    const auto* cursor = static_cast<const InfileCursor*>(handle);
    std::snprintf(buffer, capacity, "%s",
                  cursor != nullptr && cursor->armed ? "reading in-memory data failed"
                                                     : "LOAD DATA LOCAL is refused: no in-memory data was armed");
    return CR_UNKNOWN_ERROR;
}

}  // namespace

std::string DbResult::text(std::size_t r, std::size_t c) const {
    assert(r < rows.size() && c < rows[r].size());
    return rows[r][c].value_or(std::string());
}

std::int64_t DbResult::integer(std::size_t r, std::size_t c) const {
    const std::string t = text(r, c);
    std::int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
}

Result<std::unique_ptr<DbConnection>> DbConnection::open(const DbEndpoint& ep, const DbTimeouts& timeouts,
                                                         bool selectDatabase) {
    ensureLibrary();
    MYSQL* h = mysql_init(nullptr);
    if (h == nullptr) return Error::make(ErrorCode::DbUnavailable, "mysql_init failed (out of memory)");
    const unsigned connectTimeout = static_cast<unsigned>(timeouts.connect.count());
    const unsigned readTimeout = static_cast<unsigned>(timeouts.read.count());
    const unsigned writeTimeout = static_cast<unsigned>(timeouts.write.count());
    mysql_optionsv(h, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout);
    mysql_optionsv(h, MYSQL_OPT_READ_TIMEOUT, &readTimeout);
    mysql_optionsv(h, MYSQL_OPT_WRITE_TIMEOUT, &writeTimeout);
    mysql_optionsv(h, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    const my_bool noReconnect = 0;  // a silent reconnect would lose transaction state
    mysql_optionsv(h, MYSQL_OPT_RECONNECT, &noReconnect);
    // LOAD DATA LOCAL is allowed, but only through loadLocalData's in-memory handler (set below).
    const unsigned localInfile = 1;
    mysql_optionsv(h, MYSQL_OPT_LOCAL_INFILE, &localInfile);
    const char* socket = ep.unixSocket.empty() ? nullptr : ep.unixSocket.c_str();
    const char* host = socket != nullptr ? "localhost" : ep.host.c_str();
    const char* db = selectDatabase ? ep.database.c_str() : nullptr;
    if (mysql_real_connect(h, host, ep.user.c_str(), ep.password.c_str(), db, ep.port, socket,
                           CLIENT_FOUND_ROWS | CLIENT_MULTI_STATEMENTS) == nullptr) {
        Error err = Error::make(ErrorCode::DbUnavailable, "cannot connect to " + ep.describe() + ": " + mysql_error(h));
        mysql_close(h);
        return err;
    }
    auto connection = std::unique_ptr<DbConnection>(new DbConnection(h));
    connection->infile_ = std::make_unique<InfileCursor>();
    mysql_set_local_infile_handler(h, infileInit, infileRead, infileEnd, infileError, connection->infile_.get());
    return connection;
}

Status DbConnection::loadLocalData(std::string_view loadStatement, std::string_view data) {
    assert(handle_ != nullptr && infile_ != nullptr);
    assert(loadStatement.find("LOCAL INFILE") != std::string_view::npos);
    *infile_ = InfileCursor{data.data(), data.size(), 0, true};
    const Status s = execute(loadStatement);
    *infile_ = InfileCursor{};
    if (!s.ok() && (lastErrno_ == ER_LOAD_INFILE_CAPABILITY_DISABLED || lastErrno_ == ER_NOT_ALLOWED_COMMAND)) {
        return Error::make(ErrorCode::DbLocalInfileOff, s.error().message);
    }
    return s;
}

DbConnection::DbConnection(st_mysql* handle) : handle_(handle) {}

DbConnection::~DbConnection() {
    if (handle_ != nullptr) mysql_close(handle_);
    statements_.clear();  // after mysql_close: nothing is sent for them
}

Error DbConnection::lastError(std::string_view sql) {
    return classify(mysql_errno(handle_), mysql_error(handle_), sql);
}

Error DbConnection::statementError(const DbStatement& statement) {
    return classify(mysql_stmt_errno(statement.handle), mysql_stmt_error(statement.handle), statement.sql);
}

Error DbConnection::classify(unsigned code, std::string message, std::string_view sql) {
    lastErrno_ = code;
    // An interrupted connection may fail with any client error (a write on a shut-down socket ...).
    if (isConnectionError(lastErrno_) || broken_.load()) {
        broken_ = true;
        return Error::make(ErrorCode::DbUnavailable, "database connection lost: " + message);
    }
    if (lastErrno_ == ER_DUP_ENTRY || lastErrno_ == ER_DUP_KEY) return Error::make(ErrorCode::DbDuplicateKey, message);
    if (lastErrno_ == ER_LOCK_DEADLOCK || lastErrno_ == ER_LOCK_WAIT_TIMEOUT)
        return Error::make(ErrorCode::DbDeadlock, message);
    std::string head(sql.substr(0, 120));
    return Error::make(ErrorCode::DbError, message + " [in: " + head + (sql.size() > 120 ? "...]" : "]"));
}

Status DbConnection::execute(std::string_view sql) {
    assert(handle_ != nullptr);
    if (mysql_real_query(handle_, sql.data(), static_cast<unsigned long>(sql.size())) != 0) return lastError(sql);
    // Drain any result so the connection stays usable.
    do {
        if (MYSQL_RES* res = mysql_store_result(handle_)) mysql_free_result(res);
    } while (mysql_next_result(handle_) == 0);
    if (mysql_errno(handle_) != 0) return lastError(sql);
    return Status::success();
}

Result<DbResult> DbConnection::query(std::string_view sql) {
    assert(handle_ != nullptr);
    if (mysql_real_query(handle_, sql.data(), static_cast<unsigned long>(sql.size())) != 0) return lastError(sql);
    // With several statements ("SAVEPOINT s; SELECT ..."), the answer is the first result set;
    // statements without one only contribute their affected-row counts.
    DbResult result;
    bool haveRows = false;
    for (;;) {
        MYSQL_RES* res = mysql_store_result(handle_);
        if (res == nullptr) {
            if (mysql_field_count(handle_) != 0) return lastError(sql);
            if (!haveRows) {
                result.affectedRows = mysql_affected_rows(handle_);
                result.insertId = mysql_insert_id(handle_);
            }
        } else {
            if (!haveRows) {
                haveRows = true;
                const unsigned fields = mysql_num_fields(res);
                MYSQL_FIELD* meta = mysql_fetch_fields(res);
                for (unsigned i = 0; i < fields; ++i) result.columns.emplace_back(meta[i].name);
                result.rows.reserve(mysql_num_rows(res));
                while (MYSQL_ROW row = mysql_fetch_row(res)) {
                    unsigned long* lengths = mysql_fetch_lengths(res);
                    DbRow out(fields);
                    for (unsigned i = 0; i < fields; ++i) {
                        if (row[i] != nullptr) out[i] = std::string(row[i], lengths[i]);
                    }
                    result.rows.push_back(std::move(out));
                }
                result.affectedRows = result.rows.size();
            }
            mysql_free_result(res);
        }
        const int next = mysql_next_result(handle_);
        if (next > 0) return lastError(sql);
        if (next < 0) break;
    }
    return result;
}

namespace {

bool needsReprepare(unsigned code) {
    return code == ER_NEED_REPREPARE || code == ER_UNKNOWN_STMT_HANDLER;
}

void bindParameter(MYSQL_BIND& bind, unsigned long& length, const SqlValue& value) {
    if (const std::int64_t* n = value.integer()) {
        bind.buffer_type = MYSQL_TYPE_LONGLONG;
        bind.buffer = const_cast<std::int64_t*>(n);  // libmariadb only reads parameter buffers
    } else if (const std::string* bytes = value.bytes()) {
        bind.buffer_type = MYSQL_TYPE_STRING;
        bind.buffer = const_cast<char*>(bytes->data());
        length = static_cast<unsigned long>(bytes->size());
        bind.buffer_length = length;
        bind.length = &length;
    } else {
        bind.buffer_type = MYSQL_TYPE_NULL;
    }
}

}  // namespace

Result<DbStatement*> DbConnection::statement(std::string_view name, const std::function<std::string()>& sql) {
    assert(handle_ != nullptr && !name.empty());
    if (auto it = statements_.find(name); it != statements_.end()) return it->second.get();
    auto prepared = std::make_unique<DbStatement>();
    prepared->sql = sql();
    prepared->handle = mysql_stmt_init(handle_);
    if (prepared->handle == nullptr) return Error::make(ErrorCode::DbError, "mysql_stmt_init failed (out of memory)");
    if (mysql_stmt_prepare(prepared->handle, prepared->sql.data(), static_cast<unsigned long>(prepared->sql.size())) !=
        0) {
        return statementError(*prepared);
    }
    ++statementsPrepared_;
    DbStatement* raw = prepared.get();
    statements_.emplace(std::string(name), std::move(prepared));
    return raw;
}

Status DbConnection::prepare(std::string_view name, std::string_view sql) {
    auto prepared = statement(name, [sql] { return std::string(sql); });
    if (!prepared.ok()) return prepared.error();
    return Status::success();
}

Result<DbResult> DbConnection::run(std::string_view name, std::span<const SqlValue> params,
                                   const std::function<std::string()>& sql) {
    for (int attempt = 0;; ++attempt) {
        auto prepared = statement(name, sql);
        if (!prepared.ok()) return prepared.error();
        auto result = runStatement(**prepared, params);
        if (result.ok() || attempt > 0 || !needsReprepare(lastErrno_)) return result;
        statements_.erase(statements_.find(name));  // the server dropped or invalidated it
    }
}

Status DbConnection::execute(const SqlStatement& statement, const SqlParams& params) {
    auto result = run(statement.name, params, [&] { return std::string(statement.sql); });
    if (!result.ok()) return result.error();
    return Status::success();
}

Result<DbResult> DbConnection::query(const SqlStatement& statement, const SqlParams& params) {
    return run(statement.name, params, [&] { return std::string(statement.sql); });
}

Result<DbResult> DbConnection::runStatement(DbStatement& statement, std::span<const SqlValue> params) {
    MYSQL_STMT* handle = statement.handle;
    const unsigned long expected = mysql_stmt_param_count(handle);
    assert(params.size() == expected);
    if (params.size() != expected) {
        return Error::make(ErrorCode::DbError, "statement expects " + std::to_string(expected) + " parameters, got " +
                                           std::to_string(params.size()) + " [in: " + statement.sql.substr(0, 120) +
                                           "]");
    }
    std::vector<MYSQL_BIND> binds(params.size());
    std::vector<unsigned long> lengths(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) bindParameter(binds[i], lengths[i], params[i]);
    if (!binds.empty() && mysql_stmt_bind_param(handle, binds.data()) != 0) return statementError(statement);
    if (mysql_stmt_execute(handle) != 0) return statementError(statement);
    DbResult result;
    if (mysql_stmt_field_count(handle) == 0) {
        result.affectedRows = mysql_stmt_affected_rows(handle);
        result.insertId = mysql_stmt_insert_id(handle);
        return result;
    }
    const Status fetched = fetchRows(statement, result);
    mysql_stmt_free_result(handle);
    if (!fetched.ok()) return fetched.error();
    return result;
}

// Every column is fetched as text, as the text protocol returns it: DbResult stays the one result type.
Status DbConnection::fetchRows(DbStatement& statement, DbResult& result) {
    MYSQL_STMT* handle = statement.handle;
    MYSQL_RES* meta = mysql_stmt_result_metadata(handle);
    if (meta == nullptr) return statementError(statement);
    const unsigned fields = mysql_num_fields(meta);
    const MYSQL_FIELD* names = mysql_fetch_fields(meta);
    for (unsigned i = 0; i < fields; ++i) result.columns.emplace_back(names[i].name);
    mysql_free_result(meta);
    constexpr unsigned long kInline = 256;  // longer values are read again by mysql_stmt_fetch_column
    std::vector<char> buffers(fields * kInline);
    std::vector<MYSQL_BIND> binds(fields);
    std::vector<unsigned long> lengths(fields);
    std::vector<my_bool> nulls(fields);
    std::vector<my_bool> truncated(fields);
    for (unsigned i = 0; i < fields; ++i) {
        binds[i].buffer_type = MYSQL_TYPE_STRING;
        binds[i].buffer = buffers.data() + i * kInline;
        binds[i].buffer_length = kInline;
        binds[i].length = &lengths[i];
        binds[i].is_null = &nulls[i];
        binds[i].error = &truncated[i];
    }
    if (mysql_stmt_bind_result(handle, binds.data()) != 0) return statementError(statement);
    if (mysql_stmt_store_result(handle) != 0) return statementError(statement);
    result.rows.reserve(static_cast<std::size_t>(mysql_stmt_num_rows(handle)));
    for (;;) {
        const int rc = mysql_stmt_fetch(handle);
        if (rc == MYSQL_NO_DATA) break;
        if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) return statementError(statement);
        DbRow row(fields);
        for (unsigned i = 0; i < fields; ++i) {
            if (nulls[i] != 0) continue;
            if (lengths[i] <= kInline) {
                row[i].emplace(buffers.data() + i * kInline, lengths[i]);
                continue;
            }
            std::string value(lengths[i], '\0');
            MYSQL_BIND whole{};
            unsigned long wholeLength = 0;
            whole.buffer_type = MYSQL_TYPE_STRING;
            whole.buffer = value.data();
            whole.buffer_length = lengths[i];
            whole.length = &wholeLength;
            if (mysql_stmt_fetch_column(handle, &whole, i, 0) != 0) return statementError(statement);
            row[i] = std::move(value);
        }
        result.rows.push_back(std::move(row));
    }
    result.affectedRows = result.rows.size();
    return Status::success();
}

Status DbConnection::ping() {
    if (mysql_ping(handle_) != 0) return lastError("PING");
    return Status::success();
}

std::string DbConnection::quote(std::string_view value) {
    std::string out(value.size() * 2 + 3, '\0');
    out[0] = '\'';
    const unsigned long n =
        mysql_real_escape_string(handle_, out.data() + 1, value.data(), static_cast<unsigned long>(value.size()));
    out.resize(n + 1);
    out.push_back('\'');
    return out;
}

void DbConnection::interrupt() {
    broken_.store(true);
    const my_socket fd = mysql_get_socket(handle_);
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);  // the descriptor stays open: its owner closes it
}

std::string DbConnection::serverVersion() const {
    return mysql_get_server_info(handle_);
}

bool DbConnection::inTransaction() const {
    unsigned status = 0;
    mariadb_get_infov(handle_, MARIADB_CONNECTION_SERVER_STATUS, &status);
    return (status & SERVER_STATUS_IN_TRANS) != 0;
}

PooledConnection::~PooledConnection() {
    if (pool_ != nullptr && conn_) pool_->release(std::move(conn_));
}

DbPool::DbPool(DbEndpoint endpoint, std::size_t maxSize, DbTimeouts timeouts)
    : endpoint_(std::move(endpoint)), maxSize_(maxSize), timeouts_(timeouts) {
    assert(maxSize_ > 0);
}

DbPool::~DbPool() {
    std::unique_lock lock(mutex_);
    assert(borrowed_ == 0 && "connections must be returned before the pool is destroyed");
    available_.wait(lock, [&] { return connecting_ == 0; });  // bounded by the connect timeout
    idle_.clear();
}

std::size_t DbPool::inUse() const {
    std::lock_guard lock(mutex_);
    return borrowed_;
}

Result<PooledConnection> DbPool::acquire(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex_);
    const std::uint64_t failuresBefore = connectFailures_;
    for (;;) {
        if (!up_.load())
            return Error::make(ErrorCode::DbUnavailable, "the database is not answering: " + unavailableWhy_);
        if (!idle_.empty()) return lend(lock);
        if (connectFailures_ != failuresBefore) return Error::make(ErrorCode::DbUnavailable, lastConnectError_);
        if (open_ < maxSize_) startConnecting();
        const bool woken = available_.wait_until(lock, deadline, [&] {
            return !up_.load() || !idle_.empty() || connectFailures_ != failuresBefore ||
                   (open_ < maxSize_ && connecting_ == 0);
        });
        if (!woken) break;
    }
    return Error::make(ErrorCode::DbUnavailable, "no database connection free within " +
                                                     std::to_string(timeout.count()) + " ms (pool of " +
                                                     std::to_string(maxSize_) + ")");
}

PooledConnection DbPool::lend(std::unique_lock<std::mutex>& lock) {
    assert(lock.owns_lock() && !idle_.empty());
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    ++borrowed_;
    lent_.push_back(conn.get());
    return PooledConnection(this, std::move(conn));
}

// Connects on a thread of its own: a borrower waits for the connection (or for the watchdog to
// mark the database down), never inside a handshake with a server that stopped answering.
void DbPool::startConnecting() {
    ++open_;
    ++connecting_;
    std::thread([this] {
        auto conn = DbConnection::open(endpoint_, timeouts_);
        std::lock_guard lock(mutex_);
        --connecting_;
        if (conn.ok() && up_.load()) {
            idle_.push_back(std::move(conn).value());
        } else {
            --open_;
            ++connectFailures_;
            lastConnectError_ = conn.ok() ? "the database is not answering: " + unavailableWhy_ : conn.error().message;
        }
        available_.notify_all();
    }).detach();
}

void DbPool::release(std::unique_ptr<DbConnection> conn) {
    // A borrower that bailed out mid-transaction must not hand its locks to the next one. The
    // rollback runs while the connection is still lent, so setAvailable(false) can interrupt it.
    bool drop = conn->broken() || !up_.load();
    if (!drop && conn->inTransaction()) drop = !conn->rollback().ok();
    std::lock_guard lock(mutex_);
    assert(borrowed_ > 0);
    --borrowed_;
    std::erase(lent_, conn.get());
    if (drop || conn->broken() || !up_.load()) {
        --open_;  // dropped; the next acquire opens a fresh one
    } else {
        idle_.push_back(std::move(conn));
    }
    available_.notify_one();
}

void DbPool::setAvailable(bool available, const std::string& why) {
    std::vector<std::unique_ptr<DbConnection>> stale;
    {
        std::lock_guard lock(mutex_);
        if (up_.load() == available) return;
        up_.store(available);
        unavailableWhy_ = available ? std::string() : why;
        if (!available) {
            for (DbConnection* c : lent_) c->interrupt();
        }
        open_ -= idle_.size();
        stale.swap(idle_);
    }
    available_.notify_all();
}  // the stale connections close here, outside the lock

std::string DbPool::unavailableReason() const {
    std::lock_guard lock(mutex_);
    return unavailableWhy_;
}

}  // namespace paydesk::store
