#include "HealthModel.h"

#include <QJsonValue>
#include <QLocale>

#include <algorithm>

namespace {

// The order operators read the stack in: the system of record first. Components the backend adds
// later follow in alphabetical order.
const QStringList& preferredOrder() {
    static const QStringList order{QStringLiteral("db"), QStringLiteral("redis"), QStringLiteral("kafka")};
    return order;
}

qsizetype orderRank(const QString& key) {
    const qsizetype rank = preferredOrder().indexOf(key);
    return rank < 0 ? preferredOrder().size() : rank;
}

}  // namespace

HealthModel::HealthModel(QObject* parent) : QAbstractTableModel(parent) {}

int HealthModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_components.size());
}

int HealthModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HealthModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Component& c = m_components.at(index.row());
    const HealthState state = StatusColors::parse(c.state);

    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case ComponentColumn:
                    return componentDisplayName(c.key);
                case StateColumn:
                    return stateDisplayName(state);
                case EndpointColumn:
                    return c.endpoint;
                case DetailColumn:
                    return c.detail;
                default:
                    return {};
            }
        case Qt::DecorationRole:
            if (index.column() == StateColumn) {
                return StatusColors::dotIcon(state);
            }
            return {};
        case Qt::ToolTipRole:
            if (index.column() == StateColumn && c.latencyMs) {
                return tr("Answered in %1 ms").arg(QLocale().toString(*c.latencyMs, 'f', 1));
            }
            if (index.column() == EndpointColumn || index.column() == DetailColumn) {
                const QString text = index.column() == EndpointColumn ? c.endpoint : c.detail;
                return text.isEmpty() ? QVariant() : QVariant(text);
            }
            return {};
        case ComponentKeyRole:
            return c.key;
        case StateKeyRole:
            return state == HealthState::Unknown ? QStringLiteral("unknown") : c.state.trimmed().toLower();
        case LatencyMsRole:
            return c.latencyMs ? QVariant(*c.latencyMs) : QVariant();
        default:
            return {};
    }
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case ComponentColumn:
            return tr("Component");
        case StateColumn:
            return tr("State");
        case EndpointColumn:
            return tr("Endpoint");
        case DetailColumn:
            return tr("Detail");
        default:
            return {};
    }
}

QHash<int, QByteArray> HealthModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ComponentKeyRole, QByteArrayLiteral("componentKey"));
    names.insert(StateKeyRole, QByteArrayLiteral("stateKey"));
    names.insert(LatencyMsRole, QByteArrayLiteral("latencyMs"));
    return names;
}

QList<HealthModel::Component> HealthModel::parseComponents(const QJsonObject& components) {
    QList<Component> result;
    result.reserve(components.size());
    for (auto it = components.begin(); it != components.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        Component c;
        c.key = it.key();
        c.state = o.value(QStringLiteral("state")).toString();
        c.endpoint = o.value(QStringLiteral("endpoint")).toString();
        c.detail = o.value(QStringLiteral("detail")).toString();
        const QJsonValue latency = o.value(QStringLiteral("latencyMs"));
        if (latency.isDouble()) {
            c.latencyMs = latency.toDouble();
        }
        result.append(c);
    }
    std::stable_sort(result.begin(), result.end(), [](const Component& a, const Component& b) {
        const qsizetype ra = orderRank(a.key);
        const qsizetype rb = orderRank(b.key);
        return ra != rb ? ra < rb : a.key < b.key;
    });
    return result;
}

void HealthModel::updateFromJson(const QJsonObject& health) {
    m_overallKey = health.value(QStringLiteral("status")).toString();
    m_overall = StatusColors::parse(m_overallKey);
    m_mode = health.value(QStringLiteral("mode")).toString();
    m_version = health.value(QStringLiteral("version")).toString();

    QList<Component> next = parseComponents(health.value(QStringLiteral("components")).toObject());

    const bool sameKeys = next.size() == m_components.size() &&
                          std::equal(next.cbegin(), next.cend(), m_components.cbegin(),
                                     [](const Component& a, const Component& b) { return a.key == b.key; });
    if (!sameKeys) {
        beginResetModel();
        m_components = std::move(next);
        endResetModel();
        return;
    }

    for (qsizetype row = 0; row < next.size(); ++row) {
        if (next.at(row) == m_components.at(row)) {
            continue;
        }
        m_components[row] = next.at(row);
        const int r = static_cast<int>(row);
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    }
}

void HealthModel::markUnknown() {
    m_overall = HealthState::Unknown;
    m_overallKey.clear();
    for (qsizetype row = 0; row < m_components.size(); ++row) {
        Component& c = m_components[row];
        if (c.state.isEmpty() && !c.latencyMs) {
            continue;
        }
        c.state.clear();
        c.latencyMs.reset();
        const int r = static_cast<int>(row);
        Q_EMIT dataChanged(index(r, StateColumn), index(r, StateColumn));
    }
}

void HealthModel::clear() {
    beginResetModel();
    m_components.clear();
    endResetModel();
    m_overall = HealthState::Unknown;
    m_overallKey.clear();
    m_mode.clear();
    m_version.clear();
}

void HealthModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_components.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

QString HealthModel::componentDisplayName(const QString& key) {
    if (key == QLatin1String("db")) {
        return tr("Database (MariaDB)");
    }
    if (key == QLatin1String("redis")) {
        return tr("Cache (Redis)");
    }
    if (key == QLatin1String("kafka")) {
        return tr("Events (Kafka)");
    }
    return key;
}

QString HealthModel::stateDisplayName(HealthState state) {
    switch (state) {
        case HealthState::Up:
            //: State of one backend component (database, cache, event bus): working normally.
            return tr("Up");
        case HealthState::Degraded:
            //: State of one backend component: working, but slowly or partly.
            return tr("Degraded");
        case HealthState::Down:
            //: State of one backend component: not working.
            return tr("Down");
        case HealthState::Unknown:
            break;
    }
    //: State of one backend component: the backend could not be asked.
    return tr("Unknown");
}
