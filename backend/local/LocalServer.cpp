#include "local/LocalServer.h"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <utility>
#include <vector>

#include "cache/RedisClient.h"
#include "core/Crypto.h"
#include "core/Files.h"
#include "core/Logger.h"
#include "store/Database.h"

namespace paydesk::local {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kPollInterval = 100ms;
constexpr std::size_t kLogTailLines = 6;

std::string currentUserName() {
    if (const passwd* pw = ::getpwuid(::geteuid())) return pw->pw_name;
    return "root";
}

std::string readLink(const std::string& path) {
    std::error_code ec;
    auto target = fs::read_symlink(path, ec);
    return ec ? std::string() : target.string();
}

}  // namespace

std::string leftovers::reclaim(const std::string& pidFile, const std::string& binaryName, const std::string& workDir,
                               const std::vector<std::string>& staleFiles, std::chrono::milliseconds grace) {
    std::string done;
    const std::string text = files::read(pidFile);
    const long pid = text.empty() ? 0 : std::strtol(text.c_str(), nullptr, 10);
    if (pid > 0 && ChildProcess::isAlive(static_cast<pid_t>(pid))) {
        const std::string exe = readLink("/proc/" + std::to_string(pid) + "/exe");
        const std::string cwd = readLink("/proc/" + std::to_string(pid) + "/cwd");
        std::error_code ec;
        const bool sameDir = !cwd.empty() && fs::equivalent(cwd, workDir, ec);
        // Only a process that is really our server in our folder is touched; a recycled pid is not.
        if (fs::path(exe).filename().string().rfind(binaryName, 0) == 0 && sameDir) {
            const bool clean = ChildProcess::terminateForeign(static_cast<pid_t>(pid), grace);
            done = binaryName + " (pid " + std::to_string(pid) + ") left running by an earlier run was stopped" +
                   (clean ? "" : " with SIGKILL");
        }
    }
    std::error_code ec;
    if (fs::remove(pidFile, ec) && done.empty()) done = "stale pid file " + pidFile + " removed";
    for (const auto& f : staleFiles) fs::remove(f, ec);
    return done;
}

Result<std::uint16_t> freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Error::make(ErrorCode::LocalPort, std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const int e = errno;
        ::close(fd);
        return Error::make(ErrorCode::LocalPort, std::string("no free loopback port: ") + std::strerror(e));
    }
    ::close(fd);
    return static_cast<std::uint16_t>(ntohs(addr.sin_port));
}

// ---------------------------------------------------------------------------------------------
// MariaDB

Error LocalMariadb::failure(const std::string& what) const {
    std::string message = "embedded MariaDB: " + what;
    const std::string tail = files::tail(errorLog(), kLogTailLines);
    if (!tail.empty()) message += "\n--- last lines of " + errorLog() + " ---\n" + tail;
    return Error::make(ErrorCode::LocalDbFailed, message);
}

Status LocalMariadb::initialize(std::chrono::seconds timeout) {
    const std::string data = dataPath();
    std::error_code ec;
    // Without the marker, an earlier initialisation did not finish; nothing of Paydesk's can be
    // in there yet, so start again from empty.
    fs::remove_all(data, ec);
    fs::create_directories(data, ec);
    if (ec) return failure("cannot create " + data + ": " + ec.message());
    ProcessSpec spec;
    spec.executable = "mariadb-install-db";
    spec.args = {"--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db",
                 "--user=" + currentUserName()};
    spec.logFile = dir_.path("logs/mariadb-install-db.log");
    Logger::info("local", "initializing MariaDB datadir", {{"datadir", data}});
    auto child = ChildProcess::spawn(spec);
    if (!child.ok()) return failure(child.error().message + " (Debian package mariadb-server-core)");
    if (!child->waitForExit(timeout)) {
        child->terminate(1s);
        return failure("mariadb-install-db did not finish within " + std::to_string(timeout.count()) + " s");
    }
    if (child->exitDescription() != "exited with status 0") {
        return failure("mariadb-install-db " + child->exitDescription() + "; see " + spec.logFile + ":\n" +
                       files::tail(spec.logFile, kLogTailLines));
    }
    return Status::success();
}

Status LocalMariadb::launch(std::uint16_t port) {
    ProcessSpec spec;
    spec.executable = "mariadbd";
    spec.args = {"--no-defaults", "--datadir=" + dataPath(), "--socket=" + socketPath(),
                 "--port=" + std::to_string(port), "--bind-address=127.0.0.1",
                 "--pid-file=" + dir_.path("run/mariadbd.pid"), "--log-error=" + errorLog(),
                 "--user=" + currentUserName(), "--skip-name-resolve",
                 // Durability first: every committed transaction is on disk before the client hears OK.
                 "--innodb-flush-log-at-trx-commit=1", "--innodb-doublewrite=1", "--innodb-buffer-pool-size=256M",
                 "--innodb-log-file-size=256M", "--innodb-log-buffer-size=32M", "--max-connections=512",
                 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
                 "--transaction-isolation=READ-COMMITTED", "--performance-schema=OFF", "--skip-log-bin"};
    spec.logFile = dir_.path("logs/mariadbd.out");
    spec.workingDirectory = dataPath();
    auto child = ChildProcess::spawn(spec);
    if (!child.ok()) return failure(child.error().message + " (Debian package mariadb-server-core)");
    process_ = std::move(child).value();
    port_ = port;
    return Status::success();
}

Status LocalMariadb::waitUntilAccepting(std::chrono::steady_clock::time_point deadline) {
    DbEndpoint root;
    root.unixSocket = socketPath();
    root.user = "root";
    store::DbTimeouts timeouts;
    timeouts.connect = 1s;
    std::string lastError;
    while (std::chrono::steady_clock::now() < deadline) {
        if (cancelled()) return failure("start cancelled: paydeskd is stopping");
        if (!process_.running()) return failure("mariadbd " + process_.exitDescription() + " while starting");
        if (fs::exists(socketPath())) {
            auto conn = store::DbConnection::open(root, timeouts, false);
            if (conn.ok()) return Status::success();
            lastError = conn.error().message;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    return failure("mariadbd did not accept connections in time" +
                   (lastError.empty() ? "" : " (last error: " + lastError + ")"));
}

Status LocalMariadb::bootstrapUsers(const std::string& password) {
    DbEndpoint root;
    root.unixSocket = socketPath();
    root.user = "root";
    auto conn = store::DbConnection::open(root, {}, false);
    if (!conn.ok()) return conn.error();
    auto& c = *conn.value();
    // mariadb-install-db creates password-less root accounts reachable over TCP; only the socket
    // one (guarded by the 0700 run folder) stays.
    auto users =
        c.query("SELECT User, Host FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''");
    if (!users.ok()) return users.error();
    for (std::size_t r = 0; r < users->rows.size(); ++r) {
        if (auto s = c.execute("DROP USER IF EXISTS " + c.quote(users->text(r, 0)) + "@" + c.quote(users->text(r, 1)));
            !s.ok())
            return s;
    }
    const std::string pw = c.quote(password);
    for (const char* sql : {"CREATE DATABASE IF NOT EXISTS paydesk CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"}) {
        if (auto s = c.execute(sql); !s.ok()) return s;
    }
    for (const char* host : {"localhost", "127.0.0.1"}) {
        const std::string user = "'paydesk'@'" + std::string(host) + "'";
        if (auto s = c.execute("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY " + pw); !s.ok()) return s;
        if (auto s = c.execute("ALTER USER " + user + " IDENTIFIED BY " + pw); !s.ok()) return s;
        if (auto s = c.execute("GRANT ALL PRIVILEGES ON paydesk.* TO " + user); !s.ok()) return s;
    }
    return c.execute("FLUSH PRIVILEGES");
}

Result<DbEndpoint> LocalMariadb::start(std::chrono::seconds timeout) {
    assert(process_.pid() <= 0);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string reclaimed = leftovers::reclaim(dir_.path("run/mariadbd.pid"), "mariadbd", dataPath(),
                                                     {socketPath(), socketPath() + ".lock"}, 60s);
    if (!reclaimed.empty()) Logger::warn("local", "recovered from an earlier run", {{"what", reclaimed}});

    // secrets.json is written only after the users exist; its absence means "not initialised".
    const std::string marker = dir_.path("mariadb/bootstrapped");
    const bool fresh = !fs::exists(marker);
    if (!fresh && !fs::exists(dataPath() + "/mysql")) {
        // Never re-initialise over data that once existed: a human must look at this.
        return failure("the datadir " + dataPath() +
                       " was initialised before but its mysql system schema is missing; "
                       "restore it from a backup or move it aside to start empty");
    }
    if (fresh) {
        if (auto s = initialize(timeout); !s.ok()) return s.error();
    }
    for (int attempt = 0;; ++attempt) {
        // A restart keeps the port tools were told about (run/endpoints.json) when it is still free.
        auto port = attempt == 0 && port_ != 0 ? Result<std::uint16_t>(port_) : freeLoopbackPort();
        if (!port.ok()) return port.error();
        if (auto s = launch(port.value()); !s.ok()) return s.error();
        auto ready = waitUntilAccepting(deadline);
        if (ready.ok()) break;
        // Another program may have taken the port between our probe and mariadbd's bind.
        const bool portTaken = ready.error().message.find("Address already in use") != std::string::npos;
        process_.terminate(10s);
        if (!portTaken || attempt >= 2) return ready.error();
        Logger::warn("local", "MariaDB port was taken; retrying with another", {{"port", port.value()}});
    }

    const std::string secretsPath = dir_.path("mariadb/credentials");
    std::string password = files::read(secretsPath);
    if (fresh || password.empty()) {
        password = crypto::randomHex(24);
        if (!files::writeAtomically(secretsPath, password, 0600)) return failure("cannot write " + secretsPath);
        if (auto s = bootstrapUsers(password); !s.ok())
            return failure("cannot create the paydesk database user: " + s.error().message);
        if (!files::writeAtomically(marker, "1\n", 0600)) return failure("cannot write " + marker);
    }
    DbEndpoint ep;
    ep.unixSocket = socketPath();
    ep.host = "127.0.0.1";
    ep.port = port_;
    ep.user = "paydesk";
    ep.password = password;
    ep.database = "paydesk";
    Logger::info("local", "MariaDB ready", {{"pid", process_.pid()}, {"socket", ep.unixSocket}, {"port", port_}});
    return ep;
}

void LocalMariadb::stop() {
    if (process_.pid() <= 0) return;
    const pid_t pid = process_.pid();
    // InnoDB flushes on a clean shutdown; give it time before resorting to SIGKILL (which is
    // still safe: crash recovery replays the redo log).
    const bool clean = process_.terminate(60s);
    Logger::info("local", "MariaDB stopped", {{"pid", pid}, {"clean", clean}});
}

// ---------------------------------------------------------------------------------------------
// Redis

Error LocalRedis::failure(const std::string& what) const {
    std::string message = "embedded Redis: " + what;
    const std::string tail = files::tail(logFile(), kLogTailLines);
    if (!tail.empty()) message += "\n--- last lines of " + logFile() + " ---\n" + tail;
    return Error::make(ErrorCode::LocalRedisFailed, message);
}

namespace {

// A value as redis.conf reads it: double-quoted, with backslashes and quotes escaped.
std::string redisConfigValue(const std::string& value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

}  // namespace

Status LocalRedis::writeConfig(std::uint16_t port, const std::string& password) const {
    const std::vector<std::pair<const char*, std::string>> settings = {
        {"port", std::to_string(port)},
        {"bind", "127.0.0.1"},
        {"protected-mode", "yes"},
        {"unixsocket", socketPath()},
        {"unixsocketperm", "700"},
        {"dir", dir_.path("redis")},
        {"appendonly", "yes"},
        {"appendfsync", "everysec"},
        {"save", ""},
        {"daemonize", "no"},
        {"pidfile", dir_.path("run/redis.pid")},
        {"logfile", logFile()},
        {"requirepass", password},
        {"maxclients", "4096"},
        {"maxmemory", "512mb"},
        {"maxmemory-policy", "noeviction"},
        // /proc/PID/cmdline keeps showing what paydeskd passed (this file's path), not a title.
        {"set-proc-title", "no"}};
    std::string text = "# Written by paydeskd at every start of its private redis-server; edits are lost.\n";
    for (const auto& [key, value] : settings) text += std::string(key) + " " + redisConfigValue(value) + "\n";
    if (!files::writeAtomically(configPath(), text, 0600)) return failure("cannot write " + configPath());
    return Status::success();
}

Result<RedisEndpoint> LocalRedis::start(const std::string& password, std::chrono::seconds timeout) {
    assert(process_.pid() <= 0);
    assert(!password.empty());
    const std::string workDir = dir_.path("redis");
    const std::string reclaimed =
        leftovers::reclaim(dir_.path("run/redis.pid"), "redis-server", workDir, {socketPath()}, 30s);
    if (!reclaimed.empty()) Logger::warn("local", "recovered from an earlier run", {{"what", reclaimed}});

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (int attempt = 0;; ++attempt) {
        auto port = attempt == 0 && port_ != 0 ? Result<std::uint16_t>(port_) : freeLoopbackPort();
        if (!port.ok()) return port.error();
        port_ = port.value();
        // Settings, the password above all, go in a 0600 file: any local user may read a command line.
        if (auto s = writeConfig(port.value(), password); !s.ok()) return s.error();
        ProcessSpec spec;
        spec.executable = "redis-server";
        spec.args = {configPath()};
        spec.logFile = dir_.path("logs/redis.out");
        spec.workingDirectory = workDir;
        auto child = ChildProcess::spawn(spec);
        if (!child.ok()) return failure(child.error().message + " (Debian package redis-server)");
        process_ = std::move(child).value();

        RedisEndpoint ep;
        ep.unixSocket = socketPath();
        ep.host = "127.0.0.1";
        ep.port = port.value();
        ep.password = password;
        std::string lastError;
        while (std::chrono::steady_clock::now() < deadline && !cancelled()) {
            if (!process_.running()) break;
            auto client = cache::RedisClient::connect(ep, 500ms);
            if (client.ok() && client.value()->ping().ok()) {
                Logger::info("local", "Redis ready",
                             {{"pid", process_.pid()}, {"socket", ep.unixSocket}, {"port", ep.port}});
                return ep;
            }
            if (!client.ok()) lastError = client.error().message;
            std::this_thread::sleep_for(kPollInterval);
        }
        const bool exited = !process_.running();
        const std::string why = exited ? "redis-server " + process_.exitDescription() + " while starting"
                                       : "redis-server did not answer PING in time (last error: " + lastError + ")";
        process_.terminate(5s);
        const bool portTaken =
            files::tail(logFile(), kLogTailLines).find("Address already in use") != std::string::npos;
        if (!portTaken || attempt >= 2 || std::chrono::steady_clock::now() >= deadline || cancelled())
            return failure(why);
    }
}

void LocalRedis::stop() {
    if (process_.pid() <= 0) return;
    const pid_t pid = process_.pid();
    const bool clean = process_.terminate(30s);
    Logger::info("local", "Redis stopped", {{"pid", pid}, {"clean", clean}});
}

}  // namespace paydesk::local
