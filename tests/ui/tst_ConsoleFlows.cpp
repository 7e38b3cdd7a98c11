// The console against a real paydeskd: started here in a temporary data directory (embedded
// MariaDB/Redis/Kafka), then driven through the real panels: a signed payment is found and captured
// from the Payments panel, a webhook event dead-letters and is replayed from the Dead letters panel,
// the Audit log lists the replay, a bank statement naming the captured payment is previewed, imported
// and its exception resolved from the Reconciliation panel. Screenshots of each panel against the
// real backend.
#include "AuditPanel.h"
#include "BackendClient.h"
#include "DeadLettersPanel.h"
#include "DemoTraffic.h"
#include "Language.h"
#include "MainWindow.h"
#include "MerchantSigner.h"
#include "OverviewPanel.h"
#include "PagedTableModel.h"
#include "Panel.h"
#include "PaymentsPanel.h"
#include "ReconImportDialog.h"
#include "ReconModels.h"
#include "ReconciliationPanel.h"
#include "SettlementsPanel.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <memory>
#include <optional>

namespace {

const QString AdminToken = QStringLiteral("tok-admin-0123456789");
// A second operator, a supervisor: the checker of the four-eyes steps.
const QString CheckerToken = QStringLiteral("tok-checker-0123456789");

MerchantCredentials merchant() {
    return MerchantCredentials{QStringLiteral("m1"), QStringLiteral("k1"), QStringLiteral("secret-one-0123456789")};
}

int freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

void saveShot(QWidget* widget, const QString& name) {
    QVERIFY(QDir().mkpath(QStringLiteral(PAYDESK_SCREENSHOT_DIR)));
    QVERIFY(widget->grab().save(QStringLiteral(PAYDESK_SCREENSHOT_DIR "/real-") + name + QStringLiteral(".png")));
}

// One synchronous call (the event loop keeps running while waiting).
std::optional<BackendResponse> waitFor(const std::function<void(BackendClient::Callback)>& send, int timeoutMs = 15000) {
    std::optional<BackendResponse> answer;
    send([&answer](const BackendResponse& response) { answer = response; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, timeoutMs)) {
        return std::nullopt;
    }
    return answer;  // empty when nothing came back in time
}

QString describe(const std::optional<BackendResponse>& response) {
    if (!response) {
        return QStringLiteral("no answer");
    }
    return QStringLiteral("HTTP %1: %2").arg(response->httpStatus).arg(QString::fromUtf8(response->body.left(400)));
}

}  // namespace

class tst_ConsoleFlows : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dataDir;
    QProcess m_backend;
    QUrl m_baseUrl;
    std::unique_ptr<BackendClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    QString m_paymentId;
    QString m_replayedDeadLetter;

    static QString backendBinary() {
        // PAYDESKD_BINARY in the environment overrides the build's own binary (handy while developing).
        const QString fromEnvironment = qEnvironmentVariable("PAYDESKD_BINARY");
        return fromEnvironment.isEmpty() ? QStringLiteral(PAYDESKD_BINARY) : fromEnvironment;
    }

    std::optional<BackendResponse> signedCall(const QByteArray& method, const QString& path,
                                              const std::optional<QJsonObject>& body) {
        return waitFor([&](BackendClient::Callback done) {
            MerchantSigner::call(m_client.get(), merchant(), method, path, body, std::move(done), this);
        });
    }

    std::optional<BackendResponse> adminGet(const QString& path) {
        return waitFor([&](BackendClient::Callback done) { m_client->getJson(path, std::move(done), this); });
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)}.clear();
        QVERIFY(Language::install(QStringLiteral("en")));
        QVERIFY(m_dataDir.isValid());
        const int port = freePort();
        QVERIFY(port > 0);
        m_baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));

        m_backend.setProcessChannelMode(QProcess::MergedChannels);
        m_backend.setStandardOutputFile(m_dataDir.filePath(QStringLiteral("paydeskd.log")));
        m_backend.setProgram(backendBinary());
        m_backend.setArguments(
            {QStringLiteral("--data-dir"), m_dataDir.filePath(QStringLiteral("data")), QStringLiteral("--listen"),
             QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--api-keys"),
             QStringLiteral("k1:secret-one-0123456789:m1"), QStringLiteral("--operator-tokens"),
             AdminToken + QStringLiteral(":admin:admin,") + CheckerToken + QStringLiteral(":checker:supervisor"),
             QStringLiteral("--webhook-attempts"), QStringLiteral("1"),
             // The test's webhook receiver is on loopback, which must be allow-listed.
             QStringLiteral("--webhook-allow-networks"), QStringLiteral("127.0.0.0/8"),
             QStringLiteral("--webhook-backoff-ms"), QStringLiteral("10")});
        m_backend.start();
        QVERIFY2(m_backend.waitForStarted(10000), qPrintable(backendBinary() + QStringLiteral(": ") + m_backend.errorString()));

        m_client = std::make_unique<BackendClient>(m_baseUrl);
        m_client->setBearerToken(AdminToken);
        m_client->setTimeoutMs(10000);

        // The embedded servers take a few seconds (more on a busy machine).
        bool ready = false;
        for (int attempt = 0; attempt < 240 && !ready; ++attempt) {
            QVERIFY2(m_backend.state() == QProcess::Running, "paydeskd exited while starting");
            std::optional<BackendResponse> answer;
            m_client->getJson(
                QStringLiteral("/health/ready"), [&answer](const BackendResponse& r) { answer = r; }, this);
            QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 15000);
            ready = answer->httpStatus == 200;
            if (!ready) {
                QTest::qWait(500);
            }
        }
        QVERIFY2(ready, "paydeskd did not become ready within 2 minutes");

        m_window = std::make_unique<MainWindow>(m_client.get());
        m_window->addStandardPanels();
        m_window->resize(1280, 800);
        m_window->session()->setMerchant(merchant(), false);
        m_window->overviewPanel()->setPollIntervalMs(1000);
        m_window->show();
        Q_EMIT m_window->session()->connected();
        Panel::testPrompts().confirm = [](const QString&) { return true; };
        // Capture: an empty amount means the full authorized amount.
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QString()); };
    }

    void cleanupTestCase() {
        Panel::testPrompts() = Panel::Prompts{};
        m_window.reset();
        if (m_backend.state() == QProcess::Running) {
            ::kill(static_cast<pid_t>(m_backend.processId()), SIGTERM);
            QVERIFY2(m_backend.waitForFinished(60000), "paydeskd did not stop within 60 s of SIGTERM");
            QCOMPARE(m_backend.exitStatus(), QProcess::NormalExit);
            QCOMPARE(m_backend.exitCode(), 0);
        }
    }

    // A console pointed at the backend without a token (what `scripts/paydesk.sh run` used to give):
    // every panel and the Overview say what is wrong and what to do; switching to a valid operator
    // clears the banners and the panels load.
    void withoutATokenThePanelsSayWhatToDo() {
        BackendClient anonymous(m_baseUrl);
        MainWindow window(&anonymous);
        window.addStandardPanels();
        window.show();
        auto* payments = static_cast<PaymentsPanel*>(window.panel(QStringLiteral("paymentsPanel")));
        QVERIFY(payments);
        QSignalSpy loaded(payments->model(), &PagedTableModel::loaded);
        Q_EMIT window.session()->connected();
        for (const QString& name : {QStringLiteral("paymentsPanel"), QStringLiteral("deadLettersPanel"),
                                    QStringLiteral("auditPanel"), QStringLiteral("settlementsPanel")}) {
            Panel* panel = window.panel(name);
            QTRY_VERIFY2_WITH_TIMEOUT(panel->accessBannerText().contains(QStringLiteral("Not signed in")),
                                      qPrintable(name + QStringLiteral(": ") + panel->lastError()), 15000);
            QVERIFY(panel->accessBannerText().contains(QStringLiteral("Switch operator")));
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.overviewPanel()->accessNote().contains(QStringLiteral("Not signed in")), 15000);
        window.showPanel(1);
        QTest::qWait(200);
        saveShot(&window, QStringLiteral("not-signed-in"));

        window.switchOperator(AdminToken);
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->operatorName(), QStringLiteral("admin"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 15000);
        QVERIFY(payments->accessBannerText().isEmpty());
        QVERIFY(window.overviewPanel()->accessNote().isEmpty());
        QCOMPARE(window.session()->operatorRole(), QStringLiteral("admin"));
    }

    void overviewShowsTheRealBackend() {
        OverviewPanel* overview = m_window->overviewPanel();
        m_window->showPanel(0);
        QTRY_COMPARE_WITH_TIMEOUT(overview->statusText(), QStringLiteral("Ready"), 15000);
        // Demo traffic (signed, as m1) for a few seconds so the live charts have lines to show.
        overview->setDemoCredentials(merchant(), QString());
        overview->demoTraffic()->start();
        QTest::qWait(8000);
        overview->demoTraffic()->stop();
        QVERIFY(overview->demoTraffic()->sent() > 0);
        QVERIFY2(overview->demoTraffic()->failures() < overview->demoTraffic()->sent(),
                 qPrintable(overview->demoTraffic()->lastError()));
        QTest::qWait(1200);
        saveShot(m_window.get(), QStringLiteral("overview"));
    }

    void captureFromThePaymentsPanel() {
        const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto authorized = signedCall(
            "POST", QStringLiteral("/api/payments/authorize"),
            QJsonObject{{QStringLiteral("merchantId"), QStringLiteral("m1")},
                        {QStringLiteral("amount"), 45000},
                        {QStringLiteral("currency"), QStringLiteral("KRW")},
                        {QStringLiteral("idempotencyKey"), key},
                        {QStringLiteral("card"), QJsonObject{{QStringLiteral("number"), QStringLiteral("4111111111111111")},
                                                             {QStringLiteral("expiry"), QStringLiteral("12/30")}}}});
        QVERIFY2(authorized && authorized->ok(), qPrintable(describe(authorized)));
        QCOMPARE(authorized->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("AUTHORIZED"));
        m_paymentId = authorized->json.object().value(QStringLiteral("paymentId")).toString();
        QVERIFY(!m_paymentId.isEmpty());

        m_window->showPanel(1);
        auto* payments = static_cast<PaymentsPanel*>(m_window->panel(QStringLiteral("paymentsPanel")));
        QVERIFY(payments);
        QSignalSpy loaded(payments->model(), &PagedTableModel::loaded);
        payments->setSearchText(m_paymentId);
        payments->search();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && payments->model()->rowCount() == 1, 15000);
        QCOMPARE(payments->model()->data(payments->model()->index(0, 0), PagedTableModel::ObjectRole)
                     .toJsonObject()
                     .value(QStringLiteral("paymentId"))
                     .toString(),
                 m_paymentId);
        QSignalSpy detail(payments, &PaymentsPanel::detailLoaded);
        payments->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(!detail.isEmpty(), 15000);
        QCOMPARE(payments->detail().value(QStringLiteral("status")).toString(), QStringLiteral("AUTHORIZED"));

        QSignalSpy finished(payments, &PaymentsPanel::actionFinished);
        payments->capture();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
        QVERIFY2(finished.constFirst().constFirst().toBool(), qPrintable(payments->lastError()));

        // The backend, not just the panel, says CAPTURED.
        const auto after = adminGet(QStringLiteral("/admin/payments/") + m_paymentId);
        QVERIFY2(after && after->ok(), qPrintable(describe(after)));
        QCOMPARE(after->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("CAPTURED"));
        QCOMPARE(after->json.object().value(QStringLiteral("capturedAmount")).toInt(), 45000);

        // The panel's detail follows (ledger and events of the capture).
        QTRY_COMPARE_WITH_TIMEOUT(payments->detail().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("CAPTURED"), 15000);
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("payments"));
    }

    void replayADeadLetterAndAuditIt() {
        // A webhook endpoint on a closed port: with one attempt, the event dead-letters at once.
        const QString closedUrl = QStringLiteral("http:") + QStringLiteral("//127.0.0.1:1/x");
        const auto webhook = signedCall("POST", QStringLiteral("/api/webhooks"),
                                        QJsonObject{{QStringLiteral("url"), closedUrl},
                                                    {QStringLiteral("eventTypes"), QJsonArray{QStringLiteral("*")}}});
        QVERIFY2(webhook && webhook->ok(), qPrintable(describe(webhook)));

        // Two payments: two events that dead-letter.
        for (const int amount : {12000, 13000}) {
            const auto authorized = signedCall(
                "POST", QStringLiteral("/api/payments/authorize"),
                QJsonObject{
                    {QStringLiteral("merchantId"), QStringLiteral("m1")},
                    {QStringLiteral("amount"), amount},
                    {QStringLiteral("currency"), QStringLiteral("KRW")},
                    {QStringLiteral("idempotencyKey"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                    {QStringLiteral("card"), QJsonObject{{QStringLiteral("number"), QStringLiteral("4111111111111111")},
                                                         {QStringLiteral("expiry"), QStringLiteral("12/30")}}}});
            QVERIFY2(authorized && authorized->ok(), qPrintable(describe(authorized)));
        }

        m_window->showPanel(2);
        auto* deadLetters = static_cast<DeadLettersPanel*>(m_window->panel(QStringLiteral("deadLettersPanel")));
        QVERIFY(deadLetters);
        // Delivery is asynchronous: refresh until both dead letters show up.
        for (int attempt = 0; attempt < 60 && deadLetters->model()->rowCount() < 2; ++attempt) {
            QSignalSpy loaded(deadLetters->model(), &PagedTableModel::loaded);
            deadLetters->refresh();
            QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 15000);
            if (deadLetters->model()->rowCount() < 2) {
                QTest::qWait(500);
            }
        }
        QVERIFY2(deadLetters->model()->rowCount() >= 2, "no two dead letters within 30 s");

        QSignalSpy detail(deadLetters, &DeadLettersPanel::detailLoaded);
        deadLetters->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(!detail.isEmpty(), 15000);
        const QString deadLetterId = deadLetters->current().value(QStringLiteral("id")).toString();
        QVERIFY(!deadLetterId.isEmpty());
        QCOMPARE(deadLetters->current().value(QStringLiteral("status")).toString(), QStringLiteral("OPEN"));
        QTest::qWait(200);
        saveShot(m_window.get(), QStringLiteral("dead-letters"));

        auto* replayButton = deadLetters->findChild<QPushButton*>(QStringLiteral("replayButton"));
        QVERIFY(replayButton->isEnabled());
        QSignalSpy finished(deadLetters, &DeadLettersPanel::actionFinished);
        Panel::testPrompts().shown.clear();
        deadLetters->replay();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
        QVERIFY2(finished.constFirst().constFirst().toBool(), qPrintable(deadLetters->lastError()));
        // The replay asked first, naming the dead letter and that it cannot be undone.
        QVERIFY2(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(deadLetterId + QStringLiteral(" (")),
                 qPrintable(Panel::testPrompts().shown.join(QLatin1Char('\n'))));
        QVERIFY(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(QStringLiteral("cannot be undone")));
        const auto after = adminGet(QStringLiteral("/admin/dead-letters/") + deadLetterId);
        QVERIFY2(after && after->ok(), qPrintable(describe(after)));
        QCOMPARE(after->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));

        // A REPLAYED dead letter cannot be replayed from the panel again: disabled, the tooltip says why,
        // and a second click sends nothing.
        QTRY_COMPARE_WITH_TIMEOUT(deadLetters->current().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("REPLAYED"), 15000);
        QVERIFY(!replayButton->isEnabled());
        QVERIFY2(replayButton->toolTip().contains(QStringLiteral("Replayed already (1 time)")),
                 qPrintable(replayButton->toolTip()));
        deadLetters->replay();
        QTest::qWait(500);
        QCOMPARE(finished.size(), 1);
        const auto still = adminGet(QStringLiteral("/admin/dead-letters/") + deadLetterId);
        QCOMPARE(still->json.object().value(QStringLiteral("replayCount")).toInt(), 1);

        // A view that went stale (someone else replayed the other one meanwhile): the backend's 409
        // ALREADY_REPLAYED is spelled out next to the dead letter, and the view shows REPLAYED.
        QSignalSpy reloaded(deadLetters->model(), &PagedTableModel::loaded);
        deadLetters->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty() && deadLetters->model()->rowCount() >= 1, 15000);
        QSignalSpy otherLoaded(deadLetters, &DeadLettersPanel::detailLoaded);
        deadLetters->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(!otherLoaded.isEmpty(), 15000);
        const QString otherId = deadLetters->current().value(QStringLiteral("id")).toString();
        QVERIFY(otherId != deadLetterId);
        const auto elsewhere = waitFor([&](BackendClient::Callback done) {
            m_client->postJson(QStringLiteral("/admin/dead-letters/%1/replay").arg(otherId),
                               QJsonDocument(QJsonObject()), std::move(done), this);
        });
        QVERIFY2(elsewhere && elsewhere->ok(), qPrintable(describe(elsewhere)));
        deadLetters->replay();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QCOMPARE(finished.at(1).at(0).toBool(), false);
        QVERIFY2(deadLetters->noteText().contains(QStringLiteral("409 ALREADY_REPLAYED")),
                 qPrintable(deadLetters->noteText()));
        QTRY_COMPARE_WITH_TIMEOUT(deadLetters->current().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("REPLAYED"), 15000);
        QVERIFY(!replayButton->isEnabled());
        saveShot(m_window.get(), QStringLiteral("dead-letters-refused"));
        m_replayedDeadLetter = deadLetterId;

        m_window->showPanel(3);
        auto* audit = static_cast<AuditPanel*>(m_window->panel(QStringLiteral("auditPanel")));
        QVERIFY(audit);
        audit->setActionFilter(QStringLiteral("dead_letter.replay"));
        QSignalSpy auditLoaded(audit->model(), &PagedTableModel::loaded);
        audit->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!auditLoaded.isEmpty() && audit->model()->rowCount() >= 1, 15000);
        bool listed = false;
        for (int row = 0; row < audit->model()->rowCount(); ++row) {
            const QJsonObject entry =
                audit->model()->data(audit->model()->index(row, 0), PagedTableModel::ObjectRole).toJsonObject();
            listed = listed || (entry.value(QStringLiteral("action")).toString() == QLatin1String("dead_letter.replay") &&
                                entry.value(QStringLiteral("targetId")).toString() == deadLetterId);
        }
        QVERIFY2(listed, "the audit log does not list the replay");
        audit->setActionFilter(QString());
        audit->refresh();
        QTest::qWait(500);
        audit->selectRow(0);
        QTest::qWait(200);
        saveShot(m_window.get(), QStringLiteral("audit"));
    }

    // The operator who edits a dead letter may not replay it: the panel says so and sends nothing;
    // after File → Switch operator… to the second operator it is replayed.
    void editedDeadLetterNeedsASecondOperator() {
        QVERIFY(!m_replayedDeadLetter.isEmpty());
        m_window->showPanel(2);
        auto* deadLetters = static_cast<DeadLettersPanel*>(m_window->panel(QStringLiteral("deadLettersPanel")));
        QSignalSpy detail(deadLetters, &DeadLettersPanel::detailLoaded);
        QSignalSpy listed(deadLetters->model(), &PagedTableModel::loaded);
        deadLetters->setStatusFilter(QStringLiteral("REPLAYED"));
        QTRY_VERIFY_WITH_TIMEOUT(!listed.isEmpty() && !deadLetters->model()->isLoading(), 15000);
        int row = -1;
        for (int i = 0; i < deadLetters->model()->rowCount() && row < 0; ++i) {
            if (deadLetters->model()->row(i).value(QStringLiteral("id")).toString() == m_replayedDeadLetter) {
                row = i;
            }
        }
        QVERIFY(row >= 0);
        deadLetters->selectRow(row);
        QTRY_COMPARE_WITH_TIMEOUT(deadLetters->current().value(QStringLiteral("id")).toString(), m_replayedDeadLetter,
                                  15000);
        const QJsonObject payload = deadLetters->current().value(QStringLiteral("payload")).toObject();
        deadLetters->editor()->setPlainText(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
        QSignalSpy finished(deadLetters, &DeadLettersPanel::actionFinished);
        deadLetters->save();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
        QVERIFY2(finished.constFirst().constFirst().toBool(), qPrintable(deadLetters->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(deadLetters->current().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("OPEN"), 15000);

        auto* replayButton = deadLetters->findChild<QPushButton*>(QStringLiteral("replayButton"));
        QVERIFY(!replayButton->isEnabled());
        QVERIFY2(replayButton->toolTip().contains(QStringLiteral("four-eyes")), qPrintable(replayButton->toolTip()));
        deadLetters->replay();
        QVERIFY(deadLetters->noteText().contains(QStringLiteral("four-eyes")));
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);  // nothing was sent

        m_window->switchOperator(CheckerToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->operatorName(), QStringLiteral("checker"), 15000);
        detail.clear();
        QTRY_VERIFY_WITH_TIMEOUT(!deadLetters->model()->isLoading(), 15000);
        deadLetters->showDeadLetter(m_replayedDeadLetter);
        QTRY_VERIFY_WITH_TIMEOUT(!detail.isEmpty(), 15000);
        QVERIFY2(replayButton->isEnabled(), qPrintable(replayButton->toolTip()));
        deadLetters->replay();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(deadLetters->lastError()));
        const auto after = adminGet(QStringLiteral("/admin/dead-letters/") + m_replayedDeadLetter);
        QCOMPARE(after->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));
        QCOMPARE(after->json.object().value(QStringLiteral("replayCount")).toInt(), 2);
        m_window->switchOperator(AdminToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->operatorName(), QStringLiteral("admin"), 15000);
    }

    void settlementFourEyes() {
        // Close today's business day (Asia/Seoul, the default schedule) from the panel; approving the
        // batch as the operator who closed it is refused with MAKER_CHECKER, shown as such.
        m_window->showPanel(4);
        auto* settlements = static_cast<SettlementsPanel*>(m_window->panel(QStringLiteral("settlementsPanel")));
        QVERIFY(settlements);
        const QDate today = QDateTime::currentDateTimeUtc().addSecs(9 * 3600).date();
        settlements->setCloseDay(today);
        QSignalSpy finished(settlements, &SettlementsPanel::actionFinished);
        settlements->closeDay();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        QVERIFY2(finished.constFirst().constFirst().toBool(), qPrintable(settlements->noteText()));
        QVERIFY2(settlements->noteText().contains(QStringLiteral("batches closed")), qPrintable(settlements->noteText()));
        QTRY_VERIFY_WITH_TIMEOUT(!settlements->model()->isLoading() && settlements->model()->rowCount() > 0, 15000);
        int row = -1;
        for (int i = 0; i < settlements->model()->rowCount() && row < 0; ++i) {
            const QJsonObject batch = settlements->model()->row(i);
            if (batch.value(QStringLiteral("merchantId")).toString() == QLatin1String("m1") &&
                batch.value(QStringLiteral("state")).toString() == QLatin1String("CLOSED")) {
                row = i;
            }
        }
        QVERIFY2(row >= 0, "no CLOSED batch for m1");
        settlements->selectRow(row);
        const QString batchId = settlements->current().value(QStringLiteral("batchId")).toString();
        QVERIFY(settlements->current().value(QStringLiteral("captureCount")).toInt() >= 1);
        QCOMPARE(settlements->current().value(QStringLiteral("closedBy")).toString(), QStringLiteral("admin"));
        // The operator who closed it may not approve or reject it: disabled, and the tooltip says why.
        auto* approve = settlements->findChild<QPushButton*>(QStringLiteral("approveButton"));
        auto* reject = settlements->findChild<QPushButton*>(QStringLiteral("rejectButton"));
        QVERIFY(!approve->isEnabled());
        QVERIFY(!reject->isEnabled());
        QVERIFY2(approve->toolTip().contains(QStringLiteral("four-eyes")), qPrintable(approve->toolTip()));
        QVERIFY(approve->toolTip().contains(QStringLiteral("Switch operator")));
        settlements->approve();
        QVERIFY(settlements->noteText().contains(QStringLiteral("four-eyes")));
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);  // nothing was sent
        saveShot(m_window.get(), QStringLiteral("settlements"));

        // File → Switch operator… to the second supervisor, who approves.
        QSignalSpy reloaded(settlements->model(), &PagedTableModel::loaded);
        m_window->switchOperator(CheckerToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->operatorName(), QStringLiteral("checker"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty() && !settlements->model()->isLoading(), 15000);
        row = -1;
        for (int i = 0; i < settlements->model()->rowCount() && row < 0; ++i) {
            if (settlements->model()->row(i).value(QStringLiteral("batchId")).toString() == batchId) {
                row = i;
            }
        }
        QVERIFY(row >= 0);
        settlements->selectRow(row);
        QVERIFY2(approve->isEnabled(), qPrintable(approve->toolTip()));
        settlements->approve();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(settlements->noteText()));
        const auto after = adminGet(QStringLiteral("/admin/settlements/") + batchId);
        QVERIFY2(after && after->ok(), qPrintable(describe(after)));
        QCOMPARE(after->json.object().value(QStringLiteral("state")).toString(), QStringLiteral("APPROVED"));
        QCOMPARE(after->json.object().value(QStringLiteral("approvedBy")).toString(), QStringLiteral("checker"));
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("settlements-approved"));
        m_window->switchOperator(AdminToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->operatorName(), QStringLiteral("admin"), 15000);
    }

    void reconcileAStatementAndResolveTheException() {
        // A statement in the generic profile, UTF-8, built here: a deposit naming the payment captured
        // above, a deposit Paydesk knows nothing of, and a row whose amount cannot be read (line 4).
        QVERIFY(!m_paymentId.isEmpty());
        const QByteArray day = QDateTime::currentDateTimeUtc().addSecs(9 * 3600).date().toString(Qt::ISODate).toUtf8();
        const QByteArray csv = "Date,Description,Amount,Reference\n" + day + ",Card settlement " + m_paymentId.toUtf8() +
                               ",45000,\n" + day + ",Unknown deposit ACME TRADING,987654,W-778\n" + day +
                               ",Broken row,12x34,\n";
        const QString path = m_dataDir.filePath(QStringLiteral("statement-%1.csv").arg(QString::fromLatin1(day)));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(csv), csv.size());
        }

        m_window->showPanel(5);
        auto* recon = static_cast<ReconciliationPanel*>(m_window->panel(QStringLiteral("reconciliationPanel")));
        QVERIFY(recon);
        recon->importFile(path);
        QPointer<ReconImportDialog> dialog = recon->importDialog();
        QVERIFY(dialog);
        QSignalSpy previewed(dialog.data(), &ReconImportDialog::previewFinished);
        QTRY_VERIFY_WITH_TIMEOUT(!previewed.isEmpty(), 30000);
        QVERIFY2(previewed.constLast().constFirst().toBool(), qPrintable(dialog->noteText()));
        // The profile and the encoding chosen by hand preview again.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->profiles().contains(QStringLiteral("generic")), 15000);
        dialog->setProfile(QStringLiteral("generic"));
        QTRY_COMPARE_WITH_TIMEOUT(previewed.size(), 2, 30000);
        dialog->setEncoding(QStringLiteral("UTF-8"));
        QTRY_COMPARE_WITH_TIMEOUT(previewed.size(), 3, 30000);
        QVERIFY2(previewed.constLast().constFirst().toBool(), qPrintable(dialog->noteText()));
        QCOMPARE(dialog->preview().value(QStringLiteral("profile")).toString(), QStringLiteral("generic"));
        QCOMPARE(dialog->preview().value(QStringLiteral("encoding")).toString(), QStringLiteral("UTF-8"));
        QVERIFY(dialog->summaryText().contains(QStringLiteral("generic")));
        // The unreadable row is listed with its line number and reason; the other two are previewed.
        QCOMPARE(dialog->errorsModel()->rowCount(), 1);
        QCOMPARE(dialog->errorsModel()->index(0, 0).data().toString(), QStringLiteral("4"));
        QVERIFY(!dialog->errorsModel()->index(0, 1).data().toString().isEmpty());
        QCOMPARE(dialog->previewModel()->rowCount(), 2);
        QCOMPARE(dialog->previewCounts().value(QStringLiteral("MATCHED")), 1);
        QCOMPARE(dialog->previewCounts().value(QStringLiteral("UNMATCHED_BANK")), 1);
        QCOMPARE(dialog->previewModel()->row(0).value(QStringLiteral("matchedIds")).toArray().at(0).toString(), m_paymentId);
        QTest::qWait(200);
        saveShot(dialog, QStringLiteral("reconciliation-preview"));

        // Import for real; the panel selects the new file and charts its outcomes.
        QSignalSpy imported(recon, &ReconciliationPanel::imported);
        QSignalSpy summary(recon, &ReconciliationPanel::fileSummaryLoaded);
        dialog->startImport();
        QTRY_VERIFY_WITH_TIMEOUT(!imported.isEmpty(), 60000);
        const QString fileId = imported.constFirst().constFirst().toString();
        QVERIFY(fileId.startsWith(QLatin1String("rf_")));
        QTRY_VERIFY_WITH_TIMEOUT(!summary.isEmpty() && recon->currentFileId() == fileId, 15000);
        QVERIFY(recon->chartCounts().contains(qMakePair(QStringLiteral("MATCHED"), qint64(1))));
        QVERIFY(recon->chartCounts().contains(qMakePair(QStringLiteral("UNMATCHED_BANK"), qint64(1))));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 5000);

        // The same statement again is refused as a duplicate, already in the preview.
        recon->importFile(path);
        dialog = recon->importDialog();
        QVERIFY(dialog);
        QSignalSpy refused(dialog.data(), &ReconImportDialog::previewFinished);
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), 30000);
        QCOMPARE(refused.constFirst().constFirst().toBool(), false);
        QVERIFY2(dialog->noteText().contains(QStringLiteral("409 DUPLICATE_FILE")), qPrintable(dialog->noteText()));
        QVERIFY(dialog->noteText().contains(fileId));
        dialog->reject();

        // The unknown deposit is an open exception of this file.
        QSignalSpy linesLoaded(recon->linesModel(), &ReconLinesModel::loaded);
        recon->setView(ReconciliationPanel::View::Exceptions, QStringLiteral("OPEN"), false);
        recon->setOutcomeFilter(QStringLiteral("UNMATCHED_BANK"));
        QTRY_VERIFY_WITH_TIMEOUT(!linesLoaded.isEmpty() && !recon->linesModel()->isLoading(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(recon->linesModel()->rowCount(), 1, 15000);
        recon->selectLine(0);
        const QJsonObject line = recon->currentLine();
        QVERIFY(line.value(QStringLiteral("memo")).toString().contains(QStringLiteral("Unknown deposit")));
        QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("OPEN"));
        QVERIFY2(recon->detailText().contains(QStringLiteral("987,654")), qPrintable(recon->detailText()));
        const qint64 lineId = ReconText::lineId(line);
        QVERIFY(lineId > 0);

        // Resolve it with a note.
        const QString note = QStringLiteral("Deposit from ACME for an offline order; booked by finance");
        Panel::testPrompts().text = [note](const QString&, const QString&) { return std::optional<QString>(note); };
        QSignalSpy finished(recon, &ReconciliationPanel::actionFinished);
        recon->resolve();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
        QVERIFY2(finished.constFirst().constFirst().toBool(), qPrintable(recon->lastError() + recon->noteText()));
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QString()); };

        // The backend says RESOLVED, with the note, and the audit log has the decision.
        const auto after = adminGet(QStringLiteral("/admin/recon/lines/%1").arg(lineId));
        QVERIFY2(after && after->ok(), qPrintable(describe(after)));
        QCOMPARE(after->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("RESOLVED"));
        QCOMPARE(after->json.object().value(QStringLiteral("note")).toString(), note);
        QVERIFY(!after->json.object().value(QStringLiteral("reviewedBy")).toString().isEmpty());
        const auto audit = adminGet(QStringLiteral("/admin/audit?action=recon_line.resolve&targetId=%1").arg(lineId));
        QVERIFY2(audit && audit->ok(), qPrintable(describe(audit)));
        const QJsonArray entries = audit->json.object().value(QStringLiteral("items")).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("targetType")).toString(), QStringLiteral("recon_line"));
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("note")).toString(), note);

        // For the screenshot: the file's lines, the matched deposit selected.
        QSignalSpy fileLines(recon->linesModel(), &ReconLinesModel::loaded);
        recon->setOutcomeFilter(QString());
        recon->setView(ReconciliationPanel::View::FileLines);
        QTRY_VERIFY_WITH_TIMEOUT(!fileLines.isEmpty() && !recon->linesModel()->isLoading(), 15000);
        QSignalSpy detail(recon, &ReconciliationPanel::detailLoaded);
        recon->selectLine(0);
        QCOMPARE(recon->currentLine().value(QStringLiteral("outcome")).toString(), QStringLiteral("MATCHED"));
        QTRY_VERIFY_WITH_TIMEOUT(recon->detailText().contains(QStringLiteral("CAPTURED")), 15000);
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("reconciliation"));
    }

    void koreanAgainstTheRealBackend() {
        QVERIFY(Language::install(QStringLiteral("ko")));
        m_window->showPanel(0);
        QTest::qWait(1500);
        saveShot(m_window.get(), QStringLiteral("overview-ko"));
        m_window->showPanel(1);
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("payments-ko"));
        m_window->showPanel(2);
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("dead-letters-ko"));
        m_window->showPanel(4);
        QTest::qWait(300);
        saveShot(m_window.get(), QStringLiteral("settlements-ko"));
        m_window->showPanel(5);
        QTest::qWait(500);
        saveShot(m_window.get(), QStringLiteral("reconciliation-ko"));
        QVERIFY(Language::install(QStringLiteral("en")));
    }
};

QTEST_MAIN(tst_ConsoleFlows)
#include "tst_ConsoleFlows.moc"
