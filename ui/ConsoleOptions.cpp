#include "ConsoleOptions.h"

#include "BackendClient.h"
#include "Language.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

constexpr QLatin1StringView LangOption{"lang"};

}  // namespace

QString ConsoleOptions::peekLanguage(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QString(LangOption), QString(), QStringLiteral("code")));
    // Unknown options are expected here (the full parser defines them); only --lang matters.
    (void)parser.parse(arguments);
    return parser.value(QString(LangOption)).trimmed().toLower();
}

bool ConsoleOptions::parse(const QStringList& arguments, const QProcessEnvironment& environment,
                           ConsoleOptions* options, QString* error) {
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Paydesk operator console: watch and run the Paydesk payments backend."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    const QCommandLineOption backend(
        QStringLiteral("backend"),
        tr("Base URL of the paydeskd backend (default: $%1, else %2).")
            .arg(BackendUrlVariable, BackendClient::defaultBaseUrl().toString()),
        //: Value name in --help. Keep it ASCII: Qt lines up the columns by character count.
        tr("url"));
    const QCommandLineOption token(
        QStringLiteral("token"),
        tr("Operator bearer token (default: $%1; prefer the variable, command lines are visible to other users).")
            .arg(TokenVariable),
        //: Value name in --help. Keep it ASCII: Qt lines up the columns by character count.
        tr("token"));
    const QCommandLineOption lang(QString(LangOption),
                                  tr("Interface language: %1 (default: the saved setting, else the system language).")
                                      .arg(Language::supported().join(QLatin1String(", "))),
                                  //: Value name in --help. Keep it ASCII: Qt lines up the columns by character count.
                                  tr("code"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        tr("Save a picture of the main window to this PNG file after the first health refresh (or 3 s) and exit."),
        //: Value name in --help. Keep it ASCII: Qt lines up the columns by character count.
        tr("file"));
    parser.addOptions({backend, token, lang, screenshot});

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(help)) {
        parser.showHelp(0);
    }
    if (parser.isSet(version)) {
        parser.showVersion();
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst());
        return false;
    }

    QString url = parser.value(backend);
    if (url.isEmpty()) {
        url = environment.value(QString(BackendUrlVariable));
    }
    options->backendUrl = url.isEmpty() ? BackendClient::defaultBaseUrl() : QUrl::fromUserInput(url);
    const QString scheme = options->backendUrl.scheme();
    if (!options->backendUrl.isValid() || options->backendUrl.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = tr("Not a usable backend URL: %1 (expected e.g. http://127.0.0.1:8080)").arg(url);
        return false;
    }

    options->token = parser.isSet(token) ? parser.value(token) : environment.value(QString(TokenVariable));

    options->language = parser.value(lang).trimmed().toLower();
    if (!options->language.isEmpty() && !Language::isSupported(options->language)) {
        *error = tr("Unsupported language: %1 (choose one of: %2)")
                     .arg(options->language, Language::supported().join(QLatin1String(", ")));
        return false;
    }

    options->screenshotPath = parser.value(screenshot);
    return true;
}
