#pragma once

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

// The console's command line. Lives in paydesk_ui rather than in main() so the option texts are
// translated like every other string and the parsing can be tested.
struct ConsoleOptions {
    Q_DECLARE_TR_FUNCTIONS(ConsoleOptions)

public:
    static constexpr QLatin1StringView BackendUrlVariable{"PAYDESK_BACKEND_URL"};
    static constexpr QLatin1StringView TokenVariable{"PAYDESK_OPERATOR_TOKEN"};

    QUrl backendUrl;
    QString token;
    QString language;        // "ko", "en", or empty to follow the setting and the system
    QString screenshotPath;  // non-empty: save a picture of the window and exit

    // Only --lang, read before translations are installed so that the rest (including --help) can
    // be shown in the chosen language. Never fails: bad input is reported by parse().
    static QString peekLanguage(const QStringList& arguments);

    // Parses the whole command line; the environment supplies defaults for --backend and --token.
    // Returns false with a translated message in *error when the command line is unusable. Prints
    // help or version and exits the process for --help and --version, as QCommandLineParser does.
    static bool parse(const QStringList& arguments, const QProcessEnvironment& environment, ConsoleOptions* options,
                      QString* error);
};
