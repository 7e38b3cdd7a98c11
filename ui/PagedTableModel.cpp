#include "PagedTableModel.h"

PagedTableModel::PagedTableModel(BackendClient* client, QString path, QList<Column> columns, QObject* parent)
    : QAbstractTableModel(parent), m_client(client), m_path(std::move(path)), m_columns(std::move(columns)) {}

int PagedTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PagedTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant PagedTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const QJsonObject& object = m_rows.at(index.row());
    const Column& column = m_columns.at(index.column());
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            return displayCell(index.row(), index.column());
        case RawRole:
            return object.value(column.key).toVariant();
        case ObjectRole:
            return object;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column.alignment);
        default:
            return {};
    }
}

QVariant PagedTableModel::displayCell(int row, int column) const {
    const QJsonObject& object = m_rows.at(row);
    const Column& definition = m_columns.at(column);
    if (definition.display) {
        return definition.display(object);
    }
    const QJsonValue value = object.value(definition.key);
    if (value.isDouble()) {
        return QString::number(value.toDouble(), 'f', 0);
    }
    return value.toVariant();
}

QVariant PagedTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size()) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        return m_columns.at(section).title();
    }
    return {};
}

bool PagedTableModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_loading && (!m_nextCursor.isEmpty() || m_nextOffset >= 0);
}

void PagedTableModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        request(false);
    }
}

void PagedTableModel::reload() {
    request(true);
}

void PagedTableModel::request(bool first) {
    QUrlQuery query;
    const auto filters = m_query.queryItems(QUrl::FullyDecoded);
    for (const auto& item : filters) {
        if (!item.second.trimmed().isEmpty()) {
            query.addQueryItem(item.first, item.second.trimmed());
        }
    }
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
    if (!first) {
        if (!m_nextCursor.isEmpty()) {
            query.addQueryItem(QStringLiteral("cursor"), m_nextCursor);
        } else {
            query.addQueryItem(QStringLiteral("offset"), QString::number(m_nextOffset));
        }
    }
    // Percent-encode everything but the separators, so '+' in a timestamp survives.
    QString path = m_path;
    const QString encoded = query.toString(QUrl::FullyEncoded);
    if (!encoded.isEmpty()) {
        path += QLatin1Char('?') + encoded;
    }
    const quint64 generation = first ? ++m_generation : m_generation;
    m_loading = true;
    m_client->getJson(
        path,
        [this, first, generation](const BackendResponse& response) {
            if (generation != m_generation) {
                return;  // a newer reload() superseded this answer
            }
            m_loading = false;
            applyPage(first, response);
        },
        this);
}

void PagedTableModel::clearRows() {
    beginResetModel();
    m_rows.clear();
    m_nextCursor.clear();
    m_nextOffset = -1;
    m_total = 0;
    adoptRows(0, {});
    endResetModel();
}

void PagedTableModel::applyPage(bool first, const BackendResponse& response) {
    if (!response.ok()) {
        if (first) {
            clearRows();
        }
        Q_EMIT failed(*response.error);
        return;
    }
    const QJsonObject page = response.json.object();
    const QJsonArray items = page.value(QStringLiteral("items")).toArray();
    QList<QJsonObject> rows;
    rows.reserve(items.size());
    for (const QJsonValue& item : items) {
        rows.append(item.toObject());
    }
    const int start = first ? 0 : static_cast<int>(m_rows.size());
    if (const std::optional<BackendError> refused = adoptRows(start, rows)) {
        if (first) {
            clearRows();
        }
        BackendError error = *refused;
        error.httpStatus = response.httpStatus;
        Q_EMIT failed(error);
        return;
    }
    // Paging state first: views (and QAbstractItemModelTester) ask canFetchMore() from the
    // signals below, and must not see the page just received as still to fetch.
    m_nextCursor = page.value(QStringLiteral("nextCursor")).toString();
    const QJsonValue nextOffset = page.value(QStringLiteral("nextOffset"));
    m_nextOffset = nextOffset.isDouble() ? nextOffset.toInt() : -1;
    if (items.isEmpty()) {
        m_nextCursor.clear();
        m_nextOffset = -1;
    }
    m_total = page.value(QStringLiteral("total")).toInt(static_cast<int>(m_rows.size() + items.size()));
    m_totalCapped = page.value(QStringLiteral("totalCapped")).toBool();
    if (first) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else if (!rows.isEmpty()) {
        beginInsertRows(QModelIndex(), start, start + static_cast<int>(rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
    }
    Q_EMIT loaded();
}

void PagedTableModel::updateRow(const QString& idKey, const QJsonObject& object) {
    // Compared as JSON values: ids may be numbers (a number's toString() is empty, which would match
    // every row).
    const QJsonValue id = object.value(idKey);
    if (id.isUndefined() || id.isNull()) {
        return;
    }
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).value(idKey) == id) {
            QJsonObject merged = m_rows.at(i);
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                merged.insert(it.key(), it.value());
            }
            if (adoptRow(i, merged)) {
                return;  // the changed row does not read as this model's row type: keep the old one
            }
            m_rows[i] = merged;
            Q_EMIT dataChanged(index(i, 0), index(i, columnCount() - 1));
            return;
        }
    }
}

void PagedTableModel::retranslate() {
    if (!m_columns.isEmpty()) {
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    }
}
