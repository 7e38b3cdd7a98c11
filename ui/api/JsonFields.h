#pragma once

#include "BackendClient.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Reads the members of one JSON row with the types the console expects. Missing or null optional
// members read as std::nullopt; a member of the wrong type (or a missing required one) records the
// first such problem, which error() turns into a typed BackendError (code INVALID_ROW).
// Money is integer minor units: a JSON integer (exact up to 2^63, Qt keeps integers as qint64) or
// a string of digits; a fraction is a type error, never rounded.
class JsonFields {
public:
    JsonFields(const QJsonObject& object, QString rowType);

    QString text(const QString& key);
    std::optional<QString> optionalText(const QString& key);
    qint64 integer(const QString& key);
    std::optional<qint64> optionalInteger(const QString& key);
    qint64 money(const QString& key);
    std::optional<qint64> optionalMoney(const QString& key);
    bool flag(const QString& key, bool fallback = false);
    QDateTime time(const QString& key);
    std::optional<QDateTime> optionalTime(const QString& key);
    QDate date(const QString& key);
    std::optional<QDate> optionalDate(const QString& key);
    QStringList textList(const QString& key);
    QJsonObject object(const QString& key);

    bool ok() const { return m_problem.isEmpty(); }
    // INVALID_ROW naming the row type and the first member that did not read.
    BackendError error() const;

    // Money as the API may send it; nullopt when value is neither an integer nor a digit string.
    static std::optional<qint64> moneyValue(const QJsonValue& value);

private:
    void fail(const QString& key, const char* expected);
    template <typename T, typename Parse>
    std::optional<T> optionalParsed(const QString& key, Parse parse, const char* expected);
    bool absent(const QJsonValue& value) const { return value.isUndefined() || value.isNull(); }

    const QJsonObject& m_object;
    QString m_rowType;
    QString m_problem;
};
