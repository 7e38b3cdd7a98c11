#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>
#include <vector>

#include "service/ServerConfig.h"

using namespace paydesk;
using service::parseCommandLine;

namespace {
service::ParsedCommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "paydeskd");
    return parseCommandLine(static_cast<int>(args.size()), args.data());
}
}  // namespace

class TestServerConfig : public QObject {
    Q_OBJECT
private slots:
    void cleanup() {
        for (const char* v : {"PAYDESK_DB_URL", "PAYDESK_REDIS_URL", "PAYDESK_KAFKA_BROKERS", "PAYDESK_DATA_DIR", "PAYDESK_LISTEN"}) unsetenv(v);
    }
    void defaultsAreEmbedded() {
        setenv("HOME", "/home/tester", 1);
        unsetenv("XDG_DATA_HOME");
        auto p = parse({});
        QVERIFY(p.config.has_value());
        QCOMPARE(p.config->listen.host, std::string("127.0.0.1"));
        QCOMPARE(int(p.config->listen.port), 8080);
        QCOMPARE(p.config->dataDir, std::string("/home/tester/.local/share/paydesk"));
        QVERIFY(!p.config->db && !p.config->redis && !p.config->kafka);
        QVERIFY(p.config->embeddedAnything());
        QCOMPARE(p.config->topics.replicationFactor, 3);
    }
    void commandLineEndpoints() {
        auto p = parse({"--data-dir", "/tmp/x", "--listen", "0.0.0.0:9090", "--db", "mysql://u:pw@h:3306/d", "--redis",
                        "redis://h:6379", "--kafka", "a:1,b:2"});
        QVERIFY2(p.config.has_value(), p.output.c_str());
        QCOMPARE(p.config->dataDir, std::string("/tmp/x"));
        QCOMPARE(int(p.config->listen.port), 9090);
        QCOMPARE(p.config->db->host, std::string("h"));
        QCOMPARE(p.config->kafka->brokers.size(), std::size_t(2));
        QVERIFY(!p.config->embeddedAnything());
    }
    void environmentVariables() {
        setenv("PAYDESK_DB_URL", "mysql://e:pw@envhost:3306/d", 1);
        setenv("PAYDESK_REDIS_URL", "redis://envredis:6379", 1);
        setenv("PAYDESK_KAFKA_BROKERS", "envk:9092", 1);
        auto p = parse({});
        QVERIFY(p.config.has_value());
        QCOMPARE(p.config->db->host, std::string("envhost"));
        QCOMPARE(p.config->redis->host, std::string("envredis"));
        QCOMPARE(p.config->kafka->bootstrap(), std::string("envk:9092"));
        // The command line beats the environment.
        auto q = parse({"--db", "mysql://c:pw@clihost:3306/d"});
        QCOMPARE(q.config->db->host, std::string("clihost"));
    }
    void configFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("paydeskd.ini").toStdString();
        std::ofstream(path) << "listen=127.0.0.1:7070\nredis=redis://filehost:6379\nlog-level=debug\n";
        auto p = parse({"--config", path.c_str()});
        QVERIFY2(p.config.has_value(), p.output.c_str());
        QCOMPARE(int(p.config->listen.port), 7070);
        QCOMPARE(p.config->redis->host, std::string("filehost"));
        QVERIFY(p.config->logLevel == LogLevel::Debug);
        QVERIFY(!p.config->db);
    }
    void errorsAreClear() {
        auto bad = parse({"--db", "postgres://nope"});
        QVERIFY(!bad.config.has_value());
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.output.find("database URL") != std::string::npos);
        auto unknown = parse({"--no-such-flag"});
        QVERIFY(!unknown.config.has_value());
        QVERIFY(unknown.exitCode != 0);
        auto rep = parse({"--topic-replication", "5"});
        QVERIFY(!rep.config.has_value());
        QVERIFY(rep.output.find("replication") != std::string::npos);
    }
    void helpAndVersionExitZero() {
        auto h = parse({"--help"});
        QVERIFY(!h.config.has_value());
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.output.find("--data-dir") != std::string::npos);
        QVERIFY(h.output.find("PAYDESK_DB_URL") != std::string::npos);
    }
    void migrateSubcommand() {
        auto m = parse({"migrate", "--data-dir", "/tmp/y"});
        QVERIFY2(m.config.has_value(), m.output.c_str());
        QVERIFY(m.config->command == service::ServerConfig::Command::Migrate);
        QCOMPARE(m.config->dataDir, std::string("/tmp/y"));
    }
};

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_ServerConfig.moc"
