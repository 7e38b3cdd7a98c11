#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/Clock.h"
#include "core/Logger.h"
#include "events/EventConsumer.h"
#include "events/KafkaClient.h"
#include "events/KafkaMockCluster.h"
#include "events/OutboxRelay.h"
#include "local/DataDirectory.h"
#include "local/LocalStack.h"
#include "store/Database.h"
#include "store/Migrator.h"

using namespace paydesk;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// Counts what it is asked to apply, by event id, inside the consumer's transaction.
class CountingHandler final : public events::EventHandler {
public:
    Status handle(const events::ConsumedEvent& e, store::DbConnection&) override {
        std::lock_guard lock(m);
        ++applied[e.eventId];
        return Status::success();
    }
    std::mutex m;
    std::map<std::string, int> applied;
};

}  // namespace

// The relay against the embedded Kafka-protocol cluster, whose brokers the test can take down.
class TestOutboxRelay : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<local::DataDirectory> dir_;
    std::unique_ptr<local::LocalStack> stack_;
    std::unique_ptr<store::DbPool> pool_;
    std::unique_ptr<events::KafkaProducer> producer_;
    int nextEvent_ = 0;

    void insertEvents(int count, int keys) {
        auto conn = pool_->acquire();
        QVERIFY(conn.ok());
        store::DbConnection& c = *conn.value();
        std::string sql = "INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at) VALUES ";
        for (int i = 0; i < count; ++i) {
            const int n = nextEvent_++;
            const std::string key = "pay_" + std::to_string(n % keys);
            if (i > 0) sql += ",";
            sql += "('evt_" + std::to_string(n) + "','payment.captured','payment.captured','payment','" + key + "','t','" +
                   json{{"n", n}, {"merchantId", "m"}}.dump() + "',UTC_TIMESTAMP(6))";
        }
        QVERIFY(c.execute(sql).ok());
    }
    std::int64_t unpublished() {
        auto conn = pool_->acquire();
        return (*conn.value()).query("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL")->integer(0, 0);
    }
    // Reads everything on the topic from the start: event ids in arrival order per key.
    std::map<std::string, std::vector<int>> readTopic(std::size_t expected, const std::string& group) {
        auto consumer = events::KafkaConsumer::create(*stack_->kafkaBootstrap(), group, {"payment.captured"});
        std::map<std::string, std::vector<int>> byKey;
        std::size_t got = 0;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (got < expected && std::chrono::steady_clock::now() < deadline) {
            auto m = consumer.value()->poll(500ms);
            if (!m.ok() || !m->has_value()) continue;
            const auto env = json::parse((*m)->payload);
            byKey[(*m)->key].push_back(env["payload"]["n"].get<int>());
            ++got;
        }
        consumer.value()->close();
        return byKey;
    }
    bool waitDrained(std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (unpublished() == 0) return true;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }

private slots:
    void initTestCase() {
        Logger::setLevel(LogLevel::Error);
        auto dir = local::DataDirectory::open(tmp_.filePath("d").toStdString());
        QVERIFY(dir.ok());
        dir_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
        stack_ = std::make_unique<local::LocalStack>(*dir_);
        local::LocalStackOptions o;
        o.startRedis = false;
        const Status s = stack_->start(o);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        pool_ = std::make_unique<store::DbPool>(*stack_->database(), 8);
        auto conn = pool_->acquire();
        store::Migrator m(*conn.value());
        QVERIFY(m.migrate().ok());
        auto p = events::KafkaProducer::create(*stack_->kafkaBootstrap());
        QVERIFY(p.ok());
        producer_ = std::move(p).value();
    }
    void cleanupTestCase() {
        producer_.reset();
        pool_.reset();
        stack_->stop();
    }

    void everyEventOnceInOrderPerKey() {
        insertEvents(3000, 50);
        events::OutboxRelay relay({}, SystemClock::instance(), *pool_, *producer_, "relay-a");
        relay.start();
        QVERIFY(waitDrained(60s));
        relay.stop();
        const auto byKey = readTopic(3000, "check-order");
        std::size_t total = 0;
        std::set<int> seen;
        for (const auto& [key, ns] : byKey) {
            total += ns.size();
            for (std::size_t i = 1; i < ns.size(); ++i) QVERIFY2(ns[i - 1] < ns[i], key.c_str());  // commit order per key
            seen.insert(ns.begin(), ns.end());
        }
        QCOMPARE(total, std::size_t(3000));
        QCOMPARE(seen.size(), std::size_t(3000));  // exactly once
    }

    void oneBrokerDownKeepsPublishing() {
        stack_->kafkaCluster()->setBrokerDown(2);
        insertEvents(500, 20);
        events::OutboxRelay relay({}, SystemClock::instance(), *pool_, *producer_, "relay-a");
        relay.start();
        const bool drained = waitDrained(60s);
        relay.stop();
        stack_->kafkaCluster()->setBrokerUp(2);
        QVERIFY(drained);
    }

    void outageThenRecoveryLosesNothing() {
        events::OutboxRelay relay({}, SystemClock::instance(), *pool_, *producer_, "relay-a");
        for (int b = 1; b <= 3; ++b) stack_->kafkaCluster()->setBrokerDown(b);
        relay.start();
        // Writes keep landing in the outbox while Kafka is away.
        for (int i = 0; i < 10; ++i) {
            insertEvents(100, 10);
            std::this_thread::sleep_for(1s);
        }
        QVERIFY(unpublished() >= 1000);
        for (int b = 1; b <= 3; ++b) stack_->kafkaCluster()->setBrokerUp(b);
        QVERIFY(waitDrained(90s));
        relay.stop();
    }

    void leaseKeepsOneRelay() {
        insertEvents(200, 5);
        events::OutboxRelay a({}, SystemClock::instance(), *pool_, *producer_, "relay-a");
        events::OutboxRelay b({}, SystemClock::instance(), *pool_, *producer_, "relay-b");
        // relay-a holds the lease from the earlier tests (renewed within its TTL): b gets nothing.
        QVERIFY(a.runOnce() >= 0);
        QCOMPARE(b.runOnce(), -1L);
        QVERIFY(waitDrained(1s) || a.runOnce() >= 0);
    }

    void redeliveredEventsAreAppliedOnce() {
        // A crash between publish and mark-published: the same events go out twice.
        insertEvents(100, 10);
        events::OutboxRelay relay({}, SystemClock::instance(), *pool_, *producer_, "relay-a");
        QVERIFY(relay.runOnce() > 0);
        {
            auto conn = pool_->acquire();
            QVERIFY((*conn.value()).execute("UPDATE outbox SET published_at = NULL ORDER BY seq DESC LIMIT 100").ok());
        }
        QVERIFY(relay.runOnce() > 0);  // duplicates on the wire
        CountingHandler handler;
        events::DeadLetterSink sink(*pool_, *producer_);
        events::RetryPolicy retry;
        events::EventConsumer consumer("dedup-check", {"payment.captured"}, *stack_->kafkaBootstrap(), *pool_, sink, handler, retry,
                                       SystemClock::instance());
        auto reader = events::KafkaConsumer::create(*stack_->kafkaBootstrap(), "dedup-reader", {"payment.captured"});
        std::size_t delivered = 0;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        const std::size_t onTopic = static_cast<std::size_t>(nextEvent_) + 100;  // every event once, the last 100 twice
        while (delivered < onTopic && std::chrono::steady_clock::now() < deadline) {
            auto m = reader.value()->poll(500ms);
            if (!m.ok() || !m->has_value()) continue;
            QVERIFY(consumer.process(**m));
            ++delivered;
        }
        QCOMPARE(delivered, onTopic);
        QCOMPARE(handler.applied.size(), static_cast<std::size_t>(nextEvent_));
        for (const auto& [id, times] : handler.applied) QVERIFY2(times == 1, id.c_str());
    }
};

QTEST_GUILESS_MAIN(TestOutboxRelay)
#include "tst_OutboxRelay.moc"
