#include "Formatting.h"

#include <QDateTime>
#include <QLocale>

namespace Formatting {

QString money(qint64 minorUnits, const QString& currency) {
    // Currencies without minor units (KRW, JPY) are shown as they are; others with two decimals.
    const bool noMinor = currency == QLatin1String("KRW") || currency == QLatin1String("JPY");
    const QLocale locale;
    const QString number =
        noMinor ? locale.toString(minorUnits) : locale.toString(static_cast<double>(minorUnits) / 100.0, 'f', 2);
    return number + QLatin1Char(' ') + currency;
}

QString money(const QJsonObject& object, const QString& amountKey) {
    return money(static_cast<qint64>(object.value(amountKey).toDouble()),
                 object.value(QStringLiteral("currency")).toString());
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
