// paydesk: the operator console. Everything but wiring lives in paydesk_ui (ui/).
#include "AppIcon.h"
#include "BackendClient.h"
#include "ConsoleOptions.h"
#include "Language.h"
#include "MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

constexpr int ScreenshotDeadlineMs = 3000;
// After the first refresh, give the layouts one more pass so the new texts are painted.
constexpr int ScreenshotSettleMs = 150;

void printError(const QString& message) {
    std::fprintf(stderr, "paydesk: %s\n", qUtf8Printable(message));
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
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

    BackendClient client(options.backendUrl);
    client.setBearerToken(options.token);

    MainWindow window(&client);
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

    return QApplication::exec();
}
