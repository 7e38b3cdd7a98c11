#pragma once

#include "ApiRows.h"
#include "PagedTableModel.h"

#include <functional>
#include <utility>

// A paged table over typed rows: every row of a page is read by Row::parse() when it arrives (a row
// that does not read refuses the page with a typed INVALID_ROW error through failed()), and the
// cells are formatted from the typed row. Paging, filters, sorting by raw values (RawRole) and the
// row's JSON (ObjectRole, row()) are PagedTableModel's.
template <typename Row>
class RowsModel : public PagedTableModel {
public:
    struct TypedColumn {
        QString key;                                  // JSON member: raw value for sorting
        std::function<QString()> title;               // translated when asked
        std::function<QVariant(const Row&)> display;  // the cell's text; none: the raw value
        Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
    };

    RowsModel(BackendClient* client, QString path, const QList<TypedColumn>& columns, QObject* parent = nullptr)
        : PagedTableModel(client, std::move(path), untyped(columns), parent) {
        for (const TypedColumn& column : columns) {
            m_display.append(column.display);
        }
    }

    const Row& typedRow(int index) const { return m_typed.at(index); }
    // Merges a changed row (an action's answer) into the row with the same idKey member.
    void updateRow(const QString& idKey, const Row& row) { PagedTableModel::updateRow(idKey, row.source); }
    using PagedTableModel::updateRow;

protected:
    std::optional<BackendError> adoptRows(int start, const QList<QJsonObject>& rows) override {
        QList<Row> parsed;
        parsed.reserve(rows.size());
        for (const QJsonObject& object : rows) {
            ApiResult<Row> row = Row::parse(object);
            if (!row.ok()) {
                return row.error();
            }
            parsed.append(row.value());
        }
        m_typed.resize(start);
        m_typed.append(parsed);
        return std::nullopt;
    }

    std::optional<BackendError> adoptRow(int index, const QJsonObject& object) override {
        ApiResult<Row> row = Row::parse(object);
        if (!row.ok()) {
            return row.error();
        }
        m_typed[index] = row.value();
        return std::nullopt;
    }

    QVariant displayCell(int row, int column) const override {
        const auto& display = m_display.at(column);
        return display ? display(m_typed.at(row)) : PagedTableModel::displayCell(row, column);
    }

private:
    static QList<Column> untyped(const QList<TypedColumn>& columns) {
        QList<Column> list;
        for (const TypedColumn& column : columns) {
            list.append({column.key, column.title, {}, column.alignment});
        }
        return list;
    }

    QList<std::function<QVariant(const Row&)>> m_display;
    QList<Row> m_typed;
};

// A read-only table over typed rows already in memory (an import's dry-run preview and its row
// errors), with RowsModel's columns: the cells from the typed row, RawRole and ObjectRole from its
// JSON. cell, when given, answers the roles a view of these rows adds (icons, tooltips).
template <typename Row>
class ListRowsModel : public QAbstractTableModel {
public:
    using TypedColumn = typename RowsModel<Row>::TypedColumn;
    using Cell = std::function<QVariant(const QString& key, const Row& row, int role)>;

    explicit ListRowsModel(QList<TypedColumn> columns, Cell cell = {}, QObject* parent = nullptr)
        : QAbstractTableModel(parent), m_columns(std::move(columns)), m_cell(std::move(cell)) {}

    void setRows(QList<Row> rows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    void clear() { setRows({}); }
    const Row& typedRow(int index) const { return m_rows.at(index); }
    QJsonObject row(int index) const {
        return index >= 0 && index < m_rows.size() ? m_rows.at(index).source : QJsonObject();
    }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = QModelIndex()) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
    }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
            return {};
        }
        const Row& row = m_rows.at(index.row());
        const TypedColumn& column = m_columns.at(index.column());
        if (m_cell) {
            const QVariant special = m_cell(column.key, row, role);
            if (special.isValid()) {
                return special;
            }
        }
        switch (role) {
            case Qt::DisplayRole:
            case Qt::ToolTipRole:
                return column.display ? column.display(row) : row.source.value(column.key).toVariant();
            case PagedTableModel::RawRole:
                return row.source.value(column.key).toVariant();
            case PagedTableModel::ObjectRole:
                return row.source;
            case Qt::TextAlignmentRole:
                return QVariant::fromValue(column.alignment);
            default:
                return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override {
        if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size()) {
            return QAbstractTableModel::headerData(section, orientation, role);
        }
        return role == Qt::DisplayRole ? QVariant(m_columns.at(section).title()) : QVariant();
    }

    void retranslate() {
        if (!m_columns.isEmpty()) {
            Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        }
        if (!m_rows.isEmpty()) {
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        }
    }

private:
    QList<TypedColumn> m_columns;
    Cell m_cell;
    QList<Row> m_rows;
};
