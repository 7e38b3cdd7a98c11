// Models and pure logic of the console: PagedTableModel (cursor and offset paging, checked with
// QAbstractItemModelTester), the /metrics parser and rates, and merchant request signing.
#include "BackendClient.h"
#include "FakeHttpServer.h"
#include "MerchantSigner.h"
#include "Metrics.h"
#include "PagedTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class tst_ConsoleModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pagedModelFollowsCursor() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/payments", 200,
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

    void pagedModelFollowsOffset() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/dead-letters", 200,
                     R"json({"items":[{"id":"d1"}],"limit":1,"offset":0,"total":2,"nextOffset":1,"nextCursor":null})json");
        BackendClient client(server.baseUrl());
        PagedTableModel model(&client, QStringLiteral("/admin/dead-letters"),
                              {{QStringLiteral("id"), [] { return QStringLiteral("Id"); }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 1);
        QVERIFY(model.canFetchMore(QModelIndex()));
        server.route("/admin/dead-letters", 200,
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
        server.route("/admin/recon/lines", 200,
                     R"json({"items":[{"lineId":16777217,"note":"a"},{"lineId":16777218,"note":"b"}],"limit":2,"offset":0,"total":2,
                     "nextOffset":null,"nextCursor":null})json");
        BackendClient client(server.baseUrl());
        PagedTableModel model(&client, QStringLiteral("/admin/recon/lines"),
                              {{QStringLiteral("lineId"), [] { return QStringLiteral("Line"); }},
                               {QStringLiteral("note"), [] { return QStringLiteral("Note"); }}});
        model.reload();
        QTRY_COMPARE(model.rowCount(), 2);
        model.updateRow(QStringLiteral("lineId"), QJsonObject{{QStringLiteral("lineId"), 16777218}, {QStringLiteral("note"), QStringLiteral("changed")}});
        QCOMPARE(model.data(model.index(0, 1), PagedTableModel::RawRole).toString(), QStringLiteral("a"));
        QCOMPARE(model.data(model.index(1, 1), PagedTableModel::RawRole).toString(), QStringLiteral("changed"));
        model.updateRow(QStringLiteral("lineId"), QJsonObject{{QStringLiteral("note"), QStringLiteral("no id")}});  // ignored
        QCOMPARE(model.data(model.index(0, 1), PagedTableModel::RawRole).toString(), QStringLiteral("a"));
    }

    void metricsRates() {
        const QByteArray first =
            "# HELP paydesk_http_requests_total x\n"
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"} 100\n"
            "paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"500\"} 0\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.01\"} 50\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.1\"} 100\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"+Inf\"} 100\n"
            "paydesk_outbox_backlog 3\n";
        const QByteArray second =
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"200\"} 280\n"
            "paydesk_http_requests_total{route=\"/api/payments/authorize\",method=\"POST\",status=\"429\"} 10\n"
            "paydesk_http_requests_total{route=\"/admin/payments\",method=\"GET\",status=\"500\"} 10\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.01\"} 150\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"0.1\"} 300\n"
            "paydesk_http_request_duration_seconds_bucket{route=\"/api/payments/authorize\",method=\"POST\",le=\"+Inf\"} 300\n"
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
        MerchantCredentials credentials{QStringLiteral("m1"), QStringLiteral("k1"), QStringLiteral("secret-0123456789")};
        bool done = false;
        MerchantSigner::call(&client, credentials, "POST", QStringLiteral("/api/payments/void/p1"),
                             QJsonObject{{QStringLiteral("merchantId"), QStringLiteral("m1")}},
                             [&done](const BackendResponse& r) { done = r.ok(); });
        QTRY_VERIFY(done);
        const auto& request = server.requests().constLast();
        QCOMPARE(request.headers.value("x-api-key"), QByteArray("k1"));
        const qint64 timestamp = request.headers.value("x-timestamp").toLongLong();
        QCOMPARE(request.headers.value("x-signature"),
                 MerchantSigner::signature("secret-0123456789", "POST", "/api/payments/void/p1", timestamp, request.body));
    }
};

QTEST_MAIN(tst_ConsoleModels)
#include "tst_ConsoleModels.moc"
