#pragma once

#include "PagedTableModel.h"
#include "RowsModel.h"

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
    // The line's field-level reasons, messages only, joined.
    static QString reasons(const ReconLine& line, const QString& separator);
    // The columns of a line table; the last one is the file id (the exceptions queue spans files;
    // views of one file hide it).
    static QList<RowsModel<ReconLine>::TypedColumn> lineColumns();
    // The columns of the row errors of an import ({line, reason}).
    static QList<RowsModel<ReconRowError>::TypedColumn> errorColumns();
};

// Cell roles common to the reconciliation line models: a coloured dot before the outcome, every
// reason in the tooltip of the reason column (invalid for other roles and columns).
QVariant reconLineCell(const QString& key, const ReconLine& line, int role);

// An import's dry-run preview and its row errors: typed rows in memory.
using ReconPreviewModel = ListRowsModel<ReconLine>;
using ReconRowErrorsModel = ListRowsModel<ReconRowError>;

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
    // The typed line of a row (rows are read as ReconLine when their page arrives).
    const ReconLine& line(int index) const;
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
    using Pages = RowsModel<ReconLine>;
    Pages* pages() const;

    BackendClient* m_client;
    QList<Pages::TypedColumn> m_columns;
    QString m_path;
};
