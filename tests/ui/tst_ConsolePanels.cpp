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
#include "ReconImportDialog.h"
#include "ReconModels.h"
#include "ReconciliationPanel.h"
#include "SettlementsPanel.h"
#include "SwitchOperatorDialog.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
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

const QByteArray ReconProfiles = R"json({"items":[
 {"name":"kr-bank","description":"Korean bank export (CP949 or UTF-8)","builtIn":true,"encoding":"auto"},
 {"name":"generic","description":"English column names","builtIn":true,"encoding":"auto"}]})json";

const QByteArray ReconFiles = R"json({"items":[
 {"fileId":"rf_1","fileName":"kb-2026-11-24.csv","sha256":"ab","sizeBytes":812,"contentType":"text/csv","profile":"kr-bank","encoding":"CP949","currency":"KRW","merchantId":null,"uploadedBy":"local-admin","uploadedVia":"operator","headerLine":3,"statementFrom":"2026-11-23","statementTo":"2026-11-24",
  "imported":{"rows":6,"errors":1,"matched":2,"amountMismatch":1,"unmatchedBank":1,"unmatchedSystem":1,"duplicates":0,"awaiting":0,"proposals":0},"settings":{},"createdAt":"2026-11-24T03:00:00.000Z"}],
 "limit":50,"offset":0,"total":1,"totalCapped":false,"nextOffset":null,"nextCursor":null})json";

const QByteArray ReconFileSummary = R"json({"fileId":"rf_1","fileName":"kb-2026-11-24.csv","profile":"kr-bank","encoding":"CP949","currency":"KRW","uploadedBy":"local-admin","statementFrom":"2026-11-23","statementTo":"2026-11-24",
 "imported":{"rows":6,"errors":1,"matched":2,"amountMismatch":1,"unmatchedBank":1,"unmatchedSystem":1,"duplicates":0,"awaiting":0,"proposals":0},
 "current":{"byOutcome":{"MATCHED":2,"AMOUNT_MISMATCH":1,"UNMATCHED_BANK":1,"UNMATCHED_SYSTEM":1},"byStatus":{"AUTO":2,"OPEN":3},"groups":[]},
 "errorLines":[{"line":7,"reason":"amount: 12x34 is not an amount"}],"createdAt":"2026-11-24T03:00:00.000Z"})json";

const QByteArray ReconLineMatched = R"json({"lineId":16777217,"fileId":"rf_1","side":"BANK","lineNo":4,"date":"2026-11-24","time":"10:15:00","amount":45000,"balance":1045000,"currency":"KRW","memo":"pay_01HZX4A1 demo","reference":null,"branch":"Gangnam","itemType":null,"itemId":null,"merchantId":null,"outcome":"MATCHED","matchType":"REFERENCE","status":"AUTO","score":100,"matchedIds":["pay_01HZX4A1"],"matchedAmount":45000,"reasons":[],"proposal":null,"note":null,"reviewedBy":null,"reviewedAt":null,"updatedAt":"2026-11-24T03:00:00.000Z"})json";

const QByteArray ReconLines = R"json({"items":[
 {"lineId":16777217,"fileId":"rf_1","side":"BANK","lineNo":4,"date":"2026-11-24","time":"10:15:00","amount":45000,"balance":1045000,"currency":"KRW","memo":"pay_01HZX4A1 demo","reference":null,"branch":"Gangnam","itemType":null,"itemId":null,"merchantId":null,"outcome":"MATCHED","matchType":"REFERENCE","status":"AUTO","score":100,"matchedIds":["pay_01HZX4A1"],"matchedAmount":45000,"reasons":[],"proposal":null,"note":null,"reviewedBy":null,"reviewedAt":null,"updatedAt":"2026-11-24T03:00:00.000Z"},
 {"lineId":16777218,"fileId":"rf_1","side":"BANK","lineNo":5,"date":"2026-11-24","time":null,"amount":49500,"balance":null,"currency":"KRW","memo":"STORE 7 deposit","reference":null,"branch":null,"itemType":null,"itemId":null,"merchantId":null,"outcome":"AMOUNT_MISMATCH","matchType":"AMOUNT_DATE","status":"OPEN","score":70,"matchedIds":["pay_01HZX4A2"],"matchedAmount":50000,"reasons":[{"field":"amount","message":"amount differs: 50,000 vs 49,500 (payment pay_01HZX4A2 vs bank)","expected":50000,"actual":49500}],"proposal":null,"note":null,"reviewedBy":null,"reviewedAt":null,"updatedAt":"2026-11-24T03:00:00.000Z"},
 {"lineId":16777219,"fileId":"rf_1","side":"BANK","lineNo":6,"date":"2026-11-24","time":null,"amount":123457,"balance":null,"currency":"KRW","memo":"ACME TRADING","reference":"P-1234","branch":null,"itemType":null,"itemId":null,"merchantId":null,"outcome":"UNMATCHED_BANK","matchType":"NONE","status":"OPEN","score":0,"matchedIds":[],"matchedAmount":null,"reasons":[{"field":"reference","message":"no payment with reference P-1234"},{"field":"match","message":"suggested payment (score 62): 120,000 on 2026-11-23"}],"proposal":{"kind":"SUGGESTION","score":62,"items":[{"type":"payment","id":"pay_01HZX4A3","amount":120000,"date":"2026-11-23"}]},"note":null,"reviewedBy":null,"reviewedAt":null,"updatedAt":"2026-11-24T03:00:00.000Z"},
 {"lineId":16777220,"fileId":"rf_1","side":"SYSTEM","lineNo":null,"date":"2026-11-23","time":null,"amount":30000,"balance":null,"currency":"KRW","memo":null,"reference":null,"branch":null,"itemType":"payment","itemId":"pay_01HZX4A4","merchantId":"demo","outcome":"UNMATCHED_SYSTEM","matchType":"NONE","status":"OPEN","score":0,"matchedIds":[],"matchedAmount":null,"reasons":[{"field":"date","message":"expected in the bank by 2026-11-24; the statement ends 2026-11-24"}],"proposal":null,"note":null,"reviewedBy":null,"reviewedAt":null,"updatedAt":"2026-11-24T03:00:00.000Z"}],
 "limit":50,"offset":0,"total":4,"totalCapped":false,"nextOffset":null,"nextCursor":null})json";

const QByteArray ReconDryRun = R"json({"fileId":null,"dryRun":true,"sha256":"cd","fileName":"statement.csv","sizeBytes":120,"profile":"generic","encoding":"UTF-8","currency":"KRW","merchantId":null,"headerLine":1,"statementFrom":"2026-11-24","statementTo":"2026-11-24",
 "rows":3,"parsed":2,"errors":1,"matched":1,"amountMismatch":0,"unmatched":1,"unmatchedBank":1,"unmatchedSystem":0,"duplicates":0,"awaiting":0,"awaitingLines":0,"awaitingItems":0,"proposals":0,"suggestions":0,"candidates":3,
 "errorLines":[{"line":4,"reason":"amount: 12x34 is not an amount"}],"errorLinesTruncated":false,
 "preview":[
  {"lineId":null,"side":"BANK","lineNo":2,"date":"2026-11-24","time":null,"amount":45000,"balance":null,"currency":"KRW","memo":"Payment pay_01HZX4A1","reference":"","outcome":"MATCHED","matchType":"REFERENCE","status":"AUTO","score":100,"matchedIds":["pay_01HZX4A1"],"reasons":[],"proposal":null},
  {"lineId":null,"side":"BANK","lineNo":3,"date":"2026-11-24","time":null,"amount":987654,"balance":null,"currency":"KRW","memo":"Unknown deposit","reference":"","outcome":"UNMATCHED_BANK","matchType":"NONE","status":"OPEN","score":0,"matchedIds":[],"reasons":[{"field":"amount","message":"no payment or settlement batch of 987,654 between 2026-11-19 and 2026-11-27"}],"proposal":null}]})json";

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

    // Ledger amounts are minor units shown exactly, also beyond 2^53 (never through a double).
    void paymentLedgerAmountsAreExact() {
        QByteArray detailJson = PaymentDetail;
        detailJson.replace(R"("debit":45000,"credit":0)", R"("debit":9007199254740993,"credit":0)");
        detailJson.replace(R"("debit":0,"credit":45000)", R"("debit":0,"credit":"9007199254740995")");
        m_server.route("/admin/payments/pay_01HZX4A1", 200, detailJson);
        PaymentsPanel panel(m_session.get());
        panel.search();
        QTRY_COMPARE(panel.model()->rowCount(), 3);
        QSignalSpy detail(&panel, &PaymentsPanel::detailLoaded);
        panel.selectRow(0);
        QTRY_COMPARE(detail.size(), 1);
        m_server.route("/admin/payments/pay_01HZX4A1", 200, PaymentDetail);
        auto* ledger = panel.findChild<QTreeWidget*>(QStringLiteral("ledgerTree"));
        QCOMPARE(ledger->topLevelItem(0)->child(0)->text(1), QLocale().toString(qint64(9007199254740993)));
        QCOMPARE(ledger->topLevelItem(0)->child(1)->text(2), QLocale().toString(qint64(9007199254740995)));
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
        QTRY_COMPARE(loaded.size(), 2);  // the view reloads after the action
        bool patched = false;
        for (const auto& r : m_server.requests()) {
            patched = patched || (r.method == "PATCH" && r.body.contains("\"payload\""));
        }
        QVERIFY(patched);

        m_server.route("/admin/dead-letters/dl_1/replay", 200, QByteArray(DeadLetter).replace("\"OPEN\"", "\"REPLAYED\""));
        // The panel reloads the dead letter after the replay: the backend says REPLAYED now.
        m_server.route("/admin/dead-letters/dl_1", 200, QByteArray(DeadLetter).replace("\"OPEN\"", "\"REPLAYED\""));
        panel.replay();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(panel.current().value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));
        auto* replay = panel.findChild<QPushButton*>(QStringLiteral("replayButton"));
        QVERIFY(!replay->isEnabled());
        QVERIFY(replay->toolTip().startsWith(QStringLiteral("Replayed already")));

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
        bool discarded = false;
        for (const auto& r : m_server.requests()) {
            discarded = discarded || (r.target.endsWith("/discard") && r.body.contains("duplicate"));
        }
        QVERIFY(discarded);
        QVERIFY(panel.accessBannerText().contains(QStringLiteral("FORBIDDEN_ROLE")));
        Panel::testPrompts().text = {};

        // Bulk replay counts first and names the number in the confirmation.
        m_server.route("/admin/dead-letters/replay", 200, R"json({"replayed":1,"failed":0,"ids":["dl_1"],"failures":[]})json");
        panel.bulkReplay();
        QTRY_COMPARE(finished.size(), 4);
        QVERIFY(Panel::testPrompts()
                    .shown.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("Replay 1 dead letter matching")));
        bool bulk = false;
        for (const auto& r : m_server.requests()) {
            bulk = bulk || (r.target == "/admin/dead-letters/replay" && r.body.contains("\"limit\":1") &&
                            r.body.contains("\"status\":\"OPEN\""));
        }
        QVERIFY(bulk);
    }

    // A 401/403 shows a banner in the panel saying what to do; an operator's role and the four-eyes
    // rule disable the buttons they may not use, with the reason as tooltip; replay asks first.
    void accessBannersAndRoleGating() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/audit", 401,
                     R"json({"code":"UNAUTHORIZED","message":"Authorization: Bearer <operator token> is required"})json");
        server.route("/admin/whoami", 200, R"json({"name":"alice","role":"clerk"})json");
        server.route("/admin/settlements", 200, SettlementPage);
        server.route("/admin/dead-letters", 200, DeadLetterPage);
        server.route("/admin/dead-letters/dl_1", 200, DeadLetter);
        BackendClient client(server.baseUrl());
        ConsoleSession session(&client);

        AuditPanel audit(&session);
        audit.refresh();
        QTRY_VERIFY(audit.accessBannerText().contains(QStringLiteral("Not signed in")));
        QVERIFY(audit.accessBannerText().contains(QStringLiteral("File → Switch operator")));
        QVERIFY(Panel::accessProblem({401, QStringLiteral("UNAUTHORIZED"), {}}, true).contains(QStringLiteral("does not accept")));
        QVERIFY(Panel::accessProblem({403, QStringLiteral("FORBIDDEN_ROLE"), QStringLiteral("requires supervisor")}, true)
                    .contains(QStringLiteral("requires supervisor")));
        QVERIFY(Panel::accessProblem({401, QStringLiteral("INVALID_SIGNATURE"), {}}, true).contains(QStringLiteral("merchant")));
        QVERIFY(Panel::accessProblem({403, QStringLiteral("MAKER_CHECKER"), {}}, true).isEmpty());
        QVERIFY(Panel::accessProblem({409, QStringLiteral("INVALID_STATE"), {}}, true).isEmpty());

        QSignalSpy identified(&session, &ConsoleSession::operatorChanged);
        session.identify();
        QTRY_COMPARE(identified.size(), 1);
        QCOMPARE(session.operatorRole(), QStringLiteral("clerk"));
        SettlementsPanel settlements(&session);
        settlements.refresh();
        QTRY_COMPARE(settlements.model()->rowCount(), 3);
        settlements.selectRow(0);
        auto* approve = settlements.findChild<QPushButton*>(QStringLiteral("approveButton"));
        QCOMPARE(settlements.current().value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        QVERIFY2(!approve->isEnabled(), qPrintable(approve->toolTip()));
        QVERIFY2(approve->toolTip().contains(QStringLiteral("needs a supervisor")), qPrintable(approve->toolTip()));

        DeadLettersPanel deadLetters(&session);
        deadLetters.refresh();
        QTRY_COMPARE(deadLetters.model()->rowCount(), 1);
        auto* bulk = deadLetters.findChild<QPushButton*>(QStringLiteral("bulkReplayButton"));
        QVERIFY(!bulk->isEnabled());  // bulk replay needs a supervisor
        QSignalSpy loaded(&deadLetters, &DeadLettersPanel::detailLoaded);
        deadLetters.selectRow(0);
        QTRY_COMPARE(loaded.size(), 1);
        // Declining the confirmation sends nothing.
        Panel::testPrompts().confirm = [](const QString&) { return false; };
        const qsizetype before = server.requests().size();
        deadLetters.replay();
        QTest::qWait(100);
        QCOMPARE(server.requests().size(), before);
        QVERIFY(Panel::testPrompts().shown.constLast().contains(QStringLiteral("cannot be undone")));
        Panel::testPrompts().confirm = [](const QString&) { return true; };
    }

    // File → Switch operator…: the identities the local backend wrote (the admin first), or a token.
    void switchOperatorDialogListsLocalIdentities() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&dir](const char* name, const QByteArray& json) {
            QFile file(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json);
        };
        write("operator-checker.json",
              R"json({"token":"pdop_checker_0123456789","name":"local-checker","role":"supervisor"})json");
        write("operator-token.json",
              R"json({"token":"pdop_admin_0123456789","name":"local-admin","role":"admin"})json");
        write("operator-broken.json", "{not json");
        const QList<OperatorIdentity> identities = SwitchOperatorDialog::localIdentities(dir.path());
        QCOMPARE(identities.size(), 2);
        QCOMPARE(identities.at(0).name, QStringLiteral("local-admin"));
        QCOMPARE(identities.at(1).role, QStringLiteral("supervisor"));

        SwitchOperatorDialog dialog(identities, QStringLiteral("local-admin"));
        auto* choice = dialog.findChild<QComboBox*>(QStringLiteral("operatorChoice"));
        auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("operatorToken"));
        QCOMPARE(choice->count(), 3);  // two identities and "Paste a token…"
        QCOMPARE(dialog.token(), QStringLiteral("pdop_admin_0123456789"));
        QVERIFY(!token->isEnabled());
        choice->setCurrentIndex(1);
        QCOMPARE(dialog.token(), QStringLiteral("pdop_checker_0123456789"));
        dialog.show();
        QTest::qWait(50);
        saveShot(&dialog, QStringLiteral("switch-operator"));
        choice->setCurrentIndex(2);
        QVERIFY(token->isEnabled());
        token->setText(QStringLiteral("  pasted-token-0123456789 "));
        QCOMPARE(dialog.token(), QStringLiteral("pasted-token-0123456789"));
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

    void reconciliationReviewActionsExport() {
        m_server.route("/admin/recon/profiles", 200, ReconProfiles);
        m_server.route("GET /admin/recon/files", 200, ReconFiles);
        m_server.route("/admin/recon/files/rf_1", 200, ReconFileSummary);
        m_server.route("/admin/recon/files/rf_1/lines", 200, ReconLines);
        m_server.route("/admin/recon/exceptions", 200, ReconLines);
        m_server.route("/admin/payments/pay_01HZX4A1", 200, PaymentDetail);
        m_server.route("/admin/payments/pay_01HZX4A3", 200, QByteArray(PaymentDetail).replace("pay_01HZX4A1", "pay_01HZX4A3"));
        ReconciliationPanel panel(m_session.get());
        panel.resize(1100, 720);
        QAbstractItemModelTester filesTester(panel.filesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester linesTester(panel.linesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy summary(&panel, &ReconciliationPanel::fileSummaryLoaded);
        panel.refresh();
        // The newest file is selected by itself: its counts (chart) and its lines.
        QTRY_COMPARE(panel.filesModel()->rowCount(), 1);
        QTRY_COMPARE(panel.currentFileId(), QStringLiteral("rf_1"));
        QTRY_VERIFY(!summary.isEmpty());
        QTRY_COMPARE(panel.linesModel()->rowCount(), 4);
        bool linesAsked = false;
        for (const auto& r : m_server.requests()) {
            linesAsked = linesAsked || r.target.startsWith("/admin/recon/files/rf_1/lines?");
        }
        QVERIFY(linesAsked);
        const QList<QPair<QString, qint64>> chart = panel.chartCounts();
        QCOMPARE(chart.size(), 6);
        QCOMPARE(chart.at(0), qMakePair(QStringLiteral("MATCHED"), qint64(2)));
        QCOMPARE(chart.at(1), qMakePair(QStringLiteral("AMOUNT_MISMATCH"), qint64(1)));
        QCOMPARE(chart.at(4), qMakePair(QStringLiteral("DUPLICATE"), qint64(0)));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("reconFileInfo"))->text().contains(QStringLiteral("line 7")));
        // Outcomes read as words, with the code (and every reason) in the tooltips.
        const int outcomeColumn = panel.linesModel()->columnOf(QStringLiteral("outcome"));
        QCOMPARE(panel.linesModel()->index(1, outcomeColumn).data().toString(), QStringLiteral("Amount mismatch"));
        QCOMPARE(panel.linesModel()->index(1, outcomeColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("AMOUNT_MISMATCH"));
        QVERIFY(!panel.linesModel()->index(1, outcomeColumn).data(Qt::DecorationRole).isNull());

        // The detail shows the bank line next to the payment it matched.
        auto* approve = panel.findChild<QPushButton*>(QStringLiteral("reconApproveButton"));
        auto* resolve = panel.findChild<QPushButton*>(QStringLiteral("reconResolveButton"));
        auto* accept = panel.findChild<QPushButton*>(QStringLiteral("reconAcceptButton"));
        auto* match = panel.findChild<QPushButton*>(QStringLiteral("reconMatchButton"));
        auto* unmatch = panel.findChild<QPushButton*>(QStringLiteral("reconUnmatchButton"));
        QSignalSpy detail(&panel, &ReconciliationPanel::detailLoaded);
        panel.selectLine(0);
        QTRY_VERIFY2(panel.detailText().contains(QStringLiteral("payment of demo, AUTHORIZED")), qPrintable(panel.detailText()));
        QVERIFY(panel.detailText().contains(QStringLiteral("expected in the bank 0 KRW (captured 0 KRW, refunded 0 KRW)")));
        QVERIFY(panel.detailText().contains(QStringLiteral("Matched payment")));
        QVERIFY(panel.detailText().contains(QStringLiteral("Gangnam")));
        QVERIFY(approve->isEnabled());
        QVERIFY(unmatch->isEnabled());
        QVERIFY(!resolve->isEnabled());  // AUTO, not an open exception
        QVERIFY(!match->isEnabled());    // matched already

        // Approve: confirmation naming the line, then the line and the counts are read again.
        m_server.route("/admin/recon/lines/16777217/approve", 200, QByteArray(ReconLineMatched).replace("\"AUTO\"", "\"APPROVED\""));
        QSignalSpy finished(&panel, &ReconciliationPanel::actionFinished);
        panel.approve();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(Panel::testPrompts().shown.join(QLatin1Char('\n')).contains(QStringLiteral("line 16777217")));
        QVERIFY(panel.noteText().contains(QStringLiteral("Approve: done for 1 line(s)")));
        QTRY_VERIFY(!panel.linesModel()->isLoading());
        QTRY_COMPARE(panel.selectedLines().size(), 1);  // selected again after the reload

        // The amount mismatch shows expected against actual.
        panel.selectLine(1);
        QTRY_VERIFY(panel.detailText().contains(QStringLiteral("expected 50,000 KRW, bank 49,500 KRW")));
        // A suggestion: accept and match by hand are offered, the suggested payment is shown.
        panel.selectLine(2);
        QVERIFY(accept->isEnabled());
        QVERIFY(match->isEnabled());
        QVERIFY(resolve->isEnabled());
        QVERIFY(!approve->isEnabled());
        QTRY_VERIFY(panel.detailText().contains(QStringLiteral("Suggested match (score 62)")));
        QTRY_VERIFY(panel.detailText().contains(QStringLiteral("pay_01HZX4A3")));
        QTRY_VERIFY(!panel.detailText().contains(QStringLiteral("loading")));
        saveShot(&panel, QStringLiteral("reconciliation"));

        // Match by hand: payment and batch ids from one prompt, sent apart.
        m_server.route("/admin/recon/lines/16777219/match", 200, ReconLineMatched);
        Panel::testPrompts().text = [](const QString&, const QString& initial) {
            return std::optional<QString>(initial + QStringLiteral(", stl_a2"));
        };
        panel.matchManually();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(finished.at(1).at(0).toBool(), true);
        bool matchBody = false;
        for (const auto& r : m_server.requests()) {
            if (r.target == "/admin/recon/lines/16777219/match") {
                const QJsonObject body = QJsonDocument::fromJson(r.body).object();
                matchBody = body.value(QStringLiteral("paymentIds")).toArray() == QJsonArray{QStringLiteral("pay_01HZX4A3")} &&
                            body.value(QStringLiteral("batchIds")).toArray() == QJsonArray{QStringLiteral("stl_a2")};
            }
        }
        QVERIFY(matchBody);

        // Resolve two open exceptions at once, with the note; one request.
        QTRY_VERIFY(!panel.linesModel()->isLoading());
        panel.selectLines({2, 3});
        QCOMPARE(panel.selectedLines().size(), 2);
        QVERIFY(resolve->isEnabled());
        QVERIFY(!accept->isEnabled());  // the expected item has no proposal
        m_server.route("/admin/recon/resolve", 200, R"json({"resolved":2,"items":[]})json");
        Panel::testPrompts().text = [](const QString&, const QString&) {
            return std::optional<QString>(QStringLiteral("customer deposit, refunded by the bank"));
        };
        panel.resolve();
        QTRY_COMPARE(finished.size(), 3);
        QCOMPARE(finished.at(2).at(0).toBool(), true);
        bool resolveBody = false;
        for (const auto& r : m_server.requests()) {
            if (r.target == "/admin/recon/resolve") {
                const QJsonObject body = QJsonDocument::fromJson(r.body).object();
                resolveBody = body.value(QStringLiteral("lineIds")).toArray() == QJsonArray{16777219, 16777220} &&
                              body.value(QStringLiteral("note")).toString() == QLatin1String("customer deposit, refunded by the bank");
            }
        }
        QVERIFY(resolveBody);
        QVERIFY(panel.noteText().contains(QStringLiteral("Resolve: done for 2 line(s)")));

        // A refused decision shows the backend's code and message.
        QTRY_VERIFY(!panel.linesModel()->isLoading());
        panel.selectLine(0);
        m_server.route("/admin/recon/lines/16777217/unmatch", 409,
                       R"json({"code":"INVALID_STATE","message":"line 16777217 is not matched"})json");
        panel.unmatch();
        QTRY_COMPARE(finished.size(), 4);
        QCOMPARE(finished.at(3).at(0).toBool(), false);
        QVERIFY(panel.lastError().contains(QStringLiteral("INVALID_STATE")));
        QVERIFY(panel.noteText().contains(QStringLiteral("line 16777217 is not matched")));
        Panel::testPrompts().text = {};

        // The exceptions queue across files, filtered on the backend.
        QSignalSpy linesLoaded(panel.linesModel(), &ReconLinesModel::loaded);
        panel.setView(ReconciliationPanel::View::Exceptions, QStringLiteral("OPEN"), true);
        QTRY_VERIFY(!linesLoaded.isEmpty());
        // The last exceptions request (a late detail load of an earlier line may come after it).
        QByteArray exceptions;
        for (const auto& r : m_server.requests()) {
            exceptions = r.target.startsWith("/admin/recon/exceptions?") ? r.target : exceptions;
        }
        QVERIFY(exceptions.contains("status=OPEN"));
        QVERIFY(!exceptions.contains("fileId"));
        panel.setOutcomeFilter(QStringLiteral("UNMATCHED_BANK"));
        QTRY_VERIFY(m_server.requests().constLast().target.contains("outcome=UNMATCHED_BANK"));
        QTRY_COMPARE(panel.linesModel()->rowCount(), 4);
        // The text filter narrows the loaded lines locally.
        panel.focusSearch();
        panel.findChild<QLineEdit*>(QStringLiteral("reconTextFilter"))->setText(QStringLiteral("acme"));
        QCOMPARE(panel.visibleLineCount(), 1);
        panel.findChild<QLineEdit*>(QStringLiteral("reconTextFilter"))->clear();

        // Exports save the backend's bytes.
        const QByteArray csv = "line_id,file_id,side\r\n16777217,rf_1,BANK\r\n16777218,rf_1,BANK\r\n";
        m_server.route("/admin/recon/files/rf_1/results.csv", {200, csv, "text/csv"});
        m_server.route("/admin/recon/exceptions.csv", {200, csv, "text/csv"});
        QTemporaryDir dir;
        panel.exportResultsTo(dir.filePath(QStringLiteral("results.csv")));
        QTRY_COMPARE(finished.size(), 5);
        QFile results(dir.filePath(QStringLiteral("results.csv")));
        QVERIFY(results.open(QIODevice::ReadOnly));
        QCOMPARE(results.readAll(), csv);
        QVERIFY(panel.noteText().contains(QStringLiteral("2 line(s) saved")));
        panel.exportExceptionsTo(dir.filePath(QStringLiteral("exceptions.csv")));
        QTRY_COMPARE(finished.size(), 6);
        QVERIFY(m_server.requests().constLast().target.startsWith("/admin/recon/exceptions.csv?status=OPEN&outcome=UNMATCHED_BANK"));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("exceptions.csv"))));
    }

    void reconciliationImportPreviewAndDuplicate() {
        m_server.route("/admin/recon/profiles", 200, ReconProfiles);
        m_server.route("GET /admin/recon/files", 200, ReconFiles);
        m_server.route("/admin/recon/files/rf_1", 200, ReconFileSummary);
        m_server.route("/admin/recon/files/rf_1/lines", 200, ReconLines);
        m_server.route("POST /admin/recon/files", 200, ReconDryRun);
        ReconciliationPanel panel(m_session.get());
        panel.resize(1100, 720);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("statement.csv"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("Date,Description,Amount\n2026-11-24,Payment pay_01HZX4A1,45000\n2026-11-24,Unknown deposit,987654\n"
                       "2026-11-24,broken,12x34\n");
        }

        // Dropping a .csv on the panel opens the import with a dry-run preview.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&panel, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&panel, &drop);
        ReconImportDialog* dialog = panel.importDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->fileName(), QStringLiteral("statement.csv"));
        QAbstractItemModelTester previewTester(dialog->previewModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester errorsTester(dialog->errorsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy previewed(dialog, &ReconImportDialog::previewFinished);
        QTRY_COMPARE(previewed.size(), 1);
        QCOMPARE(previewed.at(0).at(0).toBool(), true);
        QVERIFY(m_server.requests().constLast().target.contains("dryRun=true"));
        QVERIFY(m_server.requests().constLast().target.contains("preview=50"));
        QVERIFY(m_server.requests().constLast().target.contains("fileName=statement.csv"));
        QCOMPARE(m_server.requests().constLast().headers.value("content-type"), QByteArray("text/csv"));
        QVERIFY(m_server.requests().constLast().body.contains("Unknown deposit"));
        QCOMPARE(dialog->previewModel()->rowCount(), 2);
        QCOMPARE(dialog->errorsModel()->rowCount(), 1);
        QCOMPARE(dialog->errorsModel()->index(0, 0).data().toString(), QStringLiteral("4"));
        QVERIFY(dialog->summaryText().contains(QStringLiteral("generic (recognised from the header row)")));
        QVERIFY(dialog->summaryText().contains(QStringLiteral("UTF-8 (detected)")));
        QCOMPARE(dialog->previewCounts().value(QStringLiteral("MATCHED")), 1);
        QCOMPARE(dialog->previewCounts().value(QStringLiteral("UNMATCHED_BANK")), 1);
        QTRY_VERIFY(dialog->profiles().contains(QStringLiteral("generic")));
        QVERIFY(dialog->canImport());

        // Another profile or encoding previews again with it.
        dialog->setProfile(QStringLiteral("generic"));
        QTRY_COMPARE(previewed.size(), 2);
        QVERIFY(m_server.requests().constLast().target.contains("profile=generic"));
        dialog->setEncoding(QStringLiteral("UTF-8"));
        QTRY_COMPARE(previewed.size(), 3);
        QVERIFY(m_server.requests().constLast().target.contains("encoding=UTF-8"));
        dialog->resize(940, 600);
        saveShot(dialog, QStringLiteral("reconciliation-import"));

        // Import for real: 201, the panel selects the new file.
        m_server.route("POST /admin/recon/files", 201,
                       QByteArray(ReconDryRun).replace("\"fileId\":null,\"dryRun\":true", "\"fileId\":\"rf_1\",\"dryRun\":false"));
        QSignalSpy imported(&panel, &ReconciliationPanel::imported);
        QSignalSpy importDone(dialog, &ReconImportDialog::importFinished);
        dialog->startImport();
        QTRY_COMPARE(importDone.size(), 1);
        QCOMPARE(importDone.at(0).at(0).toBool(), true);
        QCOMPARE(imported.size(), 1);
        QCOMPARE(imported.at(0).at(0).toString(), QStringLiteral("rf_1"));
        bool realUpload = false;
        for (const auto& r : m_server.requests()) {
            realUpload = realUpload || (r.method == "POST" && r.target.contains("dryRun=false"));
        }
        QVERIFY(realUpload);
        QVERIFY(panel.noteText().contains(QStringLiteral("Imported statement.csv as rf_1")));
        QTRY_COMPARE(panel.currentFileId(), QStringLiteral("rf_1"));
        QTRY_VERIFY(panel.importDialog() == nullptr);  // closed and deleted

        // The same file again: the dry run is refused with 409 DUPLICATE_FILE, said plainly.
        m_server.route("POST /admin/recon/files", 409,
                       R"json({"code":"DUPLICATE_FILE","message":"this file was imported before (same SHA-256)","fileId":"rf_1","sha256":"cd"})json");
        panel.importFile(path);
        dialog = panel.importDialog();
        QVERIFY(dialog);
        QSignalSpy refused(dialog, &ReconImportDialog::previewFinished);
        QTRY_COMPARE(refused.size(), 1);
        QCOMPARE(refused.at(0).at(0).toBool(), false);
        QVERIFY(dialog->noteText().contains(QStringLiteral("409 DUPLICATE_FILE")));
        QVERIFY(dialog->noteText().contains(QStringLiteral("rf_1")));
        QVERIFY(!dialog->canImport());
        QVERIFY(panel.lastError().contains(QStringLiteral("DUPLICATE_FILE")));
        dialog->reject();
    }

    void overviewChartsAndWholeWindow() {
        MainWindow window(m_client.get());
        window.addStandardPanels();
        window.resize(1280, 800);
        window.show();
        QCOMPARE(window.panelCount(), 6);
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
        window.showPanel(5);
        QTest::qWait(300);
        saveShot(&window, QStringLiteral("window-reconciliation"));

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
