#include "TestSupport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QThread>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>

#include <nlohmann/json.hpp>

#include "auth/RequestSignature.h"
#include "local/DataDirectory.h"
#include "local/LocalStack.h"
#include "store/Database.h"
#include "store/Migrator.h"

namespace {
// "Name: value" lines between the request/status line and the blank line, names lower-cased.
std::map<std::string, std::string> parseHeaderLines(const std::string& raw, std::size_t headerEnd) {
    std::map<std::string, std::string> headers;
    std::size_t pos = raw.find("\r\n") + 2;
    while (pos < headerEnd) {
        const std::size_t eol = raw.find("\r\n", pos);
        const std::string line = raw.substr(pos, eol - pos);
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            headers[name] = value;
        }
        pos = eol + 2;
    }
    return headers;
}
}  // namespace

namespace paydesk::test {

// PAYDESK_TEST_PAYDESKD runs the integration tests against another paydeskd build (e.g. an older
// one, to see a regression test fail before its fix).
QString paydeskdBinary() {
    const QString other = qEnvironmentVariable("PAYDESK_TEST_PAYDESKD");
    return other.isEmpty() ? QStringLiteral(PAYDESKD_BINARY) : other;
}

std::uint16_t freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool processAlive(pid_t pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0) return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return !(close >= 0 && close + 2 < line.size() && line[close + 2] == 'Z');
}

pid_t readPidFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    bool ok = false;
    const int pid = QString::fromLatin1(f.readAll()).trimmed().toInt(&ok);
    return ok ? static_cast<pid_t>(pid) : -1;
}

HttpReply httpRequest(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout) {
    HttpReply reply;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        reply.error = std::string("connect: ") + std::strerror(errno);
        ::close(fd);
        return reply;
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    if (!body.empty() || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    std::string_view rest(request);
    while (!rest.empty()) {
        const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            reply.error = "send failed";
            ::close(fd);
            return reply;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    std::string raw;
    char buf[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            reply.error = "timeout";
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        raw.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const std::size_t headerEnd = raw.find("\r\n\r\n");
    if (raw.size() < 12 || headerEnd == std::string::npos) {
        if (reply.error.empty()) reply.error = "no complete response (" + std::to_string(raw.size()) + " bytes)";
        return reply;
    }
    reply.status = std::atoi(raw.substr(9, 3).c_str());
    reply.headers = parseHeaderLines(raw, headerEnd);
    reply.body = raw.substr(headerEnd + 4);
    return reply;
}

PaydeskdProcess::~PaydeskdProcess() {
    if (process_.state() != QProcess::NotRunning) terminate(std::chrono::seconds(60));
}

bool PaydeskdProcess::start(const QString& dataDir, std::uint16_t port, const QStringList& extraArgs) {
    port_ = port;
    process_.setProcessChannelMode(QProcess::MergedChannels);
    QStringList args = {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)};
    args += extraArgs;
    // If the test process dies, its paydeskd (and through it the servers) must not outlive it.
    process_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process_.start(paydeskdBinary(), args);
    return process_.waitForStarted(10'000);
}

QString PaydeskdProcess::output() {
    captured_ += QString::fromUtf8(process_.readAll());
    return captured_;
}

pid_t PaydeskdProcess::pid() const { return static_cast<pid_t>(process_.processId()); }

bool PaydeskdProcess::waitReady(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (process_.state() == QProcess::NotRunning) return false;
        const HttpReply r = httpRequest(port_, "GET", "/health/ready", {}, {}, std::chrono::milliseconds(5000));
        if (r.status == 200) return true;
        output();
        process_.waitForReadyRead(200);
    }
    return false;
}

int PaydeskdProcess::terminate(std::chrono::seconds timeout) {
    if (process_.state() == QProcess::NotRunning) return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    ::kill(static_cast<pid_t>(process_.processId()), SIGTERM);
    return waitForExit(timeout);
}

int PaydeskdProcess::waitForExit(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (process_.state() != QProcess::NotRunning && std::chrono::steady_clock::now() < deadline) {
        process_.waitForFinished(200);
        output();
    }
    output();
    if (process_.state() != QProcess::NotRunning) return -1;
    return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
}

void PaydeskdProcess::kill9() {
    ::kill(static_cast<pid_t>(process_.processId()), SIGKILL);
    process_.waitForFinished(10'000);
    output();
}

}  // namespace paydesk::test

namespace paydesk::test {

namespace {
// A listening socket on a free loopback port.
int listenOnLoopback(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd, 64);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}
}  // namespace

TestHttpReceiver::TestHttpReceiver(std::function<int(int)> answer) : answer_(std::move(answer)) {
    listenFd_ = listenOnLoopback(port_);
    thread_ = std::thread([this] { serve(); });
}

TestHttpReceiver::~TestHttpReceiver() {
    stop_ = true;
    ::shutdown(listenFd_, SHUT_RDWR);
    ::close(listenFd_);
    if (thread_.joinable()) thread_.join();
}

std::vector<TestHttpReceiver::Received> TestHttpReceiver::received() {
    std::lock_guard lock(mutex_);
    return received_;
}

bool TestHttpReceiver::waitFor(std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            if (received_.size() >= n) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void TestHttpReceiver::serve() {
    while (!stop_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        std::string raw;
        char buf[16384];
        std::size_t need = std::string::npos;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd q{fd, POLLIN, 0};
            if (::poll(&q, 1, 100) <= 0) continue;
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            raw.append(buf, static_cast<std::size_t>(n));
            const std::size_t headerEnd = raw.find("\r\n\r\n");
            if (headerEnd != std::string::npos && need == std::string::npos) {
                std::string lower = raw.substr(0, headerEnd);
                std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                const std::size_t cl = lower.find("content-length:");
                const std::size_t length = cl == std::string::npos ? 0 : std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
                need = headerEnd + 4 + length;
            }
            if (need != std::string::npos && raw.size() >= need) break;
        }
        Received r;
        const std::size_t headerEnd = raw.find("\r\n\r\n");
        if (headerEnd != std::string::npos) {
            const std::size_t sp1 = raw.find(' ');
            const std::size_t sp2 = raw.find(' ', sp1 + 1);
            r.method = raw.substr(0, sp1);
            r.target = raw.substr(sp1 + 1, sp2 - sp1 - 1);
            r.headers = parseHeaderLines(raw, headerEnd);
            r.body = raw.substr(headerEnd + 4);
        }
        int number = 0;
        {
            std::lock_guard lock(mutex_);
            number = static_cast<int>(received_.size()) + 1;
        }
        r.answeredStatus = answer_(number);
        const std::string reply = "HTTP/1.1 " + std::to_string(r.answeredStatus) + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        {
            // Recorded before the answer goes out: a client that has its answer finds the request here.
            std::lock_guard lock(mutex_);
            received_.push_back(std::move(r));
        }
        (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
        ::close(fd);
    }
}

std::string readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

HttpReply signedRequest(std::uint16_t port, const std::string& key, const std::string& secret,
                        const std::string& method, const std::string& path, const std::string& body) {
    static std::mutex m;
    static long last = 0;
    long when = static_cast<long>(std::time(nullptr));
    {
        std::lock_guard lock(m);
        if (when <= last) when = last + 1;  // distinct signatures for repeated identical calls
        last = when;
    }
    const std::string ts = std::to_string(when);
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                  {"X-Api-Key", key},
                                                  {"X-Timestamp", ts},
                                                  {"X-Signature", auth::RequestSignature::sign(secret, method, path, ts, body)}};
    if (path.find("/refund/") != std::string::npos) headers["Idempotency-Key"] = "test-refund-" + ts;  // required on refunds
    return httpRequest(port, method, path, body, headers, std::chrono::seconds(15));
}

std::unique_ptr<store::DbConnection> embeddedDatabase(const QString& dataDir) {
    const auto ep = nlohmann::json::parse(readFile(dataDir + "/run/endpoints.json"));
    DbEndpoint d;
    d.unixSocket = ep["db"]["socket"].get<std::string>();
    d.password = readFile(dataDir + "/mariadb/credentials");
    auto c = store::DbConnection::open(d, {});
    if (!c.ok()) qFatal("db: %s", c.error().message.c_str());
    return std::move(c).value();
}

TestDatabase::TestDatabase() = default;

TestDatabase::~TestDatabase() {
    stop();
}

void TestDatabase::stop() {
    pool_.reset();
    if (stack_) stack_->stop();
    stack_.reset();
}

std::string TestDatabase::start(std::size_t poolSize, const std::string& migratedBy) {
    tmp_ = std::make_unique<QTemporaryDir>();
    if (!tmp_->isValid()) return "no temporary folder";
    auto dir = local::DataDirectory::open(tmp_->filePath(QStringLiteral("data")).toStdString());
    if (!dir.ok()) return dir.error().message;
    dir_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
    stack_ = std::make_unique<local::LocalStack>(*dir_);
    local::LocalStackOptions only;
    only.startRedis = false;
    only.startKafka = false;
    if (auto started = stack_->start(only); !started.ok()) return started.error().message;
    pool_ = std::make_unique<store::DbPool>(*stack_->database(), poolSize);
    auto c = pool_->acquire(std::chrono::milliseconds(2000));
    if (!c.ok()) return c.error().message;
    store::Migrator migrator(*c.value());
    auto migrated = migrator.migrate(store::embeddedMigrations(), migratedBy);
    return migrated.ok() ? std::string() : migrated.error().message;
}

TestBlackHole::TestBlackHole() {
    listenFd_ = listenOnLoopback(port_);
    thread_ = std::thread([this] { serve(); });
}

TestBlackHole::~TestBlackHole() {
    stop_ = true;
    thread_.join();
    for (const pollfd& p : fds_) ::close(p.fd);
}

bool TestBlackHole::waitForConnection(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (accepted() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return accepted() > 0;
}

void TestBlackHole::serve() {
    fds_.push_back({listenFd_, POLLIN, 0});
    while (!stop_) {
        if (::poll(fds_.data(), fds_.size(), 50) <= 0) continue;
        for (std::size_t i = fds_.size(); i-- > 1;) {
            if (fds_[i].revents == 0) continue;
            char buf[4096];
            if (::recv(fds_[i].fd, buf, sizeof buf, 0) > 0) continue;  // the request: read and ignored
            ::close(fds_[i].fd);                                       // the sender gave up
            fds_.erase(fds_.begin() + static_cast<long>(i));
            --open_;
        }
        if ((fds_[0].revents & POLLIN) != 0) {
            const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            fds_.push_back({fd, POLLIN, 0});
            ++accepted_;
            mostOpen_ = std::max(mostOpen_.load(), ++open_);
        }
    }
}

}  // namespace paydesk::test
