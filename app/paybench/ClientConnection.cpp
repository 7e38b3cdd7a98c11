#include "ClientConnection.h"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "LoadWorker.h"

namespace paydesk::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace std::chrono_literals;

ClientConnection::ClientConnection(asio::io_context& io, LoadWorker& worker, const RequestFactory& requests,
                                   asio::ip::tcp::resolver::results_type endpoints, std::chrono::nanoseconds timeout)
    : worker_(worker),
      requests_(requests),
      endpoints_(std::move(endpoints)),
      timeout_(timeout),
      stream_(io),
      retry_(io) {}

void ClientConnection::connect() {
    if (stopped_) return;
    if (connected_) {
        connected_ = false;
        worker_.onDisconnected(*this);
    }
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    stream_.expires_after(timeout_);
    stream_.async_connect(endpoints_,
                          [this](const beast::error_code& ec, const asio::ip::tcp::endpoint&) { onConnected(ec); });
}

void ClientConnection::onConnected(const boost::system::error_code& ec) {
    if (stopped_) return;
    if (ec) {
        if (busy_) {
            // The next step of a flow was waiting for this connection: the flow fails here.
            busy_ = false;
            worker_.onConnectionLost(*this, current_, "connect: " + ec.message());
        } else {
            worker_.onConnectFailed(*this, ec.message());
        }
        reconnectLater();
        return;
    }
    stream_.expires_never();
    // Small requests must leave at once rather than wait for Nagle's algorithm.
    beast::error_code ignored;
    stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    connected_ = true;
    worker_.onConnected(*this);
    if (busy_) return send(std::move(current_));
    worker_.onReady(*this);
}

void ClientConnection::reconnectLater() {
    // A refused or dropped connection is retried soon but not in a tight loop.
    retry_.expires_after(100ms);
    retry_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !stopped_) connect();
    });
}

void ClientConnection::send(Iteration iteration) {
    current_ = std::move(iteration);
    busy_ = true;
    requests_.build(current_, request_);
    worker_.onSending(*this, current_);
    // One deadline for writing the request and reading the whole answer.
    stream_.expires_after(timeout_);
    http::async_write(stream_, request_, [this](const beast::error_code& ec, std::size_t) { onWritten(ec); });
}

void ClientConnection::onWritten(const boost::system::error_code& ec) {
    if (stopped_) return;
    if (ec) return fail("write", ec);
    response_ = {};
    http::async_read(stream_, buffer_, response_,
                     [this](const beast::error_code& readEc, std::size_t) { onRead(readEc); });
}

void ClientConnection::onRead(const boost::system::error_code& ec) {
    if (stopped_) return;
    if (ec) return fail("read", ec);
    stream_.expires_never();
    const bool keepAlive = response_.keep_alive();
    busy_ = false;  // the worker may finish the run inside onAnswer and must not count this one as pending
    const bool next = worker_.onAnswer(*this, current_, response_);
    busy_ = next;
    if (!keepAlive) {
        // The server closes: reconnect first. A flow's next step waits for the new connection,
        // and that wait counts in its latency as it would for a real client.
        return connect();
    }
    if (next) return send(std::move(current_));
    worker_.onReady(*this);
}

void ClientConnection::fail(const char* operation, const boost::system::error_code& ec) {
    const std::string what =
        ec == beast::error::timeout ? std::string("timeout") : std::string(operation) + ": " + ec.message();
    busy_ = false;
    worker_.onConnectionLost(*this, current_, what);
    connect();
}

void ClientConnection::stop() {
    stopped_ = true;
    retry_.cancel();
    beast::error_code ignored;
    stream_.socket().close(ignored);
}

}  // namespace paydesk::bench
