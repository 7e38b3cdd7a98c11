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

QString ReconText::reasons(const ReconLine& line, const QString& separator) {
    QStringList messages;
    for (const ReconReason& reason : line.reasons) {
        if (!reason.message.isEmpty()) {
            messages.append(reason.message);
        }
    }
    return messages.join(separator);
}

QList<RowsModel<ReconLine>::TypedColumn> ReconText::lineColumns() {
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {QStringLiteral("lineNo"), [] { return tr("Line"); },
         [](const ReconLine& l) -> QVariant { return l.lineNo ? QString::number(*l.lineNo) : QString(); }, right},
        {QStringLiteral("side"), [] { return tr("Side"); },
         [](const ReconLine& l) -> QVariant { return sideLabel(l.sideText); }},
        {QStringLiteral("date"), [] { return tr("Date"); }, [](const ReconLine& l) -> QVariant { return l.date; }},
        {QStringLiteral("amount"), [] { return tr("Amount"); },
         [](const ReconLine& l) -> QVariant { return Formatting::money(l.amount, l.currency); }, right},
        {QStringLiteral("outcome"), [] { return tr("Outcome"); },
         [](const ReconLine& l) -> QVariant { return outcomeLabel(l.outcomeText); }},
        {QStringLiteral("memo"), [] { return tr("Memo / item"); },
         [](const ReconLine& l) -> QVariant {
             if (l.side == ReconSide::System) {
                 return QStringLiteral("%1 %2").arg(l.itemType, l.itemId.value_or(QString()));
             }
             return l.memo;
         }},
        {QStringLiteral("status"), [] { return tr("Status"); },
         [](const ReconLine& l) -> QVariant { return statusLabel(l.statusText); }},
        {QStringLiteral("score"), [] { return tr("Score"); },
         [](const ReconLine& l) -> QVariant { return QString::number(l.score); }, right},
        {QStringLiteral("matchedIds"), [] { return tr("Matched with"); },
         [](const ReconLine& l) -> QVariant { return l.matchedIds.join(QStringLiteral(", ")); }},
        {QStringLiteral("reasons"), [] { return tr("Reason"); },
         [](const ReconLine& l) -> QVariant { return reasons(l, QStringLiteral("; ")); }},
        {QStringLiteral("fileId"), [] { return tr("File"); }, [](const ReconLine& l) -> QVariant { return l.fileId; }},
    };
}

QList<RowsModel<ReconRowError>::TypedColumn> ReconText::errorColumns() {
    return {
        {QStringLiteral("line"), [] { return tr("Line"); },
         [](const ReconRowError& e) -> QVariant { return QString::number(e.line); }, Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("reason"), [] { return tr("Why the row could not be read"); },
         [](const ReconRowError& e) -> QVariant { return e.reason; }},
    };
}

QVariant reconLineCell(const QString& key, const ReconLine& line, int role) {
    if (role == Qt::DecorationRole && key == QLatin1String("outcome")) {
        return ReconText::outcomeIcon(line.outcomeText);
    }
    if (role == Qt::ToolTipRole && key == QLatin1String("reasons")) {
        return ReconText::reasons(line, QStringLiteral("\n"));
    }
    if (role == Qt::ToolTipRole && key == QLatin1String("outcome")) {
        return line.outcomeText;
    }
    return {};
}

// --- ReconLinesModel ---------------------------------------------------------------------------

ReconLinesModel::ReconLinesModel(BackendClient* client, QObject* parent)
    : QIdentityProxyModel(parent), m_client(client), m_columns(ReconText::lineColumns()) {
    // Until a file is chosen: an empty table that never loads.
    setSourceModel(new Pages(m_client, QString(), m_columns, this));
}

ReconLinesModel::Pages* ReconLinesModel::pages() const {
    return static_cast<Pages*>(sourceModel());
}

void ReconLinesModel::load(const QString& path, const QUrlQuery& query) {
    if (path != m_path) {
        // Another resource: a fresh pager, so no page of the old one can land in the new list.
        auto* next = new Pages(m_client, path, m_columns, this);
        connect(next, &PagedTableModel::loaded, this, &ReconLinesModel::loaded);
        connect(next, &PagedTableModel::failed, this, &ReconLinesModel::failed);
        Pages* previous = pages();
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

const ReconLine& ReconLinesModel::line(int index) const {
    return pages()->typedRow(index);
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
    if (index.isValid() && index.column() < m_columns.size() &&
        (role == Qt::DecorationRole || role == Qt::ToolTipRole)) {
        const QVariant special = reconLineCell(m_columns.at(index.column()).key, line(index.row()), role);
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
