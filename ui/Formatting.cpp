#include "Formatting.h"

#include <QDateTime>
#include <QLocale>

namespace Formatting {

namespace {

// minorUnits / 100 with two decimals in the locale's digits and separators, without a double (exact
// beyond 2^53): the magnitude is split into whole units and cents as unsigned integers.
QString hundredths(const QLocale& locale, qint64 minorUnits) {
    const quint64 magnitude =
        minorUnits < 0 ? static_cast<quint64>(-(minorUnits + 1)) + 1U : static_cast<quint64>(minorUnits);
    QString cents = locale.toString(magnitude % 100U);
    if (magnitude % 100U < 10U) {
        cents.prepend(locale.zeroDigit());
    }
    const QString sign = minorUnits < 0 ? locale.negativeSign() : QString();
    return sign + locale.toString(magnitude / 100U) + locale.decimalPoint() + cents;
}

}  // namespace

QString money(qint64 minorUnits, const QString& currency) {
    // Currencies without minor units (KRW, JPY) are shown as they are; others with two decimals.
    const bool noMinor = currency == QLatin1String("KRW") || currency == QLatin1String("JPY");
    const QLocale locale;
    const QString number = noMinor ? locale.toString(minorUnits) : hundredths(locale, minorUnits);
    return number + QLatin1Char(' ') + currency;
}

QString time(const QString& isoUtc) {
    if (isoUtc.isEmpty()) {
        return {};
    }
    const QDateTime parsed = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        return isoUtc;
    }
    return time(parsed);
}

QString time(const QDateTime& utc) {
    return utc.isValid() ? utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

}  // namespace Formatting
