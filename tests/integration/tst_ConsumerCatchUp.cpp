#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/Clock.h"
#include "core/Crypto.h"
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

namespace {

// Records what it applies, by event id, inside the consumer's transaction.
class ApplyLog final : public events::EventHandler {
public:
    Status handle(const events::ConsumedEvent& e, store::DbConnection&) override {
        std::lock_guard lock(mutex);
        ++times[e.eventId];
        return Status::success();
    }
    std::size_t distinct() {
        std::lock_guard lock(mutex);
        return times.size();
    }
    std::mutex mutex;
    std::map<std::string, int> times;
};

constexpr int kPartitions = 2;
constexpr const char* kTopic = "payment.captured";

}  // namespace

// A consumer that lags further behind than the brokers keep (the embedded cluster keeps about
// 5 MiB per partition) catches up from the outbox: every event is applied exactly once.
class TestConsumerCatchUp : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<local::DataDirectory> dir_;
    std::unique_ptr<local::LocalStack> stack_;
    std::unique_ptr<events::KafkaMockCluster> kafka_;
    std::unique_ptr<store::DbPool> pool_;
    std::unique_ptr<events::KafkaProducer> producer_;
    std::unique_ptr<events::DeadLetterSink> sink_;
    int nextEvent_ = 0;

    static std::string pad(std::size_t bytes) {
        std::string out;
        while (out.size() < bytes) out += crypto::randomHex(std::min<std::size_t>(512, (bytes - out.size() + 1) / 2));
        return out;
    }
    // `count` events of about `payloadBytes` each (incompressible), on 40 keys.
    void insertEvents(int count, std::size_t payloadBytes) {
        auto conn = pool_->acquire();
        QVERIFY(conn.ok());
        store::DbConnection& c = *conn.value();
        for (int done = 0; done < count;) {
            std::string sql =
                "INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, "
                "payload, "
                "occurred_at) VALUES ";
            for (int i = 0; i < 100 && done < count; ++i, ++done) {
                const int n = nextEvent_++;
                const nlohmann::json payload = {{"n", n}, {"merchantId", "m"}, {"pad", pad(payloadBytes)}};
                if (i > 0) sql += ",";
                sql += "('evt_" + std::to_string(n) + "','" + kTopic + "','payment.captured','payment','pay_" +
                       std::to_string(n % 40) + "','t'," + c.quote(payload.dump()) + ",UTC_TIMESTAMP(6))";
            }
            QVERIFY(c.execute(sql).ok());
        }
    }
    void publishAll() {
        events::OutboxRelay relay({}, SystemClock::instance(), *pool_, *producer_, "relay-catch-up");
        const auto deadline = std::chrono::steady_clock::now() + 120s;
        long n = 1;
        while (n != 0 && std::chrono::steady_clock::now() < deadline) n = relay.runOnce();
        QCOMPARE(n, 0L);
    }
    bool waitApplied(ApplyLog& log, std::size_t expected, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (log.distinct() < expected && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(100ms);
        std::this_thread::sleep_for(1s);  // anything applied twice would show up by now
        return log.distinct() == expected;
    }
    std::unique_ptr<events::EventConsumer> consumer(const std::string& group, ApplyLog& log) {
        return std::make_unique<events::EventConsumer>(group, std::vector<std::string>{kTopic}, kafka_->bootstrap(),
                                                       *pool_, *sink_, log, events::RetryPolicy{},
                                                       SystemClock::instance());
    }
    // Runs the group's consumer until every event inserted so far was applied: each exactly once.
    void consumeEveryEventOnce(const std::string& group, ApplyLog& log) {
        auto c = consumer(group, log);
        QVERIFY(c->start().ok());
        const bool all = waitApplied(log, static_cast<std::size_t>(nextEvent_), 120s);
        c->stop();
        QVERIFY2(all,
                 (std::to_string(log.distinct()) + " of " + std::to_string(nextEvent_) + " events applied").c_str());
        for (const auto& [id, times] : log.times) QVERIFY2(times == 1, id.c_str());
    }
    std::int64_t logStart(std::int32_t partition) {
        auto probe = events::KafkaConsumer::create(kafka_->bootstrap(), "catch-up-probe", {kTopic});
        auto marks = probe.value()->watermarks(kTopic, partition, 5s);
        probe.value()->close();
        return marks.ok() ? marks->first : -1;
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
        o.startKafka = false;
        const Status s = stack_->start(o);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        auto kafka = events::KafkaMockCluster::start(1, events::TopicSettings{kPartitions, 1});
        QVERIFY(kafka.ok());
        kafka_ = std::move(kafka).value();
        pool_ = std::make_unique<store::DbPool>(*stack_->database(), 8);
        auto conn = pool_->acquire();
        QVERIFY(store::Migrator(*conn.value()).migrate().ok());
        auto p = events::KafkaProducer::create(kafka_->bootstrap());
        QVERIFY(p.ok());
        producer_ = std::move(p).value();
        sink_ = std::make_unique<events::DeadLetterSink>(*pool_, *producer_);
    }
    void cleanupTestCase() {
        sink_.reset();
        producer_.reset();
        pool_.reset();
        kafka_.reset();
        stack_->stop();
    }

    void laggingConsumerCatchesUpFromTheOutbox() {
        ApplyLog log;
        insertEvents(20, 200);
        publishAll();
        {
            auto c = consumer("catch-up", log);
            QVERIFY(c->start().ok());
            QVERIFY(waitApplied(log, 20, 60s));
            c->stop();
        }
        // While it is stopped, far more than a partition's tail arrives (≈ 7 MiB per partition).
        insertEvents(3600, 4000);
        publishAll();
        for (std::int32_t p = 0; p < kPartitions; ++p)
            QVERIFY2(logStart(p) > 20, "the head of the partition was not dropped");
        consumeEveryEventOnce("catch-up", log);
    }

    void newGroupStartsFromTheOutboxToo() {
        // No committed offset while the log no longer starts at 0: nothing before the log start is skipped.
        ApplyLog log;
        consumeEveryEventOnce("catch-up-new", log);
    }
};

QTEST_GUILESS_MAIN(TestConsumerCatchUp)
#include "tst_ConsumerCatchUp.moc"
