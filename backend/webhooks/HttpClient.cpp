#include "webhooks/HttpClient.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>

namespace paydesk::webhooks {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

bool allDigits(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool validHostName(const std::string& h) {
    if (h.empty() || h.size() > 253) return false;
    return std::all_of(h.begin(), h.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
}

// Splits "host[:port]" or "[v6][:port]" into the URL's host and port.
Status splitHostPort(const std::string& hostPort, ParsedUrl& u) {
    std::string portText;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const std::size_t close = hostPort.find(']');
        if (close == std::string::npos) return Error::make(ErrorCode::ValidationError, "url has an invalid host");
        u.host = hostPort.substr(1, close - 1);
        u.ipv6Literal = true;
        const std::string after = hostPort.substr(close + 1);
        if (!after.empty() && after.front() != ':')
            return Error::make(ErrorCode::ValidationError, "url has an invalid host");
        if (!after.empty()) portText = after.substr(1);
        // Only an IPv6 address goes in brackets (no zone ids: inet_pton refuses them).
        if (u.host.find(':') == std::string::npos || !IpAddress::parse(u.host))
            return Error::make(ErrorCode::ValidationError, "url has an invalid host");
    } else {
        const std::size_t colon = hostPort.find(':');
        u.host = hostPort.substr(0, colon);
        if (colon != std::string::npos) portText = hostPort.substr(colon + 1);
        if (u.host.empty()) return Error::make(ErrorCode::ValidationError, "url has no host");
        if (!validHostName(u.host)) return Error::make(ErrorCode::ValidationError, "url has an invalid host");
    }
    if (portText.empty() && hostPort.back() == ':')
        return Error::make(ErrorCode::ValidationError, "url has a bad port");
    if (!portText.empty()) {
        if (portText.size() > 5 || !allDigits(portText))
            return Error::make(ErrorCode::ValidationError, "url has a bad port");
        const int port = std::stoi(portText);
        if (port < 1 || port > 65535) return Error::make(ErrorCode::ValidationError, "url has a bad port");
        u.port = static_cast<std::uint16_t>(port);
    }
    return Status::success();
}

}  // namespace

Result<ParsedUrl> ParsedUrl::parse(const std::string& url) {
    ParsedUrl u;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
        u.port = 80;
    } else if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
        u.tls = true;
        u.port = 443;
    } else {
        return Error::make(ErrorCode::ValidationError, "url must start with http:// or https://");
    }
    const std::size_t slash = rest.find('/');
    const std::string hostPort = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (hostPort.find('@') != std::string::npos)
        return Error::make(ErrorCode::ValidationError, "url must not contain credentials");
    if (hostPort.empty()) return Error::make(ErrorCode::ValidationError, "url has no host");
    if (auto s = splitHostPort(hostPort, u); !s.ok()) return s.error();
    for (char c : u.target) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return Error::make(ErrorCode::ValidationError, "url contains spaces or control characters");
    }
    return u;
}

std::string ParsedUrl::hostHeader() const {
    std::string h = ipv6Literal ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) h += ":" + std::to_string(port);
    return h;
}

namespace {

// Starts one asynchronous step and runs the I/O until it completes. The stream's deadline fails a
// step that takes too long with beast::error::timeout; a cancel request closes the socket, which
// completes the step with operation_aborted.
template <typename Start>
beast::error_code runStep(asio::io_context& io, beast::tcp_stream& lowest, const std::atomic<bool>* cancel,
                          Start start) {
    beast::error_code result;
    bool done = false;
    start([&result, &done](beast::error_code ec, auto&&...) {
        result = ec;
        done = true;
    });
    io.restart();
    while (!done && !io.stopped()) {
        if (cancel != nullptr && cancel->load()) lowest.cancel();
        io.run_one_for(std::chrono::milliseconds(50));
    }
    return done ? result : beast::error_code(asio::error::operation_aborted);
}

Error classify(const beast::error_code& ec, bool connecting, const std::atomic<bool>* cancel,
               std::chrono::milliseconds timeout) {
    if (cancel != nullptr && cancel->load())
        return Error::make(ErrorCode::WebhookCancelled, "the delivery was cancelled (shutting down)");
    if (ec == beast::error::timeout)
        return Error::make(ErrorCode::WebhookTimeout, "no answer within " + std::to_string(timeout.count()) + " ms");
    if (!connecting && ec.category() == beast::error_code(http::error::end_of_stream).category())
        return Error::make(ErrorCode::WebhookProtocol, ec.message());
    return Error::make(ErrorCode::WebhookConnect, ec.message());
}

struct Call {
    const ParsedUrl& url;
    const std::map<std::string, std::string>& headers;
    const std::string& body;
    std::chrono::milliseconds timeout;
    std::chrono::steady_clock::time_point deadline;
    const std::atomic<bool>* cancel;
};

template <typename Stream>
Result<HttpClientReply> exchange(asio::io_context& io, Stream& stream, beast::tcp_stream& lowest, const Call& call) {
    http::request<http::string_body> req{http::verb::post, call.url.target, 11};
    req.set(http::field::host, call.url.hostHeader());
    req.set(http::field::user_agent, "Paydesk-Webhooks/1");
    req.set(http::field::connection, "close");
    for (const auto& [k, v] : call.headers) req.set(k, v);
    req.body() = call.body;
    req.prepare_payload();
    lowest.expires_at(call.deadline);
    if (auto ec = runStep(io, lowest, call.cancel,
                          [&](auto handler) { http::async_write(stream, req, std::move(handler)); })) {
        return classify(ec, false, call.cancel, call.timeout);
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // a receiver's answer is not interesting beyond its status
    lowest.expires_at(call.deadline);
    if (auto ec = runStep(io, lowest, call.cancel,
                          [&](auto handler) { http::async_read(stream, buffer, parser, std::move(handler)); })) {
        return classify(ec, false, call.cancel, call.timeout);
    }
    HttpClientReply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    reply.body = parser.get().body().substr(0, 1024);
    return reply;
}

std::vector<tcp::endpoint> endpointsOf(const std::vector<IpAddress>& addresses, std::uint16_t port) {
    std::vector<tcp::endpoint> out;
    for (const IpAddress& a : addresses) {
        if (a.isV4()) {
            out.emplace_back(asio::ip::address_v4({a.bytes[12], a.bytes[13], a.bytes[14], a.bytes[15]}), port);
        } else {
            out.emplace_back(asio::ip::address_v6(a.bytes), port);
        }
    }
    return out;
}

Status connect(asio::io_context& io, beast::tcp_stream& lowest, const std::vector<tcp::endpoint>& endpoints,
               const Call& call) {
    lowest.expires_at(call.deadline);
    const auto ec =
        runStep(io, lowest, call.cancel, [&](auto handler) { lowest.async_connect(endpoints, std::move(handler)); });
    if (ec) return classify(ec, true, call.cancel, call.timeout);
    return Status::success();
}

Result<HttpClientReply> postTls(asio::io_context& io, const std::vector<tcp::endpoint>& endpoints, const Call& call) {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!IpAddress::parse(call.url.host)) {  // SNI names a host, never an address (RFC 6066)
                                             // SSL_set_tlsext_host_name is a macro with a C cast inside.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
        const long sniSet = SSL_set_tlsext_host_name(stream.native_handle(), call.url.host.c_str());
#pragma GCC diagnostic pop
        if (sniSet != 1) return Error::make(ErrorCode::WebhookConnect, "cannot set TLS server name");
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(call.url.host));
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    if (auto s = connect(io, lowest, endpoints, call); !s.ok()) return s.error();
    lowest.expires_at(call.deadline);
    if (auto ec = runStep(io, lowest, call.cancel, [&](auto handler) {
            stream.async_handshake(asio::ssl::stream_base::client, std::move(handler));
        })) {
        return classify(ec, true, call.cancel, call.timeout);
    }
    // Connection: close and a complete answer read: the socket is simply closed afterwards.
    return exchange(io, stream, lowest, call);
}

}  // namespace

Result<HttpClientReply> HttpClient::post(const ParsedUrl& url, const std::vector<IpAddress>& addresses,
                                         const std::map<std::string, std::string>& headers, const std::string& body,
                                         std::chrono::milliseconds timeout, const std::atomic<bool>* cancel) {
    if (addresses.empty()) return Error::make(ErrorCode::WebhookConnect, "no address to connect to");
    const Call call{url, headers, body, timeout, std::chrono::steady_clock::now() + timeout, cancel};
    const auto endpoints = endpointsOf(addresses, url.port);
    asio::io_context io;
    try {
        if (url.tls) return postTls(io, endpoints, call);
        beast::tcp_stream stream(io);
        if (auto s = connect(io, stream, endpoints, call); !s.ok()) return s.error();
        auto r = exchange(io, stream, stream, call);
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        return r;
    } catch (const beast::system_error& e) {
        return Error::make(ErrorCode::WebhookConnect, e.code().message());
    }
}

}  // namespace paydesk::webhooks
