// HttpServer driven over real loopback sockets with a plain blocking client, so that framing,
// keep-alive, pipelining, limits and timeouts are observed exactly as a client sees them.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Logger.h"
#include "core/Metrics.h"
#include "http/HttpServer.h"
#include "http/Router.h"

using namespace std::chrono_literals;
using paydesk::CorrelationScope;
using paydesk::Logger;
using paydesk::MetricsRegistry;
using paydesk::http::HttpRequest;
using paydesk::http::HttpResponse;
using paydesk::http::HttpServer;
using paydesk::http::HttpServerOptions;
using paydesk::http::Responder;
using paydesk::http::Router;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    [[nodiscard]] std::string header(const std::string& lowerName) const {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string{} : it->second;
    }
    [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    [[nodiscard]] std::string code() const {
        const auto j = json();
        return j.is_object() && j.contains("code") ? j["code"].get<std::string>() : std::string{};
    }
};

std::string lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// A blocking HTTP/1.1 client on a raw socket: it writes exactly the bytes a test gives it.
class Client {
public:
    explicit Client(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~Client() { close(); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    [[nodiscard]] bool connected() const { return fd_ >= 0; }

    bool send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    bool get(const std::string& path, const std::string& extraHeaders = {}) {
        return send("GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n");
    }

    // One response (interim 1xx ones included), or nothing on timeout / connection end.
    std::optional<Reply> read(std::chrono::milliseconds timeout = 5s) {
        const auto deadline = SteadyClock::now() + timeout;
        for (;;) {
            const std::size_t headEnd = buffer_.find("\r\n\r\n");
            if (headEnd != std::string::npos) {
                Reply reply;
                std::size_t lineEnd = buffer_.find("\r\n");
                const std::string statusLine = buffer_.substr(0, lineEnd);
                if (statusLine.size() < 12 || statusLine.compare(0, 5, "HTTP/") != 0) return std::nullopt;
                reply.status = std::stoi(statusLine.substr(9, 3));
                while (lineEnd < headEnd) {
                    const std::size_t next = buffer_.find("\r\n", lineEnd + 2);
                    const std::string line = buffer_.substr(lineEnd + 2, next - lineEnd - 2);
                    const std::size_t colon = line.find(':');
                    if (colon != std::string::npos) {
                        std::string value = line.substr(colon + 1);
                        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                        reply.headers[lower(line.substr(0, colon))] = value;
                    }
                    lineEnd = next;
                }
                const std::string length = reply.header("content-length");
                const std::size_t bodySize = length.empty() ? 0 : std::stoul(length);
                if (buffer_.size() >= headEnd + 4 + bodySize) {
                    reply.body = buffer_.substr(headEnd + 4, bodySize);
                    buffer_.erase(0, headEnd + 4 + bodySize);
                    return reply;
                }
            }
            if (!fill(deadline)) return std::nullopt;
        }
    }

    // True when the server closed the connection within the timeout (bytes that arrive
    // meanwhile are kept for read()).
    bool closedWithin(std::chrono::milliseconds timeout) {
        const auto deadline = SteadyClock::now() + timeout;
        while (!eof_) {
            if (!fill(deadline)) break;
        }
        return eof_;
    }

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    [[nodiscard]] const std::string& pending() const { return buffer_; }

private:
    bool fill(SteadyClock::time_point deadline) {
        if (eof_ || fd_ < 0) return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {  // orderly close, or reset
            eof_ = true;
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    bool eof_ = false;
    std::string buffer_;
};

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 3s) {
    const auto deadline = SteadyClock::now() + timeout;
    while (!condition()) {
        if (SteadyClock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

// An upload route: the large limit, the body received into an unnamed file.
paydesk::http::RouteOptions spoolingRoute() {
    paydesk::http::RouteOptions options;
    options.bodyLimitBytes = paydesk::http::RouteOptions::kUploadCeiling;
    options.spoolBody = true;
    return options;
}

// This process's anonymous resident memory (heap and the like; not file pages), in KiB; -1 unknown.
long rssAnonKiB() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("RssAnon:")) return line.mid(8).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

long long millisSince(SteadyClock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

// Threads standing in for the DB workers that will answer requests later; joined at the end.
class Workers {
public:
    ~Workers() { join(); }
    void run(std::function<void()> fn) {
        std::lock_guard lock(mutex_);
        threads_.emplace_back(std::move(fn));
    }
    void join() {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(mutex_);
            threads.swap(threads_);
        }
        for (auto& t : threads) t.join();
    }

private:
    std::mutex mutex_;
    std::vector<std::thread> threads_;
};

// A router with the routes the tests use, and a server on a free port.
struct Fixture {
    Fixture() {
        options.host = "127.0.0.1";
        options.port = 0;
        options.ioThreads = 2;
        options.readTimeout = 2s;
        options.idleTimeout = 5s;
        options.handlerTimeout = 5s;

        router.add("GET", "/hello", [](HttpRequest&&, Responder respond) {
            respond(HttpResponse::json(200, {{"hello", "world"}}));
        });
        router.add("GET", "/api/items/{id}", [](HttpRequest&& request, Responder respond) {
            respond(HttpResponse::json(200, {{"id", request.param("id")}}));
        });
        router.add("POST", "/echo",
                   [](HttpRequest&& request, Responder respond) { respond(HttpResponse::text(200, request.body)); });
        paydesk::http::RouteOptions upload;
        upload.bodyLimitBytes = paydesk::http::RouteOptions::kUploadCeiling;
        router.add(
            "POST", "/upload/{name}",
            [](HttpRequest&& request, Responder respond) { respond(HttpResponse::json(200, {{"bytes", request.body.size()}})); },
            upload);
        router.add("GET", "/correlation", [](HttpRequest&& request, Responder respond) {
            respond(
                HttpResponse::json(200, {{"request", request.correlationId}, {"scope", CorrelationScope::current()}}));
        });
        // Answers from another thread after the given number of milliseconds.
        router.add("GET", "/delay/{ms}", [this](HttpRequest&& request, Responder respond) {
            const int ms = std::stoi(request.param("ms"));
            workers.run([ms, respond = std::move(respond), id = request.param("ms")] {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                respond(HttpResponse::json(200, {{"delayed", id}}));
            });
        });
    }
    ~Fixture() {
        if (server) server->shutdown(1s);
        workers.join();
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    bool start() {
        server = std::make_unique<HttpServer>(options, router);
        const auto status = server->start();
        if (!status.ok()) qWarning("start failed: %s", status.error().message.c_str());
        return status.ok();
    }
    [[nodiscard]] std::uint16_t port() const { return server->port(); }

    Workers workers;
    Router router;
    HttpServerOptions options;
    std::unique_ptr<HttpServer> server;
};

class LogCapture {
public:
    LogCapture() {
        Logger::setSink([this](std::string_view line) {
            std::lock_guard lock(mutex_);
            text_ += std::string(line) + "\n";
        });
    }
    ~LogCapture() { Logger::resetSink(); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }

private:
    std::mutex mutex_;
    std::string text_;
};

bool isHex16(const std::string& s) {
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

private slots:
    void keepAliveServesThreeRequests() {
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(f.port() != 0);
        Client c(f.port());
        QVERIFY(c.connected());
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(c.get("/api/items/" + std::to_string(i)));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json(), nlohmann::json({{"id", std::to_string(i)}}));
            QCOMPARE(r->header("content-type"), std::string("application/json"));
            QCOMPARE(r->header("content-length"), std::to_string(r->body.size()));
            QCOMPARE(r->header("server"), std::string("paydesk"));
            QVERIFY(isHex16(r->header("x-correlation-id")));
            QVERIFY(lower(r->header("connection")) != "close");
            QCOMPARE(f.server->openConnections(), std::size_t{1});
        }
        // Unknown routes answer JSON over the same connection.
        QVERIFY(c.get("/nope"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 404);
        QCOMPARE(r->json(), nlohmann::json({{"code", "NOT_FOUND"}, {"message", "no route for GET /nope"}}));
        QVERIFY(c.get("/hello", "Connection: close\r\n"));
        const auto last = c.read();
        QVERIFY(last.has_value());
        QCOMPARE(last->status, 200);
        QCOMPARE(lower(last->header("connection")), std::string("close"));
        QVERIFY(c.closedWithin(2s));
    }

    void handlerHeadersAndEmptyBodies() {
        Fixture f;
        f.router.add("GET", "/custom", [](HttpRequest&&, Responder respond) {
            respond(HttpResponse::text(201, "a,b", "text/csv")
                        .header("X-Custom", "1")
                        .header("Content-Length", "999")  // framing stays the server's
                        .header("X-Correlation-Id", "spoofed")
                        .header("X-Echo", "v\r\nX-Injected: 1"));  // response splitting attempt
        });
        f.router.add("DELETE", "/custom", [](HttpRequest&&, Responder respond) {
            respond(HttpResponse::text(204, "dropped: 204 has no body"));
        });
        QVERIFY(f.start());
        Client c(f.port());
        QVERIFY(c.get("/custom", "X-Correlation-Id: mine\r\n"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 201);
        QCOMPARE(r->body, std::string("a,b"));
        QCOMPARE(r->header("content-length"), std::string("3"));
        QCOMPARE(r->header("content-type"), std::string("text/csv"));
        QCOMPARE(r->header("x-custom"), std::string("1"));
        QVERIFY(r->header("x-injected").empty());
        QVERIFY(r->header("x-echo").empty());
        QCOMPARE(r->header("x-correlation-id"), std::string("mine"));
        const std::string date = r->header("date");
        QVERIFY2(date.size() == 29 && date.ends_with(" GMT"), date.c_str());

        QVERIFY(c.send("DELETE /custom HTTP/1.1\r\nHost: t\r\n\r\n"));
        const auto empty = c.read();
        QVERIFY(empty.has_value());
        QCOMPARE(empty->status, 204);
        QVERIFY(empty->body.empty());
        QVERIFY(empty->header("content-length").empty());
        QVERIFY(c.get("/hello"));  // the stream is still in sync
        const auto next = c.read();
        QVERIFY(next.has_value());
        QCOMPARE(next->json(), nlohmann::json({{"hello", "world"}}));
        QVERIFY(c.pending().empty());
    }

    void pipelinedRequestsAnsweredInOrder() {
        Fixture f;
        QVERIFY(f.start());
        Client c(f.port());
        // The first answer is the slowest: order must come from the server, not from timing.
        const std::string req =
            "GET /delay/150 HTTP/1.1\r\nHost: t\r\n\r\n"
            "GET /delay/60 HTTP/1.1\r\nHost: t\r\n\r\n"
            "GET /delay/0 HTTP/1.1\r\nHost: t\r\n\r\n"
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nlast"
            "\r\n"  // a stray CRLF after a body is tolerated (RFC 7230 3.5)
            "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n";
        QVERIFY(c.send(req));
        for (const char* expected : {"150", "60", "0"}) {
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json()["delayed"], nlohmann::json(expected));
        }
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->body, std::string("last"));
        const auto hello = c.read();
        QVERIFY(hello.has_value());
        QCOMPARE(hello->status, 200);
        QVERIFY(c.pending().empty());
    }

    void bodyOverLimitIs413() {
        Fixture f;
        f.options.bodyLimitBytes = 1024;
        f.options.uploadBodyLimitBytes = 8192;
        QVERIFY(f.start());

        {  // declared too large: refused before the body is read
            Client c(f.port());
            QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 413);
            QCOMPARE(r->code(), std::string("PAYLOAD_TOO_LARGE"));
            QCOMPARE(r->header("content-type"), std::string("application/json"));
            QCOMPARE(lower(r->header("connection")), std::string("close"));
            QVERIFY(c.closedWithin(2s));
        }
        {  // chunked: only discovered while reading
            Client c(f.port());
            QVERIFY(
                c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "400\r\n" +
                       std::string(1024, 'a') + "\r\n10\r\n" + std::string(16, 'b') + "\r\n0\r\n\r\n"));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 413);
            QCOMPARE(r->code(), std::string("PAYLOAD_TOO_LARGE"));
            QVERIFY(c.closedWithin(2s));
        }
        {  // within the limit: accepted
            Client c(f.port());
            QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + std::string(1024, 'y')));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 200);
            QCOMPARE(r->body.size(), std::size_t{1024});
        }
        {  // upload prefix: the larger limit applies, and is also enforced
            Client c(f.port());
            QVERIFY(
                c.send("POST /upload/a HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'z')));
            const auto ok = c.read();
            QVERIFY(ok.has_value());
            QCOMPARE(ok->status, 200);
            QCOMPARE(ok->json()["bytes"], nlohmann::json(5000));
            QVERIFY(c.send("POST /upload/a HTTP/1.1\r\nHost: t\r\nContent-Length: 9000\r\n\r\n"));
            const auto tooBig = c.read();
            QVERIFY(tooBig.has_value());
            QCOMPARE(tooBig->status, 413);
        }
    }

    void oversizedHeadersAre431() {
        Fixture f;
        f.options.headerLimitBytes = 1024;
        QVERIFY(f.start());
        Client c(f.port());
        QVERIFY(c.get("/hello", "X-Big: " + std::string(4000, 'h') + "\r\n"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 431);
        QCOMPARE(r->code(), std::string("HEADERS_TOO_LARGE"));
        QCOMPARE(lower(r->header("connection")), std::string("close"));
        QVERIFY(c.closedWithin(2s));

        Client fine(f.port());  // a normal request on the same server is unaffected
        QVERIFY(fine.get("/hello", "X-Small: " + std::string(100, 'h') + "\r\n"));
        const auto ok = fine.read();
        QVERIFY(ok.has_value());
        QCOMPARE(ok->status, 200);
    }

    void garbageIs400() {
        Fixture f;
        QVERIFY(f.start());
        using namespace std::string_literals;
        for (const std::string& garbage :
             {"\x16\x03\x01\x02\x00 not http at all\r\n\r\n"s, "GET / HTTP/1.1\r\nNo colon here\r\n\r\n"s,
              "POST /echo HTTP/1.1\r\nContent-Length: banana\r\n\r\n"s}) {
            Client c(f.port());
            QVERIFY(c.send(garbage));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 400);
            QCOMPARE(r->code(), std::string("MALFORMED_REQUEST"));
            QCOMPARE(r->header("content-type"), std::string("application/json"));
            QVERIFY(isHex16(r->header("x-correlation-id")));
            QVERIFY(c.closedWithin(2s));
        }
    }

    void slowClientIsCutOffAfterReadTimeout() {
        Fixture f;
        f.options.readTimeout = 300ms;
        QVERIFY(f.start());
        {  // half a header, then silence
            Client c(f.port());
            const auto start = SteadyClock::now();
            QVERIFY(c.send("GET /hello HTTP/1.1\r\nHost: t\r\n"));
            const auto r = c.read(3s);
            const auto elapsed = millisSince(start);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 408);
            QCOMPARE(r->code(), std::string("REQUEST_TIMEOUT"));
            QVERIFY2(elapsed >= 250 && elapsed < 2000, std::to_string(elapsed).c_str());
            QVERIFY(c.closedWithin(2s));
        }
        {  // header complete, body incomplete: the deadline covers the body too
            Client c(f.port());
            QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
            const auto r = c.read(3s);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 408);
            QVERIFY(c.closedWithin(2s));
        }
        {  // a trickle of bytes does not keep extending the deadline
            Client c(f.port());
            const std::string request =
                "GET /hello HTTP/1.1\r\nHost: t\r\nX-Padding: " + std::string(200, 'p') + "\r\n\r\n";
            const auto start = SteadyClock::now();
            std::optional<Reply> r;
            for (char ch : request) {
                if (millisSince(start) > 1500 || !c.send(std::string_view(&ch, 1))) break;
                r = c.read(40ms);
                if (r) break;
            }
            if (!r) r = c.read(2s);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 408);
            QVERIFY2(millisSince(start) < 2000, std::to_string(millisSince(start)).c_str());
        }
    }

    void idleKeepAliveIsClosed() {
        Fixture f;
        f.options.idleTimeout = 300ms;
        QVERIFY(f.start());
        Client c(f.port());
        QVERIFY(c.get("/hello"));
        QVERIFY(c.read().has_value());
        const auto start = SteadyClock::now();
        QVERIFY(c.closedWithin(3s));
        const auto elapsed = millisSince(start);
        QVERIFY2(elapsed >= 250 && elapsed < 2000, std::to_string(elapsed).c_str());
        QVERIFY(c.pending().empty());  // closed quietly, no response

        Client silent(f.port());  // never sends anything
        QVERIFY(silent.closedWithin(3s));
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 0; }));
    }

    void responderWorksFromAnotherThread() {
        Fixture f;
        std::mutex heldMutex;
        std::vector<Responder> held;
        f.router.add("GET", "/hold", [&](HttpRequest&&, Responder respond) {
            std::lock_guard lock(heldMutex);
            held.push_back(std::move(respond));
        });
        QVERIFY(f.start());

        Client c(f.port());
        const auto start = SteadyClock::now();
        QVERIFY(c.get("/delay/100"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["delayed"], nlohmann::json("100"));
        QVERIFY(millisSince(start) >= 90);

        // A responder called after its client went away just drops the answer.
        {
            Client gone(f.port());
            QVERIFY(gone.get("/hold"));
            QVERIFY(waitUntil([&] {
                std::lock_guard lock(heldMutex);
                return held.size() == 1;
            }));
        }
        std::thread([&] { held[0](HttpResponse::text(200, "nobody listens")); }).join();
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 1; }));  // only c is left

        // ... and one called after the server is gone as well.
        Client late(f.port());
        QVERIFY(late.get("/hold"));
        QVERIFY(waitUntil([&] {
            std::lock_guard lock(heldMutex);
            return held.size() == 2;
        }));
        f.server->shutdown(0ms);
        f.server.reset();
        std::thread([&] { held[1](HttpResponse::text(200, "too late")); }).join();
        QVERIFY(late.closedWithin(2s));
    }

    // A route's header gate refuses on the headers alone: the declared body is never waited for.
    void headerGateRefusesBeforeTheBody() {
        Fixture f;
        f.options.bodyLimitBytes = 1024;
        f.options.uploadBodyLimitBytes = 64 * 1024 * 1024;
        std::atomic<int> handled{0};
        paydesk::http::RouteOptions gated;
        gated.bodyLimitBytes = paydesk::http::RouteOptions::kUploadCeiling;
        gated.headerGate = [](const HttpRequest& head) -> std::optional<HttpResponse> {
            if (head.header("X-Token") == "let-me-in") return std::nullopt;
            return HttpResponse::error(401, "UNAUTHORIZED", "no token");
        };
        f.router.add(
            "POST", "/gated",
            [&handled](HttpRequest&& request, Responder respond) {
                ++handled;
                respond(HttpResponse::json(200, {{"bytes", request.body.size()}}));
            },
            gated);
        QVERIFY(f.start());
        {
            Client c(f.port());
            const auto start = SteadyClock::now();
            QVERIFY(c.send("POST /gated HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n\r\n"));
            const auto r = c.read(2s);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 401);
            QCOMPARE(r->code(), std::string("UNAUTHORIZED"));
            QVERIFY(millisSince(start) < 1000);
            QVERIFY(c.closedWithin(2s));
        }
        {  // let in: the route's own (large) limit applies
            Client c(f.port());
            QVERIFY(c.send("POST /gated HTTP/1.1\r\nHost: t\r\nX-Token: let-me-in\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json()["bytes"].get<int>(), 5000);
        }
        {  // a path that only starts like the route gets the default limit
            Client c(f.port());
            QVERIFY(c.send("POST /gated-more HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')));
            const auto r = c.read();
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 413);
        }
        QCOMPARE(handled.load(), 1);
    }

    // A spooling route receives its body into an unnamed file: the handler sees every byte (sized
    // and chunked framing alike), request.body stays empty, and the spool folder keeps no name.
    void spooledBodiesArriveWholeAndLeaveNoFile() {
        Fixture f;
        QTemporaryDir spool;
        f.options.spoolDirectory = spool.path().toStdString() + "/spool";
        f.options.uploadBodyLimitBytes = 64 * 1024 * 1024;
        const paydesk::http::RouteOptions spooling = spoolingRoute();
        f.router.add(
            "POST", "/spooled",
            [](HttpRequest&& request, Responder respond) {
                const std::string_view bytes = request.bodyBytes();
                std::size_t sum = 0;
                for (const char c : bytes) sum += static_cast<unsigned char>(c);
                respond(HttpResponse::json(200, {{"bytes", bytes.size()},
                                                 {"sum", sum},
                                                 {"inMemory", request.body.size()},
                                                 {"spooled", request.spooled != nullptr}}));
            },
            spooling);
        QVERIFY(f.start());
        std::string payload(3 * 1024 * 1024 + 17, '\0');
        std::size_t sum = 0;
        for (std::size_t i = 0; i < payload.size(); ++i) {
            payload[i] = static_cast<char>((i * 131) % 251);
            sum += static_cast<unsigned char>(payload[i]);
        }
        Client c(f.port());
        QVERIFY(c.send("POST /spooled HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload));
        auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["bytes"].get<std::size_t>(), payload.size());
        QCOMPARE(r->json()["sum"].get<std::size_t>(), sum);
        QCOMPARE(r->json()["inMemory"].get<int>(), 0);
        QCOMPARE(r->json()["spooled"].get<bool>(), true);
        // The same bytes chunked, on the same (kept-alive) connection.
        std::string chunked = "POST /spooled HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0; at < payload.size(); at += 100'000) {
            const std::size_t n = std::min<std::size_t>(100'000, payload.size() - at);
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", n);
            chunked += size + payload.substr(at, n) + "\r\n";
        }
        QVERIFY(c.send(chunked + "0\r\n\r\n"));
        r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["sum"].get<std::size_t>(), sum);
        QCOMPARE(QDir(spool.path() + "/spool").entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    }

    // 64 MiB through a spooling route barely moves the process's anonymous memory while the handler
    // reads it (held in memory, it would be at least 64 MiB more).
    void spooledBodiesStayOutOfMemory() {
        Fixture f;
        QTemporaryDir spool;
        f.options.spoolDirectory = spool.path().toStdString();
        f.options.uploadBodyLimitBytes = 128 * 1024 * 1024;
        f.options.readTimeout = 30s;
        const paydesk::http::RouteOptions spooling = spoolingRoute();
        f.router.add(
            "POST", "/spooled",
            [](HttpRequest&& request, Responder respond) {
                // Measured while the handler holds the body, after reading every byte of it.
                std::size_t xs = 0;
                for (const char c : request.bodyBytes()) xs += c == 'x' ? 1 : 0;
                respond(HttpResponse::json(200, {{"bytes", xs}, {"rssAnonKiB", rssAnonKiB()}}));
            },
            spooling);
        QVERIFY(f.start());
        constexpr std::size_t kBytes = 64 * 1024 * 1024;
        const std::string block(64 * 1024, 'x');
        const long before = rssAnonKiB();
        QVERIFY(before > 0);
        Client c(f.port());
        QVERIFY(c.send("POST /spooled HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(kBytes) + "\r\n\r\n"));
        for (std::size_t sent = 0; sent < kBytes; sent += block.size()) QVERIFY(c.send(block));
        const auto r = c.read(30s);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["bytes"].get<std::size_t>(), kBytes);
        const long grewKiB = r->json()["rssAnonKiB"].get<long>() - before;
        qInfo("anonymous memory grew by %ld KiB for a 65536 KiB body", grewKiB);
        QVERIFY(grewKiB < 16 * 1024);
    }

    // What a gate reserves lives while the body comes in and while the handler holds the request;
    // a client that goes away mid-body gives it back.
    void gateReservationLivesWithTheRequest() {
        Fixture f;
        f.options.readTimeout = 10s;
        auto taken = std::make_shared<std::atomic<int>>(0);
        paydesk::http::RouteOptions gated;
        gated.bodyLimitBytes = paydesk::http::RouteOptions::kUploadCeiling;
        gated.spoolBody = true;
        gated.headerGate = [taken](HttpRequest& head) -> std::optional<HttpResponse> {
            if (taken->fetch_add(1) >= 1) {
                taken->fetch_sub(1);
                return HttpResponse::error(503, "SERVICE_UNAVAILABLE", "busy");
            }
            head.reservation = std::shared_ptr<int>(new int(1), [taken](int* slot) {
                delete slot;
                taken->fetch_sub(1);
            });
            return std::nullopt;
        };
        f.router.add(
            "POST", "/gated",
            [taken](HttpRequest&& request, Responder respond) {
                respond(HttpResponse::json(200, {{"reserved", request.reservation != nullptr}, {"taken", taken->load()}}));
            },
            gated);
        QVERIFY(f.start());
        const std::string head = "POST /gated HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n";
        auto first = std::make_unique<Client>(f.port());
        QVERIFY(first->send(head + std::string(500, 'a')));  // half a body: still receiving
        QVERIFY(waitUntil([&] { return taken->load() == 1; }));
        {
            Client second(f.port());
            QVERIFY(second.send(head));
            const auto r = second.read(2s);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 503);
        }
        first.reset();  // gone mid-body: the reservation goes with it
        QVERIFY(waitUntil([&] { return taken->load() == 0; }));
        Client third(f.port());
        QVERIFY(third.send(head + std::string(1000, 'b')));
        const auto r = third.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["reserved"].get<bool>(), true);
        QCOMPARE(r->json()["taken"].get<int>(), 1);  // still held while the handler runs
        QVERIFY(waitUntil([&] { return taken->load() == 0; }));
    }

    // No place to spool: a JSON 503 with Retry-After, before the body is read; the server lives on.
    void spoolFailureIsAClearAnswer() {
        Fixture f;
        f.options.spoolDirectory = "/proc/paydesk-no-such-folder";
        const paydesk::http::RouteOptions spooling = spoolingRoute();
        f.router.add(
            "POST", "/spooled", [](HttpRequest&&, Responder respond) { respond(HttpResponse::json(200, {})); }, spooling);
        QVERIFY(f.start());
        {
            Client c(f.port());
            QVERIFY(c.send("POST /spooled HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n"));
            const auto r = c.read(2s);
            QVERIFY(r.has_value());
            QCOMPARE(r->status, 503);
            QCOMPARE(r->code(), std::string("SERVICE_UNAVAILABLE"));
            QCOMPARE(r->header("retry-after"), std::string("5"));
        }
        Client again(f.port());
        QVERIFY(again.get("/hello"));
        const auto ok = again.read();
        QVERIFY(ok.has_value());
        QCOMPARE(ok->status, 200);
    }

    void connectionsPerClientAddressAreCapped() {
        Fixture f;
        f.options.maxConnectionsPerClient = 2;
        QVERIFY(f.start());
        Client a(f.port());
        Client b(f.port());
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 2; }));
        Client refused(f.port());
        const auto r = refused.read(2s);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 503);
        QCOMPARE(r->json()["message"], nlohmann::json("too many connections from this address"));
        a.close();
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 1; }));
        Client again(f.port());
        QVERIFY(again.get("/hello"));
        const auto ok = again.read();
        QVERIFY(ok.has_value());
        QCOMPARE(ok->status, 200);
    }

    void handlerTimeoutIs503AndLateAnswerIgnored() {
        Fixture f;
        f.options.handlerTimeout = 200ms;
        Responder stored;
        std::mutex storedMutex;
        f.router.add("GET", "/never", [&](HttpRequest&&, Responder respond) {
            std::lock_guard lock(storedMutex);
            stored = std::move(respond);
        });
        QVERIFY(f.start());
        Client c(f.port());
        const auto start = SteadyClock::now();
        QVERIFY(c.get("/never"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 503);
        QCOMPARE(r->code(), std::string("SERVICE_UNAVAILABLE"));
        QCOMPARE(r->header("retry-after"), std::string("1"));
        QVERIFY(millisSince(start) >= 150);
        // The handler may still commit: the answer must not claim that nothing was changed.
        QCOMPARE(r->json()["outcome"], nlohmann::json("unknown"));
        QVERIFY(r->json()["message"].get<std::string>().find("may still take effect") != std::string::npos);

        {
            std::lock_guard lock(storedMutex);
            stored(HttpResponse::text(299, "late"));  // must not become the next request's answer
        }
        QVERIFY(c.get("/hello"));
        const auto next = c.read();
        QVERIFY(next.has_value());
        QCOMPARE(next->status, 200);
        QCOMPARE(next->json(), nlohmann::json({{"hello", "world"}}));
        QVERIFY(waitUntil([&] { return f.server->inFlightRequests() == 0; }));
    }

    void throwingHandlerIs500WithoutLeak() {
        LogCapture logs;
        Fixture f;
        f.router.add("GET", "/boom", [](HttpRequest&&, Responder) {
            throw std::runtime_error("connection to db-7 refused: internal detail");
        });
        QVERIFY(f.start());
        Client c(f.port());
        QVERIFY(c.get("/boom"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 500);
        QCOMPARE(r->json(), nlohmann::json({{"code", "INTERNAL_ERROR"}, {"message", "internal error"}}));
        QVERIFY(r->body.find("db-7") == std::string::npos);
        QVERIFY(logs.text().find("db-7") != std::string::npos);  // the reason is in the log only
        // The connection survives.
        QVERIFY(c.get("/hello"));
        const auto next = c.read();
        QVERIFY(next.has_value());
        QCOMPARE(next->status, 200);
    }

    void maxConnectionsHonoured() {
        Fixture f;
        f.options.maxConnections = 2;
        QVERIFY(f.start());
        Client a(f.port());
        Client b(f.port());
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 2; }));

        Client refused(f.port());
        QVERIFY(refused.connected());  // accepted by the kernel, then turned away
        const auto r = refused.read(2s);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 503);
        QCOMPARE(r->code(), std::string("SERVICE_UNAVAILABLE"));
        QVERIFY(refused.closedWithin(2s));
        QCOMPARE(f.server->openConnections(), std::size_t{2});

        QVERIFY(a.get("/hello"));  // admitted connections are unaffected
        QVERIFY(a.read().has_value());

        a.close();
        QVERIFY(waitUntil([&] { return f.server->openConnections() == 1; }));
        Client again(f.port());
        QVERIFY(again.get("/hello"));
        const auto ok = again.read();
        QVERIFY(ok.has_value());
        QCOMPARE(ok->status, 200);
    }

    void gracefulShutdownFinishesInFlightRequest() {
        Fixture f;
        QVERIFY(f.start());
        const std::uint16_t port = f.port();

        Client idle(port);
        QVERIFY(idle.get("/hello"));
        QVERIFY(idle.read().has_value());
        // The client can see a response before the server has finished its write bookkeeping.
        QVERIFY(waitUntil([&] { return f.server->inFlightRequests() == 0; }));

        Client busy(port);
        QVERIFY(busy.get("/delay/300"));
        QVERIFY(waitUntil([&] { return f.server->inFlightRequests() == 1; }));

        const auto start = SteadyClock::now();
        f.server->shutdown(3s);
        const auto elapsed = millisSince(start);
        QVERIFY2(elapsed >= 200 && elapsed < 2500, std::to_string(elapsed).c_str());
        QCOMPARE(f.server->inFlightRequests(), std::size_t{0});
        QCOMPARE(f.server->openConnections(), std::size_t{0});

        const auto r = busy.read(1s);  // written before shutdown returned
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()["delayed"], nlohmann::json("300"));
        QCOMPARE(lower(r->header("connection")), std::string("close"));
        QVERIFY(busy.closedWithin(1s));
        QVERIFY(idle.closedWithin(1s));
        QVERIFY(idle.pending().empty());

        Client after(port);
        QVERIFY(!after.connected() || after.closedWithin(1s));
        f.server->shutdown(1s);  // idempotent
    }

    void metricsCountRequestsPerRoute() {
        Fixture f;
        QVERIFY(f.start());
        auto& registry = MetricsRegistry::global();
        const paydesk::MetricLabels labels{{"route", "/api/items/{id}"}, {"method", "GET"}, {"status", "200"}};
        auto& counter = registry.counter("paydesk_http_requests_total", "HTTP requests answered", labels);
        const auto before = counter.value();

        Client c(f.port());
        for (const char* path : {"/api/items/1", "/api/items/2", "/missing"}) {
            QVERIFY(c.get(path));
            QVERIFY(c.read().has_value());
        }
        QCOMPARE(counter.value(), before + 2);
        QVERIFY(waitUntil([&] { return f.server->inFlightRequests() == 0; }));
        const std::string text = registry.renderPrometheus();
        QVERIFY(text.find(R"(paydesk_http_requests_total{route="/api/items/{id}",method="GET",status="200"} )") !=
                std::string::npos);
        QVERIFY(text.find(R"(paydesk_http_requests_total{route="unmatched",method="GET",status="404"} )") !=
                std::string::npos);
        QVERIFY(text.find(R"(paydesk_http_request_duration_seconds_count{route="/api/items/{id}",method="GET"} )") !=
                std::string::npos);
        QVERIFY(text.find("paydesk_http_open_connections 1") != std::string::npos);
        QVERIFY(text.find("paydesk_http_in_flight_requests 0") != std::string::npos);
    }

    void correlationIdEchoedOrGenerated() {
        Fixture f;
        QVERIFY(f.start());
        Client c(f.port());

        QVERIFY(c.get("/correlation", "X-Correlation-Id: order-42.retry_1\r\n"));
        auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->header("x-correlation-id"), std::string("order-42.retry_1"));
        QCOMPARE(r->json(), nlohmann::json({{"request", "order-42.retry_1"}, {"scope", "order-42.retry_1"}}));

        for (const std::string& bad : {std::string("has space"), std::string(65, 'a'), std::string("semi;colon")}) {
            QVERIFY(c.get("/correlation", "X-Correlation-Id: " + bad + "\r\n"));
            r = c.read();
            QVERIFY(r.has_value());
            const std::string id = r->header("x-correlation-id");
            QVERIFY2(isHex16(id), id.c_str());
            QCOMPARE(r->json()["request"], nlohmann::json(id));
            QCOMPARE(r->json()["scope"], nlohmann::json(id));
        }
    }

    void expectContinueIsHonoured() {
        Fixture f;
        QVERIFY(f.start());
        Client c(f.port());
        QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
        const auto interim = c.read(2s);
        QVERIFY(interim.has_value());
        QCOMPARE(interim->status, 100);
        QVERIFY(c.send("hello"));
        const auto r = c.read();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string("hello"));
    }

    void bindFailureIsAnError() {
        Fixture first;
        QVERIFY(first.start());
        Router router;
        HttpServerOptions options;
        options.host = "127.0.0.1";
        options.port = first.port();
        options.ioThreads = 1;
        HttpServer second(options, router);
        const auto status = second.start();
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, std::string("HTTP_BIND_FAILED"));
        const std::string where = "127.0.0.1:" + std::to_string(first.port());
        QVERIFY2(status.error().message.find(where) != std::string::npos, status.error().message.c_str());
        QVERIFY2(status.error().message.find("in use") != std::string::npos, status.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_HttpServer.moc"
