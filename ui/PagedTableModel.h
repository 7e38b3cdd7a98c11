#pragma once

#include "BackendClient.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QUrlQuery>

#include <functional>
#include <optional>

// One page-at-a-time table over an operator API list ({items, total, nextCursor, nextOffset}):
// the first page on reload(), the next one when a view scrolls to the end (canFetchMore/fetchMore).
// Never loads everything. Columns are declared by the panel that owns the model.
class PagedTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Role {
        RawRole = Qt::UserRole + 1,  // the untranslated JSON value of the cell, for sorting and tests
        ObjectRole,                  // the whole row as a QJsonObject
    };

    struct Column {
        QString key;                                            // JSON member shown in this column
        std::function<QString()> title;                         // translated when asked
        std::function<QVariant(const QJsonObject&)> display{};  // optional formatter
        Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
    };

    PagedTableModel(BackendClient* client, QString path, QList<Column> columns, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Filters for the next reload(); empty values are left out.
    void setQuery(const QUrlQuery& query) { m_query = query; }
    QUrlQuery query() const { return m_query; }
    void setPageSize(int size) { m_pageSize = size; }

    QJsonObject row(int index) const { return m_rows.value(index); }
    int total() const { return m_total; }
    bool totalCapped() const { return m_totalCapped; }
    bool isLoading() const { return m_loading; }
    // Replaces one row (after an action changed it) by its id member.
    void updateRow(const QString& idKey, const QJsonObject& object);

    void retranslate();

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loaded();  // after every page
    void failed(const BackendError& error);

protected:
    // Hooks for typed models (RowsModel<Row>): a page's rows are offered before they are shown; an
    // error refuses the whole page (it is reported through failed()). Rows start at index start.
    // adoptRows keeps the rows before start and puts rows after them; adoptRow replaces one row.
    virtual std::optional<BackendError> adoptRows(int start, const QList<QJsonObject>& rows) {
        Q_UNUSED(start);
        Q_UNUSED(rows);
        return std::nullopt;
    }
    virtual std::optional<BackendError> adoptRow(int index, const QJsonObject& row) {
        Q_UNUSED(index);
        Q_UNUSED(row);
        return std::nullopt;
    }
    // The text of a cell for the display and tooltip roles.
    virtual QVariant displayCell(int row, int column) const;

private:
    void request(bool first);
    void applyPage(bool first, const BackendResponse& response);
    void clearRows();

    BackendClient* m_client;
    QString m_path;
    QList<Column> m_columns;
    QUrlQuery m_query;
    QList<QJsonObject> m_rows;
    QString m_nextCursor;
    int m_nextOffset = -1;
    int m_total = 0;
    bool m_totalCapped = false;
    bool m_loading = false;
    int m_pageSize = 50;
    quint64 m_generation = 0;
};
