#pragma once

#include "StatusColors.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The backend's readiness as last reported by GET /health/ready: one row per component (db, redis,
// kafka, and any the backend adds later), plus the overall status, mode and version.
class HealthModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { ComponentColumn, StateColumn, EndpointColumn, DetailColumn, ColumnCount };

    enum Role {
        ComponentKeyRole = Qt::UserRole + 1,  // "db", "redis", "kafka": stable, untranslated
        StateKeyRole,                         // "up", "degraded", "down", "unknown"
        LatencyMsRole,                        // double, or invalid when the backend sent none
    };

    struct Component {
        QString key;
        QString state;
        QString endpoint;
        QString detail;
        std::optional<double> latencyMs;

        bool operator==(const Component&) const = default;
    };

    explicit HealthModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Takes a /health/ready document. When the set of components is unchanged the rows are updated
    // in place (dataChanged only for rows that differ), so views keep selection and scroll position
    // and nothing flickers every poll; a different set of components resets the model.
    void updateFromJson(const QJsonObject& health);

    // The backend could not be asked: keep the rows (so the operator still sees what was there) but
    // turn every light grey, because the last known states are no longer known to be true.
    void markUnknown();

    // Empties the model, e.g. when the console switches to another backend.
    void clear();

    // Headers and cells are translated when asked for; after a language switch tell the views.
    void retranslate();

    const QList<Component>& components() const { return m_components; }
    HealthState overallState() const { return m_overall; }
    QString overallStatusKey() const { return m_overallKey; }
    QString mode() const { return m_mode; }
    QString version() const { return m_version; }

    static QString componentDisplayName(const QString& key);
    static QString stateDisplayName(HealthState state);

private:
    static QList<Component> parseComponents(const QJsonObject& components);

    QList<Component> m_components;
    HealthState m_overall = HealthState::Unknown;
    QString m_overallKey;
    QString m_mode;
    QString m_version;
};
