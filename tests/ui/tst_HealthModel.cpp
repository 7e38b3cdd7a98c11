#include "HealthModel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

QJsonObject parse(const char* json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError) {
        qFatal("bad sample JSON in test: %s", qPrintable(error.errorString()));
    }
    return doc.object();
}

// What GET /health/ready sends when everything is up (HTTP 200).
const char* const Ready = R"json({
  "status": "ready", "mode": "embedded", "version": "0.1.0",
  "components": {
    "kafka": {"state": "up", "endpoint": "127.0.0.1:39092 (mock cluster)", "detail": "3 brokers", "latencyMs": 0.4},
    "db":    {"state": "up", "endpoint": "unix:/var/lib/paydesk/mysqld.sock (127.0.0.1:3307)",
              "detail": "MariaDB 10.11.6", "latencyMs": 1.2},
    "redis": {"state": "up", "endpoint": "127.0.0.1:6380", "detail": "Redis 7.0.15", "latencyMs": 0.3}
  }
})json";

// The same backend after Kafka went away (HTTP 503).
const char* const KafkaDown = R"json({
  "status": "degraded", "mode": "embedded", "version": "0.1.0",
  "components": {
    "kafka": {"state": "down", "endpoint": "127.0.0.1:39092 (mock cluster)", "detail": "connection refused"},
    "db":    {"state": "up", "endpoint": "unix:/var/lib/paydesk/mysqld.sock (127.0.0.1:3307)",
              "detail": "MariaDB 10.11.6", "latencyMs": 1.2},
    "redis": {"state": "up", "endpoint": "127.0.0.1:6380", "detail": "Redis 7.0.15", "latencyMs": 0.3}
  }
})json";

QString cell(const HealthModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.data(model.index(row, column), role).toString();
}

}  // namespace

class tst_HealthModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyModel() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.overallState(), HealthState::Unknown);
        QCOMPARE(model.headerData(HealthModel::ComponentColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Component"));
        QCOMPARE(model.headerData(HealthModel::StateColumn, Qt::Horizontal).toString(), QStringLiteral("State"));
        QCOMPARE(model.headerData(HealthModel::EndpointColumn, Qt::Horizontal).toString(), QStringLiteral("Endpoint"));
        QCOMPARE(model.headerData(HealthModel::DetailColumn, Qt::Horizontal).toString(), QStringLiteral("Detail"));
    }

    void readyReport() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromJson(parse(Ready));

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.overallState(), HealthState::Up);
        QCOMPARE(model.overallStatusKey(), QStringLiteral("ready"));
        QCOMPARE(model.mode(), QStringLiteral("embedded"));
        QCOMPARE(model.version(), QStringLiteral("0.1.0"));

        // Operators read the stack from the system of record outwards, not alphabetically.
        QCOMPARE(cell(model, 0, 0, HealthModel::ComponentKeyRole), QStringLiteral("db"));
        QCOMPARE(cell(model, 1, 0, HealthModel::ComponentKeyRole), QStringLiteral("redis"));
        QCOMPARE(cell(model, 2, 0, HealthModel::ComponentKeyRole), QStringLiteral("kafka"));

        QCOMPARE(cell(model, 0, HealthModel::ComponentColumn), QStringLiteral("Database (MariaDB)"));
        QCOMPARE(cell(model, 0, HealthModel::StateColumn), QStringLiteral("Up"));
        QCOMPARE(cell(model, 0, HealthModel::EndpointColumn),
                 QStringLiteral("unix:/var/lib/paydesk/mysqld.sock (127.0.0.1:3307)"));
        QCOMPARE(cell(model, 0, HealthModel::DetailColumn), QStringLiteral("MariaDB 10.11.6"));
        QCOMPARE(cell(model, 0, 0, HealthModel::StateKeyRole), QStringLiteral("up"));
        QCOMPARE(model.data(model.index(0, 0), HealthModel::LatencyMsRole).toDouble(), 1.2);
        QVERIFY(model.data(model.index(0, HealthModel::StateColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1.2")));

        const QVariant light = model.data(model.index(2, HealthModel::StateColumn), Qt::DecorationRole);
        QVERIFY(light.canConvert<QIcon>());
        QVERIFY(!light.value<QIcon>().isNull());
        QVERIFY(!model.data(model.index(2, HealthModel::DetailColumn), Qt::DecorationRole).isValid());
    }

    void componentGoingDownUpdatesInPlace() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromJson(parse(Ready));

        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.updateFromJson(parse(KafkaDown));

        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);  // only the Kafka row differs
        const QModelIndex from = changes.at(0).at(0).toModelIndex();
        const QModelIndex to = changes.at(0).at(1).toModelIndex();
        QCOMPARE(from.row(), 2);
        QCOMPARE(to.row(), 2);
        QCOMPARE(from.column(), 0);
        QCOMPARE(to.column(), model.columnCount() - 1);

        QCOMPARE(model.overallState(), HealthState::Degraded);
        QCOMPARE(cell(model, 2, HealthModel::StateColumn), QStringLiteral("Down"));
        QCOMPARE(cell(model, 2, 0, HealthModel::StateKeyRole), QStringLiteral("down"));
        QCOMPARE(cell(model, 2, HealthModel::DetailColumn), QStringLiteral("connection refused"));
        QVERIFY(!model.data(model.index(2, 0), HealthModel::LatencyMsRole).isValid());
        QCOMPARE(cell(model, 0, HealthModel::StateColumn), QStringLiteral("Up"));

        // The same report again changes nothing, so a poll every 2 s repaints nothing.
        changes.clear();
        model.updateFromJson(parse(KafkaDown));
        QCOMPARE(changes.count(), 0);

        // And back to ready.
        model.updateFromJson(parse(Ready));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(model.overallState(), HealthState::Up);
        QCOMPARE(cell(model, 2, 0, HealthModel::StateKeyRole), QStringLiteral("up"));
    }

    void newComponentResets() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromJson(parse(Ready));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.updateFromJson(parse(R"json({"status":"degraded","components":{
            "acquirer": {"state": "degraded", "detail": "circuit half-open"},
            "db": {"state": "up"}, "redis": {"state": "degraded"}, "kafka": {"state": "up"}}})json"));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 3, 0, HealthModel::ComponentKeyRole), QStringLiteral("acquirer"));
        // Unknown components show their key rather than nothing.
        QCOMPARE(cell(model, 3, HealthModel::ComponentColumn), QStringLiteral("acquirer"));
        QCOMPARE(cell(model, 3, HealthModel::StateColumn), QStringLiteral("Degraded"));
        QCOMPARE(cell(model, 1, HealthModel::ComponentColumn), QStringLiteral("Cache (Redis)"));
        QCOMPARE(model.mode(), QString());
    }

    void unreachableTurnsLightsGrey() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromJson(parse(KafkaDown));

        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.markUnknown();
        QCOMPARE(changes.count(), 3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.overallState(), HealthState::Unknown);
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(cell(model, row, 0, HealthModel::StateKeyRole), QStringLiteral("unknown"));
            QCOMPARE(cell(model, row, HealthModel::StateColumn), QStringLiteral("Unknown"));
        }
        // Endpoints stay: they tell the operator where to look.
        QCOMPARE(cell(model, 1, HealthModel::EndpointColumn), QStringLiteral("127.0.0.1:6380"));

        changes.clear();
        model.markUnknown();
        QCOMPARE(changes.count(), 0);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.mode(), QString());
    }

    void malformedReportsAreHarmless() {
        HealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromJson(QJsonObject());
        QCOMPARE(model.rowCount(), 0);
        model.updateFromJson(parse(R"json({"status":"sideways","components":{"db":"up","redis":{"state":42}}})json"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.overallState(), HealthState::Unknown);
        QCOMPARE(cell(model, 0, 0, HealthModel::StateKeyRole), QStringLiteral("unknown"));
        QCOMPARE(cell(model, 1, 0, HealthModel::StateKeyRole), QStringLiteral("unknown"));
    }

    void statesParse() {
        QCOMPARE(StatusColors::parse(QStringLiteral("up")), HealthState::Up);
        QCOMPARE(StatusColors::parse(QStringLiteral("READY")), HealthState::Up);
        QCOMPARE(StatusColors::parse(QStringLiteral("degraded")), HealthState::Degraded);
        QCOMPARE(StatusColors::parse(QStringLiteral("down")), HealthState::Down);
        QCOMPARE(StatusColors::parse(QStringLiteral("unavailable")), HealthState::Down);
        QCOMPARE(StatusColors::parse(QString()), HealthState::Unknown);
        QVERIFY(StatusColors::color(HealthState::Up) != StatusColors::color(HealthState::Down));
    }
};

QTEST_MAIN(tst_HealthModel)
#include "tst_HealthModel.moc"
