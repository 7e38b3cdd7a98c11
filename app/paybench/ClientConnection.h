#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <string>

#include "Iteration.h"
#include "RequestFactory.h"

namespace paydesk::bench {

class LoadWorker;

// One keep-alive HTTP/1.1 connection with at most one request in flight (no pipelining: that is
// how merchants' HTTP clients and the original design's load scripts talk). It belongs to one
// LoadWorker and runs on that worker's thread only, so it needs no locks. It reports everything to
// the worker, which owns the bookkeeping; an iteration with several steps stays on this connection
// until its last answer.
class ClientConnection {
public:
    ClientConnection(boost::asio::io_context& io, LoadWorker& worker, const RequestFactory& requests,
                     boost::asio::ip::tcp::resolver::results_type endpoints, std::chrono::nanoseconds timeout);
    ClientConnection(const ClientConnection&) = delete;
    ClientConnection& operator=(const ClientConnection&) = delete;

    // Opens the connection (again); the worker hears onReady or onConnectFailed.
    void connect();
    // Sends the iteration's current step. Only when ready and idle.
    void send(Iteration iteration);
    // Closes without reporting anything; pending handlers see the connection as stopped.
    void stop();

    [[nodiscard]] bool busy() const { return busy_; }
    [[nodiscard]] const Iteration& current() const { return current_; }

private:
    void onConnected(const boost::system::error_code& ec);
    void onWritten(const boost::system::error_code& ec);
    void onRead(const boost::system::error_code& ec);
    void fail(const char* operation, const boost::system::error_code& ec);
    void reconnectLater();

    LoadWorker& worker_;
    const RequestFactory& requests_;
    boost::asio::ip::tcp::resolver::results_type endpoints_;
    std::chrono::nanoseconds timeout_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    boost::asio::steady_timer retry_;
    RequestFactory::Request request_;
    RequestFactory::Response response_;
    Iteration current_;
    bool busy_ = false;
    bool connected_ = false;
    bool stopped_ = false;
};

}  // namespace paydesk::bench
