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
