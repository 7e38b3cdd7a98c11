#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;

namespace {

nlohmann::json readJsonFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
}

std::string readText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

DbEndpoint embeddedDb(const QString& dataDir) {
    const auto ep = readJsonFile(dataDir + "/run/endpoints.json");
    DbEndpoint db;
    db.unixSocket = ep["db"]["socket"].get<std::string>();
    db.host = ep["db"]["host"].get<std::string>();
    db.port = ep["db"]["port"].get<std::uint16_t>();
    db.user = ep["db"]["user"].get<std::string>();
    db.database = ep["db"]["database"].get<std::string>();
    db.password = readText(QString::fromStdString(ep["db"]["passwordFile"].get<std::string>()));
    return db;
}

}  // namespace

// paydeskd run as a real process, the way an operator or systemd runs it.
class TestPaydeskd : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void initTestCase() { QVERIFY(QFile::exists(paydeskdBinary())); }

    void readyThenCleanStop() {
        const QString dir = tmp_.filePath("a");
        PaydeskdProcess pd;
        QVERIFY(pd.start(dir, freePort()));
        QVERIFY2(pd.waitReady(), qPrintable(pd.output()));

        const HttpReply live = httpGet(pd.port(), "/health/live");
        QCOMPARE(live.status, 200);
        // Where the servers are is shown to operators only.
        const std::string token = readJsonFile(dir + "/operator-token.json")["token"].get<std::string>();
        const HttpReply ready =
            httpRequest(pd.port(), "GET", "/health/ready", "", {{"Authorization", "Bearer " + token}});
        QCOMPARE(ready.status, 200);
        const auto body = nlohmann::json::parse(ready.body);
        QCOMPARE(body["status"].get<std::string>(), std::string("ready"));
        QCOMPARE(body["mode"].get<std::string>(), std::string("embedded"));
        for (const char* c : {"db", "redis", "kafka"}) {
            QCOMPARE(body["components"][c]["state"].get<std::string>(), std::string("up"));
            QVERIFY(!body["components"][c]["endpoint"].get<std::string>().empty());
        }
        QVERIFY(body["components"]["db"]["endpoint"].get<std::string>().find("mariadb.sock") != std::string::npos);
        const std::string brokers = body["components"]["kafka"]["endpoint"].get<std::string>();
        QCOMPARE(std::count(brokers.begin(), brokers.end(), ','), 2L);  // three brokers

        const HttpReply metrics = httpGet(pd.port(), "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.headers.at("content-type").find("text/plain") == 0);
        QVERIFY(metrics.body.find("paydesk_http_requests_total{route=\"/health/ready\"") != std::string::npos);
        QVERIFY(metrics.body.find("paydesk_component_up{component=\"db\"} 1") != std::string::npos);

        const HttpReply missing = httpGet(pd.port(), "/no/such/thing");
        QCOMPARE(missing.status, 404);
        QCOMPARE(nlohmann::json::parse(missing.body)["code"].get<std::string>(), std::string("NOT_FOUND"));

        const pid_t db = readPidFile(dir + "/run/mariadbd.pid");
        const pid_t redis = readPidFile(dir + "/run/redis.pid");
        QVERIFY(processAlive(db));
        QVERIFY(processAlive(redis));

        QCOMPARE(pd.terminate(), 0);
        QVERIFY2(!processAlive(db), "mariadbd left behind");
        QVERIFY2(!processAlive(redis), "redis-server left behind");
        QVERIFY(!QFile::exists(dir + "/run/mariadb.sock"));

        // Secrets of the embedded servers never reach the log.
        const std::string out = pd.output().toStdString();
        const std::string dbPassword = readText(dir + "/mariadb/credentials");
        const std::string redisPassword = readText(dir + "/redis/credentials");
        QVERIFY(dbPassword.size() >= 16 && redisPassword.size() >= 16);
        QVERIFY(out.find(dbPassword) == std::string::npos);
        QVERIFY(out.find(redisPassword) == std::string::npos);
        QVERIFY(out.find("\"msg\":\"paydeskd serving\"") != std::string::npos);
    }

    void killNineThenRestartKeepsCommittedData() {
        const QString dir = tmp_.filePath("b");
        {
            PaydeskdProcess pd;
            QVERIFY(pd.start(dir, freePort()));
            QVERIFY2(pd.waitReady(), qPrintable(pd.output()));
            auto conn = store::DbConnection::open(embeddedDb(dir), {});
            QVERIFY2(conn.ok(), conn.ok() ? "" : conn.error().message.c_str());
            QVERIFY(conn.value()->execute("CREATE TABLE crash_probe (id INT PRIMARY KEY, note VARCHAR(64))").ok());
            QVERIFY(conn.value()->execute("INSERT INTO crash_probe VALUES (1, 'committed before kill -9')").ok());
            conn.value().reset();
            pd.kill9();
        }
        // Restart at once: the old servers may still be shutting down; the new run must cope.
        PaydeskdProcess again;
        QVERIFY(again.start(dir, freePort()));
        QVERIFY2(again.waitReady(), qPrintable(again.output()));
        auto conn = store::DbConnection::open(embeddedDb(dir), {});
        QVERIFY(conn.ok());
        auto rows = conn.value()->query("SELECT note FROM crash_probe WHERE id = 1");
        QVERIFY(rows.ok());
        QCOMPARE(rows->rows.size(), std::size_t(1));
        QCOMPARE(rows->text(0, 0), std::string("committed before kill -9"));
        conn.value().reset();
        QCOMPARE(again.terminate(), 0);
    }

    void leftoverServerIsReclaimed() {
        // A mariadbd that outlived its paydeskd: the next run must find it through its pid file,
        // check that it really is our server in our folder, stop it and start afresh.
        const QString dir = tmp_.filePath("c");
        PaydeskdProcess first;
        QVERIFY(first.start(dir, freePort()));
        QVERIFY2(first.waitReady(), qPrintable(first.output()));
        const pid_t oldDb = readPidFile(dir + "/run/mariadbd.pid");
        QVERIFY(processAlive(oldDb));
        // Freeze the old server so it cannot react to its parent's death before we restart.
        ::kill(oldDb, SIGSTOP);
        first.kill9();
        QVERIFY(processAlive(oldDb));
        ::kill(oldDb, SIGCONT);
        PaydeskdProcess second;
        QVERIFY(second.start(dir, freePort()));
        QVERIFY2(second.waitReady(), qPrintable(second.output()));
        QVERIFY(!processAlive(oldDb));
        QCOMPARE(second.terminate(), 0);
    }

    void secondInstanceOnSameFolderIsRefused() {
        const QString dir = tmp_.filePath("d");
        PaydeskdProcess a;
        QVERIFY(a.start(dir, freePort()));
        QVERIFY2(a.waitReady(), qPrintable(a.output()));
        PaydeskdProcess b;
        QVERIFY(b.start(dir, freePort()));
        QCOMPARE(b.waitForExit(60s), 1);
        QVERIFY2(b.output().contains("in use by another paydeskd"), qPrintable(b.output()));
        QCOMPARE(httpGet(a.port(), "/health/ready").status, 200);  // the first one is unharmed
        QCOMPARE(a.terminate(), 0);
    }

    void takenPortFailsFastAndStartsNothing() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(fd, 1), 0);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        const QString dir = tmp_.filePath("e");
        PaydeskdProcess pd;
        QVERIFY(pd.start(dir, ntohs(addr.sin_port)));
        QCOMPARE(pd.waitForExit(30s), 1);
        ::close(fd);
        QVERIFY2(pd.output().contains("cannot listen"), qPrintable(pd.output()));
        QVERIFY(!QFile::exists(dir + "/run/mariadbd.pid"));
    }

    void externalEndpointsStartNothingLocally() {
        const QString embeddedDir = tmp_.filePath("f");
        PaydeskdProcess host;
        QVERIFY(host.start(embeddedDir, freePort()));
        QVERIFY2(host.waitReady(), qPrintable(host.output()));
        const auto ep = readJsonFile(embeddedDir + "/run/endpoints.json");
        const DbEndpoint db = embeddedDb(embeddedDir);
        const std::string redisPw = readText(embeddedDir + "/redis/credentials");

        const QString dbUrl = QString::fromStdString("mysql://paydesk:" + db.password + "@127.0.0.1:" + std::to_string(db.port) + "/paydesk");
        const QString redisUrl = QString::fromStdString("redis://:" + redisPw + "@127.0.0.1:" + std::to_string(ep["redis"]["port"].get<int>()));
        const QString kafka = QString::fromStdString(ep["kafka"]["bootstrap"].get<std::string>());
        const QString externalDir = tmp_.filePath("g");
        PaydeskdProcess client;
        const std::string token = "external-operator-token-0123456789";
        QVERIFY(client.start(externalDir, freePort(),
                             {"--db", dbUrl, "--redis", redisUrl, "--kafka", kafka, "--operator-tokens",
                              QString::fromStdString(token + ":ops:clerk")}));
        QVERIFY2(client.waitReady(), qPrintable(client.output()));
        const auto body = nlohmann::json::parse(
            httpRequest(client.port(), "GET", "/health/ready", "", {{"Authorization", "Bearer " + token}}).body);
        QCOMPARE(body["mode"].get<std::string>(), std::string("external"));
        QCOMPARE(body["components"]["db"]["endpoint"].get<std::string>(), "127.0.0.1:" + std::to_string(db.port));
        QVERIFY(!QDir(externalDir + "/mariadb").exists());
        QVERIFY(!QFile::exists(externalDir + "/run/redis.pid"));
        QCOMPARE(client.terminate(), 0);
        QVERIFY(!client.output().contains(QString::fromStdString(db.password)));
        QVERIFY(!client.output().contains(QString::fromStdString(redisPw)));
        QCOMPARE(httpGet(host.port(), "/health/ready").status, 200);  // its servers are not touched
        QCOMPARE(host.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskd)
#include "tst_Paydeskd.moc"
