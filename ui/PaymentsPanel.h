#pragma once

#include "ApiRows.h"
#include "Panel.h"
#include "RowsModel.h"

#include <QJsonObject>

#include <optional>

class PagedTableModel;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeWidget;

// Payments: search by merchant, status, date range and free text; a table paged by cursor as the
// operator scrolls; a detail pane with the ledger entries and the event timeline; capture, refund
// and void (merchant-signed) with confirmation.
class PaymentsPanel : public Panel {
    Q_OBJECT

public:
    explicit PaymentsPanel(ConsoleSession* session, QWidget* parent = nullptr);

    PagedTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    // The payment in the detail as the API sent it (empty when none).
    QJsonObject detail() const { return m_detail ? m_detail->source : QJsonObject(); }

    void setSearchText(const QString& text);
    void selectRow(int row);

public Q_SLOTS:
    void refresh() override;
    void focusSearch() override;
    void search();
    void capture();
    void refund();
    void voidPayment();

Q_SIGNALS:
    void detailLoaded();
    void actionFinished(bool ok);

protected:
    void retranslateUi() override;

private:
    void loadDetail(const QString& paymentId);
    void showDetail();
    void updateActions();
    void fitColumns();
    void showCount();
    void runAction(const QString& verb, const QString& actionName, const QJsonObject& body);

    RowsModel<PaymentRow>* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLineEdit* m_merchant;
    QComboBox* m_status;
    QCheckBox* m_useDates;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QLineEdit* m_text;
    QPushButton* m_searchButton;
    QLabel* m_count;
    QLabel* m_summary;
    QTreeWidget* m_ledger;
    QTreeWidget* m_events;
    QLabel* m_ledgerCaption;
    QLabel* m_eventsCaption;
    QPushButton* m_capture;
    QPushButton* m_refund;
    QPushButton* m_void;
    QLabel* m_actionsNote;
    QLabel* m_merchantCaption;
    QLabel* m_statusCaption;
    QLabel* m_textCaption;
    std::optional<PaymentRow> m_detail;
    QString m_selectedId;
    bool m_fitColumnsPending = true;
};
