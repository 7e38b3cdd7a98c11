#include "Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QList>
#include <QPointer>
#include <QTranslator>

namespace {

struct Installed {
    QString code;
    QList<QPointer<QTranslator>> translators;
};

Installed& installed() {
    static Installed state;
    return state;
}

}  // namespace

QStringList Language::supported() {
    return {QStringLiteral("en"), QStringLiteral("ko")};
}

bool Language::isSupported(const QString& code) {
    return supported().contains(code);
}

QString Language::resolve(const QString& commandLine, const QString& setting, const QLocale& system) {
    for (const QString& choice : {commandLine, setting}) {
        QString code = choice.trimmed().toLower();
        if (isSupported(code)) {
            return code;
        }
    }
    // uiLanguages() lists the user's preferences in order ("ko-KR", "ko", "en-US", ...).
    const QStringList preferred = system.uiLanguages();
    for (const QString& tag : preferred) {
        QString code = tag.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (isSupported(code)) {
            return code;
        }
    }
    return QString(Fallback);
}

bool Language::install(const QString& code) {
    auto* app = QCoreApplication::instance();
    Installed& state = installed();
    for (const QPointer<QTranslator>& translator : std::as_const(state.translators)) {
        if (translator) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
    state.translators.clear();
    state.code.clear();
    if (app == nullptr || !isSupported(code)) {
        return false;
    }

    const QLocale locale(code);
    auto* own = new QTranslator(app);
    const bool ownLoaded = own->load(locale, QStringLiteral("paydesk"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    if (ownLoaded) {
        QCoreApplication::installTranslator(own);
        state.translators.append(own);
    } else {
        delete own;
    }

    // Qt's catalogue translates standard buttons and dialogs; it is optional (Debian package
    // qt6-translations-l10n), and English needs none.
    if (code != Fallback) {
        auto* qt = new QTranslator(app);
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            state.translators.append(qt);
        } else {
            delete qt;
        }
    }
    state.code = code;
    // English is the source language: its catalogue only carries plural forms, and the UI is whole
    // without it.
    return ownLoaded || code == Fallback;
}

QString Language::current() {
    return installed().code;
}

QString Language::nativeName(const QString& code) {
    // Written out rather than taken from QLocale, which says "American English" for "en".
    if (code == QLatin1String("en")) {
        return QStringLiteral("English");
    }
    if (code == QLatin1String("ko")) {
        return QStringLiteral("한국어");
    }
    return code;
}
