#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cache/RedisClient.h"
#include "core/Files.h"
#include "core/Logger.h"
#include "events/KafkaMockCluster.h"
#include "local/ChildProcess.h"
#include "local/DataDirectory.h"
#include "local/LocalStack.h"
#include "store/Database.h"
#include "store/Migrator.h"

using namespace paydesk;
using namespace std::chrono_literals;

// The embedded stack started for real in a temporary folder: mariadbd, redis-server and the
// Kafka mock cluster, then the schema on top.
class TestLocalStack : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<local::DataDirectory> dir_;
    std::unique_ptr<local::LocalStack> stack_;

    std::unique_ptr<store::DbConnection> connect() {
        auto conn = store::DbConnection::open(*stack_->database(), {});
        if (!conn.ok()) qFatal("connect: %s", conn.error().message.c_str());
        return std::move(conn).value();
    }

private slots:
    void initTestCase() {
        Logger::setLevel(LogLevel::Warn);
        QVERIFY(tmp_.isValid());
        auto dir = local::DataDirectory::open(tmp_.filePath("data").toStdString());
        QVERIFY2(dir.ok(), dir.ok() ? "" : dir.error().message.c_str());
        dir_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
        stack_ = std::make_unique<local::LocalStack>(*dir_);
        const Status s = stack_->start({});
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    }
    void cleanupTestCase() {
        const pid_t db = stack_->databasePid();
        const pid_t redis = stack_->redisPid();
        stack_->stop();
        QVERIFY(!local::ChildProcess::isAlive(db));
        QVERIFY(!local::ChildProcess::isAlive(redis));
    }

    void allThreeAnswer() {
        auto conn = connect();
        auto r = conn->query("SELECT @@innodb_flush_log_at_trx_commit, @@bind_address, DATABASE()");
        QVERIFY(r.ok());
        QCOMPARE(r->text(0, 0), std::string("1"));  // durable commits
        QCOMPARE(r->text(0, 1), std::string("127.0.0.1"));
        QCOMPARE(r->text(0, 2), std::string("paydesk"));

        auto redis = cache::RedisClient::connect(*stack_->redis());
        QVERIFY(redis.ok());
        auto aof = redis.value()->command({"CONFIG", "GET", "appendonly"});
        QVERIFY(aof.ok());
        QCOMPARE(aof->elements.at(1).text, std::string("yes"));

        auto kafka = events::KafkaAdmin::connect(*stack_->kafkaBootstrap());
        QVERIFY(kafka.ok());
        auto brokers = kafka.value()->probe(5000);
        QVERIFY2(brokers.ok(), brokers.ok() ? "" : brokers.error().message.c_str());
        QCOMPARE(brokers.value(), 3);
    }

    void redisRequiresItsPassword() {
        RedisEndpoint noPassword = *stack_->redis();
        noPassword.unixSocket.clear();  // over TCP
        noPassword.password.clear();
        auto client = cache::RedisClient::connect(noPassword);
        QVERIFY(client.ok());
        auto r = client.value()->command({"GET", "x"});
        QVERIFY(r.ok());
        QVERIFY(r->isError());  // NOAUTH
    }

    void noPasswordOnAServerCommandLine() {
        // Any local user may read /proc/PID/cmdline; the servers' passwords must not be there.
        const std::string redisPassword = stack_->redis()->password;
        const std::string dbPassword = stack_->database()->password;
        QVERIFY(!redisPassword.empty() && !dbPassword.empty());
        const std::string redisLine = local::ChildProcess::commandLine(stack_->redisPid());
        const std::string config = dir_->path("redis/redis.conf");
        // What the kernel shows is the real argument list (no rewritten title hiding it): the config file.
        QVERIFY2(redisLine.find(config) != std::string::npos, redisLine.c_str());
        QVERIFY2(redisLine.find(redisPassword) == std::string::npos,
                 "the Redis password is on redis-server's command line");
        QVERIFY2(redisLine.find("requirepass") == std::string::npos, redisLine.c_str());
        const std::string dbLine = local::ChildProcess::commandLine(stack_->databasePid());
        QVERIFY2(dbLine.find("mariadbd") != std::string::npos, dbLine.c_str());
        QVERIFY2(dbLine.find(dbPassword) == std::string::npos, "the database password is on mariadbd's command line");
        QVERIFY2(dbLine.find("password") == std::string::npos, dbLine.c_str());

        // The password is in the config file instead, readable by this user only.
        struct stat st {};
        QCOMPARE(::stat(config.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777u, 0600u);
        QVERIFY(files::read(config).find("requirepass \"" + redisPassword + "\"") != std::string::npos);
    }

    void rootIsNotReachableOverTcp() {
        DbEndpoint root;
        root.host = "127.0.0.1";
        root.port = stack_->database()->port;
        root.user = "root";
        auto conn = store::DbConnection::open(root, {}, false);
        QVERIFY(!conn.ok());
    }

    void migrationsAreIdempotent() {
        auto conn = connect();
        store::Migrator m(*conn);
        auto first = m.migrate();
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        auto second = m.migrate();
        QVERIFY(second.ok());
        QVERIFY(second->applied.empty());
        QCOMPARE(second->fromVersion, second->toVersion);
        auto rows = conn->query("SELECT COUNT(*) FROM schema_version");
        QCOMPARE(rows->integer(0, 0), std::int64_t(store::Migrator::latestVersion(store::embeddedMigrations())));
    }

    void concurrentMigrationsApplyOnce() {
        DbEndpoint root = *stack_->database();
        root.user = "root";  // over the socket only, guarded by the 0700 run folder
        root.password.clear();
        auto rootConn = store::DbConnection::open(root, {}, false);
        QVERIFY(rootConn.ok());
        QVERIFY(rootConn.value()->execute("CREATE DATABASE IF NOT EXISTS race").ok());
        QVERIFY(rootConn.value()->execute("GRANT ALL ON race.* TO 'paydesk'@'localhost'").ok());
        auto conn = connect();
        DbEndpoint ep = *stack_->database();
        ep.database = "race";
        const std::vector<store::Migration> set = {
            {1, "one", "CREATE TABLE IF NOT EXISTS t1 (id INT PRIMARY KEY);\nINSERT IGNORE INTO t1 VALUES (1);"},
            {2, "two", "CREATE TABLE IF NOT EXISTS t2 (id INT PRIMARY KEY);"},
        };
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                auto c = store::DbConnection::open(ep, {});
                if (!c.ok()) return;
                store::Migrator m(*c.value());
                if (m.migrate(set).ok()) ok.fetch_add(1);
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(ok.load(), 4);
        auto rows = conn->query("SELECT COUNT(*) FROM race.schema_version");
        QCOMPARE(rows->integer(0, 0), std::int64_t(2));
    }

    void newerDatabaseIsRefused() {
        auto conn = connect();
        QVERIFY(
            conn->execute("INSERT INTO schema_version VALUES (9999, 'future', REPEAT('0', 64), NOW(6), 'test')").ok());
        store::Migrator m(*conn);
        auto r = m.migrate();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("SCHEMA_TOO_NEW"));
        QVERIFY(r.error().message.find("9999") != std::string::npos);
        QVERIFY(conn->execute("DELETE FROM schema_version WHERE version = 9999").ok());
    }

    void changedMigrationIsRefused() {
        auto conn = connect();
        QVERIFY(conn->execute("UPDATE schema_version SET checksum = REPEAT('a', 64) WHERE version = 1").ok());
        store::Migrator m(*conn);
        auto r = m.migrate();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("SCHEMA_MISMATCH"));
        QVERIFY(conn->execute("DELETE FROM schema_version WHERE version = 1").ok());
        QVERIFY(m.migrate().ok());  // re-applies version 1 idempotently
    }

    void poolGivesUpQuickly() {
        DbEndpoint nowhere;
        nowhere.host = "127.0.0.1";
        nowhere.port = 1;
        store::DbPool pool(nowhere, 2, store::DbTimeouts{1s, 1s, 1s});
        const auto start = std::chrono::steady_clock::now();
        auto c = pool.acquire(500ms);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, std::string("DB_UNAVAILABLE"));
        QVERIFY(std::chrono::steady_clock::now() - start < 3s);
    }

    void poolRollsBackAbandonedTransactions() {
        store::DbPool pool(*stack_->database(), 1);
        {
            auto c = pool.acquire();
            QVERIFY(c.ok());
            QVERIFY((*c.value()).execute("CREATE TABLE IF NOT EXISTS pool_probe (id INT PRIMARY KEY)").ok());
            QVERIFY((*c.value()).begin().ok());
            QVERIFY((*c.value()).execute("INSERT INTO pool_probe VALUES (1)").ok());
            // returned to the pool mid-transaction
        }
        auto c = pool.acquire();
        QVERIFY(c.ok());
        QVERIFY(!(*c.value()).inTransaction());
        auto rows = (*c.value()).query("SELECT COUNT(*) FROM pool_probe");
        QCOMPARE(rows->integer(0, 0), std::int64_t(0));
    }

    void dataDirectoryIsExclusive() {
        auto second = local::DataDirectory::open(dir_->root());
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, std::string("DATA_DIR_LOCKED"));
        QVERIFY(second.error().message.find(dir_->root()) != std::string::npos);
    }

    void missingBinaryIsNamed() {
        local::ProcessSpec spec;
        spec.executable = "paydesk-no-such-server";
        auto child = local::ChildProcess::spawn(spec);
        QVERIFY(!child.ok());
        QCOMPARE(child.error().code, std::string("LOCAL_EXEC_FAILED"));
        QVERIFY(child.error().message.find("paydesk-no-such-server") != std::string::npos);
    }

    // A second, separate folder whose datadir is damaged: the start fails, says why and which
    // server, and leaves nothing running.
    void corruptDatadirFailsClearly() {
        QTemporaryDir other;
        auto dir = local::DataDirectory::open(other.filePath("d").toStdString());
        QVERIFY(dir.ok());
        {
            local::LocalStack stack(dir.value());
            local::LocalStackOptions only;
            only.startRedis = only.startKafka = false;
            QVERIFY(stack.start(only).ok());
        }
        // Overwrite the whole InnoDB system tablespace (doublewrite buffer included) with junk.
        const std::string ibdata = other.filePath("d/mariadb/data/ibdata1").toStdString();
        {
            const auto size = std::filesystem::file_size(ibdata);
            std::ofstream f(ibdata, std::ios::binary | std::ios::trunc);
            QVERIFY(f.is_open());
            const std::string junk(static_cast<std::size_t>(size), '\x5a');
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
        local::LocalStack stack(dir.value());
        local::LocalStackOptions only;
        only.startRedis = only.startKafka = false;
        only.databaseTimeout = 60s;
        const Status s = stack.start(only);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, std::string("LOCAL_DB_FAILED"));
        qInfo("start refused as expected: %s", s.error().message.c_str());
        QVERIFY2(s.error().message.find("MariaDB") != std::string::npos, s.error().message.c_str());
        QVERIFY2(s.error().message.find("mariadbd.err") != std::string::npos, s.error().message.c_str());
        QCOMPARE(stack.databasePid(), -1);
    }
};

QTEST_GUILESS_MAIN(TestLocalStack)
#include "tst_LocalStack.moc"
