#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "auth/RequestSignature.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kKeys = "k1:secret-one-0123456789:m1,k2:secret-two-0123456789:m2";
const char* const kOperatorTokens = "clerk-token-0123456789:alice:clerk";
const std::string kSecret = "secret-one-0123456789";

std::atomic<int> gSequence{0};

std::string unique(const char* prefix) {
    return std::string(prefix) + "-" + std::to_string(gSequence.fetch_add(1)) + "-" +
           std::to_string(std::time(nullptr));
}

long long nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Headers of a request signed by k1 at `timestamp` (seconds or milliseconds, as text).
std::map<std::string, std::string> signedHeaders(const std::string& method, const std::string& target,
                                                 const std::string& body, const std::string& timestamp,
                                                 const std::string& keyId = "k1", const std::string& secret = kSecret) {
    return {{"Content-Type", "application/json"},
            {"X-Api-Key", keyId},
            {"X-Timestamp", timestamp},
            {"X-Signature", auth::RequestSignature::sign(secret, method, target, timestamp, body)}};
}

// Each call gets its own millisecond timestamp, so no two are replays of each other.
std::string freshTimestamp() {
    static std::atomic<long long> last{0};
    long long ts = nowMillis();
    long long prev = last.load();
    while (true) {
        const long long next = std::max(ts, prev + 1);
        if (last.compare_exchange_weak(prev, next)) return std::to_string(next);
    }
}

HttpReply signedCall(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                     std::map<std::string, std::string> extra = {}) {
    auto headers = signedHeaders(method, target, body, freshTimestamp());
    for (auto& [k, v] : extra) headers[k] = v;
    return httpRequest(port, method, target, body, headers, 15s);
}

std::string code(const HttpReply& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("code") && j["code"].is_string() ? j["code"].get<std::string>() : std::string();
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// A connected, idle TCP socket (or -1).
int openIdle(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (fd >= 0) ::close(fd);
        return -1;
    }

    return fd;
}

// A raw TCP client: sends exactly `bytes`, then reads until the server closes or `timeout`.
struct RawReply {
    std::string text;
    std::chrono::milliseconds elapsed{0};
};
RawReply rawExchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
    RawReply out;
    const auto start = std::chrono::steady_clock::now();
    const int fd = openIdle(port);
    if (fd < 0) return out;
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    char buf[4096];
    while (std::chrono::steady_clock::now() - start < timeout) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.text.append(buf, static_cast<std::size_t>(n));
    }
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    ::close(fd);
    return out;
}

int rawStatus(const std::string& text) {
    if (text.size() < 12 || text.compare(0, 9, "HTTP/1.1 ") != 0) return 0;
    return std::atoi(text.substr(9, 3).c_str());
}

// The inode of the socket listening on 127.0.0.1:port, from /proc/net/tcp (0 when not found).
std::string listeningInode(std::uint16_t port) {
    QFile f(QStringLiteral("/proc/net/tcp"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    char hexPort[8];
    std::snprintf(hexPort, sizeof hexPort, ":%04X", port);
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> cols = line.simplified().split(' ');
        // sl local_address rem_address st ... inode (column 9)
        if (cols.size() > 9 && cols[1].endsWith(hexPort) && cols[3] == "0A") return cols[9].toStdString();
    }
    return {};
}

// True when process `pid` has an open file descriptor on socket inode `inode`.
bool holdsSocket(pid_t pid, const std::string& inode) {
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString& name : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        char target[256];
        const ssize_t n = ::readlink(qPrintable(fds.filePath(name)), target, sizeof target - 1);
        if (n > 0 && std::string(target, static_cast<std::size_t>(n)) == "socket:[" + inode + "]") return true;
    }
    return false;
}

}  // namespace

// Attacks on the merchant and operator APIs, each against a real paydeskd with its embedded servers.
class TestSecurity : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<PaydeskdProcess> pd_;
    std::uint16_t port_ = 0;
    QString dir_;

    std::string authorize(std::int64_t amount) {
        const std::string body =
            json{{"merchantId", "m1"}, {"amount", amount}, {"currency", "KRW"}, {"idempotencyKey", unique("sec")}}
                .dump();
        const HttpReply r = signedCall(port_, "POST", "/api/payments/authorize", body);
        if (r.status != 200) qFatal("authorize failed: %d %s", r.status, r.body.c_str());
        return json::parse(r.body)["paymentId"].get<std::string>();
    }
    json payment(const std::string& id) {
        const HttpReply r = signedCall(port_, "GET", "/api/payments/" + id, "");
        if (r.status != 200) qFatal("get failed: %d %s", r.status, r.body.c_str());
        return json::parse(r.body);
    }
    void expectAlive() {
        QCOMPARE(httpGet(port_, "/health/live").status, 200);
        QVERIFY(processAlive(pd_->pid()));
    }

private slots:
    void initTestCase() {
        pd_ = std::make_unique<PaydeskdProcess>();
        port_ = freePort();
        dir_ = tmp_.filePath("main");
        QVERIFY(pd_->start(
            dir_, port_,
            {"--api-keys", kKeys, "--operator-tokens", kOperatorTokens, "--max-connections-per-client", "40"}));
        QVERIFY2(pd_->waitReady(), qPrintable(pd_->output()));
    }
    void cleanupTestCase() {
        if (pd_) QCOMPARE(pd_->terminate(), 0);
    }

    // ~300,000 nested arrays (600 KB) in an otherwise valid body used to overflow the stack when the
    // body was re-serialised. Now refused before parsing, naming the limit; the server stays up.
    void deeplyNestedBodiesAreRefused() {
        const std::string deep = std::string(300'000, '[') + std::string(300'000, ']');
        const std::string body = "{\"merchantId\":\"m1\",\"amount\":100,\"currency\":\"KRW\",\"idempotencyKey\":\"" +
                                 unique("deep") + "\",\"extra\":" + deep + "}";
        HttpReply r = signedCall(port_, "POST", "/api/payments/authorize", body);
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        QCOMPARE(json::parse(r.body)["maxDepth"].get<int>(), 32);
        expectAlive();

        const std::string id = authorize(500);
        r = signedCall(port_, "POST", "/api/payments/capture/" + id, "{\"merchantId\":\"m1\",\"x\":" + deep + "}");
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        r = signedCall(port_, "POST", "/api/webhooks", "{\"url\":\"https://example.com/h\",\"x\":" + deep + "}");
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        r = httpRequest(port_, "PATCH", "/admin/dead-letters/dl_x", "{\"payload\":" + deep + "}",
                        {{"Content-Type", "application/json"}, {"Authorization", "Bearer clerk-token-0123456789"}},
                        15s);
        QCOMPARE(code(r), std::string("MALFORMED_JSON"));
        expectAlive();

        // 32 levels are still accepted.
        const std::string ok32 = std::string(31, '[') + std::string(31, ']');
        r = signedCall(
            port_, "POST", "/api/payments/authorize",
            json{{"merchantId", "m1"}, {"amount", 100}, {"currency", "KRW"}, {"idempotencyKey", unique("ok32")}}
                .dump()
                .insert(1, "\"extra\":" + ok32 + ","));
        QCOMPARE(r.status, 200);
    }

    // The same signed partial refund with the signature upper-cased (and another Idempotency-Key,
    // which the signature does not cover) used to be booked a second time.
    void replayInAnotherSpellingIsRefused() {
        const std::string id = authorize(10'000);
        QCOMPARE(signedCall(port_, "POST", "/api/payments/capture/" + id, "{\"merchantId\":\"m1\"}").status, 200);
        const std::string target = "/api/payments/refund/" + id;
        const std::string body = "{\"merchantId\":\"m1\",\"amount\":1000,\"reason\":\"partial\"}";
        auto headers = signedHeaders("POST", target, body, freshTimestamp());
        headers["Idempotency-Key"] = unique("refund");
        QCOMPARE(httpRequest(port_, "POST", target, body, headers).status, 200);
        for (const bool up : {true, false}) {
            auto replay = headers;
            replay["Idempotency-Key"] = unique("refund-replay");
            if (up) replay["X-Signature"] = upper(replay["X-Signature"]);
            const HttpReply r = httpRequest(port_, "POST", target, body, replay);
            QCOMPARE(r.status, 401);
            QCOMPARE(code(r), std::string("REPLAYED_REQUEST"));
        }
        QCOMPARE(payment(id)["refunds"].size(), std::size_t(1));
        QCOMPARE(payment(id)["refundedAmount"].get<std::int64_t>(), std::int64_t(1000));
    }

    // A retry within the same second, signed with a millisecond X-Timestamp, is a new request (and
    // an idempotent replay of the first answer), not a refused replay.
    void millisecondTimestampsMakeFastRetriesDistinct() {
        const std::string body =
            json{{"merchantId", "m1"}, {"amount", 700}, {"currency", "KRW"}, {"idempotencyKey", unique("ms")}}.dump();
        const long long ms = nowMillis();
        const HttpReply first = httpRequest(port_, "POST", "/api/payments/authorize", body,
                                            signedHeaders("POST", "/api/payments/authorize", body, std::to_string(ms)));
        QCOMPARE(first.status, 200);
        const HttpReply retry =
            httpRequest(port_, "POST", "/api/payments/authorize", body,
                        signedHeaders("POST", "/api/payments/authorize", body, std::to_string(ms + 1)));
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.headers.at("idempotent-replayed"), std::string("true"));
        QCOMPARE(json::parse(retry.body)["paymentId"], json::parse(first.body)["paymentId"]);
        // The window applies to milliseconds too.
        const std::string old = std::to_string(ms - 301'000);
        const HttpReply expired = httpRequest(port_, "POST", "/api/payments/authorize", body,
                                              signedHeaders("POST", "/api/payments/authorize", body, old));
        QCOMPARE(code(expired), std::string("SIGNATURE_EXPIRED"));
    }

    // An unknown key id and a wrong signature answer exactly alike; so do expired timestamps.
    void keyIdsCannotBeEnumerated() {
        const std::string body = "{\"merchantId\":\"m1\"}";
        const std::string ts = freshTimestamp();
        const HttpReply unknown =
            httpRequest(port_, "POST", "/api/payments/void/pay_x", body,
                        signedHeaders("POST", "/api/payments/void/pay_x", body, ts, "no-such-key", kSecret));
        const HttpReply wrong =
            httpRequest(port_, "POST", "/api/payments/void/pay_x", body,
                        signedHeaders("POST", "/api/payments/void/pay_x", body, ts, "k1", "not-the-secret-0000"));
        QCOMPARE(unknown.status, 401);
        QCOMPARE(unknown.body, wrong.body);
        const std::string old = std::to_string(std::time(nullptr) - 1000);
        const HttpReply unknownOld =
            httpRequest(port_, "POST", "/api/payments/void/pay_x", body,
                        signedHeaders("POST", "/api/payments/void/pay_x", body, old, "no-such-key", kSecret));
        const HttpReply knownOld = httpRequest(port_, "POST", "/api/payments/void/pay_x", body,
                                               signedHeaders("POST", "/api/payments/void/pay_x", body, old));
        QCOMPARE(code(unknownOld), std::string("SIGNATURE_EXPIRED"));
        QCOMPARE(code(knownOld), std::string("SIGNATURE_EXPIRED"));
    }

    // Webhook registration, payment lookups and statement uploads go through the same replay guard:
    // a captured POST /api/webhooks replayed must not hand out a second endpoint secret.
    void everySignedRouteRefusesReplays() {
        const std::string body = "{\"url\":\"https://example.com/hook\",\"eventTypes\":[\"payment.captured\"]}";
        const auto headers = signedHeaders("POST", "/api/webhooks", body, freshTimestamp());
        const HttpReply created = httpRequest(port_, "POST", "/api/webhooks", body, headers);
        QVERIFY2(created.status == 201 || created.status == 400,
                 created.body.c_str());  // 400 when the URL policy refuses it
        const HttpReply replay = httpRequest(port_, "POST", "/api/webhooks", body, headers);
        QCOMPARE(replay.status, 401);
        QCOMPARE(code(replay), std::string("REPLAYED_REQUEST"));

        const std::string id = authorize(300);
        const auto get = signedHeaders("GET", "/api/payments/" + id, "", freshTimestamp());
        QCOMPARE(httpRequest(port_, "GET", "/api/payments/" + id, "", get).status, 200);
        QCOMPARE(code(httpRequest(port_, "GET", "/api/payments/" + id, "", get)), std::string("REPLAYED_REQUEST"));

        const auto list = signedHeaders("GET", "/api/webhooks", "", freshTimestamp());
        QCOMPARE(httpRequest(port_, "GET", "/api/webhooks", "", list).status, 200);
        QCOMPARE(code(httpRequest(port_, "GET", "/api/webhooks", "", list)), std::string("REPLAYED_REQUEST"));

        const std::string csv = "date,amount,memo\n2026-01-01,100,x\n";
        auto upload = signedHeaders("POST", "/api/recon/files?dryRun=true", csv, freshTimestamp());
        upload["Content-Type"] = "text/csv";
        const HttpReply first = httpRequest(port_, "POST", "/api/recon/files?dryRun=true", csv, upload, 30s);
        QVERIFY2(first.status != 401, first.body.c_str());
        const HttpReply again = httpRequest(port_, "POST", "/api/recon/files?dryRun=true", csv, upload, 30s);
        QCOMPARE(code(again), std::string("REPLAYED_REQUEST"));
    }

    // An unauthenticated upload is refused on its headers, before a byte of its body is read; a
    // path that merely starts like an upload route gets the ordinary body limit.
    void uploadsAreRefusedBeforeTheirBody() {
        const std::string head =
            "POST /api/recon/files HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
            "Content-Length: 400000000\r\n\r\n";
        RawReply r = rawExchange(port_, head, 5s);
        QCOMPARE(rawStatus(r.text), 401);
        QVERIFY2(r.elapsed < 3s, qPrintable(QString::number(r.elapsed.count())));
        QVERIFY(r.text.find("MISSING_SIGNATURE") != std::string::npos);

        const std::string badToken =
            "POST /admin/recon/files HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
            "Authorization: Bearer wrong-token-000000000\r\nContent-Length: 400000000\r\n\r\n";
        r = rawExchange(port_, badToken, 5s);
        QCOMPARE(rawStatus(r.text), 401);
        QVERIFY(r.elapsed < 3s);

        // A merchant key with an expired timestamp: refused before the body too.
        const std::string expired =
            "POST /api/recon/files HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nX-Api-Key: k1\r\n"
            "X-Timestamp: 1000\r\nX-Signature: " +
            std::string(64, 'a') + "\r\nContent-Length: 400000000\r\n\r\n";
        r = rawExchange(port_, expired, 5s);
        QCOMPARE(rawStatus(r.text), 401);
        QVERIFY(r.text.find("SIGNATURE_EXPIRED") != std::string::npos);

        const std::string lookalike =
            "POST /api/recon/files-and-more HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
            "Content-Length: 4000000\r\n\r\n";
        r = rawExchange(port_, lookalike, 5s);
        QCOMPARE(rawStatus(r.text), 413);
        expectAlive();
    }

    // An upload being received already holds an import slot: with both taken by clients still
    // sending, a third is refused on its headers; a client that gives up frees its slot. Bodies are
    // received into unnamed files, so the spool folder never shows one.
    void uploadsBeingReceivedHoldImportSlots() {
        const std::string head =
            "POST /admin/recon/files?dryRun=true HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
            "Authorization: Bearer clerk-token-0123456789\r\nContent-Length: 1000000\r\n\r\n";
        std::vector<int> held;
        for (int i = 0; i < 2; ++i) {
            const int fd = openIdle(port_);
            QVERIFY(fd >= 0);
            const std::string start = head + std::string(1000, 'x');
            QVERIFY(::send(fd, start.data(), start.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(start.size()));
            held.push_back(fd);
        }
        QTest::qWait(1000);  // both heads are in and through the gate
        RawReply r = rawExchange(port_, head, 5s);
        QCOMPARE(rawStatus(r.text), 503);
        QVERIFY2(r.elapsed < 3s, qPrintable(QString::number(r.elapsed.count())));
        QVERIFY(r.text.find("Retry-After") != std::string::npos);
        const QDir spool(dir_ + "/spool");
        QVERIFY(spool.exists());
        QCOMPARE(spool.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System | QDir::Hidden).size(), 0);

        ::close(held.back());  // gives up mid-body
        held.pop_back();
        const std::string csv = "date,amount,memo\n2026-01-02,1000,x\n";
        int status = 503;
        for (int i = 0; i < 50 && status == 503; ++i) {
            if (i > 0) QTest::qWait(100);
            status = httpRequest(port_, "POST", "/admin/recon/files?dryRun=true", csv,
                                 {{"Content-Type", "text/csv"}, {"Authorization", "Bearer clerk-token-0123456789"}}, 10s)
                         .status;
        }
        QVERIFY2(status != 503, qPrintable(QString::number(status)));
        for (const int fd : held) ::close(fd);
        expectAlive();
    }

    void refundsRequireAnIdempotencyKey() {
        const std::string id = authorize(2'000);
        QCOMPARE(signedCall(port_, "POST", "/api/payments/capture/" + id, "{\"merchantId\":\"m1\"}").status, 200);
        const std::string target = "/api/payments/refund/" + id;
        const std::string body = "{\"merchantId\":\"m1\",\"amount\":500,\"reason\":\"r\"}";
        HttpReply r = httpRequest(port_, "POST", target, body, signedHeaders("POST", target, body, freshTimestamp()));
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), std::string("VALIDATION_ERROR"));
        QCOMPARE(json::parse(r.body)["field"].get<std::string>(), std::string("Idempotency-Key"));
        QCOMPARE(payment(id)["refunds"].size(), std::size_t(0));
        // With a key, a retry returns the committed refund instead of booking another.
        const std::string key = unique("rk");
        r = signedCall(port_, "POST", target, body, {{"Idempotency-Key", key}});
        QCOMPARE(r.status, 200);
        const HttpReply retry = signedCall(port_, "POST", target, body, {{"Idempotency-Key", key}});
        QCOMPARE(retry.status, 200);
        QCOMPARE(payment(id)["refunds"].size(), std::size_t(1));
    }

    // One address may hold at most --max-connections-per-client connections; the next is refused
    // with a JSON 503, and a freed slot is usable again.
    // The embedded servers are children of paydeskd; none may inherit its listening socket (a
    // restart after kill -9 could not bind while they held it).
    void childrenInheritNoListeningSocket() {
        const std::string inode = listeningInode(port_);
        QVERIFY(!inode.empty());
        QVERIFY(holdsSocket(pd_->pid(), inode));  // the probe works: paydeskd itself holds it
        for (const char* pidFile : {"/run/mariadbd.pid", "/run/redis.pid"}) {
            const pid_t child = readPidFile(dir_ + pidFile);
            QVERIFY(child > 0);
            QVERIFY2(!holdsSocket(child, inode), pidFile);
        }
    }

    void connectionsPerClientAreCapped() {
        std::vector<int> held;
        for (int i = 0; i < 40; ++i) {
            const int fd = openIdle(port_);
            QVERIFY(fd >= 0);
            held.push_back(fd);
        }
        QTest::qWait(300);  // let the acceptor take them all
        const HttpReply refused = httpGet(port_, "/health/live");
        QCOMPARE(refused.status, 503);
        QVERIFY(refused.body.find("too many connections from this address") != std::string::npos);
        ::close(held.back());
        held.pop_back();
        bool served = false;
        for (int attempt = 0; attempt < 50 && !served; ++attempt) {
            served = httpGet(port_, "/health/live").status == 200;
            if (!served) QTest::qWait(100);
        }
        for (const int fd : held) ::close(fd);
        QVERIFY(served);
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_Security.moc"
