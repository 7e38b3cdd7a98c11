#include <QtTest>

#include <atomic>
#include <thread>

#include "TestSupport.h"
#include "webhooks/HttpClient.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::webhooks;
using namespace std::chrono_literals;

namespace {
ParsedUrl urlFor(std::uint16_t port) {
    return ParsedUrl::parse("http://receiver.example:" + std::to_string(port) + "/hooks?x=1").value();
}
const std::vector<IpAddress> kLoopback = {*IpAddress::parse("127.0.0.1")};
std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}
}  // namespace

// The webhook client: it connects only to the addresses it is given, and nothing it waits for
// outlives its deadline or a cancel request.
class TestWebhookHttpClient : public QObject {
    Q_OBJECT

private slots:
    void postsToTheGivenAddressWithTheUrlsHost() {
        TestHttpReceiver receiver([](int) { return 202; });
        // The name does not resolve anywhere: the client must not look it up, only use the address.
        const auto reply =
            HttpClient::post(urlFor(receiver.port()), kLoopback, {{"Paydesk-Event-Id", "evt_1"}}, "{\"a\":1}", 2000ms);
        QVERIFY2(reply.ok(), reply.ok() ? "" : reply.error().message.c_str());
        QCOMPARE(reply->status, 202);
        const auto got = receiver.received();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].target, std::string("/hooks?x=1"));
        QCOMPARE(got[0].body, std::string("{\"a\":1}"));
        QCOMPARE(got[0].headers.at("host"), "receiver.example:" + std::to_string(receiver.port()));
        QCOMPARE(got[0].headers.at("paydesk-event-id"), std::string("evt_1"));
    }

    // A receiver that accepts and never answers costs the timeout, not forever.
    void aSilentReceiverTimesOut() {
        TestBlackHole hole;
        const auto start = std::chrono::steady_clock::now();
        const auto reply = HttpClient::post(urlFor(hole.port()), kLoopback, {}, "{}", 300ms);
        const auto took = since(start);
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, std::string("WEBHOOK_TIMEOUT"));
        QVERIFY2(took >= 290ms && took < 2000ms, std::to_string(took.count()).c_str());
        QCOMPARE(hole.accepted(), 1);
    }

    void cancellingAbortsAPostInFlight() {
        TestBlackHole hole;
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(200ms);
            cancel = true;
        });
        const auto start = std::chrono::steady_clock::now();
        const auto reply = HttpClient::post(urlFor(hole.port()), kLoopback, {}, "{}", 10'000ms, &cancel);
        const auto took = since(start);
        canceller.join();
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, std::string("WEBHOOK_CANCELLED"));
        QVERIFY2(took < 2000ms, std::to_string(took.count()).c_str());
    }

    void aClosedPortIsAConnectFailure() {
        const auto reply = HttpClient::post(urlFor(freePort()), kLoopback, {}, "{}", 2000ms);
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, std::string("WEBHOOK_CONNECT"));
        QVERIFY(!HttpClient::post(urlFor(freePort()), {}, {}, "{}", 2000ms).ok());  // nothing to connect to
    }
};

QTEST_GUILESS_MAIN(TestWebhookHttpClient)
#include "tst_WebhookHttpClient.moc"
