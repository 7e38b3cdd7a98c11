// Each panel driven against canned backend answers (FakeHttpServer); screenshots of every panel.
#include "AuditPanel.h"
#include "BackendClient.h"
#include "DeadLettersPanel.h"
#include "FakeHttpServer.h"
#include "Language.h"
#include "MainWindow.h"
#include "MetricsCharts.h"
#include "OverviewPanel.h"
#include "PagedTableModel.h"
#include "Panel.h"
#include "PaymentsPanel.h"
#include "SettlementsPanel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {

const QByteArray PaymentsPage = R"json({"items":[
 {"paymentId":"pay_01HZX4A1","merchantId":"demo","status":"AUTHORIZED","amount":45000,"currency":"KRW","capturedAmount":0,"refundedAmount":0,"message":"","requestedAt":"2026-11-24T01:02:03.456Z","updatedAt":"2026-11-24T01:02:03.456Z"},
 {"paymentId":"pay_01HZX4A2","merchantId":"demo","status":"CAPTURED","amount":120000,"currency":"KRW","capturedAmount":120000,"refundedAmount":0,"message":"","requestedAt":"2026-11-24T01:01:00.000Z","updatedAt":"2026-11-24T01:01:30.000Z"},
 {"paymentId":"pay_01HZX4A3","merchantId":"shop-7","status":"PARTIALLY_REFUNDED","amount":9900,"currency":"USD","capturedAmount":9900,"refundedAmount":2500,"message":"","requestedAt":"2026-11-24T00:59:00.000Z","updatedAt":"2026-11-24T01:00:00.000Z"}],
 "limit":50,"offset":0,"total":3,"nextOffset":null,"nextCursor":null})json";

const QByteArray PaymentDetail = R"json({"paymentId":"pay_01HZX4A1","merchantId":"demo","status":"AUTHORIZED","amount":45000,"currency":"KRW","capturedAmount":0,"refundedAmount":0,"message":"","requestedAt":"2026-11-24T01:02:03.456Z","updatedAt":"2026-11-24T01:02:03.456Z",
 "card":{"bin":"411111","last4":"1111"},"refunds":[],
 "ledger":[{"entryId":17,"kind":"AUTHORIZATION_HOLD","reference":"pay_01HZX4A1","createdAt":"2026-11-24T01:02:03.456Z","hash":"ab12","lines":[{"account":"merchant:demo:hold","debit":45000,"credit":0},{"account":"acquirer:clearing","debit":0,"credit":45000}]}],
 "events":[{"eventId":"e1","topic":"payment.authorized","eventType":"payment.authorized","occurredAt":"2026-11-24T01:02:03.456Z","publishedAt":"2026-11-24T01:02:03.600Z","correlationId":"c-1"}],
 "deadLetters":[]})json";

const QByteArray DeadLetterPage = R"json({"items":[
 {"id":"dl_1","eventId":"e9","eventType":"payment.captured","originalTopic":"payment.captured","originalPartition":2,"originalOffset":41,"messageKey":"pay_01HZX4A2","consumerGroup":"webhooks","errorClass":"WEBHOOK_HTTP_500","errorMessage":"endpoint answered 500","attempts":4,"firstFailureAt":"2026-11-24T01:00:00.000Z","deadLetteredAt":"2026-11-24T01:00:05.000Z","status":"OPEN","statusReason":null,"updatedAt":"2026-11-24T01:00:05.000Z","replayCount":0,"payloadPreview":"{}"}],
 "limit":50,"offset":0,"total":1,"nextOffset":null,"nextCursor":null})json";

const QByteArray DeadLetter = R"json({"id":"dl_1","eventId":"e9","eventType":"payment.captured","originalTopic":"payment.captured","originalPartition":2,"originalOffset":41,"messageKey":"pay_01HZX4A2","consumerGroup":"webhooks","errorClass":"WEBHOOK_HTTP_500","errorMessage":"endpoint answered 500","attempts":4,"firstFailureAt":"2026-11-24T01:00:00.000Z","deadLetteredAt":"2026-11-24T01:00:05.000Z","status":"OPEN","statusReason":null,"updatedAt":"2026-11-24T01:00:05.000Z","replayCount":0,
 "payload":{"paymentId":"pay_01HZX4A2","merchantId":"demo","status":"CAPTURED","amount":120000,"currency":"KRW"}})json";

const QByteArray AuditPage = R"json({"items":[
 {"auditId":3,"at":"2026-11-24T01:05:00.000Z","actor":"local-admin","role":"admin","action":"dead_letter.replay","targetType":"dead_letter","targetId":"dl_1","before":{"status":"OPEN"},"after":{"status":"REPLAYED"},"note":null,"correlationId":"c-9"},
 {"auditId":2,"at":"2026-11-24T01:04:00.000Z","actor":"local-admin","role":"admin","action":"dead_letter.edit","targetType":"dead_letter","targetId":"dl_1","before":{"amount":1},"after":{"amount":120000},"note":null,"correlationId":"c-8"}],
 "limit":50,"offset":0,"total":2,"nextOffset":null,"nextCursor":null})json";

const QByteArray Health = R"json({"status":"ready","mode":"embedded","version":"0.1.0","components":{
 "db":{"state":"up","endpoint":"127.0.0.1:40123","latencyMs":0.8},"redis":{"state":"up","endpoint":"127.0.0.1:40124","latencyMs":0.2},
 "kafka":{"state":"up","endpoint":"127.0.0.1:40125 (mock, 3 brokers)","latencyMs":1.1}}})json";

const QByteArray SettlementPage = R"json({"items":[
 {"batchId":"stl_a1","merchantId":"demo","businessDay":"2026-11-23","currency":"KRW","state":"CLOSED","timeZone":"Asia/Seoul","cutoff":"00:00","windowStart":"2026-11-22T15:00:00Z","windowEnd":"2026-11-23T15:00:00Z","captureCount":42,"grossAmount":1850000,"refundCount":3,"refundAmount":120000,"feeAmount":46250,"feeBps":250,"feeFixed":0,"carryIn":0,"net":1683750,"payoutAmount":1683750,"carryOut":0,"closedBy":"local-admin","closedAt":"2026-11-24T00:10:00Z","approvedBy":null,"reopenCount":0},
 {"batchId":"stl_a2","merchantId":"shop-7","businessDay":"2026-11-23","currency":"KRW","state":"APPROVED","timeZone":"Asia/Seoul","cutoff":"00:00","windowStart":"2026-11-22T15:00:00Z","windowEnd":"2026-11-23T15:00:00Z","captureCount":10,"grossAmount":640000,"refundCount":0,"refundAmount":0,"feeAmount":16000,"feeBps":250,"feeFixed":0,"carryIn":0,"net":624000,"payoutAmount":624000,"carryOut":0,"closedBy":"system:settlement-scheduler","approvedBy":"sup-kim","reopenCount":0},
 {"batchId":"stl_a3","merchantId":"demo","businessDay":"2026-11-22","currency":"KRW","state":"PAID","timeZone":"Asia/Seoul","cutoff":"00:00","windowStart":"2026-11-21T15:00:00Z","windowEnd":"2026-11-22T15:00:00Z","captureCount":35,"grossAmount":1420000,"refundCount":1,"refundAmount":30000,"feeAmount":35500,"feeBps":250,"feeFixed":0,"carryIn":0,"net":1354500,"payoutAmount":1354500,"carryOut":0,"closedBy":"system:settlement-scheduler","approvedBy":"sup-kim","reopenCount":0}],
 "limit":50,"offset":0,"total":3,"nextOffset":null,"nextCursor":null})json";

QByteArray metrics(int n) {
    QByteArray text;
    const double k = n;
    auto line = [&text](const char* s, double v) { text += QByteArray(s) + ' ' + QByteArray::number(v, 'f', 0) + '\n'; };
    line("paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"}", 300 * k + 7 * k * k);
    line("paydesk_http_requests_total{route=\"/api/payments/capture/{id}\",method=\"POST\",status=\"200\"}", 200 * k);
    line("paydesk_http_requests_total{route=\"/api/payments/refund/{id}\",method=\"POST\",status=\"200\"}", 60 * k);
    line("paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"429\"}", 6 * k);
    line("paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"500\"}", (n % 3 == 0) ? k : 0);
    line("paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.001\"}", 150 * k);
    line("paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.005\"}", 450 * k);
    line("paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.025\"}", 550 * k + n % 5);
    line("paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"+Inf\"}", 566 * k);
    line("paydesk_outbox_backlog", 20 + (n * 7) % 30);
    line("paydesk_circuit_breaker_state{breaker=\"acquirer\"}", 0);
    return text;
}

void saveShot(QWidget* widget, const QString& name) {
    QVERIFY(QDir().mkpath(QStringLiteral(PAYDESK_SCREENSHOT_DIR)));
    QVERIFY(widget->grab().save(QStringLiteral(PAYDESK_SCREENSHOT_DIR "/") + name + QStringLiteral(".png")));
}

}  // namespace

class tst_ConsolePanels : public QObject {
    Q_OBJECT

private:
    FakeHttpServer m_server;
    std::unique_ptr<BackendClient> m_client;
    std::unique_ptr<ConsoleSession> m_session;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)}.clear();
        QVERIFY(Language::install(QStringLiteral("en")));
        QVERIFY(m_server.listen());
        m_server.route("/admin/payments", 200, PaymentsPage);
        m_server.route("/admin/payments/pay_01HZX4A1", 200, PaymentDetail);
        m_server.route("/admin/dead-letters", 200, DeadLetterPage);
        m_server.route("/admin/dead-letters/dl_1", 200, DeadLetter);
        m_server.route("/admin/audit", 200, AuditPage);
        m_server.route("/health/ready", 200, Health);
        m_server.route("/admin/settlements", 200, SettlementPage);
        m_server.route("/metrics", {200, metrics(1), "text/plain; version=0.0.4"});
        m_client = std::make_unique<BackendClient>(m_server.baseUrl());
        m_session = std::make_unique<ConsoleSession>(m_client.get());
        Panel::testPrompts().confirm = [](const QString&) { return true; };
    }

    void init() { Panel::testPrompts().shown.clear(); }

    void paymentsSearchDetailAndCapture() {
        PaymentsPanel panel(m_session.get());
        panel.resize(1000, 700);
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setSearchText(QStringLiteral("4111"));
        panel.search();
        QTRY_COMPARE(panel.model()->rowCount(), 3);
        QVERIFY(m_server.requests().constLast().target.contains("q=4111"));
        QSignalSpy detail(&panel, &PaymentsPanel::detailLoaded);
        panel.selectRow(0);
        QTRY_COMPARE(detail.size(), 1);
        QCOMPARE(panel.detail().value(QStringLiteral("status")).toString(), QStringLiteral("AUTHORIZED"));
        auto* ledger = panel.findChild<QTreeWidget*>(QStringLiteral("ledgerTree"));
        QCOMPARE(ledger->topLevelItemCount(), 1);
        QCOMPARE(ledger->topLevelItem(0)->childCount(), 2);
        QCOMPARE(panel.findChild<QTreeWidget*>(QStringLiteral("eventTimeline"))->topLevelItemCount(), 1);

        // Without merchant credentials the actions are disabled, with the reason shown.
        auto* capture = panel.findChild<QPushButton*>(QStringLiteral("captureButton"));
        QVERIFY(!capture->isEnabled());
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("actionsNote"))->text().contains(QStringLiteral("Settings")));

        m_session->setMerchant(MerchantCredentials{QStringLiteral("demo"), QStringLiteral("k1"),
                                                   QStringLiteral("secret-0123456789")},
                               false);
        QVERIFY(capture->isEnabled());
        QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("refundButton"))->isEnabled());
        saveShot(&panel, QStringLiteral("payments"));

        m_server.route("/api/payments/capture/pay_01HZX4A1", 200, R"json({"paymentId":"pay_01HZX4A1","status":"CAPTURED"})json");
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QString()); };
        QSignalSpy finished(&panel, &PaymentsPanel::actionFinished);
        panel.capture();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(QStringLiteral("Capture 45,000 KRW")));
        bool signedCall = false;
        for (const auto& r : m_server.requests()) {
            if (r.target == "/api/payments/capture/pay_01HZX4A1") {
                signedCall = r.headers.contains("x-signature") && r.headers.value("x-api-key") == "k1" &&
                             QJsonDocument::fromJson(r.body).object().value(QStringLiteral("merchantId")).toString() ==
                                 QLatin1String("demo");
            }
        }
        QVERIFY(signedCall);

        // A refused action shows the backend's code and message.
        m_server.route("/api/payments/void/pay_01HZX4A1", 409, R"json({"code":"INVALID_STATE","message":"payment is CAPTURED"})json");
        QSignalSpy status(&panel, &Panel::statusMessage);
        panel.voidPayment();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(finished.at(1).at(0).toBool(), false);
        QVERIFY(panel.lastError().contains(QStringLiteral("INVALID_STATE")));
        QVERIFY(panel.lastError().contains(QStringLiteral("payment is CAPTURED")));
        m_session->setMerchant(std::nullopt, false);
        Panel::testPrompts().text = {};
    }

    void deadLettersEditReplayDiscardBulk() {
        DeadLettersPanel panel(m_session.get());
        panel.resize(1000, 700);
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.refresh();
        QTRY_COMPARE(panel.model()->rowCount(), 1);
        QVERIFY(m_server.requests().constLast().target.contains("status=OPEN"));
        QSignalSpy loaded(&panel, &DeadLettersPanel::detailLoaded);
        panel.selectRow(0);
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(panel.editor()->toPlainText().contains(QStringLiteral("pay_01HZX4A2")));
        auto* save = panel.findChild<QPushButton*>(QStringLiteral("saveButton"));
        QVERIFY(!save->isEnabled());  // nothing changed yet
        saveShot(&panel, QStringLiteral("dead-letters"));

        // Invalid JSON is caught before any PATCH is sent.
        panel.editor()->setPlainText(QStringLiteral("{\"amount\": 12,"));
        QVERIFY(!panel.payloadIsValid());
        QVERIFY(!save->isEnabled());
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("payloadValidity"))->text().startsWith(QStringLiteral("Invalid JSON")));
        const qsizetype before = m_server.requests().size();
        panel.save();
        QTest::qWait(50);
        QCOMPARE(m_server.requests().size(), before);

        panel.editor()->setPlainText(QStringLiteral(R"json({"paymentId":"pay_01HZX4A2","merchantId":"demo","status":"CAPTURED","amount":120000,"currency":"KRW"})json"));
        QVERIFY(panel.payloadIsValid());
        QVERIFY(save->isEnabled());
        QSignalSpy finished(&panel, &DeadLettersPanel::actionFinished);
        panel.save();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(m_server.requests().constLast().method, QByteArray("PATCH"));
        QVERIFY(m_server.requests().constLast().body.contains("\"payload\""));

        m_server.route("/admin/dead-letters/dl_1/replay", 200, QByteArray(DeadLetter).replace("\"OPEN\"", "\"REPLAYED\""));
        panel.replay();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(panel.current().value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));

        // Discard asks for a reason; a clerk is refused with FORBIDDEN_ROLE, shown with its message.
        m_server.route("/admin/dead-letters/dl_1", 200, DeadLetter);
        QSignalSpy pageLoaded(panel.model(), &PagedTableModel::loaded);
        panel.refresh();
        QTRY_COMPARE(pageLoaded.size(), 1);
        panel.selectRow(0);
        QTRY_COMPARE(panel.current().value(QStringLiteral("status")).toString(), QStringLiteral("OPEN"));
        m_server.route("/admin/dead-letters/dl_1/discard", 403,
                       R"json({"code":"FORBIDDEN_ROLE","message":"discarding a dead letter requires supervisor (you are clerk)"})json");
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QStringLiteral("duplicate")); };
        panel.discard();
        QTRY_COMPARE(finished.size(), 3);
        QVERIFY(panel.lastError().contains(QStringLiteral("FORBIDDEN_ROLE")));
        QVERIFY(m_server.requests().constLast().body.contains("duplicate"));
        Panel::testPrompts().text = {};

        // Bulk replay counts first and names the number in the confirmation.
        m_server.route("/admin/dead-letters/replay", 200, R"json({"replayed":1,"failed":0,"ids":["dl_1"],"failures":[]})json");
        panel.bulkReplay();
        QTRY_COMPARE(finished.size(), 4);
        QVERIFY(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(QStringLiteral("Replay 1 dead letters")));
        bool bulk = false;
        for (const auto& r : m_server.requests()) {
            bulk = bulk || (r.target == "/admin/dead-letters/replay" && r.body.contains("\"limit\":1") &&
                            r.body.contains("\"status\":\"OPEN\""));
        }
        QVERIFY(bulk);
    }

    void auditPagesAndDetail() {
        AuditPanel panel(m_session.get());
        panel.resize(1000, 700);
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setActionFilter(QStringLiteral("dead_letter.replay"));
        panel.refresh();
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        QVERIFY(m_server.requests().constLast().target.contains("action=dead_letter.replay"));
        panel.selectRow(0);
        QVERIFY(panel.detailText().contains(QStringLiteral("REPLAYED")));
        saveShot(&panel, QStringLiteral("audit"));
    }

    void settlementsCloseApproveRejectPaidExport() {
        SettlementsPanel panel(m_session.get());
        panel.resize(1100, 720);
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.refresh();
        QTRY_COMPARE(panel.model()->rowCount(), 3);
        QVERIFY(m_server.requests().constLast().target.startsWith("/admin/settlements?"));
        // The chart sums the loaded batches per business day, oldest first.
        QCOMPARE(panel.chartTotals().size(), 2);
        QCOMPARE(panel.chartTotals().constFirst().first, QStringLiteral("2026-11-22"));
        QCOMPARE(panel.chartTotals().constLast().second.constFirst(), qint64(1850000 + 640000));

        auto* approve = panel.findChild<QPushButton*>(QStringLiteral("approveButton"));
        auto* paid = panel.findChild<QPushButton*>(QStringLiteral("paidButton"));
        panel.selectRow(0);
        QCOMPARE(panel.current().value(QStringLiteral("batchId")).toString(), QStringLiteral("stl_a1"));
        QVERIFY(approve->isEnabled());
        QVERIFY(!paid->isEnabled());
        saveShot(&panel, QStringLiteral("settlements"));

        // Four-eyes: the operator who closed the batch is refused, and the panel says so plainly.
        m_server.route("/admin/settlements/stl_a1/approve", 403,
                       R"json({"code":"MAKER_CHECKER","message":"you closed this batch; another supervisor must approve it"})json");
        QSignalSpy finished(&panel, &SettlementsPanel::actionFinished);
        panel.approve();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(panel.noteText().contains(QStringLiteral("four-eyes rule")));
        QVERIFY(panel.noteText().contains(QStringLiteral("another supervisor must approve it")));
        QVERIFY(panel.lastError().contains(QStringLiteral("MAKER_CHECKER")));

        // Reject asks for a reason and sends it.
        QByteArray rejected = SettlementPage.mid(SettlementPage.indexOf("{\"batchId\":\"stl_a1\""));
        rejected = rejected.left(rejected.indexOf("},") + 1).replace("\"CLOSED\"", "\"REJECTED\"");
        m_server.route("/admin/settlements/stl_a1/reject", 200, rejected);
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QStringLiteral("fee schedule wrong")); };
        panel.reject();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(finished.at(1).at(0).toBool(), true);
        QVERIFY(m_server.requests().constLast().body.contains("fee schedule wrong"));
        QCOMPARE(panel.current().value(QStringLiteral("state")).toString(), QStringLiteral("REJECTED"));
        QVERIFY(!approve->isEnabled());

        // Mark paid with the bank's reference.
        panel.selectRow(1);
        QVERIFY(paid->isEnabled());
        QByteArray paidBatch = SettlementPage.mid(SettlementPage.indexOf("{\"batchId\":\"stl_a2\""));
        paidBatch = paidBatch.left(paidBatch.indexOf("},") + 1).replace("\"APPROVED\"", "\"PAID\"");
        m_server.route("/admin/settlements/stl_a2/paid", 200, paidBatch);
        Panel::testPrompts().text = [](const QString&, const QString&) { return std::optional<QString>(QStringLiteral("KB-20261124-000123")); };
        panel.markPaid();
        QTRY_COMPARE(finished.size(), 3);
        QVERIFY(m_server.requests().constLast().body.contains("KB-20261124-000123"));
        QCOMPARE(panel.current().value(QStringLiteral("state")).toString(), QStringLiteral("PAID"));
        Panel::testPrompts().text = {};

        // Close a day: confirmation, then the list is reloaded.
        m_server.route("/admin/settlements/close", 200,
                       R"json({"businessDay":"2026-11-23","merchantId":null,"closedCount":2,"alreadyClosed":1,"closed":[]})json");
        panel.setCloseDay(QDate(2026, 11, 23));
        panel.closeDay();
        QTRY_COMPARE(finished.size(), 4);
        QVERIFY(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(QStringLiteral("2026-11-23")));
        QVERIFY(panel.noteText().contains(QStringLiteral("2 batches closed")));

        // Export the payout file.
        const QByteArray csv = "batch_id,merchant_id,business_day,currency,payout_amount\r\nstl_a2,shop-7,2026-11-23,KRW,624000\r\n";
        m_server.route("/admin/settlements/payouts.csv", {200, csv, "text/csv"});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("payouts.csv"));
        panel.exportPayoutsTo(path);
        QTRY_COMPARE(finished.size(), 5);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), csv);
        QVERIFY(panel.noteText().contains(QStringLiteral("1 payout lines")));
    }

    void overviewChartsAndWholeWindow() {
        MainWindow window(m_client.get());
        window.addStandardPanels();
        window.resize(1280, 800);
        window.show();
        QCOMPARE(window.panelCount(), 5);
        OverviewPanel* overview = window.overviewPanel();
        overview->setPollIntervalMs(60000);
        // Scrapes 2 s apart ending now, so the panel's own live scrape continues the same lines.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 1; i <= 24; ++i) {
            overview->charts()->addScrape(MetricsSnapshot::parse(metrics(i), now - (25 - i) * 2000));
        }
        m_server.route("/metrics", {200, metrics(25), "text/plain; version=0.0.4"});
        QVERIFY(overview->charts()->lastRates().has_value());
        QVERIFY(overview->charts()->lastRates()->totalPerSecond > 0);
        QVERIFY(overview->charts()->breakersText().contains(QStringLiteral("closed")));
        overview->setDemoCredentials(MerchantCredentials{QStringLiteral("demo"), QStringLiteral("k"), QStringLiteral("s")}, QString());
        QTRY_COMPARE_WITH_TIMEOUT(overview->statusText(), QStringLiteral("Ready"), 5000);
        QTest::qWait(100);
        saveShot(&window, QStringLiteral("overview-live"));

        // Ctrl+2..4 and F5 reach the data panels.
        Q_EMIT window.session()->connected();
        window.showPanel(1);
        QTRY_VERIFY(static_cast<PaymentsPanel*>(window.panel(QStringLiteral("paymentsPanel")))->model()->rowCount() == 3);
        static_cast<PaymentsPanel*>(window.panel(QStringLiteral("paymentsPanel")))->selectRow(0);
        QTest::qWait(300);
        saveShot(&window, QStringLiteral("window-payments"));
        window.showPanel(2);
        QTest::qWait(300);
        saveShot(&window, QStringLiteral("window-dead-letters"));
        window.showPanel(3);
        QTest::qWait(300);
        saveShot(&window, QStringLiteral("window-audit"));
        window.showPanel(4);
        QTest::qWait(300);
        saveShot(&window, QStringLiteral("window-settlements"));

        QVERIFY(Language::install(QStringLiteral("ko")));
        window.showPanel(0);
        QTest::qWait(200);
        saveShot(&window, QStringLiteral("overview-ko"));
        window.showPanel(1);
        QTest::qWait(200);
        saveShot(&window, QStringLiteral("payments-ko"));
        QVERIFY(Language::install(QStringLiteral("en")));
    }
};

QTEST_MAIN(tst_ConsolePanels)
#include "tst_ConsolePanels.moc"
