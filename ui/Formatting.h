#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Shared cell formatting: money in the currency's minor unit, UTC timestamps in local time.
namespace Formatting {
QString money(qint64 minorUnits, const QString& currency);
QString money(const QJsonObject& object, const QString& amountKey);
QString time(const QString& isoUtc);
// The same for a typed time; empty when invalid.
QString time(const QDateTime& utc);
}  // namespace Formatting
