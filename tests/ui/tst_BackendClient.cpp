#include "BackendClient.h"
#include "FakeHttpServer.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>
#include <QTest>

#include <optional>

class tst_BackendClient : public QObject {
    Q_OBJECT

private:
    // Runs one GET and waits for its callback.
    static std::optional<BackendResponse> get(BackendClient& client, const QString& path, int waitMs = 10000) {
        std::optional<BackendResponse> result;
        client.getJson(path, [&result](const BackendResponse& r) { result = r; });
        (void)QTest::qWaitFor([&result]() { return result.has_value(); }, waitMs);
        return result;
    }

private Q_SLOTS:
    void defaults() {
        BackendClient client;
        QCOMPARE(client.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(client.timeoutMs(), 5000);
        QVERIFY(!client.hasBearerToken());
    }

    void urlForKeepsBasePathAndQuery() {
        BackendClient client(QUrl(QStringLiteral("https://ops.example.invalid/paydesk/")));
        QCOMPARE(client.urlFor(QStringLiteral("/health/ready")),
                 QUrl(QStringLiteral("https://ops.example.invalid/paydesk/health/ready")));
        QCOMPARE(client.urlFor(QStringLiteral("admin/payments?page=2&size=50")),
                 QUrl(QStringLiteral("https://ops.example.invalid/paydesk/admin/payments?page=2&size=50")));
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(client.urlFor(QStringLiteral("/health/ready")),
                 QUrl(QStringLiteral("http://127.0.0.1:8080/health/ready")));
    }

    void okJsonIsParsed() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/health/ready", 200, R"json({"status":"ready","components":{"db":{"state":"up"}}})json");
        BackendClient client(server.baseUrl());

        const auto response = get(client, QStringLiteral("/health/ready"));
        QVERIFY(response);
        QVERIFY(response->ok());
        QCOMPARE(response->httpStatus, 200);
        QCOMPARE(response->json.object().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(client.requestsInFlight(), 0);

        QCOMPARE(server.requests().size(), 1);
        const FakeHttpServer::Request& request = server.requests().constFirst();
        QCOMPARE(request.method, QByteArrayLiteral("GET"));
        QCOMPARE(request.target, QByteArrayLiteral("/health/ready"));
        QCOMPARE(request.headers.value("accept"), QByteArrayLiteral("application/json"));
        QVERIFY(!request.headers.contains("authorization"));
    }

    void bearerTokenIsSent() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/stats", 200, "{}");
        BackendClient client(server.baseUrl());
        client.setBearerToken(QStringLiteral("s3cret-token"));

        const auto response = get(client, QStringLiteral("/admin/stats"));
        QVERIFY(response && response->ok());
        QCOMPARE(server.requests().constFirst().headers.value("authorization"),
                 QByteArrayLiteral("Bearer s3cret-token"));
    }

    void postSendsJsonBody() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/echo", 200, R"json({"accepted":true})json");
        BackendClient client(server.baseUrl());

        std::optional<BackendResponse> result;
        client.postJson(QStringLiteral("/admin/echo"), QJsonDocument(QJsonObject{{QStringLiteral("n"), 1}}),
                        [&result](const BackendResponse& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY(result->ok());
        const FakeHttpServer::Request& request = server.requests().constFirst();
        QCOMPARE(request.method, QByteArrayLiteral("POST"));
        QCOMPARE(request.headers.value("content-type"), QByteArrayLiteral("application/json"));
        QCOMPARE(request.body, QByteArrayLiteral(R"json({"n":1})json"));
    }

    void errorCodeFromJsonBodyIsSurfaced() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/settlements", 503,
                     R"json({"code":"SERVICE_UNAVAILABLE","message":"database is down"})json");
        BackendClient client(server.baseUrl());

        const auto response = get(client, QStringLiteral("/admin/settlements"));
        QVERIFY(response);
        QVERIFY(!response->ok());
        QCOMPARE(response->httpStatus, 503);
        QCOMPARE(response->error->httpStatus, 503);
        QCOMPARE(response->error->code, QStringLiteral("SERVICE_UNAVAILABLE"));
        QCOMPARE(response->error->message, QStringLiteral("database is down"));
        // The body stays available: /health/ready sends its report with 503.
        QVERIFY(response->json.isObject());
    }

    void plainErrorBodyGetsHttpCode() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        FakeHttpServer::Response crash;
        crash.status = 500;
        crash.body = "<html><body>Internal   error\n</body></html>";
        crash.contentType = "text/html";
        server.route("/broken", crash);
        BackendClient client(server.baseUrl());

        const auto response = get(client, QStringLiteral("/broken"));
        QVERIFY(response && !response->ok());
        QCOMPARE(response->error->httpStatus, 500);
        QCOMPARE(response->error->code, QStringLiteral("HTTP_500"));
        QCOMPARE(response->error->message, QStringLiteral("<html><body>Internal error </body></html>"));
    }

    void invalidJsonOnSuccessIsAnError() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/health/ready", 200, "ready");
        BackendClient client(server.baseUrl());

        const auto response = get(client, QStringLiteral("/health/ready"));
        QVERIFY(response && !response->ok());
        QCOMPARE(response->error->httpStatus, 200);
        QCOMPARE(response->error->code, BackendError::InvalidJson);
    }

    void connectionRefusedIsReported() {
        // A port that was just free: nothing listens there any more.
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        BackendClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));

        const auto response = get(client, QStringLiteral("/health/ready"));
        QVERIFY(response && !response->ok());
        QCOMPARE(response->httpStatus, 0);
        QCOMPARE(response->error->httpStatus, 0);
        QCOMPARE(response->error->code, BackendError::ConnectionRefused);
        QVERIFY(!response->error->message.isEmpty());
    }

    void timeoutIsReported() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        FakeHttpServer::Response silent;
        silent.hang = true;
        server.route("/slow", silent);
        BackendClient client(server.baseUrl());
        client.setTimeoutMs(300);

        QElapsedTimer clock;
        clock.start();
        const auto response = get(client, QStringLiteral("/slow"));
        QVERIFY(response && !response->ok());
        QCOMPARE(response->error->httpStatus, 0);
        QCOMPARE(response->error->code, BackendError::Timeout);
        QVERIFY2(clock.elapsed() < 5000, "the transfer timeout did not apply");
    }

    void destroyedContextSkipsCallback() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/health/ready", 200, "{}");
        BackendClient client(server.baseUrl());

        bool called = false;
        auto* context = new QObject;
        client.getJson(
            QStringLiteral("/health/ready"), [&called](const BackendResponse&) { called = true; }, context);
        QCOMPARE(client.requestsInFlight(), 1);
        delete context;
        QTRY_COMPARE_WITH_TIMEOUT(client.requestsInFlight(), 0, 10000);
        QVERIFY(!called);
    }

    void destroyingClientDropsCallbacks() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        FakeHttpServer::Response silent;
        silent.hang = true;
        server.route("/slow", silent);

        bool called = false;
        {
            BackendClient client(server.baseUrl());
            client.getJson(QStringLiteral("/slow"), [&called](const BackendResponse&) { called = true; });
            QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), qsizetype(1), 10000);
        }
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void interpretWithoutServer() {
        const BackendResponse noContent = BackendClient::interpret(204, QByteArray(), QString());
        QVERIFY(noContent.ok());
        QVERIFY(noContent.json.isNull());

        const BackendResponse bare = BackendClient::interpret(502, QByteArray(), QStringLiteral("Bad Gateway"));
        QCOMPARE(bare.error->code, QStringLiteral("HTTP_502"));
        QCOMPARE(bare.error->message, QStringLiteral("Bad Gateway"));

        const BackendResponse conflict = BackendClient::interpret(
            409, R"json({"code":"INVALID_STATE","message":"already captured","paymentId":"P-1"})json",
            QStringLiteral("Conflict"));
        QCOMPARE(conflict.error->code, QStringLiteral("INVALID_STATE"));
        QCOMPARE(conflict.error->message, QStringLiteral("already captured"));
        QCOMPARE(conflict.json.object().value(QStringLiteral("paymentId")).toString(), QStringLiteral("P-1"));
    }
};

QTEST_GUILESS_MAIN(tst_BackendClient)
#include "tst_BackendClient.moc"
