// paydesk: the operator console. Everything but wiring lives in paydesk_ui (ui/).
#include "AppIcon.h"
#include "BackendClient.h"
#include "ConsoleOptions.h"
#include "Language.h"
#include "LocalBackend.h"
#include "MainWindow.h"
#include "SettingsDialog.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>
#include <QPixmap>
#include <QSettings>
#include <QSocketNotifier>
#include <QTimer>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

constexpr int ScreenshotDeadlineMs = 3000;
// After the first refresh, give the layouts one more pass so the new texts are painted.
constexpr int ScreenshotSettleMs = 150;

void printError(const QString& message) {
    std::fprintf(stderr, "paydesk: %s\n", qUtf8Printable(message));
}

// SIGTERM, SIGINT and SIGHUP (logout, `kill`, Ctrl-C in a terminal) end the console the way closing
// its window does, so that its local backend is stopped cleanly: the handler only writes a byte to a
// pipe, and the event loop quits when it reads it.
int gSignalPipe[2] = {-1, -1};

void onTerminatingSignal(int) {
    const char byte = 1;
    (void)!::write(gSignalPipe[1], &byte, 1);
}

void quitOnTerminatingSignals(QObject* parent) {
    if (::pipe2(gSignalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return;  // no graceful path; the backend still ends with the console (PR_SET_PDEATHSIG)
    }
    auto* notifier = new QSocketNotifier(gSignalPipe[0], QSocketNotifier::Read, parent);
    QObject::connect(notifier, &QSocketNotifier::activated, parent, []() {
        char drain[16];
        while (::read(gSignalPipe[0], drain, sizeof drain) > 0) {
        }
        QApplication::quit();
    });
    struct sigaction action {};
    action.sa_handler = onTerminatingSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
        ::sigaction(sig, &action, nullptr);
    }
}

bool isLoopback(const QUrl& url) {
    const QString host = url.host();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    quitOnTerminatingSignals(&app);
    QApplication::setOrganizationName(QString(MainWindow::SettingsOrganization));
    QApplication::setApplicationName(QString(MainWindow::SettingsApplication));
    QApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));
    // Lets Wayland compositors and task bars find paydesk.desktop and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("paydesk"));
    QApplication::setWindowIcon(AppIcon::icon());

    // The language is chosen first so that --help and errors already speak it.
    const QSettings settings{QString(MainWindow::SettingsOrganization), QString(MainWindow::SettingsApplication)};
    const QString language = Language::resolve(ConsoleOptions::peekLanguage(QApplication::arguments()),
                                               settings.value(Language::SettingsKey).toString(), QLocale::system());
    Language::install(language);

    ConsoleOptions options;
    QString error;
    if (!ConsoleOptions::parse(QApplication::arguments(), QProcessEnvironment::systemEnvironment(), &options, &error)) {
        printError(error);
        return 2;
    }

    // Which backend: an explicit --backend/--token (or their variables) wins, then the saved setting,
    // else the console's own local backend.
    const ConsoleSettings saved = ConsoleSettings::load();
    const QStringList arguments = QApplication::arguments();
    const bool explicitBackend =
        arguments.contains(QStringLiteral("--backend")) ||
        std::any_of(arguments.cbegin(), arguments.cend(),
                    [](const QString& a) { return a.startsWith(QStringLiteral("--backend=")); }) ||
        qEnvironmentVariableIsSet(ConsoleOptions::BackendUrlVariable.data());
    // A backend on this machine named without a token (scripts/paydesk.sh run): connect with the
    // identities it wrote into its data folder, as with the console's own backend.
    const bool attach = explicitBackend && options.token.isEmpty() && isLoopback(options.backendUrl);
    const bool remote = !attach && (explicitBackend || (saved.remote && saved.remoteUrl.isValid()));

    BackendClient client(options.backendUrl);
    client.setBearerToken(options.token);
    if (!explicitBackend && remote) {
        client.setBaseUrl(saved.remoteUrl);
        client.setBearerToken(options.token.isEmpty() ? saved.remoteToken : options.token);
    }

    MainWindow window(&client);
    window.addStandardPanels();
    std::unique_ptr<LocalBackend> local;
    if (remote) {
        ConsoleSettings effective = saved;
        window.useRemoteBackend(effective);
    } else {
        local = std::make_unique<LocalBackend>(&client, LocalBackend::defaultDataDir());
        local->setLaunchAllowed(!attach);
        window.attachLocalBackend(local.get());
        local->start();
    }
    if (!options.screenshotPath.isEmpty()) {
        // Documentation pictures should not depend on how this user last left the window.
        window.resize(1100, 720);
    }
    window.show();

    if (!options.screenshotPath.isEmpty()) {
        const QString path = QFileInfo(options.screenshotPath).absoluteFilePath();
        auto taken = std::make_shared<bool>(false);
        auto take = [&window, path, taken]() {
            if (*taken) {
                return;
            }
            *taken = true;
            QDir().mkpath(QFileInfo(path).absolutePath());
            const QPixmap picture = window.grab();
            if (picture.isNull() || !picture.save(path)) {
                printError(QStringLiteral("cannot save screenshot to %1").arg(path));
                QApplication::exit(1);
                return;
            }
            QApplication::exit(0);
        };
        QObject::connect(&window, &MainWindow::healthRefreshed, &window,
                         [&window, take]() { QTimer::singleShot(ScreenshotSettleMs, &window, take); });
        QTimer::singleShot(ScreenshotDeadlineMs, &window, take);
    }

    const int status = QApplication::exec();
    if (local && local->startedByUs()) {
        // The window is gone; wait here (not on a visible UI) for the backend to drain and stop its
        // servers: SIGTERM, up to 30 s, then SIGKILL.
        QEventLoop loop;
        QObject::connect(local.get(), &LocalBackend::stopped, &loop, &QEventLoop::quit);
        QTimer::singleShot(35000, &loop, &QEventLoop::quit);
        local->stop(30000);
        loop.exec();
    }
    return status;
}
