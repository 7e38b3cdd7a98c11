#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "core/Metrics.h"

using namespace paydesk;

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void histogramBucketsAreCumulative() {
        MetricsRegistry r;
        auto& h = r.histogram("paydesk_test_seconds", "Test latency", {{"route", "/a"}});
        h.observe(0.0004);
        h.observe(0.003);
        h.observe(0.003);
        h.observe(20.0);  // beyond the last bucket: only +Inf
        const std::string text = r.renderPrometheus();
        QVERIFY(text.find("paydesk_test_seconds_bucket{route=\"/a\",le=\"0.0005\"} 1") != std::string::npos);
        QVERIFY(text.find("paydesk_test_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4") != std::string::npos);
        QVERIFY(text.find("paydesk_test_seconds_count{route=\"/a\"} 4") != std::string::npos);
        QCOMPARE(h.quantile(0.5), 0.005);
    }
    void countersGaugesAndCallbacks() {
        MetricsRegistry r;
        r.counter("paydesk_things_total", "Things", {{"kind", "a\"b"}}).inc(3);
        r.gauge("paydesk_level", "Level").set(2.5);
        r.callbackGauge("paydesk_backlog", "Backlog", {}, [] { return 42.0; });
        const std::string text = r.renderPrometheus();
        QVERIFY(text.find("paydesk_things_total{kind=\"a\\\"b\"} 3") != std::string::npos);
        QVERIFY(text.find("paydesk_level 2.5") != std::string::npos);
        QVERIFY(text.find("paydesk_backlog 42") != std::string::npos);
        QVERIFY(text.find("# TYPE paydesk_things_total counter") != std::string::npos);
    }
    void kindClashIsAProgrammingError() {
        MetricsRegistry r;
        r.counter("paydesk_x", "x");
        QVERIFY_THROWS_EXCEPTION(std::logic_error, r.gauge("paydesk_x", "x"));
    }
    // The exposition must satisfy Prometheus' own linter.
    void promtoolAcceptsOutput() {
        MetricsRegistry r;
        r.counter("paydesk_http_requests_total", "HTTP requests", {{"route", "/health/ready"}, {"status", "200"}}).inc();
        r.histogram("paydesk_http_request_duration_seconds", "HTTP latency", {{"route", "/health/ready"}}).observe(0.01);
        r.gauge("paydesk_component_up", "Component up", {{"component", "db"}}).set(1);
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool not found: install the Debian package 'prometheus' (scripts/paydesk.sh does)");
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(p.waitForStarted());
        p.write(QByteArray::fromStdString(r.renderPrometheus()));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30'000));
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, out.constData());
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_Metrics.moc"
