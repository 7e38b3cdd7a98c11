#pragma once

#include "PagedTableModel.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QIdentityProxyModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QUrlQuery>

// What the reconciliation views share: the outcome and status names as the operator reads them, the
// outcome colours (table dots, chart bars, preview counts) and the columns of a reconciliation line.
class ReconText {
    Q_DECLARE_TR_FUNCTIONS(ReconText)

public:
    // MATCHED, AMOUNT_MISMATCH, UNMATCHED_BANK, UNMATCHED_SYSTEM, DUPLICATE, AWAITING.
    static const QStringList& outcomes();
    // AUTO, OPEN, APPROVED, MANUAL, RESOLVED.
    static const QStringList& statuses();
    static QString outcomeLabel(const QString& outcome);
    static QString statusLabel(const QString& status);
    static QString sideLabel(const QString& side);
    static QColor outcomeColor(const QString& outcome);
    // A small filled circle of the outcome's colour.
    static QIcon outcomeIcon(const QString& outcome);

    // The line's id (lineId is an integer in the API; 0 for dry-run preview lines).
    static qint64 lineId(const QJsonObject& line);
    static QStringList matchedIds(const QJsonObject& line);
    // The line's field-level reasons, messages only, joined.
    static QString reasons(const QJsonObject& line, const QString& separator);
    // The columns of a line table; the last one is the file id (the exceptions queue spans files;
    // views of one file hide it).
    static QList<PagedTableModel::Column> lineColumns();
    // The columns of the row errors of an import ({line, reason}).
    static QList<PagedTableModel::Column> errorColumns();
};

// Cell roles common to the reconciliation line models: a coloured dot before the outcome, every
// reason in the tooltip of the reason column.
QVariant reconLineCell(const QList<PagedTableModel::Column>& columns, const QJsonObject& line, int column, int role);

// A read-only table over rows already in memory (an import's dry-run preview and its row errors),
// declared with the same columns as PagedTableModel.
class JsonRowsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit JsonRowsModel(QList<PagedTableModel::Column> columns, QObject* parent = nullptr);

    void setRows(const QJsonArray& rows);
    void clear();
    QJsonObject row(int index) const { return m_rows.value(index); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void retranslate();

private:
    QList<PagedTableModel::Column> m_columns;
    QList<QJsonObject> m_rows;
};

// The review table's model: the lines of one file (/admin/recon/files/{id}/lines) or the
// exceptions queue (/admin/recon/exceptions), paged by cursor through a PagedTableModel that is
// replaced when the panel switches between the two (or to another file). The views keep this
// model; a switch is a model reset.
class ReconLinesModel : public QIdentityProxyModel {
    Q_OBJECT

public:
    explicit ReconLinesModel(BackendClient* client, QObject* parent = nullptr);

    // Shows path's lines with query (outcome, side, status, fileId): the first page now, the next
    // ones as the view scrolls. An empty path shows nothing.
    void load(const QString& path, const QUrlQuery& query);
    void reload();
    QString path() const { return m_path; }

    QJsonObject row(int index) const;
    int total() const;
    bool totalCapped() const;
    bool isLoading() const;
    int columnOf(const QString& key) const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void retranslate();

Q_SIGNALS:
    void loaded();
    void failed(const BackendError& error);

private:
    PagedTableModel* pages() const;

    BackendClient* m_client;
    QList<PagedTableModel::Column> m_columns;
    QString m_path;
};
