#include "SettlementsPanel.h"

#include "Apis.h"
#include "BackendClient.h"
#include "Formatting.h"
#include "MetricsCharts.h"
#include "PagedTableModel.h"
#include "RowsModel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QColor>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const QStringList& states() {
    static const QStringList list{QStringLiteral("OPEN"), QStringLiteral("CLOSED"), QStringLiteral("APPROVED"),
                                  QStringLiteral("PAID"), QStringLiteral("REJECTED")};
    return list;
}

using BatchesModel = RowsModel<SettlementBatch>;

QList<BatchesModel::TypedColumn> columns() {
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    auto money = [](qint64 SettlementBatch::*amount) {
        return [amount](const SettlementBatch& b) { return Formatting::money(b.*amount, b.currency); };
    };
    auto text = [](QString SettlementBatch::*member) {
        return [member](const SettlementBatch& b) { return b.*member; };
    };
    auto optionalText = [](std::optional<QString> SettlementBatch::*member) {
        return [member](const SettlementBatch& b) { return (b.*member).value_or(QString()); };
    };
    return {
        {QStringLiteral("businessDay"), [] { return SettlementsPanel::tr("Business day"); },
         [](const SettlementBatch& b) { return b.businessDay.toString(Qt::ISODate); }},
        {QStringLiteral("merchantId"), [] { return SettlementsPanel::tr("Merchant"); },
         text(&SettlementBatch::merchantId)},
        {QStringLiteral("state"), [] { return SettlementsPanel::tr("State"); }, text(&SettlementBatch::stateText)},
        {QStringLiteral("captureCount"), [] { return SettlementsPanel::tr("Captures"); },
         [](const SettlementBatch& b) { return QString::number(b.captureCount); }, right},
        {QStringLiteral("grossAmount"), [] { return SettlementsPanel::tr("Gross"); },
         money(&SettlementBatch::grossAmount), right},
        {QStringLiteral("refundAmount"), [] { return SettlementsPanel::tr("Refunds"); },
         money(&SettlementBatch::refundAmount), right},
        {QStringLiteral("feeAmount"), [] { return SettlementsPanel::tr("Fees"); }, money(&SettlementBatch::feeAmount),
         right},
        {QStringLiteral("carryIn"), [] { return SettlementsPanel::tr("Carried in"); }, money(&SettlementBatch::carryIn),
         right},
        {QStringLiteral("net"), [] { return SettlementsPanel::tr("Net"); }, money(&SettlementBatch::net), right},
        {QStringLiteral("payoutAmount"), [] { return SettlementsPanel::tr("Payout"); },
         money(&SettlementBatch::payoutAmount), right},
        {QStringLiteral("closedBy"), [] { return SettlementsPanel::tr("Closed by"); },
         optionalText(&SettlementBatch::closedBy)},
        {QStringLiteral("approvedBy"), [] { return SettlementsPanel::tr("Approved by"); },
         optionalText(&SettlementBatch::approvedBy)},
        {QStringLiteral("batchId"), [] { return SettlementsPanel::tr("Batch"); }, text(&SettlementBatch::batchId)},
    };
}

}  // namespace

SettlementsPanel::SettlementsPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_model(new BatchesModel(session->client(), SettlementsApi::listPath(), columns(), this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_state(new QComboBox(this)),
      m_merchant(new QLineEdit(this)),
      m_from(new QDateEdit(QDate::currentDate().addDays(-14), this)),
      m_to(new QDateEdit(QDate::currentDate(), this)),
      m_searchButton(new QPushButton(this)),
      m_count(new QLabel(this)),
      m_stateCaption(new QLabel(this)),
      m_fromCaption(new QLabel(this)),
      m_closeDate(new QDateEdit(QDate::currentDate().addDays(-1), this)),
      m_close(new QPushButton(this)),
      m_approve(new QPushButton(this)),
      m_reject(new QPushButton(this)),
      m_paid(new QPushButton(this)),
      m_export(new QPushButton(this)),
      m_note(new QLabel(this)),
      m_chart(new QChart),
      m_chartView(new QChartView(m_chart, this)) {
    setObjectName(QStringLiteral("settlementsPanel"));
    m_table->setObjectName(QStringLiteral("settlementsTable"));
    m_state->setObjectName(QStringLiteral("settlementStateFilter"));
    m_close->setObjectName(QStringLiteral("closeDayButton"));
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_paid->setObjectName(QStringLiteral("paidButton"));
    m_export->setObjectName(QStringLiteral("exportPayoutsButton"));
    m_note->setObjectName(QStringLiteral("settlementNote"));
    m_chartView->setObjectName(QStringLiteral("settlementTotalsChart"));

    showSorted(m_table, m_proxy, m_model);
    m_table->horizontalHeader()->setDefaultSectionSize(110);

    for (QDateEdit* edit : {m_from, m_to, m_closeDate}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_merchant->setClearButtonEnabled(true);
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setVisible(false);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_stateCaption);
    filters->addWidget(m_state);
    filters->addWidget(m_merchant, 1);
    filters->addWidget(m_fromCaption);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_searchButton);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_closeDate);
    actions->addWidget(m_close);
    actions->addSpacing(16);
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    actions->addWidget(m_paid);
    actions->addStretch(1);
    actions->addWidget(m_export);

    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(200);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chartView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addLayout(filters);
    layout->addWidget(m_count);
    layout->addLayout(actions);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);

    connect(m_searchButton, &QPushButton::clicked, this, &SettlementsPanel::refresh);
    connect(m_merchant, &QLineEdit::returnPressed, this, &SettlementsPanel::refresh);
    connect(m_close, &QPushButton::clicked, this, &SettlementsPanel::closeDay);
    connect(m_approve, &QPushButton::clicked, this, &SettlementsPanel::approve);
    connect(m_reject, &QPushButton::clicked, this, &SettlementsPanel::reject);
    connect(m_paid, &QPushButton::clicked, this, &SettlementsPanel::markPaid);
    connect(m_export, &QPushButton::clicked, this, &SettlementsPanel::exportPayouts);
    connect(m_model, &PagedTableModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_model, &PagedTableModel::loaded, this, [this]() {
        showCount();
        m_table->resizeColumnsToContents();
        updateChart();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& index) {
        m_current = index.isValid()
                        ? std::optional<SettlementBatch>(m_model->typedRow(m_proxy->mapToSource(index).row()))
                        : std::nullopt;
        updateActions();
    });
    connect(session, &ConsoleSession::connected, this, &SettlementsPanel::refresh);
    connect(session, &ConsoleSession::operatorChanged, this, [this]() {
        showNote(QString(), false);  // notes about what the previous operator could not do
        updateActions();
    });
    retranslateUi();
    updateActions();
}

void SettlementsPanel::retranslateUi() {
    setWindowTitle(tr("Settlements"));
    m_stateCaption->setText(tr("State"));
    m_fromCaption->setText(tr("Business days"));
    m_merchant->setPlaceholderText(tr("any merchant"));
    m_searchButton->setText(tr("Search"));
    const int current = std::max(0, m_state->currentIndex());
    m_state->clear();
    m_state->addItem(tr("All states"), QString());
    for (const QString& state : states()) {
        m_state->addItem(state, state);
    }
    m_state->setCurrentIndex(current);
    m_close->setText(tr("Close day…"));
    m_close->setToolTip(tr("Close the chosen business day into batches for every merchant with activity"));
    m_approve->setText(tr("Approve…"));
    m_reject->setText(tr("Reject…"));
    m_paid->setText(tr("Mark paid…"));
    m_export->setText(tr("Export payouts (CSV)…"));
    m_chart->setTitle(tr("Totals per business day (minor units, loaded batches)"));
    m_model->retranslate();
    updateChart();
    if (!m_count->text().isEmpty()) {
        showCount();
    }
}

void SettlementsPanel::showCount() {
    m_count->setText(m_model->totalCapped()
                         ? tr("%1 shown of more than %2 batches").arg(m_model->rowCount()).arg(m_model->total())
                         : tr("%1 shown of %2 batches").arg(m_model->rowCount()).arg(m_model->total()));
}

void SettlementsPanel::refresh() {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("state"), m_state->currentData().toString());
    query.addQueryItem(QStringLiteral("merchantId"), m_merchant->text().trimmed());
    query.addQueryItem(QStringLiteral("from"), m_from->date().toString(Qt::ISODate));
    query.addQueryItem(QStringLiteral("to"), m_to->date().toString(Qt::ISODate));
    m_model->setQuery(query);
    m_current.reset();
    updateActions();
    m_model->reload();
}

void SettlementsPanel::focusSearch() {
    m_merchant->setFocus();
    m_merchant->selectAll();
}

void SettlementsPanel::selectRow(int row) {
    m_table->setCurrentIndex(m_proxy->index(row, 0));
}

void SettlementsPanel::setCloseDay(const QDate& day) {
    m_closeDate->setDate(day);
}

QString SettlementsPanel::noteText() const {
    return m_note->text();
}

void SettlementsPanel::showNote(const QString& text, bool error) {
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    m_note->setStyleSheet(error ? QStringLiteral("color: #c62828; font-weight: bold;") : QString());
}

// Why this operator may not approve or reject the selected CLOSED batch, translated; empty if they may.
QString SettlementsPanel::checkerRefusal() const {
    const QString role = session()->roleRefusal(QStringLiteral("supervisor"));
    if (!role.isEmpty()) {
        return role;
    }
    const QString me = session()->operatorName();
    if (!me.isEmpty() && m_current && m_current->closedBy == me) {
        return tr("You (%1) closed this batch: the four-eyes rule needs a different supervisor to approve or reject "
                  "it. %2")
            .arg(me, howToGetAChecker());
    }
    return {};
}

QString SettlementsPanel::howToGetAChecker() const {
    return session()->isLocal()
               ? tr("Switch operator (File → Switch operator…) to local-checker, the second supervisor the local "
                    "backend provides.")
               : tr("Switch operator (File → Switch operator…) to another supervisor's token, or ask a colleague.");
}

// Each action is enabled only in the batch states and for the roles the backend allows; a disabled
// button's tooltip says why.
void SettlementsPanel::updateActions() {
    const BatchState state = m_current ? m_current->state : BatchState::Unknown;
    const bool closed = state == BatchState::Closed;
    const QString checker = closed ? checkerRefusal() : tr("Only a CLOSED batch can be approved or rejected.");
    for (QPushButton* button : {m_approve, m_reject}) {
        button->setEnabled(closed && checker.isEmpty());
        button->setToolTip(!m_current ? QString() : checker);
    }
    const bool payable = state == BatchState::Approved && m_current->payoutAmount > 0;
    const QString paidRole = session()->roleRefusal(QStringLiteral("supervisor"));
    m_paid->setEnabled(payable && paidRole.isEmpty());
    m_paid->setToolTip(!m_current ? QString()
                       : payable  ? paidRole
                                  : tr("Only an APPROVED batch with a payout can be marked paid."));
}

void SettlementsPanel::updateChart() {
    // Sum the loaded batches per business day (oldest first, at most the last 14 days shown).
    QMap<QString, QList<qint64>> byDay;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const SettlementBatch& batch = m_model->typedRow(row);
        QList<qint64>& totals = byDay[batch.businessDay.toString(Qt::ISODate)];
        if (totals.isEmpty()) {
            totals = {0, 0, 0};
        }
        totals[0] += batch.grossAmount;
        totals[1] += batch.refundAmount + batch.feeAmount;
        totals[2] += batch.payoutAmount;
    }
    m_totals.clear();
    for (auto it = byDay.constBegin(); it != byDay.constEnd(); ++it) {
        m_totals.append({it.key(), it.value()});
    }
    while (m_totals.size() > 14) {
        m_totals.removeFirst();
    }

    m_chart->removeAllSeries();
    const auto axes = m_chart->axes();
    for (QAbstractAxis* axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    auto* series = new QBarSeries;
    auto* gross = new QBarSet(tr("Gross"));
    auto* deductions = new QBarSet(tr("Refunds and fees"));
    auto* payout = new QBarSet(tr("Payout"));
    gross->setColor(QColor(0x1e, 0x88, 0xe5));
    deductions->setColor(QColor(0xef, 0x6c, 0x00));
    payout->setColor(QColor(0x2e, 0x7d, 0x32));
    QStringList days;
    qint64 maximum = 0;
    for (const auto& [day, totals] : std::as_const(m_totals)) {
        days.append(day);
        gross->append(static_cast<qreal>(totals.at(0)));
        deductions->append(static_cast<qreal>(totals.at(1)));
        payout->append(static_cast<qreal>(totals.at(2)));
        maximum = std::max({maximum, totals.at(0), totals.at(1), totals.at(2)});
    }
    series->append(gross);
    series->append(deductions);
    series->append(payout);
    m_chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(days);
    // Amounts as people read them ("6,000,000", "39.8M"), never "6383300".
    auto* y = new QCategoryAxis;
    ChartScale::apply(y, static_cast<double>(maximum) * 1.05, locale());
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

void SettlementsPanel::afterAction(const ApiResult<SettlementBatch>& answer, const QString& action) {
    if (!answer.ok()) {
        actionFailed(answer.error(), action);
        return;
    }
    const SettlementBatch& batch = answer.value();
    m_model->updateRow(QStringLiteral("batchId"), batch);
    if (m_current && m_current->batchId == batch.batchId) {
        m_current = batch;
    }
    const QString text = tr("%1: batch %2 is now %3").arg(action, batch.batchId, batch.stateText);
    showNote(text, false);
    Q_EMIT statusMessage(text);
    updateActions();
    updateChart();
    Q_EMIT actionFinished(true);
}

void SettlementsPanel::actionFailed(const BackendError& error, const QString& action) {
    if (error.code == QLatin1String("MAKER_CHECKER")) {
        // Four-eyes: say plainly why, and who may do it instead.
        QString message = error.message.trimmed();
        while (message.endsWith(QLatin1Char('.'))) {
            message.chop(1);
        }
        showNote(tr("Not allowed for you (four-eyes rule, MAKER_CHECKER): %1. Another supervisor has to do "
                    "this. %2")
                     .arg(message, howToGetAChecker()),
                 true);
    } else {
        showNote(tr("%1 failed: %2").arg(action, BackendClient::describe(error)), true);
    }
    reportError(error, action, true);
    Q_EMIT actionFinished(false);
}

void SettlementsPanel::closeDay() {
    const QString day = m_closeDate->date().toString(Qt::ISODate);
    if (!confirm(tr("Close business day"),
                 tr("Close business day %1 into settlement batches for every merchant with activity?").arg(day))) {
        return;
    }
    SettlementsApi(client()).closeDay(
        day,
        [this, day](const BackendResponse& response) {
            if (!response.ok()) {
                actionFailed(*response.error, tr("Close day"));
                return;
            }
            const QJsonObject result = response.json.object();
            const QString text = tr("Business day %1: %2 batches closed, %3 already closed")
                                     .arg(day)
                                     .arg(result.value(QStringLiteral("closedCount")).toInt())
                                     .arg(result.value(QStringLiteral("alreadyClosed")).toInt());
            showNote(text, false);
            Q_EMIT statusMessage(text);
            // Business days follow the merchants' time zones (Asia/Seoul by default), so the day just
            // closed may lie after this computer's date: widen the list's range so its batches show.
            const QDate closed = QDate::fromString(day, Qt::ISODate);
            if (closed > m_to->date()) m_to->setDate(closed);
            if (closed < m_from->date()) m_from->setDate(closed);
            refresh();
            Q_EMIT actionFinished(true);
        },
        this);
}

void SettlementsPanel::approve() {
    if (!m_current || !m_approve->isEnabled()) {
        showNote(m_approve->toolTip(), !m_approve->toolTip().isEmpty());
        return;
    }
    const QString id = m_current->batchId;
    if (!confirm(tr("Approve settlement"),
                 tr("Approve batch %1 of %2 for %3 (payout %4)? The ledger entries are written now.")
                     .arg(id, m_current->merchantId, m_current->businessDay.toString(Qt::ISODate),
                          Formatting::money(m_current->payoutAmount, m_current->currency)))) {
        return;
    }
    SettlementsApi(client()).approve(
        id, [this](const ApiResult<SettlementBatch>& batch) { afterAction(batch, tr("Approve")); }, this);
}

void SettlementsPanel::reject() {
    if (!m_current || !m_reject->isEnabled()) {
        showNote(m_reject->toolTip(), !m_reject->toolTip().isEmpty());
        return;
    }
    const QString id = m_current->batchId;
    const auto reason =
        askText(tr("Reject settlement"), tr("Why is batch %1 rejected? (recorded in the audit log)").arg(id));
    if (!reason || reason->trimmed().isEmpty()) {
        return;
    }
    SettlementsApi(client()).reject(
        id, reason->trimmed(), [this](const ApiResult<SettlementBatch>& batch) { afterAction(batch, tr("Reject")); },
        this);
}

void SettlementsPanel::markPaid() {
    if (!m_current || !m_paid->isEnabled()) {
        showNote(m_paid->toolTip(), !m_paid->toolTip().isEmpty());
        return;
    }
    const QString id = m_current->batchId;
    const auto reference = askText(tr("Mark settlement paid"), tr("Bank reference of the payout of batch %1:").arg(id));
    if (!reference || reference->trimmed().isEmpty()) {
        return;
    }
    SettlementsApi(client()).markPaid(
        id, reference->trimmed(),
        [this](const ApiResult<SettlementBatch>& batch) { afterAction(batch, tr("Mark paid")); }, this);
}

void SettlementsPanel::exportPayouts() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export payouts"), QStringLiteral("payouts-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty()) {
        exportPayoutsTo(path);
    }
}

void SettlementsPanel::exportPayoutsTo(const QString& path) {
    SettlementsApi(client()).payoutsCsv(
        [this, path](const BackendResponse& response) {
            if (!response.ok()) {
                actionFailed(*response.error, tr("Export payouts"));
                return;
            }
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(response.body) != response.body.size() ||
                !file.commit()) {
                showNote(tr("Could not write %1: %2").arg(path, file.errorString()), true);
                Q_EMIT actionFinished(false);
                return;
            }
            const qsizetype lines = std::max<qsizetype>(0, response.body.count('\n') - 1);
            showNote(tr("%1 payout lines saved to %2").arg(lines).arg(path), false);
            Q_EMIT actionFinished(true);
        },
        this);
}
