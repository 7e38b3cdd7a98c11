#include "JsonFields.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <limits>

#include <utility>

JsonFields::JsonFields(const QJsonObject& object, QString rowType) : m_object(object), m_rowType(std::move(rowType)) {}

void JsonFields::fail(const QString& key, const char* expected) {
    if (m_problem.isEmpty()) {
        m_problem = QStringLiteral("%1: \"%2\" is not %3").arg(m_rowType, key, QString::fromLatin1(expected));
    }
}

BackendError JsonFields::error() const {
    return BackendError{0, BackendError::InvalidRow, m_problem};
}

std::optional<QString> JsonFields::optionalText(const QString& key) {
    const QJsonValue value = m_object.value(key);
    if (absent(value)) {
        return std::nullopt;
    }
    if (!value.isString()) {
        fail(key, "a string");
        return std::nullopt;
    }
    return value.toString();
}

QString JsonFields::text(const QString& key) {
    if (absent(m_object.value(key))) {
        fail(key, "a string");
    }
    return optionalText(key).value_or(QString());
}

std::optional<qint64> JsonFields::optionalInteger(const QString& key) {
    const QJsonValue value = m_object.value(key);
    if (absent(value)) {
        return std::nullopt;
    }
    constexpr qint64 NotIntegral = std::numeric_limits<qint64>::min();
    const qint64 number = value.isDouble() ? value.toInteger(NotIntegral) : NotIntegral;
    if (number == NotIntegral) {
        fail(key, "an integer");
        return std::nullopt;
    }
    return number;
}

qint64 JsonFields::integer(const QString& key) {
    if (absent(m_object.value(key))) {
        fail(key, "an integer");
    }
    return optionalInteger(key).value_or(0);
}

std::optional<qint64> JsonFields::moneyValue(const QJsonValue& value) {
    if (value.isDouble()) {
        constexpr qint64 NotIntegral = std::numeric_limits<qint64>::min();
        const qint64 number = value.toInteger(NotIntegral);
        return number == NotIntegral ? std::nullopt : std::optional<qint64>(number);
    }
    if (value.isString()) {
        static const QRegularExpression digits(QStringLiteral("^-?[0-9]{1,19}$"));
        const QString text = value.toString();
        bool converted = false;
        const qint64 number = digits.match(text).hasMatch() ? text.toLongLong(&converted) : 0;
        return converted ? std::optional<qint64>(number) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<qint64> JsonFields::optionalMoney(const QString& key) {
    const QJsonValue value = m_object.value(key);
    if (absent(value)) {
        return std::nullopt;
    }
    const std::optional<qint64> amount = moneyValue(value);
    if (!amount) {
        fail(key, "an amount in minor units");
    }
    return amount;
}

qint64 JsonFields::money(const QString& key) {
    if (absent(m_object.value(key))) {
        fail(key, "an amount in minor units");
    }
    return optionalMoney(key).value_or(0);
}

bool JsonFields::flag(const QString& key, bool fallback) {
    const QJsonValue value = m_object.value(key);
    if (absent(value)) {
        return fallback;
    }
    if (!value.isBool()) {
        fail(key, "true or false");
        return fallback;
    }
    return value.toBool();
}

template <typename T, typename Parse>
std::optional<T> JsonFields::optionalParsed(const QString& key, Parse parse, const char* expected) {
    const std::optional<QString> text = optionalText(key);
    if (!text) {
        return std::nullopt;
    }
    const T parsed = parse(*text);
    if (!parsed.isValid()) {
        fail(key, expected);
        return std::nullopt;
    }
    return parsed;
}

std::optional<QDateTime> JsonFields::optionalTime(const QString& key) {
    return optionalParsed<QDateTime>(
        key, [](const QString& iso) { return QDateTime::fromString(iso, Qt::ISODateWithMs); }, "an ISO 8601 time");
}

QDateTime JsonFields::time(const QString& key) {
    if (absent(m_object.value(key))) {
        fail(key, "an ISO 8601 time");
    }
    return optionalTime(key).value_or(QDateTime());
}

std::optional<QDate> JsonFields::optionalDate(const QString& key) {
    return optionalParsed<QDate>(
        key, [](const QString& iso) { return QDate::fromString(iso, Qt::ISODate); }, "a date (YYYY-MM-DD)");
}

QDate JsonFields::date(const QString& key) {
    if (absent(m_object.value(key))) {
        fail(key, "a date (YYYY-MM-DD)");
    }
    return optionalDate(key).value_or(QDate());
}

QStringList JsonFields::textList(const QString& key) {
    const QJsonValue value = m_object.value(key);
    QStringList list;
    if (absent(value)) {
        return list;
    }
    if (!value.isArray()) {
        fail(key, "a list");
        return list;
    }
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array) {
        // Ids are strings, bank line ids integers: both read as text.
        if (item.isString()) {
            list.append(item.toString());
        } else if (item.isDouble() && item.toInteger(-1) >= 0) {
            list.append(QString::number(item.toInteger()));
        } else {
            fail(key, "a list of ids");
        }
    }
    return list;
}

QJsonObject JsonFields::object(const QString& key) {
    const QJsonValue value = m_object.value(key);
    if (!absent(value) && !value.isObject()) {
        fail(key, "an object");
    }
    return value.toObject();
}
