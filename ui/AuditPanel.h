#pragma once

#include "ApiRows.h"
#include "Panel.h"
#include "RowsModel.h"

class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

// The operator audit log: newest first, paged by cursor, filterable by actor, action, target and
// date; the selected row's before/after snapshots and note below.
class AuditPanel : public Panel {
    Q_OBJECT

public:
    explicit AuditPanel(ConsoleSession* session, QWidget* parent = nullptr);

    PagedTableModel* model() const { return m_model; }
    void setActionFilter(const QString& action);
    void selectRow(int row);
    QString detailText() const;

public Q_SLOTS:
    void refresh() override;
    void focusSearch() override;

protected:
    void retranslateUi() override;

private:
    void showRow(const QModelIndex& index);

    RowsModel<AuditEntry>* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLineEdit* m_actor;
    QLineEdit* m_action;
    QLineEdit* m_targetType;
    QLineEdit* m_targetId;
    QCheckBox* m_useDates;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QPushButton* m_searchButton;
    QLabel* m_count;
    QPlainTextEdit* m_detail;
};
