#include "webhooks/HttpClient.h"

#include <boost/asio/connect.hpp>
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

Result<ParsedUrl> ParsedUrl::parse(const std::string& url) {
    ParsedUrl u;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
        u.port = "80";
    } else if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
        u.tls = true;
        u.port = "443";
    } else {
        return Error::make("VALIDATION_ERROR", "url must start with http:// or https://");
    }
    const std::size_t slash = rest.find('/');
    std::string hostPort = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (hostPort.find('@') != std::string::npos) return Error::make("VALIDATION_ERROR", "url must not contain credentials");
    const std::size_t colon = hostPort.rfind(':');
    if (colon != std::string::npos && hostPort.find(']') == std::string::npos) {
        u.port = hostPort.substr(colon + 1);
        hostPort = hostPort.substr(0, colon);
        if (u.port.empty() || u.port.size() > 5 || !std::all_of(u.port.begin(), u.port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return Error::make("VALIDATION_ERROR", "url has a bad port");
        }
    }
    if (hostPort.empty()) return Error::make("VALIDATION_ERROR", "url has no host");
    u.host = hostPort;
    for (char c : u.target) {
        if (static_cast<unsigned char>(c) <= 0x20) return Error::make("VALIDATION_ERROR", "url contains spaces or control characters");
    }
    return u;
}

namespace {

template <typename Stream>
Result<HttpClientReply> exchange(Stream& stream, beast::tcp_stream& lowest, const ParsedUrl& url,
                                 const std::map<std::string, std::string>& headers, const std::string& body,
                                 std::chrono::steady_clock::time_point deadline) {
    http::request<http::string_body> req{http::verb::post, url.target, 11};
    req.set(http::field::host, url.host);
    req.set(http::field::user_agent, "Paydesk-Webhooks/1");
    req.set(http::field::connection, "close");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    lowest.expires_at(deadline);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // a receiver's answer is not interesting beyond its status
    http::read(stream, buffer, parser);
    HttpClientReply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    reply.body = parser.get().body().substr(0, 1024);
    return reply;
}

}  // namespace

Result<HttpClientReply> HttpClient::post(const ParsedUrl& url, const std::map<std::string, std::string>& headers, const std::string& body,
                                         std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    asio::io_context io;
    try {
        tcp::resolver resolver(io);
        const auto endpoints = resolver.resolve(url.host, url.port);
        if (!url.tls) {
            beast::tcp_stream stream(io);
            stream.expires_at(deadline);
            stream.connect(endpoints);
            auto r = exchange(stream, stream, url, headers, body, deadline);
            beast::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            return r;
        }
        asio::ssl::context ctx(asio::ssl::context::tls_client);
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(asio::ssl::verify_peer);
        beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
        // SSL_set_tlsext_host_name is a macro with a C cast inside.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
        const long sniSet = SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
#pragma GCC diagnostic pop
        if (sniSet != 1) {
            return Error::make("WEBHOOK_CONNECT", "cannot set TLS server name");
        }
        stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
        beast::get_lowest_layer(stream).expires_at(deadline);
        beast::get_lowest_layer(stream).connect(endpoints);
        stream.handshake(asio::ssl::stream_base::client);
        auto r = exchange(stream, beast::get_lowest_layer(stream), url, headers, body, deadline);
        beast::error_code ignored;
        stream.shutdown(ignored);
        return r;
    } catch (const beast::system_error& e) {
        if (e.code() == beast::error::timeout) return Error::make("WEBHOOK_TIMEOUT", "no answer within " + std::to_string(timeout.count()) + " ms");
        if (e.code().category() == beast::error_code(http::error::end_of_stream).category()) {
            return Error::make("WEBHOOK_PROTOCOL", e.code().message());
        }
        return Error::make("WEBHOOK_CONNECT", e.code().message());
    }
}

}  // namespace paydesk::webhooks
