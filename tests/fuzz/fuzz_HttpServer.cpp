// libFuzzer target for the HTTP server's whole request path: a real http::HttpServer (started once,
// on 127.0.0.1 and a free port) with a Router whose routes read JSON bodies through
// http::parseJsonObject and dump what they parsed, answer from another thread, throw, never answer,
// answer 204 or an invalid status, take uploads or only tiny bodies, and the merchant API's front
// door (MerchantAuth as header gate, authentication, the authorize body validator). Each input is written as it is to a
// fresh TCP connection, which is then half-closed; the answer is read until the server closes.
//
// Whatever the bytes, the server must not crash and must close the connection in bounded time, and
// what it sent must be a sequence of well-formed HTTP/1.1 responses: status line, headers, a
// Content-Length matching the body, a correlation id, nothing after a "Connection: close" answer,
// and every error answer (4xx/5xx) a JSON object with string "code" and "message". The connection
// slot must be released afterwards.
//
//   build/fuzz/tests/fuzz/fuzz_HttpServer -max_total_time=60 tests/fuzz/corpus/fuzz_HttpServer

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "FuzzMerchant.h"
#include "core/Logger.h"
#include "http/HttpServer.h"
#include "http/JsonBody.h"
#include "http/Router.h"
#include "payments/PaymentRequests.h"

namespace {

using namespace paydesk;
using namespace paydesk::http;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// Small limits so that the fuzzer reaches them with short inputs and every execution is quick.
constexpr std::size_t kHeaderLimitBytes = 2048;
constexpr std::size_t kBodyLimitBytes = 4096;
constexpr std::size_t kUploadBodyLimitBytes = 16384;
constexpr std::size_t kSmallBodyLimitBytes = 64;
constexpr std::chrono::milliseconds kReadTimeout{300};
constexpr std::chrono::milliseconds kHandlerTimeout{5};
// Far above anything the server should take: reaching it means the server kept the connection open.
constexpr std::chrono::seconds kAnswerDeadline{10};
constexpr std::chrono::seconds kReleaseDeadline{5};

[[noreturn]] void fail(std::string_view why, std::string_view input, std::string_view received) {
    std::fprintf(stderr,
                 "fuzz_HttpServer: %.*s\n--- sent (%zu bytes) ---\n%.*s\n--- received (%zu bytes) ---\n%.*s\n---\n",
                 static_cast<int>(why.size()), why.data(), input.size(), static_cast<int>(input.size()), input.data(),
                 received.size(), static_cast<int>(received.size()), received.data());
    std::abort();
}

// Answers off the I/O threads, as the payment API's workers do.
class Worker {
public:
    Worker() : thread_([this] { run(); }) {}
    void post(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            tasks_.push_back(std::move(task));
        }
        wake_.notify_one();
    }

private:
    [[noreturn]] void run() {
        for (;;) {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return !tasks_.empty(); });
            auto task = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            task();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::thread thread_;
};

void echoJson(const HttpRequest& request, const Responder& respond, bool emptyAllowed) {
    const std::optional<json> body = parseJsonObject(request, respond, emptyAllowed);
    if (!body) return;
    respond(HttpResponse::json(200, {{"echo", *body},
                                     {"dumped", body->dump(-1, ' ', false, json::error_handler_t::replace).size()},
                                     {"path", request.path},
                                     {"id", request.param("id")},
                                     {"q", request.queryParam("q")}}));
}

// The merchant API's front door: the signed route refuses on its headers before reading the body
// (checkHead as the header gate), then authenticates; the unsigned one (signing off, as in
// development) reaches the body validators.
void authorize(const auth::MerchantAuth& auth, const HttpRequest& r, const Responder& respond) {
    const auto caller = auth.authenticate(r, respond);
    if (!caller) return;
    const std::optional<json> body = parseJsonObject(r, respond, false);
    if (!body) return;
    payments::AuthorizeBody input;
    if (const auto error = payments::readAuthorizeBody(*body, 255, input)) {
        return respond(validationError(error->field, error->message));
    }
    respond(HttpResponse::json(201,
                               {{"merchantId", input.merchantId}, {"amount", input.amount}, {"keyId", caller->keyId}}));
}

void addMerchantRoutes(Router& router, const auth::MerchantAuth& signedAuth, const auth::MerchantAuth& unsignedAuth) {
    RouteOptions gated;
    gated.headerGate = [&signedAuth](const HttpRequest& head) { return signedAuth.checkHead(head); };
    router.add(
        "POST", "/api/payments/authorize",
        [&signedAuth](HttpRequest&& r, Responder respond) { authorize(signedAuth, r, respond); }, gated);
    router.add("POST", "/dev/payments/authorize",
               [&unsignedAuth](HttpRequest&& r, Responder respond) { authorize(unsignedAuth, r, respond); });
}

void addRoutes(Router& router, Worker& worker) {
    router.add("POST", "/api/json", [](HttpRequest&& r, Responder respond) { echoJson(r, respond, false); });
    router.add("POST", "/api/items/{id}", [](HttpRequest&& r, Responder respond) { echoJson(r, respond, true); });
    router.add("PUT", "/api/items/{id}/notes/{note}", [&worker](HttpRequest&& r, Responder respond) {
        worker.post([r = std::move(r), respond] { echoJson(r, respond, false); });
    });
    router.add("GET", "/api/items/{id}", [](HttpRequest&& r, Responder respond) {
        // Header values come from the client; the server must keep them from splitting the answer
        // and must own the framing headers.
        respond(
            HttpResponse::json(200, {{"id", r.param("id")}, {"q", r.queryParam("q")}, {"headers", r.headers.size()}})
                .header("X-Echo", r.header("X-Echo"))
                .header("Content-Length", "1"));
    });
    router.add("GET", "/api/items/export", [](HttpRequest&&, Responder respond) {
        respond(HttpResponse::text(200, "id,amount\n1,100\n", "text/csv; charset=utf-8"));
    });
    router.add("DELETE", "/api/items/{id}", [](HttpRequest&&, Responder respond) {
        HttpResponse r;
        r.status = 204;
        r.body = "dropped";  // a 204 carries no body: the server must drop it
        respond(std::move(r));
    });
    router.add("PATCH", "/api/status/{code}", [](HttpRequest&& r, Responder respond) {
        const std::string code = r.param("code");
        int status = 0;
        std::from_chars(code.data(), code.data() + code.size(), status);
        respond(HttpResponse::error(status, "TEST_STATUS", "as asked"));  // < 200 or > 599: the server says 500
    });
    router.add(
        "POST", "/api/upload/{name}",
        [](HttpRequest&& r, Responder respond) {
            // Received into an unnamed file (spooled), never into r.body.
            if (!r.body.empty()) fail("a spooled body reached memory", {}, {});
            respond(HttpResponse::json(201, {{"name", r.param("name")}, {"bytes", r.bodyBytes().size()}}));
        },
        RouteOptions{RouteOptions::kUploadCeiling, {}, true});
    router.add(
        "POST", "/api/small", [](HttpRequest&& r, Responder respond) { echoJson(r, respond, true); },
        RouteOptions{kSmallBodyLimitBytes, {}});
    router.add("GET", "/api/fail",
               [](HttpRequest&&, Responder) -> void { throw std::runtime_error("handler failure"); });
    router.add("GET", "/api/never", [](HttpRequest&&, Responder) {});  // the handler timeout answers 503
}

struct Fixture {
    Fixture() {
        Logger::setLevel(LogLevel::Error);
        Logger::setSink([](std::string_view line) {
            // A throwing completion handler is caught by the I/O loop so the server survives it, but
            // it is still a bug: every failure must become an answer.
            if (line.find("exception escaped an I/O handler") != std::string_view::npos) fail(line, {}, {});
        });
        addRoutes(router, *worker);
        addMerchantRoutes(router, signedMerchants.auth, unsignedMerchants.auth);
        HttpServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.ioThreads = 2;
        options.maxConnections = 16;
        options.headerLimitBytes = kHeaderLimitBytes;
        options.bodyLimitBytes = kBodyLimitBytes;
        options.uploadBodyLimitBytes = kUploadBodyLimitBytes;
        options.readTimeout = kReadTimeout;
        options.idleTimeout = kReadTimeout;
        options.handlerTimeout = kHandlerTimeout;
        server = std::make_unique<HttpServer>(options, router);
        if (!server->start().ok()) fail("the server did not start", {}, {});
    }

    Worker* worker = new Worker;  // never stopped: it outlives every responder
    fuzz::MerchantFixture signedMerchants{true};
    fuzz::MerchantFixture unsignedMerchants{false};
    Router router;
    std::unique_ptr<HttpServer> server;
};

Fixture& fixture() {
    static Fixture* f = new Fixture;  // never destroyed: libFuzzer may exit from any thread
    return *f;
}

// --- the client ------------------------------------------------------------------------------------

// True when `fd` is ready before the deadline. libFuzzer's timeout alarm interrupts poll() now and
// then: that is no answer yet, so wait on.
bool waitFor(int fd, short events, SteadyClock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left));
        if (n > 0) return true;
        if (n == 0 || errno != EINTR) return false;
    }
}

struct Exchange {
    std::string received;
    bool closed = false;  // false: the server had not closed the connection by the deadline
};

// Sends `input`, half-closes, returns everything the server sent until it closed or the deadline.
Exchange exchange(std::uint16_t port, std::string_view input) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) fail("socket() failed", input, {});
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto deadline = SteadyClock::now() + kAnswerDeadline;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        if (errno != EINPROGRESS || !waitFor(fd, POLLOUT, deadline)) fail("connect() failed", input, {});
    }
    // The server may answer and close before reading everything (a refused body): stop sending then.
    std::size_t sent = 0;
    while (sent < input.size() && waitFor(fd, POLLOUT, deadline)) {
        const ssize_t n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    std::string received;
    bool closed = false;
    char buffer[16384];
    while (!closed && waitFor(fd, POLLIN, deadline)) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n > 0)
            received.append(buffer, static_cast<std::size_t>(n));
        else
            closed = true;  // 0: orderly close; < 0: reset
    }
    // Reset instead of a FIN: no TIME_WAIT socket per execution.
    const linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(fd);
    return {std::move(received), closed};
}

// --- the checks --------------------------------------------------------------------------------------

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool tokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool saneCorrelationId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        if (!tokenChar(c) || std::string_view("!#$%&'*+^`|~").find(c) != std::string_view::npos) return false;
    }
    return true;
}

struct Reply {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // lower-case names
    std::string body;

    [[nodiscard]] std::optional<std::string> header(const std::string& name) const {
        if (headers.count(name) != 1) return std::nullopt;
        return headers.find(name)->second;
    }
};

// One response from the front of `rest`, consumed; the problem when it is not well-formed.
std::optional<std::string> takeReply(std::string_view& rest, bool headRequested, Reply& reply) {
    const std::size_t headerEnd = rest.find("\r\n\r\n");
    if (headerEnd == std::string_view::npos) return "no end of header";
    std::string_view head = rest.substr(0, headerEnd + 2);
    rest.remove_prefix(headerEnd + 4);
    const std::size_t lineEnd = head.find("\r\n");
    const std::string_view statusLine = head.substr(0, lineEnd);
    head.remove_prefix(lineEnd + 2);
    if (statusLine.size() < 13 || !statusLine.starts_with("HTTP/1.1 ") || statusLine[12] != ' ')
        return "bad status line";
    const auto [end, ec] = std::from_chars(statusLine.data() + 9, statusLine.data() + 12, reply.status);
    if (ec != std::errc{} || end != statusLine.data() + 12 || reply.status < 100 || reply.status > 599)
        return "bad status";
    while (!head.empty()) {
        const std::size_t eol = head.find("\r\n");
        const std::string_view line = head.substr(0, eol);
        head.remove_prefix(eol + 2);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return "header line without a name";
        for (char c : line.substr(0, colon)) {
            if (!tokenChar(c)) return "bad header name";
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
            return "control byte in a header";
        reply.headers.emplace(lower(line.substr(0, colon)), std::string(value));
    }
    if (reply.status < 200) {
        // Only the server's own interim answer to "Expect: 100-continue".
        return reply.status == 100 && reply.headers.empty() ? std::nullopt
                                                            : std::optional<std::string>("bad interim answer");
    }
    if (reply.status == 204 || reply.status == 304) {
        return reply.headers.count("content-length") == 0 ? std::nullopt
                                                          : std::optional<std::string>("Content-Length on a 204/304");
    }
    const auto length = reply.header("content-length");
    std::size_t bytes = 0;
    if (!length) return "no single Content-Length";
    const auto [lengthEnd, lengthEc] = std::from_chars(length->data(), length->data() + length->size(), bytes);
    if (lengthEc != std::errc{} || lengthEnd != length->data() + length->size()) return "bad Content-Length";
    // The answer to HEAD announces the length of the GET answer but has no body.
    if (headRequested && bytes > 0 && (rest.empty() || rest.starts_with("HTTP/1.1 "))) bytes = 0;
    if (rest.size() < bytes) return "body shorter than Content-Length";
    reply.body = std::string(rest.substr(0, bytes));
    rest.remove_prefix(bytes);
    return std::nullopt;
}

std::optional<std::string> checkReply(const Reply& reply, bool headRequested) {
    if (reply.status < 200) return std::nullopt;
    const auto id = reply.header("x-correlation-id");
    if (!id || !saneCorrelationId(*id)) return "no single sane X-Correlation-Id";
    if (!reply.header("server") || !reply.header("date")) return "no Server or Date";
    const auto contentType = reply.header("content-type");
    if (!contentType) return "no single Content-Type";
    const bool isJson = contentType->starts_with("application/json");
    if (reply.status >= 400 && !isJson) return "an error answer that is not JSON";
    if (isJson && !reply.body.empty()) {
        const json body = json::parse(reply.body, nullptr, false);
        if (body.is_discarded()) return "a JSON answer that does not parse";
        if (reply.status >= 400 && (!body.is_object() || !body.contains("code") || !body["code"].is_string() ||
                                    !body.contains("message") || !body["message"].is_string())) {
            return "an error body without string code and message";
        }
    } else if (reply.status >= 400 && !headRequested) {
        return "an error answer without a body";
    }
    return std::nullopt;
}

void checkAnswer(std::string_view input, std::string_view received) {
    // Beast's method names are case-sensitive: a HEAD request has these bytes somewhere.
    const bool headRequested = input.find("HEAD") != std::string_view::npos;
    std::string_view rest = received;
    while (!rest.empty()) {
        Reply reply;
        if (auto problem = takeReply(rest, headRequested, reply)) fail(*problem, input, received);
        if (auto problem = checkReply(reply, headRequested)) fail(*problem, input, received);
        const auto connection = reply.header("connection");
        if (connection && lower(*connection) == "close" && !rest.empty())
            fail("bytes after Connection: close", input, received);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const Exchange answer = exchange(f.server->port(), input);
    if (!answer.closed) fail("the server did not close the connection in time", input, answer.received);
    checkAnswer(input, answer.received);
    // The session must be gone soon after: a leaked connection slot would starve the server.
    const auto deadline = SteadyClock::now() + kReleaseDeadline;
    while (f.server->openConnections() > 0) {
        if (SteadyClock::now() > deadline) fail("the connection slot was not released", input, answer.received);
        std::this_thread::yield();
    }
    return 0;
}
