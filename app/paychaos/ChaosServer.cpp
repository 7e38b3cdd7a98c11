#include "ChaosServer.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace paydesk::chaos {

namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;

unsigned short freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    unsigned short port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
        port = ntohs(a.sin_port);
    }
    ::close(fd);
    return port;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::optional<pid_t> pidFrom(const std::string& path) {
    const std::string text = readFile(path);
    const long pid = std::strtol(text.c_str(), nullptr, 10);
    if (pid <= 0 || !local::ChildProcess::isAlive(static_cast<pid_t>(pid))) return std::nullopt;
    return static_cast<pid_t>(pid);
}

std::string apiKeys(const std::vector<bench::MerchantCredentials>& merchants) {
    std::string keys;
    for (const auto& m : merchants) keys += (keys.empty() ? "" : ",") + m.apiKey + ":" + m.secret + ":" + m.merchantId;
    return keys;
}

}  // namespace

int httpGet(const std::string& host, unsigned short port, const std::string& path, std::chrono::milliseconds timeout) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    boost::system::error_code ec;
    stream.expires_after(timeout);
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host), port), ec);
    if (ec) return 0;
    http::request<http::empty_body> req(http::verb::get, path, 11);
    req.set(http::field::host, host);
    http::write(stream, req, ec);
    if (ec) return 0;
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res, ec);
    if (ec) return 0;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    return static_cast<int>(res.result_int());
}

ChaosServer::ChaosServer(const ChaosConfig& config, std::string dataDir,
                         std::vector<bench::MerchantCredentials> merchants, std::string kafkaBootstrap,
                         std::vector<std::string> extraArgs)
    : config_(config),
      dataDir_(std::move(dataDir)),
      merchants_(std::move(merchants)),
      kafka_(std::move(kafkaBootstrap)),
      extraArgs_(std::move(extraArgs)),
      port_(freePort()) {}

ChaosServer::~ChaosServer() {
    if (process_ && process_->running()) process_->terminate(30s);
}

std::vector<std::string> ChaosServer::arguments() const {
    std::vector<std::string> args = {"--data-dir",   dataDir_,  "--listen",     host_ + ":" + std::to_string(port_),
                                     "--log-level",  "warn",    "--log-file",   dataDir_ + ".log",
                                     "--rate-limit", "1000000", "--rate-burst", "1000000"};
    if (!kafka_.empty()) args.insert(args.end(), {"--kafka", kafka_});
    if (!config_.db.empty()) args.insert(args.end(), {"--db", config_.db});
    if (!config_.redis.empty()) args.insert(args.end(), {"--redis", config_.redis});
    args.insert(args.end(), extraArgs_.begin(), extraArgs_.end());
    return args;
}

Status ChaosServer::start(std::chrono::seconds timeout) {
    // Secrets go through the environment, not the command line other users can read.
    ::setenv("PAYDESK_API_KEYS", apiKeys(merchants_).c_str(), 1);
    auto child = local::ChildProcess::spawn(spec(arguments(), dataDir_ + ".out"));
    if (!child.ok()) return child.error();
    process_ = std::move(child).value();
    if (waitReady(timeout)) return Status::success();
    return Error::make(ErrorCode::LocalExecFailed,
                       "paydeskd not ready within " + std::to_string(timeout.count()) + " s (" +
                           (process_->running() ? "still starting" : process_->exitDescription()) + "); see " +
                           dataDir_ + ".out");
}

bool ChaosServer::waitReady(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (httpGet(host_, port_, "/health/ready", 1000ms) == 200) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

void ChaosServer::kill9() {
    if (!process_) return;
    ::kill(process_->pid(), SIGKILL);
    process_->waitForExit(10s);
}

bool ChaosServer::stop() {
    return process_ && process_->terminate(60s);
}

std::string ChaosServer::visiblePath(const std::string& relative) const {
    const std::string root = tmpfsMiB_ > 0 && process_ ? "/proc/" + std::to_string(process_->pid()) + "/root" : "";
    if (relative.empty()) return root;  // a prefix for absolute paths the server reports
    return root + dataDir_ + "/" + relative;
}

local::ProcessSpec ChaosServer::spec(std::vector<std::string> args, const std::string& out) const {
    if (tmpfsMiB_ <= 0) return {config_.paydeskd, std::move(args), out, {}};
    if (process_ && local::ChildProcess::isAlive(process_->pid())) {
        // Another paydeskd command (ledger verify) next to the running one: in its namespaces.
        std::vector<std::string> a = {"-t", std::to_string(process_->pid()), "-U",
                                      "-m", "--preserve-credentials",        config_.paydeskd};
        a.insert(a.end(), args.begin(), args.end());
        return {"nsenter", std::move(a), out, {}};
    }
    std::vector<std::string> a = {
        "-rm",    "sh",
        "-c",     "mount -t tmpfs -o size=" + std::to_string(tmpfsMiB_) + "m paychaos \"$0\" && exec \"$@\"",
        dataDir_, config_.paydeskd};
    a.insert(a.end(), args.begin(), args.end());
    return {"unshare", std::move(a), out, {}};
}

std::optional<pid_t> ChaosServer::mariadbPid() const {
    return pidFrom(visiblePath("run/mariadbd.pid"));
}
std::optional<pid_t> ChaosServer::redisPid() const {
    return pidFrom(visiblePath("run/redis.pid"));
}

Result<DbEndpoint> ChaosServer::database() const {
    if (!config_.db.empty()) return DbEndpoint::parse(config_.db);
    const auto j = nlohmann::json::parse(readFile(visiblePath("run/endpoints.json")), nullptr, false);
    if (!j.is_object() || !j.contains("db"))
        return Error::make(ErrorCode::DbUnavailable, "paydeskd has not published its database endpoint");
    DbEndpoint ep;
    ep.unixSocket = visiblePath("") + j["db"].value("socket", "");
    ep.user = j["db"].value("user", "");
    ep.database = j["db"].value("database", "");
    ep.password = readFile(visiblePath("") + j["db"].value("passwordFile", ""));
    return ep;
}

int ChaosServer::verifyLedger(std::string& report) const {
    std::vector<std::string> args = {"--data-dir", dataDir_, "--log-level", "error"};
    if (!config_.db.empty()) args.insert(args.end(), {"--db", config_.db});
    args.insert(args.end(), {"ledger", "verify"});
    const std::string out = dataDir_ + ".verify";
    auto child = local::ChildProcess::spawn(spec(std::move(args), out));
    if (!child.ok()) {
        report = child.error().message;
        return -1;
    }
    if (!child->waitForExit(300s)) child->terminate(1s);
    report = readFile(out);
    const std::string& how = child->exitDescription();
    return how == "exited with status 0"              ? 0
           : how.rfind("exited with status ", 0) == 0 ? std::atoi(how.c_str() + 19)
                                                      : -1;
}

}  // namespace paydesk::chaos
