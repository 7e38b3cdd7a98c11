#pragma once

#include "ApiRows.h"
#include "Panel.h"
#include "RowsModel.h"

#include <QJsonObject>

#include <optional>

class PagedTableModel;
class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
struct BackendResponse;

// Settlements: batches by business day and state in a paged table; a chart of the loaded batches'
// totals per business day; close a day, approve / reject (with a reason) a closed batch — four-eyes:
// the backend refuses the operator who closed it with 403 MAKER_CHECKER, shown as such —, mark an
// approved batch paid with the bank's reference, and export the payout file (CSV).
class SettlementsPanel : public Panel {
    Q_OBJECT

public:
    explicit SettlementsPanel(ConsoleSession* session, QWidget* parent = nullptr);

    PagedTableModel* model() const { return m_model; }
    // The selected batch as the API sent it (empty when none).
    QJsonObject current() const { return m_current ? m_current->source : QJsonObject(); }
    void selectRow(int row);
    void setCloseDay(const QDate& day);
    // The totals drawn by the chart: business day → {gross, refunds + fees, payout}, in minor units.
    QList<QPair<QString, QList<qint64>>> chartTotals() const { return m_totals; }
    QString noteText() const;

public Q_SLOTS:
    void refresh() override;
    void focusSearch() override;
    void closeDay();
    void approve();
    void reject();
    void markPaid();
    // Asks for a file name (QFileDialog), then saves the payout file there.
    void exportPayouts();
    // Saves the payout file (of the close day when "only this day" is ticked) to path.
    void exportPayoutsTo(const QString& path);

Q_SIGNALS:
    void actionFinished(bool ok);

protected:
    void retranslateUi() override;

private:
    // Merges the changed batch an action answers, or says why the action failed.
    void afterAction(const ApiResult<SettlementBatch>& answer, const QString& action);
    void actionFailed(const BackendError& error, const QString& action);
    void updateActions();
    QString checkerRefusal() const;
    QString howToGetAChecker() const;
    void updateChart();
    void showCount();
    void showNote(const QString& text, bool error);

    RowsModel<SettlementBatch>* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QComboBox* m_state;
    QLineEdit* m_merchant;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QPushButton* m_searchButton;
    QLabel* m_count;
    QLabel* m_stateCaption;
    QLabel* m_fromCaption;
    QDateEdit* m_closeDate;
    QPushButton* m_close;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QPushButton* m_paid;
    QPushButton* m_export;
    QLabel* m_note;
    QChart* m_chart;
    QChartView* m_chartView;
    std::optional<SettlementBatch> m_current;
    QList<QPair<QString, QList<qint64>>> m_totals;
};
