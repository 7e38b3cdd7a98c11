#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/Error.h"
#include "http/Router.h"

namespace paydesk::http {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;                                // 0 = pick a free port (tests)
    unsigned ioThreads = 0;                                   // 0 = one per core
    std::size_t maxConnections = 10'000;                      // beyond this, new connections are closed at once
    std::size_t maxConnectionsPerClient = 1'000;              // per remote address; beyond this: 503 and close
    std::size_t headerLimitBytes = std::size_t{16} * 1024;    // larger headers: 431
    std::size_t bodyLimitBytes = std::size_t{1024} * 1024;    // default body limit: 413 PAYLOAD_TOO_LARGE
    std::size_t uploadBodyLimitBytes = 512ull * 1024 * 1024;  // ceiling of any route's own limit (RouteOptions)
    std::string spoolDirectory;                               // where spooled bodies go (unnamed files); empty = temp folder
    std::chrono::milliseconds readTimeout{10'000};            // a request must arrive whole within this
    std::chrono::milliseconds idleTimeout{60'000};            // keep-alive connection with no request
    std::chrono::milliseconds handlerTimeout{30'000};         // a handler that never responds: 503
    // Per connection, before the server stops reading. The server currently handles one request
    // per connection at a time (effectively 1): pipelined requests wait, in order, in the
    // connection's read buffer and the socket until the previous answer is written.
    std::size_t maxPipelinedRequests = 64;
};

// HTTP/1.1 server on Boost.Beast/Asio: keep-alive, pipelining (requests on one connection answered
// in order), bounded headers/bodies/connections, read and idle timeouts, JSON errors for every
// failure, per-route metrics, graceful drain.
class HttpServer {
public:
    HttpServer(HttpServerOptions options, const Router& router);
    // shutdown() without drain time: call shutdown() first for a graceful stop.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the I/O threads. Error code "HTTP_BIND_FAILED" names the address and reason.
    Status start();
    [[nodiscard]] std::uint16_t port() const;

    // Graceful shutdown: stop accepting, let in-flight requests finish (up to drainTimeout),
    // then close every connection and join the I/O threads. Idempotent. Must not be called from
    // a handler running on an I/O thread. Responders called afterwards drop their answer.
    void shutdown(std::chrono::milliseconds drainTimeout);

    [[nodiscard]] std::size_t openConnections() const;
    [[nodiscard]] std::size_t inFlightRequests() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace paydesk::http
