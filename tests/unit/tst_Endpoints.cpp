#include <QtTest>

#include "core/Endpoints.h"

using namespace paydesk;

class TestEndpoints : public QObject {
    Q_OBJECT
private slots:
    void dbUrl() {
        auto ep = DbEndpoint::parse("mysql://app:p%40ss@db.internal:3307/pay");
        QVERIFY(ep.ok());
        QCOMPARE(ep->user, std::string("app"));
        QCOMPARE(ep->password, std::string("p@ss"));
        QCOMPARE(ep->host, std::string("db.internal"));
        QCOMPARE(int(ep->port), 3307);
        QCOMPARE(ep->database, std::string("pay"));
        QVERIFY(ep->describe().find("p@ss") == std::string::npos);
    }
    void dbSocket() {
        auto bare = DbEndpoint::parse("/run/mysqld/mysqld.sock");
        QVERIFY(bare.ok());
        QCOMPARE(bare->unixSocket, std::string("/run/mysqld/mysqld.sock"));
        auto q = DbEndpoint::parse("mysql://u:p@localhost/paydesk?socket=/tmp/m.sock");
        QVERIFY(q.ok());
        QCOMPARE(q->unixSocket, std::string("/tmp/m.sock"));
    }
    void dbErrors() {
        QCOMPARE(DbEndpoint::parse("postgres://x").error().code, std::string("CONFIG_INVALID"));
        QVERIFY(!DbEndpoint::parse("mysql://u:p@host:99999/db").ok());
        QVERIFY(!DbEndpoint::parse("mysql://u:p@host:3306/bad-name;drop").ok());
        QVERIFY(!DbEndpoint::parse("").ok());
    }
    void redisUrl() {
        auto r = RedisEndpoint::parse("redis://:pw@10.0.0.5:6380/2");
        QVERIFY(r.ok());
        QCOMPARE(r->host, std::string("10.0.0.5"));
        QCOMPARE(int(r->port), 6380);
        QCOMPARE(r->password, std::string("pw"));
        QCOMPARE(r->database, 2);
        auto u = RedisEndpoint::parse("unix:///tmp/redis.sock?password=x");
        QVERIFY(u.ok());
        QCOMPARE(u->unixSocket, std::string("/tmp/redis.sock"));
        QCOMPARE(u->password, std::string("x"));
        QVERIFY(!RedisEndpoint::parse("http://x").ok());
    }
    void kafkaList() {
        auto k = KafkaEndpoint::parse("k1:9092, k2:9093 ,k3:9094");
        QVERIFY(k.ok());
        QCOMPARE(k->brokers.size(), std::size_t(3));
        QCOMPARE(k->bootstrap(), std::string("k1:9092,k2:9093,k3:9094"));
        QVERIFY(!KafkaEndpoint::parse("k1").ok());
        QVERIFY(!KafkaEndpoint::parse(",").ok());
    }
    void listen() {
        auto a = ListenAddress::parse("127.0.0.1:8080");
        QVERIFY(a.ok());
        QCOMPARE(int(a->port), 8080);
        auto all = ListenAddress::parse(":9000");
        QVERIFY(all.ok());
        QCOMPARE(all->host, std::string("0.0.0.0"));
        auto v6 = ListenAddress::parse("[::1]:8081");
        QVERIFY(v6.ok());
        QCOMPARE(v6->host, std::string("::1"));
        QVERIFY(!ListenAddress::parse("localhost").ok());
        QVERIFY(!ListenAddress::parse("127.0.0.1:0").ok());
    }
};

QTEST_GUILESS_MAIN(TestEndpoints)
#include "tst_Endpoints.moc"
