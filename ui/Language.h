#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

// Which language the console speaks, and loading its translations. The catalogues are compiled from
// translations/paydesk_<code>.ts at build time and embedded under :/i18n, so the binary needs no
// files beside it.
class Language {
public:
    static constexpr QLatin1StringView SettingsKey{"ui/language"};
    static constexpr QLatin1StringView Fallback{"en"};

    // Language codes the console ships, e.g. {"en", "ko"}.
    static QStringList supported();
    static bool isSupported(const QString& code);

    // The first of: the command-line choice, the saved setting, the system's UI languages, English.
    // Unsupported or empty choices are skipped, so a stale setting never leaves the UI untranslated.
    static QString resolve(const QString& commandLine, const QString& setting, const QLocale& system);

    // Installs paydesk's catalogue and Qt's own (standard dialogs and buttons) for code on the running
    // application, replacing any installed before. Returns false if paydesk's catalogue did not load.
    static bool install(const QString& code);

    // The language currently installed by install(), or empty.
    static QString current();

    // The name of a language in that language, for menus: "English", "한국어".
    static QString nativeName(const QString& code);
};
