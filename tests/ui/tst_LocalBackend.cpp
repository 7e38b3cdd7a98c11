// The console's own backend against the real paydeskd: with nothing answering on its URL, LocalBackend
// starts paydeskd with the embedded stack in a data folder, reports the startup phases, becomes ready
// with the local admin token and the demo merchant, and on stop() the process exits cleanly and leaves
// no mariadbd or redis-server behind. A second LocalBackend on the same URL finds the running one and
// does not start another (nor stop it).
#include "BackendClient.h"
#include "LocalBackend.h"
#include "SwitchOperatorDialog.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <cstdio>

namespace {

int freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

// Processes whose working directory is inside `folder` (the embedded servers run in the data folder).
QStringList serversIn(const QString& folder) {
    QStringList found;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString& pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        pid.toInt(&numeric);
        if (!numeric) {
            continue;
        }
        const QString cwd = QFile::symLinkTarget(QStringLiteral("/proc/%1/cwd").arg(pid));
        if (!cwd.isEmpty() && cwd.startsWith(folder)) {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            if (comm.open(QIODevice::ReadOnly)) {
                found << QString::fromUtf8(comm.readAll()).trimmed();
            }
        }
    }
    return found;
}

// Set in the environment of a copy of this executable that plays the console: it starts a
// LocalBackend on "<dataDir>|<port>", prints READY once it is ready, and runs until it is killed.
constexpr const char* ConsoleRoleVariable = "PAYDESK_TEST_PLAY_CONSOLE";

int playConsole(int argc, char** argv, const QString& spec) {
    QApplication app(argc, argv);
    const QString dataDir = spec.section(QLatin1Char('|'), 0, 0);
    const int port = spec.section(QLatin1Char('|'), 1, 1).toInt();
    BackendClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    LocalBackend backend(&client, dataDir);
    backend.setBinary(QStringLiteral(PAYDESKD_BINARY));
    backend.setReadyTimeoutMs(180000);
    QObject::connect(&backend, &LocalBackend::ready, &app, []() {
        std::printf("READY\n");
        std::fflush(stdout);
    });
    QObject::connect(&backend, &LocalBackend::failed, &app, [](const QString& why) {
        std::printf("FAILED %s\n", qPrintable(why));
        std::fflush(stdout);
    });
    backend.start();
    return QApplication::exec();
}

}  // namespace

class TestLocalBackend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsReadyThenStopsCleanly() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        const int port = freePort();
        QVERIFY(port > 0);
        BackendClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        LocalBackend backend(&client, dataDir);
        backend.setBinary(QStringLiteral(PAYDESKD_BINARY));
        backend.setReadyTimeoutMs(180000);
        QSignalSpy progress(&backend, &LocalBackend::progress);
        QSignalSpy ready(&backend, &LocalBackend::ready);
        QSignalSpy failed(&backend, &LocalBackend::failed);
        // A console told not to start a backend (`paydesk --backend URL` with no token, as
        // scripts/paydesk.sh run starts it) waits for one to answer and signs in with its token.
        BackendClient waitingClient(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        LocalBackend waiting(&waitingClient, dataDir);
        waiting.setLaunchAllowed(false);
        waiting.setBinary(QStringLiteral(PAYDESKD_BINARY));
        waiting.setReadyTimeoutMs(180000);
        QSignalSpy waitingReady(&waiting, &LocalBackend::ready);
        waiting.start();
        QTest::qWait(1500);
        QCOMPARE(waiting.state(), LocalBackend::State::Starting);
        QVERIFY(!waiting.startedByUs());
        QVERIFY(serversIn(dataDir).isEmpty());
        backend.start();
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(),
                 qPrintable(backend.errorText() + QStringLiteral("\n") + backend.processOutput().right(2000)));
        QCOMPARE(backend.state(), LocalBackend::State::Ready);
        QVERIFY(backend.startedByUs());
        QVERIFY(!progress.isEmpty());         // the startup phases were reported
        QVERIFY(!backend.token().isEmpty());  // the local admin token from DIR/operator-token.json
        QVERIFY(backend.demoCredentials().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!waitingReady.isEmpty(), 30000);
        QVERIFY(!waiting.startedByUs());
        QCOMPARE(waiting.token(), backend.token());
        QCOMPARE(waitingClient.hasBearerToken(), true);

        // Two local identities for the four-eyes steps: the admin and a supervisor, each in its own
        // 0600 file in the data folder, both accepted by the backend.
        const QList<OperatorIdentity> identities = SwitchOperatorDialog::localIdentities(dataDir);
        QCOMPARE(identities.size(), 2);
        QCOMPARE(identities.at(0).name, QStringLiteral("local-admin"));
        QCOMPARE(identities.at(0).role, QStringLiteral("admin"));
        QCOMPARE(identities.at(1).name, QStringLiteral("local-checker"));
        QCOMPARE(identities.at(1).role, QStringLiteral("supervisor"));
        const int mode =
            QFileInfo(QDir(dataDir).filePath(QStringLiteral("operator-checker.json"))).permissions().toInt() & 0x7077;
        QCOMPARE(mode, int(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        for (const OperatorIdentity& identity : identities) {
            BackendClient as(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
            as.setBearerToken(identity.token);
            std::optional<BackendResponse> me;
            as.getJson(QStringLiteral("/admin/whoami"), [&me](const BackendResponse& r) { me = r; });
            QTRY_VERIFY_WITH_TIMEOUT(me.has_value(), 15000);
            QCOMPARE(me->json.object().value(QStringLiteral("name")).toString(), identity.name);
            QCOMPARE(me->json.object().value(QStringLiteral("role")).toString(), identity.role);
        }
        const QStringList running = serversIn(dataDir);
        QVERIFY2(running.contains(QStringLiteral("mariadbd")), qPrintable(running.join(QLatin1Char(','))));
        QVERIFY2(running.contains(QStringLiteral("redis-server")), qPrintable(running.join(QLatin1Char(','))));

        // A second console on the same URL finds this backend: it neither starts nor stops one.
        {
            BackendClient other(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
            LocalBackend second(&other, dataDir);
            second.setBinary(QStringLiteral(PAYDESKD_BINARY));
            QSignalSpy secondReady(&second, &LocalBackend::ready);
            second.start();
            QTRY_VERIFY_WITH_TIMEOUT(!secondReady.isEmpty(), 30000);
            QVERIFY(!second.startedByUs());
            QCOMPARE(second.token(), backend.token());
            QSignalSpy secondStopped(&second, &LocalBackend::stopped);
            second.stop();
            QTRY_VERIFY(!secondStopped.isEmpty());
        }
        QVERIFY(serversIn(dataDir).contains(QStringLiteral("mariadbd")));  // still running: not ours to stop

        QSignalSpy stopped(&backend, &LocalBackend::stopped);
        backend.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!stopped.isEmpty(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(serversIn(dataDir).isEmpty(), 10000);
    }

    // However the console goes — here kill -9, which it cannot intercept — its local backend and the
    // backend's servers go with it (PR_SET_PDEATHSIG: the kernel sends paydeskd SIGTERM).
    void backendDiesWithItsConsole() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        const int port = freePort();
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(ConsoleRoleVariable), dataDir + QLatin1Char('|') + QString::number(port));
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        console.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(console.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT(
            (said += console.readAllStandardOutput()).contains("READY") || console.state() == QProcess::NotRunning,
            180000);
        QVERIFY2(console.state() == QProcess::Running, said.constData());
        const QStringList running = serversIn(dataDir);
        QVERIFY2(running.contains(QStringLiteral("paydeskd")) || running.contains(QStringLiteral("mariadbd")),
                 qPrintable(running.join(QLatin1Char(','))));
        ::kill(static_cast<pid_t>(console.processId()), SIGKILL);
        QVERIFY(console.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(serversIn(dataDir).isEmpty(), 90000);
    }
};

int main(int argc, char** argv) {
    const QString spec = qEnvironmentVariable(ConsoleRoleVariable);
    if (!spec.isEmpty()) {
        return playConsole(argc, argv, spec);
    }
    QApplication app(argc, argv);
    TestLocalBackend test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_LocalBackend.moc"
