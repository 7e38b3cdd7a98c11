#pragma once
// Helpers shared by the QtTest suites: a blocking HTTP client for tests, and a wrapper that runs
// the real paydeskd binary as a child process.

#include <sys/types.h>

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace paydesk::test {

QString paydeskdBinary();

struct HttpReply {
    int status = 0;  // 0 = no answer (connection failed or timed out)
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string error;
};

// One request on a fresh connection (Connection: close). Bounded by timeout.
HttpReply httpRequest(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {},
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));
inline HttpReply httpGet(std::uint16_t port, const std::string& target) { return httpRequest(port, "GET", target); }

std::uint16_t freePort();
// A whole file's bytes; empty when it cannot be read.
std::string readFile(const QString& path);
// A merchant's signed call (X-Api-Key, X-Timestamp, X-Signature over the request). Timestamps are
// made distinct per process, so repeated identical calls are not refused as replays; refunds carry an
// Idempotency-Key, which the API requires on them.
HttpReply signedRequest(std::uint16_t port, const std::string& key, const std::string& secret,
                        const std::string& method, const std::string& path, const std::string& body);
bool processAlive(pid_t pid);
pid_t readPidFile(const QString& path);

// paydeskd started for real, with its output captured for failure messages.
class PaydeskdProcess {
public:
    PaydeskdProcess() = default;
    ~PaydeskdProcess();

    bool start(const QString& dataDir, std::uint16_t port, const QStringList& extraArgs = {});
    // Polls /health/ready until 200 or timeout; false on timeout or early exit.
    bool waitReady(std::chrono::seconds timeout = std::chrono::seconds(180));
    // SIGTERM and wait; returns the exit code (-1 if it did not exit in time or crashed).
    int terminate(std::chrono::seconds timeout = std::chrono::seconds(90));
    void kill9();
    // Waits for a process that is expected to exit by itself (e.g. a refused start).
    int waitForExit(std::chrono::seconds timeout);

    [[nodiscard]] pid_t pid() const;
    [[nodiscard]] std::uint16_t port() const { return port_; }
    QString output();  // everything it printed so far

private:
    QProcess process_;
    std::uint16_t port_ = 0;
    QString captured_;
};

}  // namespace paydesk::test

#include <poll.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace paydesk::test {

// A tiny HTTP server for tests that must receive calls (webhook receivers). Each request is
// recorded; `answer` chooses the status code (called with the 1-based request number).
class TestHttpReceiver {
public:
    struct Received {
        std::string method;
        std::string target;
        std::map<std::string, std::string> headers;  // lower-case names
        std::string body;
        int answeredStatus = 0;
    };
    explicit TestHttpReceiver(std::function<int(int)> answer);
    ~TestHttpReceiver();
    [[nodiscard]] std::uint16_t port() const { return port_; }
    [[nodiscard]] std::vector<Received> received();
    // Waits until at least n requests arrived.
    bool waitFor(std::size_t n, std::chrono::milliseconds timeout);

private:
    void serve();
    std::function<int(int)> answer_;
    int listenFd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<Received> received_;
    std::thread thread_;
};

}  // namespace paydesk::test

namespace paydesk::store {
class DbConnection;
class DbPool;
}  // namespace paydesk::store
namespace paydesk::local {
class DataDirectory;
class LocalStack;
}  // namespace paydesk::local

namespace paydesk::test {

// The embedded MariaDB of a paydeskd data folder, as its root user (over the folder's socket).
std::unique_ptr<store::DbConnection> embeddedDatabase(const QString& dataDir);

// A private MariaDB for database tests of the store: the embedded server in a temporary folder (no
// Redis, no Kafka), the schema migrated, and a pool of `poolSize` connections on it.
class TestDatabase {
public:
    // Empty, or why the server did not start or the schema did not migrate.
    std::string start(std::size_t poolSize, const std::string& migratedBy);
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    store::DbPool& pool() { return *pool_; }
    void stop();

private:
    std::unique_ptr<QTemporaryDir> tmp_;
    std::unique_ptr<local::DataDirectory> dir_;
    std::unique_ptr<local::LocalStack> stack_;
    std::unique_ptr<store::DbPool> pool_;
};

// A receiver that accepts connections, reads what it is sent and never answers: a delivery to it
// lasts until the sender gives up. Counts the connections open at once.
class TestBlackHole {
public:
    TestBlackHole();
    ~TestBlackHole();
    [[nodiscard]] std::uint16_t port() const { return port_; }
    [[nodiscard]] int accepted() const { return accepted_.load(); }
    [[nodiscard]] int openNow() const { return open_.load(); }
    [[nodiscard]] int mostOpenAtOnce() const { return mostOpen_.load(); }
    // Waits until a first connection arrived.
    bool waitForConnection(std::chrono::milliseconds timeout) const;

private:
    void serve();
    int listenFd_ = -1;
    std::uint16_t port_ = 0;
    std::vector<pollfd> fds_;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::atomic<int> open_{0};
    std::atomic<int> mostOpen_{0};
    std::thread thread_;
};

}  // namespace paydesk::test
