#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/Endpoints.h"
#include "core/Error.h"
#include "local/ChildProcess.h"
#include "local/DataDirectory.h"

namespace paydesk::local {

// What is common to the private servers Paydesk starts: a pid file of the server's own, a
// working directory, and the clean-up of whatever an earlier run that was killed left behind.
namespace leftovers {
// If pidFile names a live process whose executable is `binaryName` and whose working directory
// is `workDir` (so it is ours, not a recycled pid), stop it (SIGTERM, then SIGKILL after grace).
// Then remove the pid file and the given stale socket files. Returns a description of what was
// done, empty if nothing was found.
std::string reclaim(const std::string& pidFile, const std::string& binaryName, const std::string& workDir,
                    const std::vector<std::string>& staleFiles, std::chrono::milliseconds grace);
}  // namespace leftovers

// A free TCP port on 127.0.0.1 (bound and released; the server binds it moments later).
Result<std::uint16_t> freeLoopbackPort();

// Private mariadbd: initialised with mariadb-install-db on first start, durable settings
// (innodb_flush_log_at_trx_commit=1), unix socket in DIR/run and a loopback TCP port.
class LocalMariadb {
public:
    explicit LocalMariadb(const DataDirectory& dir) : dir_(dir) {}
    ~LocalMariadb() { stop(); }
    LocalMariadb(const LocalMariadb&) = delete;
    LocalMariadb& operator=(const LocalMariadb&) = delete;

    // Error codes: LOCAL_DB_FAILED with the reason and the tail of the server's error log.
    // Also starts it again after it exited (InnoDB recovers the datadir), on the TCP port it had.
    Result<DbEndpoint> start(std::chrono::seconds timeout);
    void stop();
    // Reaps: false once mariadbd exited (exitDescription() says how).
    bool running() { return process_.running(); }
    [[nodiscard]] std::string exitDescription() const { return process_.exitDescription(); }
    // While set, waiting for the server to accept connections gives up (paydeskd is stopping).
    void setCancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }
    [[nodiscard]] pid_t pid() const { return process_.pid(); }
    [[nodiscard]] std::string socketPath() const { return dir_.path("run/mariadb.sock"); }
    [[nodiscard]] std::string dataPath() const { return dir_.path("mariadb/data"); }
    [[nodiscard]] std::string errorLog() const { return dir_.path("logs/mariadbd.err"); }

private:
    Status initialize(std::chrono::seconds timeout);
    Status launch(std::uint16_t port);
    Status waitUntilAccepting(std::chrono::steady_clock::time_point deadline);
    Status bootstrapUsers(const std::string& password);
    Error failure(const std::string& what) const;

    [[nodiscard]] bool cancelled() const { return cancel_ != nullptr && cancel_->load(); }

    const DataDirectory& dir_;
    ChildProcess process_;
    std::uint16_t port_ = 0;
    const std::atomic<bool>* cancel_ = nullptr;
};

// Private redis-server with the append-only file on, loopback only, password protected. Its
// settings and password are in DIR/redis/redis.conf (0600, rewritten at every start); its command
// line names only that file, so no other local user can read the password in /proc/PID/cmdline.
// (mariadbd's command line carries no secret either: users and passwords are set over the socket.)
class LocalRedis {
public:
    explicit LocalRedis(const DataDirectory& dir) : dir_(dir) {}
    ~LocalRedis() { stop(); }
    LocalRedis(const LocalRedis&) = delete;
    LocalRedis& operator=(const LocalRedis&) = delete;

    // Also starts it again after it exited (the append-only file restores the data), on its old port.
    Result<RedisEndpoint> start(const std::string& password, std::chrono::seconds timeout);
    void stop();
    bool running() { return process_.running(); }
    [[nodiscard]] std::string exitDescription() const { return process_.exitDescription(); }
    void setCancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }
    [[nodiscard]] pid_t pid() const { return process_.pid(); }
    [[nodiscard]] std::string socketPath() const { return dir_.path("run/redis.sock"); }
    [[nodiscard]] std::string logFile() const { return dir_.path("logs/redis.log"); }
    [[nodiscard]] std::string configPath() const { return dir_.path("redis/redis.conf"); }

private:
    Status writeConfig(std::uint16_t port, const std::string& password) const;
    Error failure(const std::string& what) const;
    [[nodiscard]] bool cancelled() const { return cancel_ != nullptr && cancel_->load(); }
    const DataDirectory& dir_;
    ChildProcess process_;
    std::uint16_t port_ = 0;
    const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace paydesk::local
