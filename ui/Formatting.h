#pragma once

#include <QDateTime>
#include <QString>

// Shared cell formatting: money in the currency's minor unit, UTC timestamps in local time.
namespace Formatting {
// Exact for every qint64: the integer part and the two minor digits are formatted as integers.
QString money(qint64 minorUnits, const QString& currency);
QString time(const QString& isoUtc);
// The same for a typed time; empty when invalid.
QString time(const QDateTime& utc);
}  // namespace Formatting
