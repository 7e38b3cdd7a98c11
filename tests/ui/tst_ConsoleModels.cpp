// Models and pure logic of the console: PagedTableModel and RowsModel (cursor and offset paging,
// typed rows, checked with QAbstractItemModelTester), the /metrics parser and rates, the live
// charts' route ranking and axis labels, and merchant request signing.
#include "BackendClient.h"
#include "FakeHttpServer.h"
#include "MerchantSigner.h"
#include "Metrics.h"
#include "MetricsCharts.h"
#include "PagedTableModel.h"
#include "ReconModels.h"
#include "RowsModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

class tst_ConsoleModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pagedModelFollowsCursor() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(
            "/admin/payments", 200,
            R"json({"items":[{"paymentId":"p1","amount":1000,"currency":"KRW"},{"paymentId":"p2","amount":5,"currency":"KRW"}],
                     "limit":2,"offset":0,"total":3,"nextOffset":null,"nextCursor":"c2"})json");
        BackendClient client(server.baseUrl());
        PagedTableModel model(&client, QStringLiteral("/admin/payments"),
                              {{QStringLiteral("paymentId"), [] { return QStringLiteral("Payment"); }},
                               {QStringLiteral("amount"), [] { return QStringLiteral("Amount"); }}});
        model.setPageSize(2);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("status"), QStringLiteral("CAPTURED"));
        query.addQueryItem(QStringLiteral("merchantId"), QString());
        model.setQuery(query);
        model.reload();
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.total(), 3);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("p1"));
        QCOMPARE(model.data(model.index(1, 1), PagedTableModel::RawRole).toInt(), 5);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Amount"));
        QVERIFY(server.requests().constLast().target.contains("status=CAPTURED"));
        QVERIFY(!server.requests().constLast().target.contains("merchantId"));

        QVERIFY(model.canFetchMore(QModelIndex()));
        server.route("/admin/payments", 200,
                     R"json({"items":[{"paymentId":"p3","amount":7,"currency":"KRW"}],
                     "limit":2,"offset":0,"total":3,"nextOffset":null,"nextCursor":null})json");
        // The tester checks the model from here on; it calls fetchMore() itself, as views do.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.fetchMore(QModelIndex());
        QTRY_COMPARE(model.rowCount(), 3);
        QVERIFY(server.requests().constLast().target.contains("cursor=c2"));
        QVERIFY(!model.canFetchMore(QModelIndex()));

        model.updateRow(QStringLiteral("paymentId"), QJsonObject{{QStringLiteral("paymentId"), QStringLiteral("p2")},
                                                                 {QStringLiteral("amount"), 9}});
        QCOMPARE(model.data(model.index(1, 1), PagedTableModel::RawRole).toInt(), 9);

        server.route("/admin/payments", 400, R"json({"code":"VALIDATION_ERROR","message":"bad status"})json");
        QSignalSpy failed(&model, &PagedTableModel::failed);
        model.reload();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    // A typed model: cells come from the parsed rows, the raw JSON still sorts; a row that does not
    // read as its type refuses the page with INVALID_ROW and shows nothing of it.
    void rowsModelReadsTypedRows() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(
            "/admin/audit", 200,
            R"json({"items":[{"auditId":3,"at":"2026-11-24T01:05:00.000Z","actor":"a1","role":"admin","action":"x.y","note":null},
                     {"auditId":2,"at":"2026-11-24T01:04:00.000Z","actor":"a2","role":"clerk","action":"x.z","note":"n"}],
                     "total":3,"nextCursor":"c2"})json");
        BackendClient client(server.baseUrl());
        using Model = RowsModel<AuditEntry>;
        Model model(&client, QStringLiteral("/admin/audit"),
                    {{QStringLiteral("auditId"), [] { return QStringLiteral("Id"); }, {}},
                     {QStringLiteral("actor"), [] { return QStringLiteral("Operator"); },
                      [](const AuditEntry& e) { return e.actor.toUpper(); }},
                     {QStringLiteral("note"), [] { return QStringLiteral("Note"); },
                      [](const AuditEntry& e) { return e.note.value_or(QStringLiteral("-")); }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.typedRow(0).auditId, qint64(3));
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("3"));
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("A2"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("-"));
        QCOMPARE(model.data(model.index(1, 1), PagedTableModel::RawRole).toString(), QStringLiteral("a2"));

        server.route(
            "/admin/audit", 200,
            R"json({"items":[{"auditId":1,"at":"2026-11-24T01:03:00.000Z","actor":"a3","action":"x.w"}],"total":3})json");
        // The tester checks the model from here on; it calls fetchMore() itself, as views do.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.fetchMore(QModelIndex());
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(model.typedRow(2).actor, QStringLiteral("a3"));

        model.updateRow(QStringLiteral("auditId"),
                        QJsonObject{{QStringLiteral("auditId"), 2}, {QStringLiteral("note"), QStringLiteral("m")}});
        QCOMPARE(model.typedRow(1).note, std::optional<QString>(QStringLiteral("m")));
        QCOMPARE(model.data(model.index(1, 2)).toString(), QStringLiteral("m"));
        // A change that does not read keeps the row as it was.
        model.updateRow(QStringLiteral("auditId"),
                        QJsonObject{{QStringLiteral("auditId"), 2}, {QStringLiteral("actor"), 5}});
        QCOMPARE(model.typedRow(1).actor, QStringLiteral("a2"));

        server.route(
            "/admin/audit", 200,
            R"json({"items":[{"auditId":"seven","at":"2026-11-24T01:05:00.000Z","actor":"a1","action":"x.y"}],"total":1})json");
        QSignalSpy failed(&model, &PagedTableModel::failed);
        model.reload();
        QTRY_COMPARE(failed.size(), 1);
        const auto error = failed.constFirst().constFirst().value<BackendError>();
        QCOMPARE(error.code, QString(BackendError::InvalidRow));
        QCOMPARE(error.httpStatus, 200);
        QCOMPARE(model.rowCount(), 0);
    }

    // The review table's model over typed reconciliation lines: cells from the typed line (money exact
    // beyond 2^53), the outcome dot and tooltips, paging by cursor, a new path resets, a line that does
    // not read refuses its page.
    void reconLinesModelReadsTypedLines() {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/recon/files/rf_1/lines", 200,
                     R"json({"items":[
              {"lineId":16777217,"fileId":"rf_1","side":"BANK","lineNo":2,"date":"2026-11-24","amount":"9007199254740993",
               "currency":"USD","memo":"ACME","outcome":"AMOUNT_MISMATCH","matchType":"REFERENCE","status":"OPEN","score":80,
               "matchedIds":["pay_1"],"reasons":[{"field":"amount","message":"amount differs"},{"field":"date","message":"late"}]},
              {"lineId":16777218,"fileId":"rf_1","side":"SYSTEM","date":"2026-11-24","amount":5000,"currency":"KRW",
               "itemType":"payment","itemId":"pay_2","outcome":"UNMATCHED_SYSTEM","matchType":"NONE","status":"OPEN","score":0,
               "matchedIds":[]}],
              "total":3,"nextCursor":"c2"})json");
        BackendClient client(server.baseUrl());
        ReconLinesModel model(&client);
        model.load(QStringLiteral("/admin/recon/files/rf_1/lines"), QUrlQuery());
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.total(), 3);
        QCOMPARE(model.line(0).amount, qint64(9007199254740993));
        QCOMPARE(model.line(1).itemId, std::optional<QString>(QStringLiteral("pay_2")));
        auto cell = [&model](int row, const char* key, int role = Qt::DisplayRole) {
            return model.index(row, model.columnOf(QString::fromLatin1(key))).data(role);
        };
        QCOMPARE(cell(0, "amount").toString(), QStringLiteral("90,071,992,547,409.93 USD"));
        QCOMPARE(cell(0, "amount", PagedTableModel::RawRole).toString(), QStringLiteral("9007199254740993"));
        QCOMPARE(cell(0, "lineNo").toString(), QStringLiteral("2"));
        QCOMPARE(cell(1, "lineNo").toString(), QString());
        QCOMPARE(cell(0, "side").toString(), QStringLiteral("Bank"));
        QCOMPARE(cell(0, "outcome").toString(), QStringLiteral("Amount mismatch"));
        QCOMPARE(cell(0, "outcome", Qt::ToolTipRole).toString(), QStringLiteral("AMOUNT_MISMATCH"));
        QVERIFY(!cell(0, "outcome", Qt::DecorationRole).isNull());
        QCOMPARE(cell(0, "memo").toString(), QStringLiteral("ACME"));
        QCOMPARE(cell(1, "memo").toString(), QStringLiteral("payment pay_2"));
        QCOMPARE(cell(0, "status").toString(), QStringLiteral("Open"));
        QCOMPARE(cell(0, "score").toString(), QStringLiteral("80"));
        QCOMPARE(cell(0, "matchedIds").toString(), QStringLiteral("pay_1"));
        QCOMPARE(cell(0, "reasons").toString(), QStringLiteral("amount differs; late"));
        QCOMPARE(cell(0, "reasons", Qt::ToolTipRole).toString(), QStringLiteral("amount differs\nlate"));
        QCOMPARE(cell(0, "fileId").toString(), QStringLiteral("rf_1"));
        QCOMPARE(model.row(0).value(QStringLiteral("memo")).toString(), QStringLiteral("ACME"));

        server.route("/admin/recon/files/rf_1/lines", 200,
                     R"json({"items":[{"lineId":16777219,"side":"BANK","amount":1,"currency":"KRW","outcome":"MATCHED",
                      "status":"AUTO","matchedIds":["pay_3"]}],"total":3})json");
        QVERIFY(model.canFetchMore(QModelIndex()));
        // The tester checks the model from here on; it calls fetchMore() itself, as views do.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.fetchMore(QModelIndex());
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(model.line(2).lineId, qint64(16777219));
        QCOMPARE(cell(2, "amount").toString(), QStringLiteral("1 KRW"));

        // Another resource: a reset, then its lines; a line that does not read refuses the page.
        server.route("/admin/recon/exceptions", 200,
                     R"json({"items":[{"lineId":1,"side":"BANK","amount":1.5,"outcome":"MATCHED"}],"total":1})json");
        QSignalSpy failed(&model, &ReconLinesModel::failed);
        model.load(QStringLiteral("/admin/recon/exceptions"), QUrlQuery());
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().constFirst().value<BackendError>().code, QString(BackendError::InvalidRow));
        QCOMPARE(model.rowCount(), 0);
        QLocale::setDefault(previous);
    }

    // The import preview's tables: typed rows in memory, the same cells as the review table.
    void previewModelsOverTypedRows() {
        const ApiResult<QList<ReconLine>> lines = parseRows<ReconLine>(
            QJsonDocument::fromJson(
                R"json([{"side":"BANK","lineNo":3,"amount":120000,"currency":"KRW","outcome":"MATCHED",
              "status":"AUTO","score":95,"matchedIds":["pay_1"]},
              {"side":"BANK","lineNo":5,"amount":7,"currency":"KRW","outcome":"UNMATCHED_BANK","status":"OPEN"}])json")
                .array());
        QVERIFY(lines.ok());
        ReconPreviewModel preview(ReconText::lineColumns(), reconLineCell);
        QAbstractItemModelTester tester(&preview, QAbstractItemModelTester::FailureReportingMode::QtTest);
        preview.setRows(lines.value());
        QCOMPARE(preview.rowCount(), 2);
        QCOMPARE(preview.index(0, 0).data().toString(), QStringLiteral("3"));
        QCOMPARE(preview.index(0, 7).data().toString(), QStringLiteral("95"));
        QCOMPARE(preview.index(1, 4).data(Qt::ToolTipRole).toString(), QStringLiteral("UNMATCHED_BANK"));
        QVERIFY(!preview.index(1, 4).data(Qt::DecorationRole).isNull());
        QCOMPARE(preview.row(0).value(QStringLiteral("matchedIds")).toArray().at(0).toString(),
                 QStringLiteral("pay_1"));
        QCOMPARE(preview.typedRow(1).amount, qint64(7));
        QCOMPARE(preview.index(0, 3).data(PagedTableModel::RawRole).toLongLong(), qint64(120000));
        preview.clear();
        QCOMPARE(preview.rowCount(), 0);

        ReconRowErrorsModel errors(ReconText::errorColumns());
        QAbstractItemModelTester errorsTester(&errors, QAbstractItemModelTester::FailureReportingMode::QtTest);
        errors.setRows({ReconRowError{4, QStringLiteral("amount is not a number"), {}}});
        QCOMPARE(errors.index(0, 0).data().toString(), QStringLiteral("4"));
        QCOMPARE(errors.index(0, 1).data().toString(), QStringLiteral("amount is not a number"));
    }

    // An action's typed answer merges into its row.
    void rowsModelMergesTypedRow() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/settlements", 200,
                     R"json({"items":[{"batchId":"stl_1","merchantId":"m","businessDay":"2026-11-23","currency":"KRW",
                      "state":"CLOSED","payoutAmount":10}],"total":1})json");
        BackendClient client(server.baseUrl());
        RowsModel<SettlementBatch> model(&client, QStringLiteral("/admin/settlements"),
                                         {{QStringLiteral("state"), [] { return QStringLiteral("State"); },
                                           [](const SettlementBatch& b) -> QVariant { return b.stateText; }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 1);
        SettlementBatch approved = model.typedRow(0);
        approved.source = QJsonObject{{QStringLiteral("batchId"), QStringLiteral("stl_1")},
                                      {QStringLiteral("state"), QStringLiteral("APPROVED")}};
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.updateRow(QStringLiteral("batchId"), approved);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.typedRow(0).state, BatchState::Approved);
        QCOMPARE(model.typedRow(0).payoutAmount, qint64(10));  // members the answer left out stay
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("APPROVED"));
    }

    void pagedModelFollowsOffset() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(
            "/admin/dead-letters", 200,
            R"json({"items":[{"id":"d1"}],"limit":1,"offset":0,"total":2,"nextOffset":1,"nextCursor":null})json");
        BackendClient client(server.baseUrl());
        PagedTableModel model(&client, QStringLiteral("/admin/dead-letters"),
                              {{QStringLiteral("id"), [] { return QStringLiteral("Id"); }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 1);
        QVERIFY(model.canFetchMore(QModelIndex()));
        server.route(
            "/admin/dead-letters", 200,
            R"json({"items":[{"id":"d2"}],"limit":1,"offset":1,"total":2,"nextOffset":null,"nextCursor":null})json");
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.fetchMore(QModelIndex());
        QTRY_COMPARE(model.rowCount(), 2);
        QVERIFY(server.requests().constLast().target.contains("offset=1"));
        QVERIFY(!model.canFetchMore(QModelIndex()));
    }

    // Numeric ids (recon line ids, for one) find their own row, not the first one.
    void updateRowMatchesNumericIds() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(
            "/admin/recon/lines", 200,
            R"json({"items":[{"lineId":16777217,"note":"a"},{"lineId":16777218,"note":"b"}],"limit":2,"offset":0,"total":2,
                     "nextOffset":null,"nextCursor":null})json");
        BackendClient client(server.baseUrl());
        PagedTableModel model(&client, QStringLiteral("/admin/recon/lines"),
                              {{QStringLiteral("lineId"), [] { return QStringLiteral("Line"); }},
                               {QStringLiteral("note"), [] { return QStringLiteral("Note"); }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 2);
        model.updateRow(QStringLiteral("lineId"), QJsonObject{{QStringLiteral("lineId"), 16777218},
                                                              {QStringLiteral("note"), QStringLiteral("changed")}});
        QCOMPARE(model.data(model.index(0, 1), PagedTableModel::RawRole).toString(), QStringLiteral("a"));
        QCOMPARE(model.data(model.index(1, 1), PagedTableModel::RawRole).toString(), QStringLiteral("changed"));
        model.updateRow(QStringLiteral("lineId"),
                        QJsonObject{{QStringLiteral("note"), QStringLiteral("no id")}});  // ignored
        QCOMPARE(model.data(model.index(0, 1), PagedTableModel::RawRole).toString(), QStringLiteral("a"));
    }

    void metricsRates() {
        const QByteArray first =
            "# HELP paydesk_http_requests_total x\n"
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"} 100\n"
            "paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"500\"} 0\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"0.01\"} 50\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"0.1\"} 100\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"+Inf\"} 100\n"
            "paydesk_outbox_backlog 3\n";
        const QByteArray second =
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"} 280\n"
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"429\"} 10\n"
            "paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"500\"} 10\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"0.01\"} 150\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"0.1\"} 300\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/"
            "authorize\",method=\"POST\",le=\"+Inf\"} 300\n"
            "paydesk_outbox_backlog 7\n"
            "paydesk_circuit_breaker_state{breaker=\"acquirer\"} 2\n";
        const MetricsSnapshot a = MetricsSnapshot::parse(first, 1000);
        const MetricsSnapshot b = MetricsSnapshot::parse(second, 3000);
        QCOMPARE(a.samples.size(), 6);
        const MetricsRates rates = MetricsRates::between(a, b);
        QCOMPARE(rates.seconds, 2.0);
        QCOMPARE(rates.requestsPerSecond.value(QStringLiteral("/api/payments/authorize")), 95.0);
        QCOMPARE(rates.requestsPerSecond.value(QStringLiteral("/admin/payments")), 5.0);
        QCOMPARE(rates.totalPerSecond, 100.0);
        QCOMPARE(rates.clientErrorShare, 0.05);
        QCOMPARE(rates.serverErrorShare, 0.05);
        // 200 requests in the interval: 100 under 10 ms, 100 between 10 and 100 ms.
        QVERIFY(qAbs(*rates.p50 - 0.01) < 1e-9);
        QVERIFY(qAbs(*rates.p95 - 0.091) < 1e-9);
        QCOMPARE(*rates.outboxBacklog, 7.0);
        QCOMPARE(rates.breakers.value(QStringLiteral("acquirer")), 2);
        QVERIFY(!histogramQuantile(0.5, {}).has_value());
    }

    // Routes are ranked by recent rate on every call; axis values read as people write them.
    void chartScale() {
        const QHash<QString, double> rates{{QStringLiteral("/health/ready"), 0.5},
                                           {QStringLiteral("/metrics"), 0.5},
                                           {QStringLiteral("/api/payments/authorize"), 40.0},
                                           {QStringLiteral("/idle"), 0.0},
                                           {QStringLiteral("/api/payments/capture/{id}"), 20.0}};
        QCOMPARE(ChartScale::rankRoutes(rates, 3),
                 QStringList({QStringLiteral("/api/payments/authorize"), QStringLiteral("/api/payments/capture/{id}"),
                              QStringLiteral("/health/ready")}));
        QCOMPARE(ChartScale::rankRoutes(rates, 10).size(), 4);  // the idle route gets no line

        QCOMPARE(ChartScale::niceTicks(5580, 4), QList<double>({0, 2000, 4000, 6000}));
        QCOMPARE(ChartScale::niceTicks(0.9, 4), QList<double>({0, 0.25, 0.5, 0.75, 1.0}));
        QCOMPARE(ChartScale::niceTicks(0, 4), QList<double>({0, 1}));
        QCOMPARE(ChartScale::niceTicks(39833200, 4).constLast(), 40000000.0);

        const QLocale english(QLocale::English, QLocale::UnitedStates);
        QCOMPARE(ChartScale::label(0, english), QStringLiteral("0"));
        QCOMPARE(ChartScale::label(0.25, english), QStringLiteral("0.25"));
        QCOMPARE(ChartScale::label(2.5, english), QStringLiteral("2.5"));
        QCOMPARE(ChartScale::label(12, english), QStringLiteral("12"));
        QCOMPARE(ChartScale::label(5580, english), QStringLiteral("5,580"));
        QCOMPARE(ChartScale::label(39833200, english), QStringLiteral("39.8M"));
        QCOMPARE(ChartScale::label(400000000, english), QStringLiteral("400M"));
        QCOMPARE(ChartScale::label(3000000, english), QStringLiteral("3M"));
        QCOMPARE(ChartScale::label(2.5e9, english), QStringLiteral("2.5G"));
    }

    // A route that becomes busy after the first scrapes (payment traffic after a quiet start) gets a
    // line and pushes out an idle one; the axis labels are formatted, never in e-notation.
    void chartsRerankRoutesOnEveryScrape() {
        MetricsCharts charts;
        auto scrape = [](int n, double admin, double pay) {
            const QByteArray text =
                "paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"200\"} " +
                QByteArray::number(admin) +
                "\n"
                "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"} " +
                QByteArray::number(pay) + "\n";
            return MetricsSnapshot::parse(text, 1000 + n * 2000);
        };
        charts.addScrape(scrape(0, 0, 0));
        charts.addScrape(scrape(1, 20, 0));
        QCOMPARE(charts.shownRoutes(), QStringList({QStringLiteral("/admin/payments")}));
        // Payments start: 11,160 requests in 2 s (5,580/s), the admin route goes quiet.
        double pay = 0;
        for (int n = 2; n < 8; ++n) {
            pay += 11160;
            charts.addScrape(scrape(n, 20, pay));
        }
        QCOMPARE(charts.shownRoutes(), QStringList({QStringLiteral("/api/payments/authorize")}));
        const QStringList labels = charts.requestAxisLabels();
        QVERIFY2(!labels.isEmpty(), "no axis labels");
        for (const QString& text : labels) {
            QVERIFY2(!text.contains(QLatin1Char('e')), qPrintable(labels.join(QLatin1Char(' '))));
        }
        QVERIFY2(labels.contains(QStringLiteral("6,000")) || labels.contains(QStringLiteral("6000")),
                 qPrintable(labels.join(QLatin1Char(' '))));
    }

    void merchantSignature() {
        // Known answer computed with: printf '%s' "$msg" | openssl dgst -sha256 -hmac secret
        const QByteArray body = "{}";
        const QByteArray signature = MerchantSigner::signature(QByteArrayLiteral("secret-0123456789"), "POST",
                                                               "/api/payments/void/p1", 1700000000, body);
        QCOMPARE(signature.size(), 64);
        const QByteArray again = MerchantSigner::signature(QByteArrayLiteral("secret-0123456789"), "POST",
                                                           "/api/payments/void/p1", 1700000000, body);
        QCOMPARE(signature, again);
        QCOMPARE(signature, QByteArray("8de15b3f60de1d89814f30a473db841877df10bf3ec841507d86004a28ca0c52"));

        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/api/payments/void/p1", 200, R"json({"status":"VOIDED"})json");
        BackendClient client(server.baseUrl());
        MerchantCredentials credentials{QStringLiteral("m1"), QStringLiteral("k1"),
                                        QStringLiteral("secret-0123456789")};
        bool done = false;
        MerchantSigner::call(&client, credentials, "POST", QStringLiteral("/api/payments/void/p1"),
                             QJsonObject{{QStringLiteral("merchantId"), QStringLiteral("m1")}},
                             [&done](const BackendResponse& r) { done = r.ok(); });
        QTRY_VERIFY(done);
        const auto& request = server.requests().constLast();
        QCOMPARE(request.headers.value("x-api-key"), QByteArray("k1"));
        const qint64 timestamp = request.headers.value("x-timestamp").toLongLong();
        QCOMPARE(
            request.headers.value("x-signature"),
            MerchantSigner::signature("secret-0123456789", "POST", "/api/payments/void/p1", timestamp, request.body));
    }
};

QTEST_MAIN(tst_ConsoleModels)
#include "tst_ConsoleModels.moc"
