#include "ChaosLoad.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include "core/Crypto.h"

namespace paydesk::chaos {

namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;
using nlohmann::json;

// One keep-alive connection; reconnects after any failure. Synchronous with a deadline per request.
class Connection {
public:
    Connection(std::string host, unsigned short port, std::chrono::milliseconds timeout)
        : host_(std::move(host)), port_(port), timeout_(timeout), stream_(io_) {}

    // The status and body; status 0 when there was no answer.
    std::pair<int, std::string> send(bench::ClientRequest& request) {
        boost::system::error_code ec;
        if (!open_) {
            stream_.expires_after(timeout_);
            stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host_), port_), ec);
            if (ec) return drop();
            open_ = true;
        }
        stream_.expires_after(timeout_);
        http::write(stream_, request, ec);
        if (ec) return drop();
        http::response<http::string_body> response;
        buffer_.clear();
        http::read(stream_, buffer_, response, ec);
        if (ec) return drop();
        if (!response.keep_alive()) close();
        return {static_cast<int>(response.result_int()), std::move(response.body())};
    }

private:
    std::pair<int, std::string> drop() {
        close();
        return {0, {}};
    }
    void close() {
        boost::system::error_code ignored;
        stream_.socket().close(ignored);
        open_ = false;
    }
    std::string host_;
    unsigned short port_;
    std::chrono::milliseconds timeout_;
    boost::asio::io_context io_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    bool open_ = false;
};

std::string stringField(const json& j, const char* name) {
    return j.is_object() && j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
}

}  // namespace

const char* opName(Op op) {
    switch (op) {
        case Op::Authorize:
            return "authorize";
        case Op::Capture:
            return "capture";
        case Op::Refund:
            return "refund";
    }
    return "?";
}

std::vector<bench::MerchantCredentials> makeMerchants(int count) {
    std::vector<bench::MerchantCredentials> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({"chaos-m" + std::to_string(i), "ck-" + std::to_string(i) + "-" + crypto::randomHex(6),
                       crypto::randomHex(24)});
    }
    return out;
}

ChaosLoad::ChaosLoad(const ChaosConfig& config, std::string host, unsigned short port,
                     std::vector<bench::MerchantCredentials> merchants, std::string runId)
    : config_(config),
      host_(std::move(host)),
      port_(port),
      merchants_(std::move(merchants)),
      runId_(std::move(runId)) {}

ChaosLoad::~ChaosLoad() {
    stop();
}

void ChaosLoad::start() {
    stopping_ = false;
    perClient_.assign(static_cast<std::size_t>(config_.connections), {});
    for (int i = 0; i < config_.connections; ++i) {
        threads_.emplace_back([this, i] { client(i, perClient_[static_cast<std::size_t>(i)]); });
    }
}

void ChaosLoad::stop() {
    stopping_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
    for (auto& part : perClient_) {
        for (auto& r : part) records_.push_back(std::move(r));
        part.clear();
    }
}

void ChaosLoad::client(int index, std::vector<Record>& out) {
    Connection connection(host_, port_,
                          std::chrono::milliseconds(static_cast<long>(config_.requestTimeoutSeconds * 1000)));
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config_.connections / config_.rate));
    auto due = Clock::now();
    std::uint64_t n = 0;
    std::string paymentId;  // the flow's payment, once authorized
    Op next = Op::Authorize;
    while (!stopping_) {
        std::this_thread::sleep_until(due);
        due = std::max(due + interval, Clock::now() - interval);
        Record r;
        r.op = next;
        r.merchant =
            static_cast<int>((static_cast<std::uint64_t>(index) + n * static_cast<std::uint64_t>(config_.connections)) %
                             merchants_.size());
        if (next != Op::Authorize) r.merchant = out.back().merchant;
        const auto& m = merchants_[static_cast<std::size_t>(r.merchant)];
        json body = {{"merchantId", m.merchantId}};
        std::string path;
        bench::ClientRequest request;
        if (next == Op::Authorize) {
            r.idempotencyKey = "chaos-" + runId_ + "-" + std::to_string(index) + "-" + std::to_string(n++);
            body["amount"] = 1000 + static_cast<int>(n % 50);
            body["currency"] = "KRW";
            body["idempotencyKey"] = r.idempotencyKey;
            path = "/api/payments/authorize";
        } else {
            r.paymentId = paymentId;
            path = std::string(next == Op::Capture ? "/api/payments/capture/" : "/api/payments/refund/") + paymentId;
            if (next == Op::Refund) {
                r.idempotencyKey = "chaos-" + runId_ + "-refund-" + paymentId;
                body["reason"] = "paychaos";
                request.set("Idempotency-Key", r.idempotencyKey);
            }
        }
        const std::string text = body.dump();
        request.version(11);
        request.method(http::verb::post);
        request.target(path);
        request.set(http::field::host, host_);
        request.set(http::field::content_type, "application/json");
        bench::signRequest(request, m, "POST", path, text);
        request.body() = text;
        request.prepare_payload();
        r.sentAt = Clock::now();
        auto [status, answer] = connection.send(request);
        r.answeredAt = Clock::now();
        r.httpStatus = status;
        next = Op::Authorize;
        if (status == 200) {
            const json j = json::parse(answer, nullptr, false);
            r.paymentStatus = stringField(j, "status");
            if (r.op == Op::Authorize) r.paymentId = stringField(j, "paymentId");
            if (r.op == Op::Refund && j.is_object() && j.contains("refund"))
                r.refundId = stringField(j["refund"], "refundId");
            if (r.op == Op::Authorize && r.paymentStatus == "AUTHORIZED") next = Op::Capture;
            if (r.op == Op::Capture) next = Op::Refund;
            paymentId = r.paymentId;
        }
        out.push_back(std::move(r));
    }
}

}  // namespace paydesk::chaos
