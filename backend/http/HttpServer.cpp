#include "http/HttpServer.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cassert>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <limits>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "core/Logger.h"
#include "core/Metrics.h"
#include "http/SpooledBody.h"

namespace paydesk::http {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kComponent = "http";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kFirstReadBytes = 4096;
// How long a connection we are closing keeps draining what the client still sends, so that the
// kernel does not answer unread bytes with a RST that could destroy our last response in flight.
constexpr std::chrono::milliseconds kLingerTimeout{1000};
// Writing a response: generous, since big exports go to slow links; only a client that stops
// reading altogether runs into it.
constexpr std::chrono::milliseconds kMinWriteTimeout{30'000};
// How long shutdown() waits for sessions to act on the final close request.
constexpr std::chrono::milliseconds kCloseAllTimeout{1000};
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
constexpr std::size_t kMaxCorrelationIdLength = 64;

const char* const kUnknownMethod = "UNKNOWN";

bool saneCorrelationId(std::string_view id) {
    if (id.empty() || id.size() > kMaxCorrelationIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

// Metric label for the method: the request line is client input, so anything unusual is folded
// into one value to keep the series count bounded.
std::string methodLabel(std::string_view method) {
    static constexpr std::string_view kKnown[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    for (std::string_view known : kKnown) {
        if (method == known) return std::string(known);
    }
    return "OTHER";
}

// RFC 7231 IMF-fixdate, formatted by hand: strftime's names follow the process locale, which
// a Qt application sets from the environment. Cached per second and thread.
std::string httpDate() {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local std::time_t cachedSecond = -1;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buf[40];
        std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                      kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached = buf;
        cachedSecond = now;
    }
    return cached;
}

// Header names and values must not contain CR, LF or NUL.
bool headerSafe(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool isHttpParseError(const beast::error_code& ec) {
    return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// Writing a spooled body failed on our side (disk full, quota, I/O), not on the client's.
bool isStorageError(const beast::error_code& ec) {
    if (ec.category() != boost::system::system_category()) return false;
    const int e = ec.value();
    return e == ENOSPC || e == EFBIG || e == EIO || e == EDQUOT;
}

HttpResponse cannotStoreUpload() {
    return HttpResponse::error(503, "SERVICE_UNAVAILABLE", "the upload cannot be stored right now; retry later").header("Retry-After", "5");
}

bool isQuietDisconnect(const beast::error_code& ec) {
    return ec == net::error::eof || ec == net::error::operation_aborted || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || ec == bhttp::error::end_of_stream || ec == beast::error::timeout;
}

// Counters and histograms per (route, method[, status]), resolved once: the registry takes a
// mutex on every lookup, this cache only a shared lock.
class RouteMetrics {
public:
    void record(const std::string& route, const std::string& method, int status, double seconds) {
        const std::string histogramKey = route + '\n' + method;
        const std::string counterKey = histogramKey + '\n' + std::to_string(status);
        Counter* counter = nullptr;
        Histogram* histogram = nullptr;
        {
            std::shared_lock lock(mutex_);
            if (auto it = counters_.find(counterKey); it != counters_.end()) counter = it->second;
            if (auto it = histograms_.find(histogramKey); it != histograms_.end()) histogram = it->second;
        }
        if (counter == nullptr || histogram == nullptr) {
            auto& registry = MetricsRegistry::global();
            Counter& c = registry.counter("paydesk_http_requests_total", "HTTP requests answered",
                                          {{"route", route}, {"method", method}, {"status", std::to_string(status)}});
            Histogram& h = registry.histogram("paydesk_http_request_duration_seconds",
                                              "Time from a complete request to its response being queued",
                                              {{"route", route}, {"method", method}});
            std::unique_lock lock(mutex_);
            counter = counters_.try_emplace(counterKey, &c).first->second;
            histogram = histograms_.try_emplace(histogramKey, &h).first->second;
        }
        counter->inc();
        histogram->observe(seconds);
    }

private:
    std::shared_mutex mutex_;
    std::unordered_map<std::string, Counter*> counters_;
    std::unordered_map<std::string, Histogram*> histograms_;
};

// Guards responders against a server that is gone: a responder called after shutdown() (from a
// worker thread finishing late) must not post into a destroyed io_context.
struct Lifeline {
    std::shared_mutex mutex;
    bool alive = true;
};

class Session;

// The session whose dispatch() runs on this thread right now (a responder called from inside it
// answers without a trip through the queue).
thread_local const Session* tDispatching = nullptr;

// Everything sessions share with the server. Outlives every session: shutdown() destroys the
// io_context (and with it the last session) before this goes away.
struct ServerState {
    ServerState(HttpServerOptions opts, const Router& r)
        : options(std::move(opts)),
          router(r),
          openConnectionsGauge(
              MetricsRegistry::global().gauge("paydesk_http_open_connections", "Open HTTP connections")),
          inFlightGauge(MetricsRegistry::global().gauge("paydesk_http_in_flight_requests",
                                                        "HTTP requests received and not yet answered")) {}

    // The body limit of the route `method path` dispatches to: its own (capped by the upload
    // ceiling) or the default. Unmatched requests get the default; the router answers 404/405.
    [[nodiscard]] std::size_t bodyLimitFor(const RouteOptions* route) const {
        if (route == nullptr || route->bodyLimitBytes == 0) return options.bodyLimitBytes;
        return std::min(route->bodyLimitBytes, options.uploadBodyLimitBytes);
    }

    // Connections per remote address, so that one client cannot take every slot.
    bool claimClientSlot(const std::string& address) {
        std::lock_guard lock(clientsMutex);
        std::size_t& n = connectionsByClient[address];
        if (n >= options.maxConnectionsPerClient) {
            if (n == 0) connectionsByClient.erase(address);
            return false;
        }
        ++n;
        return true;
    }
    void releaseClientSlot(const std::string& address) {
        std::lock_guard lock(clientsMutex);
        auto it = connectionsByClient.find(address);
        assert(it != connectionsByClient.end() && it->second > 0);
        if (--it->second == 0) connectionsByClient.erase(it);
    }

    // The shortest deadline any phase sets: a connection's timer never sleeps longer than this.
    [[nodiscard]] std::chrono::milliseconds shortestTimeout() const {
        return std::min({options.idleTimeout, options.readTimeout, options.handlerTimeout, writeTimeout()});
    }

    [[nodiscard]] std::chrono::milliseconds writeTimeout() const {
        return std::max(options.readTimeout, kMinWriteTimeout);
    }

    void registerSession(std::uint64_t id, const std::shared_ptr<Session>& session) {
        std::lock_guard lock(sessionsMutex);
        sessions.emplace(id, session);
    }
    void unregisterSession(std::uint64_t id) {
        std::lock_guard lock(sessionsMutex);
        sessions.erase(id);
    }
    std::vector<std::shared_ptr<Session>> liveSessions() {
        std::vector<std::shared_ptr<Session>> out;
        std::lock_guard lock(sessionsMutex);
        for (const auto& [id, weak] : sessions) {
            if (auto s = weak.lock()) out.push_back(std::move(s));
        }
        return out;
    }

    void requestStarted() {
        inFlight.fetch_add(1);
        inFlightGauge.add(1);
    }
    void requestFinished() {
        const std::size_t before = inFlight.fetch_sub(1);
        assert(before > 0);
        (void)before;
        inFlightGauge.add(-1);
    }

    const HttpServerOptions options;
    const Router& router;
    Gauge& openConnectionsGauge;
    Gauge& inFlightGauge;
    RouteMetrics metrics;
    std::shared_ptr<Lifeline> lifeline = std::make_shared<Lifeline>();

    std::atomic<std::size_t> openConnections{0};
    std::atomic<std::size_t> inFlight{0};
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> sessionObjects{0};  // constructed minus destroyed; checks shutdown()

    std::mutex clientsMutex;
    std::unordered_map<std::string, std::size_t> connectionsByClient;

    std::mutex sessionsMutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
};

// One connection. Every member function runs on the connection's I/O thread, except the responder,
// which only ever posts onto it. One request at a time: read it whole, dispatch, wait for the
// answer, write it, then read the next. Pipelined requests wait in buffer_ (or the socket) and so
// are answered strictly in order.
class Session : public std::enable_shared_from_this<Session> {
public:
    // The acceptor has claimed a client slot for remoteAddress; the session releases it.
    Session(ServerState& state, tcp::socket socket, std::uint64_t id, std::string remoteAddress)
        : state_(state),
          id_(id),
          stream_(std::move(socket)),
          executor_(stream_.get_executor()),
          deadlineTimer_(executor_),
          remoteAddress_(std::move(remoteAddress)) {
        state_.sessionObjects.fetch_add(1);
        state_.openConnections.fetch_add(1);
        state_.openConnectionsGauge.add(1);
    }

    ~Session() {
        finishInFlight();
        releaseSlot();
        state_.sessionObjects.fetch_sub(1);
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    [[nodiscard]] const net::any_io_executor& executor() const { return executor_; }

    void start() {
        net::dispatch(executor_, [self = shared_from_this()] { self->waitForRequest(); });
    }

    // Server shutdown, first step: idle connections go now; a request being handled or written
    // still gets its answer, with Connection: close.
    void stopGracefully() {
        if (phase_ == Phase::Idle || phase_ == Phase::Reading) doClose();
    }

    // Server shutdown, last step (or drain timeout): close no matter what.
    void forceClose() { doClose(); }

private:
    enum class Phase { Idle, Reading, Handling, Writing, Lingering, Closed };

    // --- reading --------------------------------------------------------------------------------

    void waitForRequest() {
        if (phase_ == Phase::Closed) return;
        if (state_.stopping.load()) {
            doClose();
            return;
        }
        phase_ = Phase::Idle;
        skipEmptyLines();
        if (buffer_.size() > 0) {  // a pipelined request already arrived
            beginRequest();
            return;
        }
        // No request yet: only the idle timeout applies until its first byte shows up.
        setDeadline(state_.options.idleTimeout);
        readFirstBytes();
    }

    void readFirstBytes() {
        stream_.expires_never();
        stream_.async_read_some(
            buffer_.prepare(kFirstReadBytes),
            [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->onFirstBytes(ec, n); });
    }

    void onFirstBytes(beast::error_code ec, std::size_t n) {
        if (phase_ == Phase::Closed) return;
        if (ec) {
            if (!isQuietDisconnect(ec)) Logger::debug(kComponent, "read failed", {{"error", ec.message()}});
            doClose();
            return;
        }
        buffer_.commit(n);
        skipEmptyLines();
        if (buffer_.size() == 0) {
            readFirstBytes();  // only blank lines: still idle, and the idle deadline is not reset
            return;
        }
        beginRequest();
    }

    // RFC 7230 3.5: ignore empty lines before a request line (some clients send a CRLF after a
    // POST body); the parser would call them a malformed request.
    void skipEmptyLines() {
        const auto data = buffer_.data();
        const auto* bytes = static_cast<const char*>(data.data());
        std::size_t skip = 0;
        while (skip < data.size() && (bytes[skip] == '\r' || bytes[skip] == '\n')) ++skip;
        buffer_.consume(skip);
    }

    void beginRequest() {
        phase_ = Phase::Reading;
        timedOut_ = false;
        isHead_ = false;
        correlationId_.clear();
        method_ = kUnknownMethod;
        spoolParser_.reset();
        spooled_.reset();
        reservation_.reset();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(state_.options.headerLimitBytes, std::numeric_limits<std::uint32_t>::max())));
        // The path, and with it the real limit, is only known once the header is in: until then
        // allow the larger of the two, and check again in onHeader().
        parser_->body_limit(std::max(state_.options.bodyLimitBytes, state_.options.uploadBodyLimitBytes));
        // The whole request, body included, must arrive within readTimeout from its first byte.
        setDeadline(state_.options.readTimeout);
        stream_.expires_never();
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec) {
        if (phase_ == Phase::Closed) return;
        if (ec || timedOut_) {
            onReadError(ec);
            return;
        }
        const auto& message = parser_->get();
        method_ = methodLabel(message.method_string());
        const std::string_view headerId = message["X-Correlation-Id"];
        correlationId_ = saneCorrelationId(headerId) ? std::string(headerId) : CorrelationScope::generate();

        const std::string_view target = message.target();
        const RouteOptions* route = state_.router.optionsFor(message.method_string(), target.substr(0, target.find('?')));
        const std::size_t limit = state_.bodyLimitFor(route);
        if (const auto length = parser_->content_length(); length && *length > limit) {
            // Known too large up front: answer without reading (and before 100-continue invites) it.
            onReadError(bhttp::error::body_limit);
            return;
        }
        if (route != nullptr && route->headerGate) {
            HttpRequest head;
            fillHead(head, message);
            if (std::optional<HttpResponse> refusal = route->headerGate(head)) {
                // Refused on its headers: the body is never read, so the connection cannot go on.
                failRequest(std::move(*refusal));
                return;
            }
            reservation_ = std::move(head.reservation);
        }
        parser_->body_limit(limit);  // still needed for chunked bodies
        if (route != nullptr && route->spoolBody && !parser_->is_done() && !startSpooling(limit)) return;

        // HTTP/1.0 clients do not know 100 Continue (RFC 7231 5.1.1).
        if (!parser_->is_done() && message.version() >= 11 &&
            beast::iequals(message[bhttp::field::expect], "100-continue")) {
            net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code writeEc, std::size_t) {
                                 if (self->phase_ == Phase::Closed) return;
                                 if (writeEc || self->timedOut_) {
                                     self->onReadError(writeEc);
                                     return;
                                 }
                                 self->readBody();
                             });
            return;
        }
        readBody();
    }

    // From here on the body goes into an unnamed file (SpooledBody), not into memory.
    bool startSpooling(std::size_t limit) {
        auto spooled = SpooledBody::create(state_.options.spoolDirectory);
        Result<int> fd = spooled.ok() ? spooled.value()->writer() : Result<int>(spooled.error());
        if (!fd.ok()) {
            Logger::error(kComponent, "cannot receive an upload", {{"error", fd.error().message}});
            failRequest(cannotStoreUpload());
            return false;
        }
        spoolParser_.emplace(std::move(*parser_));
        parser_.reset();
        beast::file file;
        file.native_handle(fd.value());
        beast::error_code ec;
        spoolParser_->get().body().reset(std::move(file), ec);
        assert(!ec);  // reset() only asks the size of the descriptor just made
        spoolParser_->body_limit(limit);
        spooled_ = std::move(spooled).value();
        return true;
    }

    void readBody() {
        auto done = [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onBody(ec); };
        if (spoolParser_) {
            bhttp::async_read(stream_, buffer_, *spoolParser_, std::move(done));
        } else {
            bhttp::async_read(stream_, buffer_, *parser_, std::move(done));
        }
    }

    void onBody(beast::error_code ec) {
        if (phase_ == Phase::Closed) return;
        if (ec || timedOut_) {
            onReadError(ec);
            return;
        }
        handleRequest();
    }

    void onReadError(beast::error_code ec) {
        if (timedOut_) {
            Logger::debug(kComponent, "request read timed out", {{"remote", remoteAddress_}});
            failRequest(408, "REQUEST_TIMEOUT", "the request did not arrive in time");
        } else if (ec == bhttp::error::body_limit) {
            failRequest(413, "PAYLOAD_TOO_LARGE", "the request body is too large");
        } else if (spoolParser_ && isStorageError(ec)) {
            Logger::error(kComponent, "cannot store an upload", {{"remote", remoteAddress_}, {"error", ec.message()}});
            failRequest(cannotStoreUpload());
        } else if (ec == bhttp::error::header_limit) {
            failRequest(431, "HEADERS_TOO_LARGE", "the request headers are too large");
        } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || isQuietDisconnect(ec)) {
            // The client went away mid-request: nobody is left to read an answer.
            doClose();
        } else if (isHttpParseError(ec)) {
            Logger::debug(kComponent, "malformed request", {{"remote", remoteAddress_}, {"error", ec.message()}});
            failRequest(400, "MALFORMED_REQUEST", "the request is not valid HTTP/1.1");
        } else {
            Logger::debug(kComponent, "read failed", {{"remote", remoteAddress_}, {"error", ec.message()}});
            doClose();
        }
    }

    // An answer the router never sees (bad framing, limits, timeouts): always the last one on
    // this connection, since the rest of the byte stream can no longer be trusted.
    void failRequest(int status, std::string_view code, std::string_view message) {
        failRequest(HttpResponse::error(status, code, message));
    }
    void failRequest(HttpResponse response) {
        spoolParser_.reset();
        spooled_.reset();
        reservation_.reset();
        if (correlationId_.empty()) correlationId_ = CorrelationScope::generate();
        route_ = Router::kUnmatchedRoute;
        requestStart_ = SteadyClock::now();
        writeResponse(std::move(response), true);
    }

    // Method, target, path, query and headers of a parsed head; everything but the body.
    template <typename Message>
    void fillHead(HttpRequest& request, const Message& message) const {
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        const std::size_t question = request.target.find('?');
        request.path = request.target.substr(0, question);
        if (question != std::string::npos) request.query = request.target.substr(question + 1);
        for (const auto& field : message) {
            auto [it, inserted] = request.headers.try_emplace(std::string(field.name_string()), field.value());
            if (!inserted) {  // repeated header: the RFC 7230 list form
                it->second += ", ";
                it->second += field.value();
            }
        }
        request.remoteAddress = remoteAddress_;
        request.correlationId = correlationId_;
    }

    // --- handling -------------------------------------------------------------------------------

    // The finished request: head and body (in memory, or the spooled file mapped); nullopt when a
    // spooled body cannot be read back.
    std::optional<HttpRequest> takeRequest() {
        HttpRequest request;
        if (spoolParser_) {
            assert(spoolParser_->is_done());
            auto message = spoolParser_->release();  // closes our write descriptor when it goes
            spoolParser_.reset();
            fillHead(request, message);
            keepAlive_ = message.keep_alive();
            isHead_ = false;
            if (Status s = spooled_->finish(); !s.ok()) {
                Logger::error(kComponent, "cannot read an upload back", {{"error", s.error().message}});
                return std::nullopt;
            }
            request.spooled = std::move(spooled_);
        } else {
            assert(parser_ && parser_->is_done());
            auto message = parser_->release();
            parser_.reset();
            fillHead(request, message);
            request.body = std::move(message.body());
            keepAlive_ = message.keep_alive();
            isHead_ = message.method() == bhttp::verb::head;
        }
        request.reservation = std::move(reservation_);
        return request;
    }

    void handleRequest() {
        std::optional<HttpRequest> taken = takeRequest();
        if (!taken) return failRequest(cannotStoreUpload());
        HttpRequest request = std::move(*taken);
        phase_ = Phase::Handling;
        requestStart_ = SteadyClock::now();
        inFlight_ = true;
        state_.requestStarted();

        auto answered = std::make_shared<std::atomic<bool>>(false);
        answered_ = answered;
        setDeadline(state_.options.handlerTimeout);

        Responder respond = [lifeline = state_.lifeline, weak = weak_from_this(), answered, owner = this](HttpResponse response) {
            if (answered->exchange(true)) {
                Logger::debug(kComponent, "response after timeout or second response ignored");
                return;
            }
            if (tDispatching == owner) {
                // Answered from inside dispatch() below, on this connection's own thread: taken up
                // right after it returns, without a trip through the queue.
                owner->syncResponse_ = std::move(response);
                return;
            }
            std::shared_lock lock(lifeline->mutex);
            if (!lifeline->alive) return;
            auto self = weak.lock();
            if (!self) return;  // the connection is gone; nobody to answer
            net::post(self->executor_,
                      [self, response = std::move(response)]() mutable { self->onResponse(std::move(response)); });
        };

        route_ = Router::kUnmatchedRoute;
        {
            CorrelationScope scope(correlationId_);
            tDispatching = this;
            state_.router.dispatch(std::move(request), respond, &route_);
            tDispatching = nullptr;
        }
        if (syncResponse_) {
            HttpResponse response = std::move(*syncResponse_);
            syncResponse_.reset();
            onResponse(std::move(response));
        }
    }

    // The handler did not answer within handlerTimeout.
    void onHandlerTimeout() {
        if (!answered_ || answered_->exchange(true)) return;
        CorrelationScope scope(correlationId_);
        Logger::warn(kComponent, "handler did not respond in time",
                     {{"route", route_}, {"method", method_}, {"timeoutMs", state_.options.handlerTimeout.count()}});
        // The handler may still finish and commit: say so, never "nothing was changed".
        onResponse(HttpResponse::error(503, "SERVICE_UNAVAILABLE",
                                       "the request did not finish in time and may still take effect; retry with the "
                                       "same Idempotency-Key (idempotencyKey) to get its outcome",
                                       {{"outcome", "unknown"}})
                       .header("Retry-After", "1"));
    }

    void onResponse(HttpResponse response) {
        if (phase_ == Phase::Closed) return;  // closed meanwhile (shutdown, drain timeout): drop it
        assert(phase_ == Phase::Handling);
        answered_.reset();
        writeResponse(std::move(response), !keepAlive_);
    }

    // --- writing --------------------------------------------------------------------------------

    void writeResponse(HttpResponse response, bool close) {
        close = close || state_.stopping.load();
        if (response.status < 200 || response.status > 599) {
            Logger::error(kComponent, "handler produced an invalid status",
                          {{"status", response.status}, {"route", route_}});
            response = HttpResponse::error(500, "INTERNAL_ERROR", "internal error");
        }
        phase_ = Phase::Writing;

        response_ = {};
        response_.version(11);
        response_.result(static_cast<unsigned>(response.status));
        response_.set(bhttp::field::server, "paydesk");
        response_.set(bhttp::field::date, httpDate());
        response_.set(bhttp::field::content_type, headerSafe(response.contentType)
                                                      ? response.contentType
                                                      : std::string("application/octet-stream"));
        for (auto& [name, value] : response.headers) {
            if (name.empty() || !headerSafe(name) || !headerSafe(value)) {
                // A CR or LF would let a value that came from client input split the response.
                Logger::error(kComponent, "handler header dropped: control characters", {{"route", route_}});
                continue;
            }
            // Framing belongs to the server: a handler's Content-Length could desync the stream.
            if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
                beast::iequals(name, "X-Correlation-Id")) {
                continue;
            }
            if (beast::iequals(name, "Connection")) {
                close = close || beast::iequals(value, "close");
                continue;
            }
            // Single-valued fields the server pre-filled are replaced, everything else appended.
            if (beast::iequals(name, "Content-Type") || beast::iequals(name, "Server") ||
                beast::iequals(name, "Date")) {
                response_.set(name, value);
            } else {
                response_.insert(name, value);
            }
        }
        response_.set("X-Correlation-Id", correlationId_);
        response_.keep_alive(!close);
        const std::size_t bodySize = response.body.size();
        if (response.status == 204 || response.status == 304) {
            // No body by definition, and no Content-Length either (RFC 7230 3.3.2); a body a
            // handler attached anyway is dropped rather than corrupting the stream.
            response_.erase(bhttp::field::content_length);
        } else {
            response_.body() = std::move(response.body);
            response_.prepare_payload();
        }
        if (isHead_) response_.body().clear();  // the header still announces the GET length
        closeAfterWrite_ = close;

        const double seconds = std::chrono::duration<double>(SteadyClock::now() - requestStart_).count();
        state_.metrics.record(route_, method_, response.status, seconds);
        if (Logger::enabled(LogLevel::Debug)) {
            CorrelationScope scope(correlationId_);
            Logger::debug(kComponent, "request",
                          {{"method", method_},
                           {"route", route_},
                           {"status", response.status},
                           {"durationMs", seconds * 1000.0},
                           {"bytes", bodySize}});
        }

        setDeadline(state_.writeTimeout());  // a client that stops reading is closed then
        bhttp::async_write(stream_, response_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onWrite(ec); });
    }

    void onWrite(beast::error_code ec) {
        finishInFlight();
        response_.body().clear();
        response_.body().shrink_to_fit();
        if (phase_ == Phase::Closed) return;
        if (ec) {
            if (!isQuietDisconnect(ec)) Logger::debug(kComponent, "write failed", {{"error", ec.message()}});
            doClose();
            return;
        }
        if (closeAfterWrite_) {
            lingeringClose();
            return;
        }
        waitForRequest();
    }

    // --- closing --------------------------------------------------------------------------------

    // Half-close and swallow whatever the client still sends for a moment, so our last response
    // reaches it even when it was in the middle of sending a body we refused.
    void lingeringClose() {
        phase_ = Phase::Lingering;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) {
            doClose();
            return;
        }
        buffer_.consume(buffer_.size());
        deadline_ = SteadyClock::time_point::max();
        stream_.expires_after(kLingerTimeout);
        discard();
    }

    void discard() {
        stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (ec || self->phase_ == Phase::Closed) {
                                        self->doClose();
                                        return;
                                    }
                                    self->discard();  // nothing committed: the bytes are dropped
                                });
    }

    void doClose() {
        if (phase_ == Phase::Closed) return;
        phase_ = Phase::Closed;
        deadlineTimer_.cancel();
        stream_.close();  // completes every pending operation with operation_aborted
        finishInFlight();
        releaseSlot();
    }

    void finishInFlight() {
        if (!inFlight_) return;
        inFlight_ = false;
        state_.requestFinished();
    }

    void releaseSlot() {
        if (released_) return;
        released_ = true;
        state_.openConnections.fetch_sub(1);
        state_.openConnectionsGauge.add(-1);
        state_.releaseClientSlot(remoteAddress_);
        state_.unregisterSession(id_);
    }

    // --- read/idle timer --------------------------------------------------------------------------

    // --- deadlines ------------------------------------------------------------------------------
    // One timer per connection, rarely re-armed: each phase only moves deadline_, and a timer that
    // fires before it sleeps again until it. The timer is never armed beyond now + the shortest
    // timeout, so a deadline set later can never be earlier than the timer: no cancel, no re-arm
    // per request.
    void setDeadline(std::chrono::milliseconds timeout) {
        assert(timeout >= state_.shortestTimeout());
        deadline_ = SteadyClock::now() + timeout;
        if (!timerArmed_) armTimer();
    }

    void armTimer() {
        timerArmed_ = true;
        deadlineTimer_.expires_at(std::min(deadline_, SteadyClock::now() + state_.shortestTimeout()));
        deadlineTimer_.async_wait([self = shared_from_this()](beast::error_code ec) { self->onTimer(ec); });
    }

    void onTimer(beast::error_code ec) {
        timerArmed_ = false;
        if (ec || phase_ == Phase::Closed) return;
        if (SteadyClock::now() < deadline_) {
            armTimer();
            return;
        }
        deadline_ = SteadyClock::time_point::max();
        switch (phase_) {
            case Phase::Idle:
                doClose();  // keep-alive connection without a new request: close quietly
                break;
            case Phase::Reading: {
                // Not the tcp_stream timeout: that one closes the socket, and we still want to say 408.
                // Cancelling the read makes it complete, and onReadError() sees timedOut_.
                timedOut_ = true;
                beast::error_code cancelEc;
                stream_.socket().cancel(cancelEc);
                break;
            }
            case Phase::Handling:
                onHandlerTimeout();
                break;
            case Phase::Writing:
                doClose();  // the client stopped reading our answer
                break;
            case Phase::Lingering:
            case Phase::Closed:
                break;
        }
    }

    ServerState& state_;
    const std::uint64_t id_;
    beast::tcp_stream stream_;
    const net::any_io_executor executor_;  // the connection's I/O thread (its io_context)
    net::steady_timer deadlineTimer_;
    SteadyClock::time_point deadline_ = SteadyClock::time_point::max();  // of the current phase
    bool timerArmed_ = false;
    std::shared_ptr<std::atomic<bool>> answered_;  // the request being handled: answered yet?
    std::optional<HttpResponse> syncResponse_;     // given while dispatch() was still running
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::optional<bhttp::request_parser<bhttp::file_body>> spoolParser_;  // a spooling route's body
    std::shared_ptr<SpooledBody> spooled_;
    std::shared_ptr<void> reservation_;  // what the header gate reserved; handed to the request
    bhttp::response<bhttp::string_body> response_;

    Phase phase_ = Phase::Idle;
    bool timedOut_ = false;
    bool keepAlive_ = true;
    bool isHead_ = false;
    bool closeAfterWrite_ = false;
    bool inFlight_ = false;
    bool released_ = false;
    std::string remoteAddress_;
    std::string correlationId_;
    std::string method_ = kUnknownMethod;
    std::string route_ = Router::kUnmatchedRoute;
    SteadyClock::time_point requestStart_{};
};

// Waits for a number of posted tasks with a deadline (std::latch has no timed wait).
class CountdownLatch {
public:
    explicit CountdownLatch(std::size_t count) : remaining_(count) {}
    void countDown() {
        std::lock_guard lock(mutex_);
        assert(remaining_ > 0);
        if (--remaining_ == 0) done_.notify_all();
    }
    bool waitFor(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return done_.wait_for(lock, timeout, [this] { return remaining_ == 0; });
    }

private:
    std::mutex mutex_;
    std::condition_variable done_;
    std::size_t remaining_;
};

}  // namespace

struct HttpServer::Impl {
    Impl(HttpServerOptions options, const Router& router) : state(std::move(options), router) {}

    // Connections are dealt round-robin to the I/O threads, each with its own io_context: a
    // connection's handlers all run on one thread, so it needs no strand and no locking.
    void doAccept() {
        net::io_context& target = *iocs[nextIoc++ % iocs.size()];
        acceptor->async_accept(target.get_executor(),
                               [this](beast::error_code ec, tcp::socket socket) { onAccept(ec, std::move(socket)); });
    }

    // Runs on the acceptor's thread.
    void onAccept(beast::error_code ec, tcp::socket socket) {
        if (!acceptor->is_open()) return;  // shutdown closed it
        if (ec) {
            // Typically EMFILE/ENFILE: back off briefly instead of spinning on a failing accept.
            Logger::debug(kComponent, "accept failed", {{"error", ec.message()}});
            acceptRetry->expires_after(kAcceptRetryDelay);
            acceptRetry->async_wait([this](beast::error_code timerEc) {
                if (!timerEc && acceptor->is_open()) doAccept();
            });
            return;
        }
        if (state.stopping.load()) {
            beast::error_code ignored;
            socket.close(ignored);
            return;
        }
        beast::error_code endpointEc;
        const auto endpoint = socket.remote_endpoint(endpointEc);
        std::string address = endpointEc ? std::string() : endpoint.address().to_string();
        if (state.openConnections.load() >= state.options.maxConnections) {
            rejectBusy(socket, "too many connections");
        } else if (!state.claimClientSlot(address)) {
            rejectBusy(socket, "too many connections from this address");
        } else {
            // Only this thread creates sessions, so the count cannot overshoot between check and add.
            auto session = std::make_shared<Session>(state, std::move(socket), ++nextSessionId, std::move(address));
            state.registerSession(nextSessionId, session);
            session->start();
        }
        doAccept();
    }

    // Over maxConnections: a best-effort 503 written without blocking, then close. Not a
    // session, so an overload cannot pile up more work.
    void rejectBusy(tcp::socket& socket, std::string_view why) {
        const std::string body = HttpResponse::error(503, "SERVICE_UNAVAILABLE", why).body;
        const std::string reply =
            "HTTP/1.1 503 Service Unavailable\r\nServer: paydesk\r\n"
            "Content-Type: application/json\r\nContent-Length: " +
            std::to_string(body.size()) +
            "\r\nRetry-After: 1\r\nConnection: close\r\nX-Correlation-Id: " + CorrelationScope::generate() +
            "\r\n\r\n" + body;
        beast::error_code ec;
        socket.non_blocking(true, ec);
        if (!ec) socket.write_some(net::buffer(reply), ec);
        socket.shutdown(tcp::socket::shutdown_send, ec);
        socket.close(ec);
        state.metrics.record(Router::kUnmatchedRoute, kUnknownMethod, 503, 0.0);
        Logger::debug(kComponent, "connection rejected", {{"reason", why}, {"maxConnections", state.options.maxConnections},
                                                          {"maxConnectionsPerClient", state.options.maxConnectionsPerClient}});
    }

    void runIo(net::io_context& ioc) {
        for (;;) {
            try {
                ioc.run();
                return;
            } catch (const std::exception& e) {
                // A throwing completion handler must not take the thread (and its share of the
                // connections) down with it; asio is safe to re-enter after such an exception.
                Logger::error(kComponent, "exception escaped an I/O handler", {{"error", e.what()}});
            }
        }
    }

    // Runs fn on the acceptor's thread and waits for it: the acceptor is not thread-safe.
    template <typename Fn>
    void onAcceptorStrand(Fn fn) {
        CountdownLatch latch(1);
        net::post(acceptor->get_executor(), [&] {
            fn();
            latch.countDown();
        });
        latch.waitFor(std::chrono::hours(1));
    }

    ServerState state;
    std::mutex lifecycleMutex;
    bool started = false;
    bool stopped = false;
    std::atomic<std::uint16_t> boundPort{0};
    std::uint64_t nextSessionId = 0;  // acceptor thread only
    std::size_t nextIoc = 0;          // acceptor thread only

    std::vector<std::unique_ptr<net::io_context>> iocs;  // one per I/O thread; iocs[0] also accepts
    std::vector<net::executor_work_guard<net::io_context::executor_type>> works;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<net::steady_timer> acceptRetry;
    std::vector<std::thread> threads;
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() {
    shutdown(std::chrono::milliseconds{0});
}

Status HttpServer::start() {
    Impl& d = *impl_;
    std::lock_guard lock(d.lifecycleMutex);
    assert(!d.started && "HttpServer::start() called twice");
    assert(!d.stopped && "HttpServer cannot be restarted");
    const HttpServerOptions& o = d.state.options;
    const unsigned ioThreads = o.ioThreads != 0 ? o.ioThreads : std::max(1u, std::thread::hardware_concurrency());
    const std::string address = o.host + ":" + std::to_string(o.port);

    for (unsigned i = 0; i < ioThreads; ++i) d.iocs.push_back(std::make_unique<net::io_context>(1));
    auto fail = [&](const beast::error_code& ec) -> Status {
        d.acceptor.reset();
        d.iocs.clear();
        return Error::make(ErrorCode::HttpBindFailed, "cannot listen on " + address + ": " + ec.message());
    };

    beast::error_code ec;
    tcp::resolver resolver(*d.iocs[0]);
    const auto endpoints =
        resolver.resolve(o.host, std::to_string(o.port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) return fail(ec);
    if (endpoints.empty()) return fail(net::error::host_not_found);
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();

    d.acceptor = std::make_unique<tcp::acceptor>(d.iocs[0]->get_executor());
    d.acceptor->open(endpoint.protocol(), ec);
    if (ec) return fail(ec);
    // Close-on-exec: a child process (the embedded servers) must never inherit the listening socket.
    if (::fcntl(d.acceptor->native_handle(), F_SETFD, FD_CLOEXEC) != 0) return fail(beast::error_code(errno, beast::system_category()));
    d.acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (ec) return fail(ec);
    d.acceptor->bind(endpoint, ec);
    if (ec) return fail(ec);
    d.acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail(ec);
    const tcp::endpoint local = d.acceptor->local_endpoint(ec);
    if (ec) return fail(ec);
    d.boundPort = local.port();

    d.acceptRetry = std::make_unique<net::steady_timer>(d.acceptor->get_executor());
    for (const auto& ioc : d.iocs) d.works.push_back(net::make_work_guard(*ioc));
    d.doAccept();
    d.threads.reserve(ioThreads);
    for (unsigned i = 0; i < ioThreads; ++i) d.threads.emplace_back([&d, i] { d.runIo(*d.iocs[i]); });
    d.started = true;

    Logger::info(kComponent, "listening", {{"host", o.host}, {"port", d.boundPort.load()}, {"ioThreads", ioThreads}});
    return Status::success();
}

std::uint16_t HttpServer::port() const {
    return impl_->boundPort.load();
}

std::size_t HttpServer::openConnections() const {
    return impl_->state.openConnections.load();
}

std::size_t HttpServer::inFlightRequests() const {
    return impl_->state.inFlight.load();
}


void HttpServer::shutdown(std::chrono::milliseconds drainTimeout) {
    Impl& d = *impl_;
    std::lock_guard lock(d.lifecycleMutex);
    if (d.stopped) return;
    d.stopped = true;
    if (!d.started) return;
    // Joining the I/O threads from one of them would deadlock.
    assert(std::none_of(d.threads.begin(), d.threads.end(),
                        [](const std::thread& t) { return t.get_id() == std::this_thread::get_id(); }));

    // 1. Stop accepting; from here on every response carries Connection: close.
    d.state.stopping = true;
    d.onAcceptorStrand([&d] {
        beast::error_code ec;
        d.acceptor->close(ec);
        d.acceptRetry->cancel();
    });

    // 2. Idle connections close now; busy ones after their current response.
    for (auto& session : d.state.liveSessions()) {
        net::post(session->executor(), [session] { session->stopGracefully(); });
    }

    // 3. Drain: requests already received get their answers written, up to drainTimeout.
    const auto deadline = SteadyClock::now() + drainTimeout;
    while (d.state.inFlight.load() > 0 && SteadyClock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::size_t abandoned = d.state.inFlight.load();
    if (abandoned > 0) {
        Logger::warn(kComponent, "drain timeout: closing connections with requests in flight",
                     {{"inFlight", abandoned}, {"drainTimeoutMs", drainTimeout.count()}});
    }

    // 4. Close whatever is left (lingering closes, connections whose handler did not finish).
    //    The latch outlives the I/O threads (joined below), so a late countDown() is safe.
    std::shared_ptr<CountdownLatch> closed;
    {
        // Scoped: no Session reference may outlive the io_context destroyed below.
        const auto remaining = d.state.liveSessions();
        closed = std::make_shared<CountdownLatch>(remaining.size());
        for (const auto& session : remaining) {
            net::post(session->executor(), [session, closed] {
                session->forceClose();
                closed->countDown();
            });
        }
    }
    if (!closed->waitFor(kCloseAllTimeout)) {
        Logger::warn(kComponent, "some connections did not close in time; stopping the I/O loop anyway");
    }

    // 5. Stop the loop. Late responders see the dead lifeline and drop their answer; destroying
    //    the io_context destroys the handlers still queued and with them the last sessions.
    for (auto& work : d.works) work.reset();
    d.works.clear();
    for (const auto& ioc : d.iocs) ioc->stop();
    for (std::thread& t : d.threads) t.join();
    d.threads.clear();
    {
        std::unique_lock lifelineLock(d.state.lifeline->mutex);
        d.state.lifeline->alive = false;
    }
    d.acceptRetry.reset();
    d.acceptor.reset();
    d.iocs.clear();
    assert(d.state.openConnections.load() == 0);
    assert(d.state.sessionObjects.load() == 0 && "a Session outlived the io_context");
    Logger::info(kComponent, "stopped");
}

}  // namespace paydesk::http
