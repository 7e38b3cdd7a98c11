#include "ReconModels.h"

#include "Formatting.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

// --- ReconText ---------------------------------------------------------------------------------

const QStringList& ReconText::outcomes() {
    static const QStringList list{QStringLiteral("MATCHED"),        QStringLiteral("AMOUNT_MISMATCH"),
                                  QStringLiteral("UNMATCHED_BANK"), QStringLiteral("UNMATCHED_SYSTEM"),
                                  QStringLiteral("DUPLICATE"),      QStringLiteral("AWAITING")};
    return list;
}

const QStringList& ReconText::statuses() {
    static const QStringList list{QStringLiteral("AUTO"), QStringLiteral("OPEN"), QStringLiteral("APPROVED"),
                                  QStringLiteral("MANUAL"), QStringLiteral("RESOLVED")};
    return list;
}

QString ReconText::outcomeLabel(const QString& outcome) {
    if (outcome == QLatin1String("MATCHED")) {
        return tr("Matched");
    }
    if (outcome == QLatin1String("AMOUNT_MISMATCH")) {
        return tr("Amount mismatch");
    }
    if (outcome == QLatin1String("UNMATCHED_BANK")) {
        return tr("Unmatched (bank)");
    }
    if (outcome == QLatin1String("UNMATCHED_SYSTEM")) {
        return tr("Unmatched (Paydesk)");
    }
    if (outcome == QLatin1String("DUPLICATE")) {
        return tr("Duplicate");
    }
    if (outcome == QLatin1String("AWAITING")) {
        return tr("Awaiting");
    }
    return outcome;
}

QString ReconText::statusLabel(const QString& status) {
    if (status == QLatin1String("AUTO")) {
        return tr("Automatic");
    }
    if (status == QLatin1String("OPEN")) {
        return tr("Open");
    }
    if (status == QLatin1String("APPROVED")) {
        return tr("Approved");
    }
    if (status == QLatin1String("MANUAL")) {
        return tr("Matched by hand");
    }
    if (status == QLatin1String("RESOLVED")) {
        return tr("Resolved");
    }
    return status;
}

QString ReconText::sideLabel(const QString& side) {
    if (side == QLatin1String("BANK")) {
        return tr("Bank");
    }
    if (side == QLatin1String("SYSTEM")) {
        return tr("Paydesk");
    }
    return side;
}

QColor ReconText::outcomeColor(const QString& outcome) {
    if (outcome == QLatin1String("MATCHED")) {
        return {0x2e, 0x7d, 0x32};
    }
    if (outcome == QLatin1String("AMOUNT_MISMATCH")) {
        return {0xef, 0x6c, 0x00};
    }
    if (outcome == QLatin1String("UNMATCHED_BANK")) {
        return {0xc6, 0x28, 0x28};
    }
    if (outcome == QLatin1String("UNMATCHED_SYSTEM")) {
        return {0x8e, 0x24, 0xaa};
    }
    if (outcome == QLatin1String("DUPLICATE")) {
        return {0x75, 0x75, 0x75};
    }
    if (outcome == QLatin1String("AWAITING")) {
        return {0x1e, 0x88, 0xe5};
    }
    return {0x9e, 0x9e, 0x9e};
}

QIcon ReconText::outcomeIcon(const QString& outcome) {
    static QHash<QString, QIcon> cache;
    auto it = cache.constFind(outcome);
    if (it != cache.constEnd()) {
        return it.value();
    }
    QIcon icon;
    for (const qreal ratio : {1.0, 2.0}) {
        constexpr int Size = 10;
        QPixmap pixmap(static_cast<int>(Size * ratio), static_cast<int>(Size * ratio));
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(outcomeColor(outcome));
        painter.drawEllipse(QRectF(1, 1, Size - 2, Size - 2));
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(outcome, icon);
    return icon;
}

qint64 ReconText::lineId(const QJsonObject& line) {
    return line.value(QStringLiteral("lineId")).toInteger();
}

QStringList ReconText::matchedIds(const QJsonObject& line) {
    QStringList ids;
    const QJsonArray array = line.value(QStringLiteral("matchedIds")).toArray();
    for (const QJsonValue& id : array) {
        if (!id.toString().isEmpty()) {
            ids.append(id.toString());
        }
    }
    return ids;
}

QString ReconText::reasons(const QJsonObject& line, const QString& separator) {
    QStringList messages;
    const QJsonArray array = line.value(QStringLiteral("reasons")).toArray();
    for (const QJsonValue& reason : array) {
        const QString message = reason.toObject().value(QStringLiteral("message")).toString();
        if (!message.isEmpty()) {
            messages.append(message);
        }
    }
    return messages.join(separator);
}

QList<PagedTableModel::Column> ReconText::lineColumns() {
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {QStringLiteral("lineNo"), [] { return tr("Line"); },
         [](const QJsonObject& o) -> QVariant {
             const QJsonValue n = o.value(QStringLiteral("lineNo"));
             return n.isDouble() ? QVariant(QString::number(n.toInteger())) : QVariant(QString());
         },
         right},
        {QStringLiteral("side"), [] { return tr("Side"); },
         [](const QJsonObject& o) { return sideLabel(o.value(QStringLiteral("side")).toString()); }},
        {QStringLiteral("date"), [] { return tr("Date"); }},
        {QStringLiteral("amount"), [] { return tr("Amount"); },
         [](const QJsonObject& o) { return Formatting::money(o, QStringLiteral("amount")); }, right},
        {QStringLiteral("outcome"), [] { return tr("Outcome"); },
         [](const QJsonObject& o) { return outcomeLabel(o.value(QStringLiteral("outcome")).toString()); }},
        {QStringLiteral("memo"), [] { return tr("Memo / item"); },
         [](const QJsonObject& o) -> QVariant {
             if (o.value(QStringLiteral("side")).toString() == QLatin1String("SYSTEM")) {
                 return QStringLiteral("%1 %2").arg(o.value(QStringLiteral("itemType")).toString(),
                                                    o.value(QStringLiteral("itemId")).toString());
             }
             return o.value(QStringLiteral("memo")).toString();
         }},
        {QStringLiteral("status"), [] { return tr("Status"); },
         [](const QJsonObject& o) { return statusLabel(o.value(QStringLiteral("status")).toString()); }},
        {QStringLiteral("score"), [] { return tr("Score"); }, {}, right},
        {QStringLiteral("matchedIds"), [] { return tr("Matched with"); },
         [](const QJsonObject& o) { return matchedIds(o).join(QStringLiteral(", ")); }},
        {QStringLiteral("reasons"), [] { return tr("Reason"); },
         [](const QJsonObject& o) { return reasons(o, QStringLiteral("; ")); }},
        {QStringLiteral("fileId"), [] { return tr("File"); }},
    };
}

QList<PagedTableModel::Column> ReconText::errorColumns() {
    return {
        {QStringLiteral("line"), [] { return tr("Line"); }, {}, Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("reason"), [] { return tr("Why the row could not be read"); }},
    };
}

QVariant reconLineCell(const QList<PagedTableModel::Column>& columns, const QJsonObject& line, int column, int role) {
    if (column < 0 || column >= columns.size()) {
        return {};
    }
    const QString& key = columns.at(column).key;
    if (role == Qt::DecorationRole && key == QLatin1String("outcome")) {
        return ReconText::outcomeIcon(line.value(QStringLiteral("outcome")).toString());
    }
    if (role == Qt::ToolTipRole && key == QLatin1String("reasons")) {
        return ReconText::reasons(line, QStringLiteral("\n"));
    }
    if (role == Qt::ToolTipRole && key == QLatin1String("outcome")) {
        return line.value(QStringLiteral("outcome")).toString();
    }
    return {};
}

// --- JsonRowsModel -----------------------------------------------------------------------------

JsonRowsModel::JsonRowsModel(QList<PagedTableModel::Column> columns, QObject* parent)
    : QAbstractTableModel(parent), m_columns(std::move(columns)) {}

void JsonRowsModel::setRows(const QJsonArray& rows) {
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue& row : rows) {
        m_rows.append(row.toObject());
    }
    endResetModel();
}

void JsonRowsModel::clear() {
    setRows({});
}

int JsonRowsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JsonRowsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant JsonRowsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const QJsonObject& object = m_rows.at(index.row());
    const PagedTableModel::Column& column = m_columns.at(index.column());
    const QVariant special = reconLineCell(m_columns, object, index.column(), role);
    if (special.isValid()) {
        return special;
    }
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole: {
            if (column.display) {
                return column.display(object);
            }
            const QJsonValue value = object.value(column.key);
            if (value.isDouble()) {
                return QString::number(value.toDouble(), 'f', 0);
            }
            return value.toVariant();
        }
        case PagedTableModel::RawRole:
            return object.value(column.key).toVariant();
        case PagedTableModel::ObjectRole:
            return object;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column.alignment);
        default:
            return {};
    }
}

QVariant JsonRowsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size()) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        return m_columns.at(section).title();
    }
    return {};
}

void JsonRowsModel::retranslate() {
    if (!m_columns.isEmpty()) {
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    }
    if (!m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
}

// --- ReconLinesModel ---------------------------------------------------------------------------

ReconLinesModel::ReconLinesModel(BackendClient* client, QObject* parent)
    : QIdentityProxyModel(parent), m_client(client), m_columns(ReconText::lineColumns()) {
    // Until a file is chosen: an empty table that never loads.
    setSourceModel(new PagedTableModel(m_client, QString(), m_columns, this));
}

PagedTableModel* ReconLinesModel::pages() const {
    return static_cast<PagedTableModel*>(sourceModel());
}

void ReconLinesModel::load(const QString& path, const QUrlQuery& query) {
    if (path != m_path) {
        // Another resource: a fresh pager, so no page of the old one can land in the new list.
        auto* next = new PagedTableModel(m_client, path, m_columns, this);
        connect(next, &PagedTableModel::loaded, this, &ReconLinesModel::loaded);
        connect(next, &PagedTableModel::failed, this, &ReconLinesModel::failed);
        PagedTableModel* previous = pages();
        previous->disconnect(this);
        setSourceModel(next);
        previous->deleteLater();
        m_path = path;
    }
    pages()->setQuery(query);
    if (m_path.isEmpty()) {
        return;
    }
    pages()->reload();
}

void ReconLinesModel::reload() {
    if (!m_path.isEmpty()) {
        pages()->reload();
    }
}

QJsonObject ReconLinesModel::row(int index) const {
    return pages()->row(index);
}

int ReconLinesModel::total() const {
    return pages()->total();
}

bool ReconLinesModel::totalCapped() const {
    return pages()->totalCapped();
}

bool ReconLinesModel::isLoading() const {
    return pages()->isLoading();
}

int ReconLinesModel::columnOf(const QString& key) const {
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).key == key) {
            return i;
        }
    }
    return -1;
}

QVariant ReconLinesModel::data(const QModelIndex& index, int role) const {
    if (index.isValid() && (role == Qt::DecorationRole || role == Qt::ToolTipRole)) {
        const QVariant special = reconLineCell(m_columns, pages()->row(index.row()), index.column(), role);
        if (special.isValid()) {
            return special;
        }
    }
    return QIdentityProxyModel::data(index, role);
}

void ReconLinesModel::retranslate() {
    pages()->retranslate();
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
}
