#include "AppIcon.h"
#include "BackendClient.h"
#include "ConsoleOptions.h"
#include "FakeHttpServer.h"
#include "HealthLights.h"
#include "Language.h"
#include "MainWindow.h"
#include "OverviewPanel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPixmap>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

namespace {

// Nothing listens on port 1 of the loopback interface.
QUrl unreachable() {
    return QUrl(QStringLiteral("http://127.0.0.1:1"));
}

QAction* findAction(const QMainWindow& window, const QKeySequence& shortcut) {
    const QList<QAction*> actions = window.findChildren<QAction*>();
    for (QAction* action : actions) {
        if (action->shortcut() == shortcut) {
            return action;
        }
    }
    return nullptr;
}

QStringList menuTitles(const QMainWindow& window) {
    QStringList titles;
    const QList<QAction*> actions = window.menuBar()->actions();
    for (const QAction* action : actions) {
        titles.append(action->text());
    }
    return titles;
}

// %1, %n, ... in a message, sorted: a translation must use exactly the source's placeholders.
QStringList placeholders(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        found.append(it.next().captured(0));
    }
    found.sort();
    found.removeDuplicates();
    return found;
}

}  // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Keep the developer's real window geometry and language setting out of the tests.
        QStandardPaths::setTestModeEnabled(true);
        QSettings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)}.clear();
        QVERIFY(Language::install(QStringLiteral("en")));
    }

    void cleanup() { Language::install(QStringLiteral("en")); }

    void unreachableBackendIsReported() {
        BackendClient client(unreachable());
        MainWindow window(&client);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        OverviewPanel* overview = window.overviewPanel();
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->statusText().startsWith(QStringLiteral("Cannot reach backend at http://127.0.0.1:1: ")), 5000);
        QCOMPARE(overview->statusState(), HealthState::Down);
        QVERIFY(!overview->lastRefreshSucceeded());
        QVERIFY(window.refreshStatusText().startsWith(QStringLiteral("No successful refresh yet")));
        QCOMPARE(overview->findChild<QLabel*>(QStringLiteral("backendUrl"))->text(),
                 QStringLiteral("http://127.0.0.1:1"));
        QVERIFY(window.windowTitle().contains(QStringLiteral("127.0.0.1:1")));

        const QPixmap picture = window.grab();
        QVERIFY(!picture.isNull());
        QVERIFY(picture.width() > 400 && picture.height() > 300);
        QVERIFY(QDir().mkpath(QStringLiteral(PAYDESK_SCREENSHOT_DIR)));
        QVERIFY(picture.save(QStringLiteral(PAYDESK_SCREENSHOT_DIR "/overview.png")));
    }

    void healthyBackendShowsReadyAndLights() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/health/ready", 200, R"json({"status":"ready","mode":"external","version":"0.1.0","components":{
            "db":{"state":"up","endpoint":"db.internal:3306","detail":"MariaDB 10.11","latencyMs":1.5},
            "redis":{"state":"up","endpoint":"redis.internal:6379","detail":"","latencyMs":0.2},
            "kafka":{"state":"up","endpoint":"kafka-1:9092,kafka-2:9092","detail":"2 brokers","latencyMs":3.1}}})json");
        BackendClient client(server.baseUrl());
        MainWindow window(&client);
        window.show();

        OverviewPanel* overview = window.overviewPanel();
        QTRY_COMPARE_WITH_TIMEOUT(overview->statusText(), QStringLiteral("Ready"), 5000);
        QCOMPARE(overview->statusState(), HealthState::Up);
        QVERIFY(window.refreshStatusText().startsWith(QStringLiteral("Last refresh: ")));
        auto* lights = overview->findChild<HealthLights*>(QStringLiteral("healthLights"));
        QVERIFY(lights);
        QCOMPARE(lights->stateKeys(), (QStringList{QStringLiteral("up"), QStringLiteral("up"), QStringLiteral("up")}));
        QCOMPARE(overview->findChild<QLabel*>(QStringLiteral("backendMode"))->text(),
                 QStringLiteral("External (configured servers)"));

        // 503 is "not ready" and carries the same report: the console shows it, not an error.
        server.route("/health/ready", 503,
                     R"json({"status":"unavailable","mode":"external","version":"0.1.0","components":{
            "db":{"state":"down","endpoint":"db.internal:3306","detail":"connection refused"},
            "redis":{"state":"up","endpoint":"redis.internal:6379"},
            "kafka":{"state":"degraded","endpoint":"kafka-1:9092,kafka-2:9092","detail":"1 of 2 brokers"}}})json");
        overview->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(overview->statusText(), QStringLiteral("Unavailable"), 5000);
        QCOMPARE(lights->stateKeys(),
                 (QStringList{QStringLiteral("down"), QStringLiteral("up"), QStringLiteral("degraded")}));

        QVERIFY(QDir().mkpath(QStringLiteral(PAYDESK_SCREENSHOT_DIR)));
        QVERIFY(window.grab().save(QStringLiteral(PAYDESK_SCREENSHOT_DIR "/overview-unavailable.png")));
    }

    void pollsRegularly() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/health/ready", 200, R"json({"status":"ready","components":{"db":{"state":"up"}}})json");
        BackendClient client(server.baseUrl());
        MainWindow window(&client);
        QCOMPARE(window.overviewPanel()->pollIntervalMs(), 2000);
        window.overviewPanel()->setPollIntervalMs(50);
        QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 3, 5000);
    }

    void menusAndShortcuts() {
        BackendClient client(unreachable());
        MainWindow window(&client);
        QCOMPARE(menuTitles(window),
                 (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));

        QAction* quit = findAction(window, QKeySequence(QStringLiteral("Ctrl+Q")));
        QVERIFY(quit);
        QCOMPARE(quit->text(), QStringLiteral("&Quit"));
        QAction* overview = findAction(window, QKeySequence(QStringLiteral("Ctrl+1")));
        QVERIFY(overview);
        QCOMPARE(overview->text(), QStringLiteral("Overview"));
        QVERIFY(overview->isChecked());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("aboutAction")));

        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QCOMPARE(navigation->count(), 1);
        QCOMPARE(navigation->item(0)->text(), QStringLiteral("Overview"));
        QCOMPARE(window.panelCount(), 1);
        QCOMPARE(window.currentPanel(), 0);
    }

    void addedPanelsGetNavigationAndShortcut() {
        BackendClient client(unreachable());
        MainWindow window(&client);
        auto* panel = new QWidget;
        panel->setWindowTitle(QStringLiteral("Payments"));
        QCOMPARE(window.addPanel(panel), 1);

        QAction* action = findAction(window, QKeySequence(QStringLiteral("Ctrl+2")));
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("Payments"));
        action->trigger();
        QCOMPARE(window.currentPanel(), 1);
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(navigation->currentRow(), 1);

        navigation->setCurrentRow(0);
        QCOMPARE(window.currentPanel(), 0);

        panel->setWindowTitle(QStringLiteral("Payments and refunds"));
        QCOMPARE(navigation->item(1)->text(), QStringLiteral("Payments and refunds"));
        QCOMPARE(action->text(), QStringLiteral("Payments and refunds"));
    }

    void windowHasIcon() {
        BackendClient client(unreachable());
        MainWindow window(&client);
        const QPixmap icon = window.windowIcon().pixmap(64, 64);
        QVERIFY(!icon.isNull());
        // The painted fallback must not be blank: sample the tile's colour near the centre-left.
        const QImage painted = AppIcon::paint(256).toImage();
        QVERIFY(painted.pixelColor(30, 128).alpha() == 255);
        QVERIFY(painted.pixelColor(2, 2).alpha() == 0);
        QVERIFY(QDir().mkpath(QStringLiteral(PAYDESK_SCREENSHOT_DIR)));
        QVERIFY(window.windowIcon().pixmap(256, 256).save(QStringLiteral(PAYDESK_SCREENSHOT_DIR "/icon.png")));
    }

    void geometryIsRemembered() {
        QSettings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)}.clear();
        BackendClient client(unreachable());
        {
            MainWindow window(&client);
            window.show();
            window.resize(900, 640);
            QVERIFY(window.close());
        }
        const QSettings settings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)};
        QVERIFY(!settings.value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());
        QVERIFY(!settings.value(QStringLiteral("mainWindow/state")).toByteArray().isEmpty());

        MainWindow again(&client);
        QCOMPARE(again.size(), QSize(900, 640));
    }

    void languageResolution() {
        const QLocale korean(QLocale::Korean, QLocale::SouthKorea);
        const QLocale german(QLocale::German, QLocale::Germany);
        QCOMPARE(Language::resolve(QString(), QString(), korean), QStringLiteral("ko"));
        QCOMPARE(Language::resolve(QString(), QString(), german), QStringLiteral("en"));
        QCOMPARE(Language::resolve(QString(), QStringLiteral("ko"), german), QStringLiteral("ko"));
        QCOMPARE(Language::resolve(QStringLiteral("en"), QStringLiteral("ko"), korean), QStringLiteral("en"));
        // A stale or hand-edited setting must not win over the system language.
        QCOMPARE(Language::resolve(QString(), QStringLiteral("fr"), korean), QStringLiteral("ko"));
    }

    void commandLine() {
        QProcessEnvironment env;
        ConsoleOptions options;
        QString error;
        QVERIFY(ConsoleOptions::parse({QStringLiteral("paydesk")}, env, &options, &error));
        QCOMPARE(options.backendUrl, QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QVERIFY(options.token.isEmpty());
        QVERIFY(options.language.isEmpty());

        env.insert(QStringLiteral("PAYDESK_BACKEND_URL"), QStringLiteral("http://10.0.0.5:9000"));
        env.insert(QStringLiteral("PAYDESK_OPERATOR_TOKEN"), QStringLiteral("from-env"));
        QVERIFY(ConsoleOptions::parse({QStringLiteral("paydesk")}, env, &options, &error));
        QCOMPARE(options.backendUrl, QUrl(QStringLiteral("http://10.0.0.5:9000")));
        QCOMPARE(options.token, QStringLiteral("from-env"));

        QVERIFY(ConsoleOptions::parse({QStringLiteral("paydesk"), QStringLiteral("--backend"),
                                       QStringLiteral("https://ops.example.invalid/paydesk"), QStringLiteral("--token"),
                                       QStringLiteral("t"), QStringLiteral("--lang"), QStringLiteral("KO"),
                                       QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png")},
                                      env, &options, &error));
        QCOMPARE(options.backendUrl, QUrl(QStringLiteral("https://ops.example.invalid/paydesk")));
        QCOMPARE(options.token, QStringLiteral("t"));
        QCOMPARE(options.language, QStringLiteral("ko"));
        QCOMPARE(options.screenshotPath, QStringLiteral("/tmp/x.png"));

        QVERIFY(!ConsoleOptions::parse({QStringLiteral("paydesk"), QStringLiteral("--lang"), QStringLiteral("fr")}, env,
                                       &options, &error));
        QVERIFY(error.contains(QStringLiteral("fr")));
        QVERIFY(
            !ConsoleOptions::parse({QStringLiteral("paydesk"), QStringLiteral("--backend"), QStringLiteral("ftp://x")},
                                   env, &options, &error));
        QVERIFY(!ConsoleOptions::parse({QStringLiteral("paydesk"), QStringLiteral("--bogus")}, env, &options, &error));

        QCOMPARE(ConsoleOptions::peekLanguage(
                     {QStringLiteral("paydesk"), QStringLiteral("--bogus"), QStringLiteral("--lang=ko")}),
                 QStringLiteral("ko"));
    }

    void koreanInterface() {
        QVERIFY(Language::install(QStringLiteral("ko")));
        QCOMPARE(Language::current(), QStringLiteral("ko"));
        BackendClient client(unreachable());
        MainWindow window(&client);
        window.show();

        OverviewPanel* overview = window.overviewPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!overview->lastAttempt().isNull(), 5000);
        QVERIFY2(overview->statusText().startsWith(QStringLiteral("백엔드에 연결할 수 없음")),
                 qPrintable(overview->statusText()));
        QCOMPARE(menuTitles(window),
                 (QStringList{QStringLiteral("파일(&F)"), QStringLiteral("보기(&V)"), QStringLiteral("도움말(&H)")}));
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(navigation->item(0)->text(), QStringLiteral("개요"));

        // Switching language at run time retitles what is already on screen.
        QVERIFY(Language::install(QStringLiteral("en")));
        QTRY_COMPARE(navigation->item(0)->text(), QStringLiteral("Overview"));
        QCOMPARE(menuTitles(window).constFirst(), QStringLiteral("&File"));
    }

    void koreanCatalogueIsComplete() {
        // Fails when someone refreshed the .ts files (target paydesk_ui_lupdate) without translating
        // the new strings, or when a translation lost or invented a %1 placeholder.
        QFile file(QStringLiteral(PAYDESK_TRANSLATIONS_DIR "/paydesk_ko.ts"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QXmlStreamReader xml(&file);
        QString source;
        int messages = 0;
        QStringList problems;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) {
                continue;
            }
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (type == QLatin1String("unfinished") || translation.trimmed().isEmpty()) {
                    problems.append(QStringLiteral("untranslated: ") + source);
                } else if (type != QLatin1String("vanished") && type != QLatin1String("obsolete") &&
                           placeholders(source) != placeholders(translation)) {
                    problems.append(QStringLiteral("placeholders differ: ") + source);
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 20);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
