#include "PaymentsPanel.h"

#include "Apis.h"
#include "BackendClient.h"
#include "Formatting.h"
#include "JsonFields.h"
#include "MerchantSigner.h"
#include "PagedTableModel.h"
#include "RowsModel.h"

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDateEdit>
#include <QFontMetrics>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const QStringList& statuses() {
    static const QStringList list{
        QStringLiteral("AUTHORIZED"), QStringLiteral("CAPTURED"), QStringLiteral("PARTIALLY_REFUNDED"),
        QStringLiteral("REFUNDED"),   QStringLiteral("VOIDED"),   QStringLiteral("EXPIRED"),
        QStringLiteral("DECLINED")};
    return list;
}

using PaymentsModel = RowsModel<PaymentRow>;

QList<PaymentsModel::TypedColumn> columns() {
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {QStringLiteral("paymentId"), [] { return PaymentsPanel::tr("Payment"); },
         [](const PaymentRow& p) { return p.paymentId; }},
        {QStringLiteral("merchantId"), [] { return PaymentsPanel::tr("Merchant"); },
         [](const PaymentRow& p) { return p.merchantId; }},
        {QStringLiteral("status"), [] { return PaymentsPanel::tr("Status"); },
         [](const PaymentRow& p) { return p.statusText; }},
        {QStringLiteral("amount"), [] { return PaymentsPanel::tr("Amount"); },
         [](const PaymentRow& p) { return Formatting::money(p.amount, p.currency); }, right},
        {QStringLiteral("capturedAmount"), [] { return PaymentsPanel::tr("Captured"); },
         [](const PaymentRow& p) { return Formatting::money(p.capturedAmount, p.currency); }, right},
        {QStringLiteral("refundedAmount"), [] { return PaymentsPanel::tr("Refunded"); },
         [](const PaymentRow& p) { return Formatting::money(p.refundedAmount, p.currency); }, right},
        {QStringLiteral("requestedAt"), [] { return PaymentsPanel::tr("Requested"); },
         [](const PaymentRow& p) { return Formatting::time(p.requestedAt); }},
        {QStringLiteral("updatedAt"), [] { return PaymentsPanel::tr("Updated"); },
         [](const PaymentRow& p) { return Formatting::time(p.updatedAt.value_or(QDateTime())); }},
    };
}

void setupTree(QTreeWidget* tree) {
    tree->setRootIsDecorated(true);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    tree->header()->setStretchLastSection(true);
}

}  // namespace

PaymentsPanel::PaymentsPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_model(new PaymentsModel(session->client(), PaymentsApi::listPath(), columns(), this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_merchant(new QLineEdit(this)),
      m_status(new QComboBox(this)),
      m_useDates(new QCheckBox(this)),
      m_from(new QDateEdit(QDate::currentDate().addDays(-7), this)),
      m_to(new QDateEdit(QDate::currentDate(), this)),
      m_text(new QLineEdit(this)),
      m_searchButton(new QPushButton(this)),
      m_count(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_ledger(new QTreeWidget(this)),
      m_events(new QTreeWidget(this)),
      m_ledgerCaption(new QLabel(this)),
      m_eventsCaption(new QLabel(this)),
      m_capture(new QPushButton(this)),
      m_refund(new QPushButton(this)),
      m_void(new QPushButton(this)),
      m_actionsNote(new QLabel(this)),
      m_merchantCaption(new QLabel(this)),
      m_statusCaption(new QLabel(this)),
      m_textCaption(new QLabel(this)) {
    setObjectName(QStringLiteral("paymentsPanel"));
    m_table->setObjectName(QStringLiteral("paymentsTable"));
    m_text->setObjectName(QStringLiteral("paymentSearch"));
    m_merchant->setObjectName(QStringLiteral("merchantFilter"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_capture->setObjectName(QStringLiteral("captureButton"));
    m_refund->setObjectName(QStringLiteral("refundButton"));
    m_void->setObjectName(QStringLiteral("voidButton"));
    m_summary->setObjectName(QStringLiteral("paymentSummary"));
    m_ledger->setObjectName(QStringLiteral("ledgerTree"));
    m_events->setObjectName(QStringLiteral("eventTimeline"));

    showSorted(m_table, m_proxy, m_model);
    m_table->horizontalHeader()->setDefaultSectionSize(120);
    fitColumns();

    m_from->setCalendarPopup(true);
    m_to->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    connect(m_useDates, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useDates, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    m_text->setClearButtonEnabled(true);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_merchantCaption);
    filters->addWidget(m_merchant, 1);
    filters->addWidget(m_statusCaption);
    filters->addWidget(m_status);
    filters->addWidget(m_useDates);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_textCaption);
    filters->addWidget(m_text, 2);
    filters->addWidget(m_searchButton);

    QFont bold = m_ledgerCaption->font();
    bold.setBold(true);
    m_ledgerCaption->setFont(bold);
    m_eventsCaption->setFont(bold);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_actionsNote->setWordWrap(true);
    m_actionsNote->setObjectName(QStringLiteral("actionsNote"));
    setupTree(m_ledger);
    m_ledger->setColumnCount(4);
    setupTree(m_events);
    m_events->setColumnCount(4);

    auto* detail = new QWidget(this);
    auto* detailLayout = new QGridLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_capture);
    actions->addWidget(m_refund);
    actions->addWidget(m_void);
    actions->addWidget(m_actionsNote, 1);
    detailLayout->addWidget(m_summary, 0, 0, 1, 2);
    detailLayout->addLayout(actions, 1, 0, 1, 2);
    detailLayout->addWidget(m_ledgerCaption, 2, 0);
    detailLayout->addWidget(m_eventsCaption, 2, 1);
    detailLayout->addWidget(m_ledger, 3, 0);
    detailLayout->addWidget(m_events, 3, 1);
    detailLayout->setRowStretch(3, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addLayout(filters);
    layout->addWidget(m_count);
    layout->addWidget(splitter, 1);

    connect(m_searchButton, &QPushButton::clicked, this, &PaymentsPanel::search);
    connect(m_text, &QLineEdit::returnPressed, this, &PaymentsPanel::search);
    connect(m_merchant, &QLineEdit::returnPressed, this, &PaymentsPanel::search);
    connect(m_model, &PagedTableModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_model, &PagedTableModel::loaded, this, [this]() {
        if (m_fitColumnsPending) {
            // Once per search (not on every page), so columns the operator resized stay put.
            m_fitColumnsPending = false;
            fitColumns();
        }
        showCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) {
                    return;
                }
                const QJsonObject row = m_proxy->data(current, PagedTableModel::ObjectRole).toJsonObject();
                loadDetail(row.value(QStringLiteral("paymentId")).toString());
            });
    connect(m_capture, &QPushButton::clicked, this, &PaymentsPanel::capture);
    connect(m_refund, &QPushButton::clicked, this, &PaymentsPanel::refund);
    connect(m_void, &QPushButton::clicked, this, &PaymentsPanel::voidPayment);
    connect(session, &ConsoleSession::merchantChanged, this, &PaymentsPanel::updateActions);
    connect(session, &ConsoleSession::connected, this, &PaymentsPanel::refresh);

    retranslateUi();
    showDetail();
}

void PaymentsPanel::retranslateUi() {
    setWindowTitle(tr("Payments"));
    m_merchantCaption->setText(tr("Merchant"));
    m_statusCaption->setText(tr("Status"));
    m_textCaption->setText(tr("Search"));
    m_useDates->setText(tr("Requested between"));
    m_merchant->setPlaceholderText(tr("any merchant"));
    m_text->setPlaceholderText(tr("payment id, acquirer id, idempotency key, last 4"));
    m_searchButton->setText(tr("Search"));
    const int current = std::max(0, m_status->currentIndex());
    m_status->clear();
    m_status->addItem(tr("All statuses"), QString());
    for (const QString& status : statuses()) {
        m_status->addItem(status, status);
    }
    m_status->setCurrentIndex(current);
    m_ledgerCaption->setText(tr("Ledger entries"));
    m_eventsCaption->setText(tr("Event timeline"));
    m_ledger->setHeaderLabels({tr("Entry / account"), tr("Debit"), tr("Credit"), tr("Time")});
    m_events->setHeaderLabels({tr("Event"), tr("Topic"), tr("Occurred"), tr("Published")});
    m_capture->setText(tr("Capture…"));
    m_refund->setText(tr("Refund…"));
    m_void->setText(tr("Void…"));
    m_model->retranslate();
    showDetail();
    fitColumns();
    showCount();
}

void PaymentsPanel::showCount() {
    if (m_model->rowCount() == 0 && m_count->text().isEmpty()) {
        return;
    }
    m_count->setText(m_model->totalCapped()
                         ? tr("%1 shown of more than %2 payments").arg(m_model->rowCount()).arg(m_model->total())
                         : tr("%1 shown of %2 payments").arg(m_model->rowCount()).arg(m_model->total()));
}

void PaymentsPanel::fitColumns() {
    // Columns fit their header and the rows on screen, and a date/time column is never narrower
    // than a full "2026-11-24 03:18:19", whatever the language or the data.
    const QFontMetrics metrics(m_table->font());
    constexpr int Padding = 16;
    const int timeWidth = metrics.horizontalAdvance(QStringLiteral("0000-00-00 00:00:00")) + Padding;
    QHeaderView* header = m_table->horizontalHeader();
    const QList<PaymentsModel::TypedColumn> keys = columns();
    for (int column = 0; column < keys.size(); ++column) {
        m_table->resizeColumnToContents(column);  // the header and the rows on screen
        int width = std::max(header->sectionSizeHint(column), m_table->columnWidth(column));
        if (keys.at(column).key.endsWith(QLatin1String("At"))) {
            width = std::max(width, timeWidth);
        } else {
            width = std::clamp(width, 60, 260);
        }
        m_table->setColumnWidth(column, width);
    }
}

void PaymentsPanel::refresh() {
    search();
}

void PaymentsPanel::focusSearch() {
    m_text->setFocus();
    m_text->selectAll();
}

void PaymentsPanel::setSearchText(const QString& text) {
    m_text->setText(text);
}

void PaymentsPanel::selectRow(int row) {
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_proxy->index(row, 0));
}

void PaymentsPanel::search() {
    m_fitColumnsPending = true;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("merchantId"), m_merchant->text());
    query.addQueryItem(QStringLiteral("status"), m_status->currentData().toString());
    if (m_useDates->isChecked()) {
        query.addQueryItem(QStringLiteral("from"), m_from->date().toString(Qt::ISODate));
        // "to" is exclusive on the backend; the operator means the whole last day.
        query.addQueryItem(QStringLiteral("to"), m_to->date().addDays(1).toString(Qt::ISODate));
    }
    query.addQueryItem(QStringLiteral("q"), m_text->text());
    m_model->setQuery(query);
    m_model->reload();
}

void PaymentsPanel::loadDetail(const QString& paymentId) {
    if (paymentId.isEmpty()) {
        return;
    }
    m_selectedId = paymentId;
    PaymentsApi(client()).payment(
        paymentId,
        [this, paymentId](const ApiResult<PaymentRow>& payment) {
            if (paymentId != m_selectedId) {
                return;
            }
            if (!payment.ok()) {
                reportError(payment.error());
                return;
            }
            m_detail = payment.value();
            m_model->updateRow(QStringLiteral("paymentId"), *m_detail);
            showDetail();
            Q_EMIT detailLoaded();
        },
        this);
}

void PaymentsPanel::showDetail() {
    m_ledger->clear();
    m_events->clear();
    if (!m_detail) {
        m_summary->setText(tr("Select a payment to see its ledger entries and event timeline."));
        updateActions();
        return;
    }
    const QJsonObject& p = m_detail->source;
    QString card;
    const QJsonObject cardObject = p.value(QStringLiteral("card")).toObject();
    if (!cardObject.isEmpty()) {
        card = tr(", card %1…%2")
                   .arg(cardObject.value(QStringLiteral("bin")).toString(),
                        cardObject.value(QStringLiteral("last4")).toString());
    }
    m_summary->setText(tr("<b>%1</b> · %2 · <b>%3</b> · %4 (captured %5, refunded %6)%7")
                           .arg(m_detail->paymentId.toHtmlEscaped(), m_detail->merchantId.toHtmlEscaped(),
                                m_detail->statusText, Formatting::money(m_detail->amount, m_detail->currency),
                                Formatting::money(m_detail->capturedAmount, m_detail->currency),
                                Formatting::money(m_detail->refundedAmount, m_detail->currency), card.toHtmlEscaped()));

    const QJsonArray ledger = p.value(QStringLiteral("ledger")).toArray();
    for (const QJsonValue& value : ledger) {
        const QJsonObject entry = value.toObject();
        auto* item = new QTreeWidgetItem(m_ledger);
        item->setText(0, QStringLiteral("#%1 %2")
                             .arg(entry.value(QStringLiteral("entryId")).toInteger())
                             .arg(entry.value(QStringLiteral("kind")).toString()));
        item->setText(3, Formatting::time(entry.value(QStringLiteral("createdAt")).toString()));
        item->setToolTip(0, tr("hash %1").arg(entry.value(QStringLiteral("hash")).toString()));
        const QJsonArray lines = entry.value(QStringLiteral("lines")).toArray();
        for (const QJsonValue& lineValue : lines) {
            const QJsonObject line = lineValue.toObject();
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, line.value(QStringLiteral("account")).toString());
            // Minor units, exact beyond 2^53 (never through a double).
            const qint64 debit = JsonFields::moneyValue(line.value(QStringLiteral("debit"))).value_or(0);
            const qint64 credit = JsonFields::moneyValue(line.value(QStringLiteral("credit"))).value_or(0);
            child->setText(1, debit ? QLocale().toString(debit) : QString());
            child->setText(2, credit ? QLocale().toString(credit) : QString());
            child->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            child->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    m_ledger->expandAll();
    m_ledger->resizeColumnToContents(0);

    const QJsonArray events = p.value(QStringLiteral("events")).toArray();
    for (const QJsonValue& value : events) {
        const QJsonObject event = value.toObject();
        auto* item = new QTreeWidgetItem(m_events);
        item->setText(0, event.value(QStringLiteral("eventType")).toString());
        item->setText(1, event.value(QStringLiteral("topic")).toString());
        item->setText(2, Formatting::time(event.value(QStringLiteral("occurredAt")).toString()));
        const QJsonValue published = event.value(QStringLiteral("publishedAt"));
        item->setText(3, published.isString() ? Formatting::time(published.toString()) : tr("waiting in outbox"));
        item->setToolTip(0, tr("correlation id %1").arg(event.value(QStringLiteral("correlationId")).toString()));
    }
    const QJsonArray deadLetters = p.value(QStringLiteral("deadLetters")).toArray();
    for (const QJsonValue& value : deadLetters) {
        const QJsonObject dl = value.toObject();
        auto* item = new QTreeWidgetItem(m_events);
        item->setText(0, tr("dead letter: %1").arg(dl.value(QStringLiteral("eventType")).toString()));
        item->setText(1, dl.value(QStringLiteral("status")).toString());
        item->setText(2, Formatting::time(dl.value(QStringLiteral("deadLetteredAt")).toString()));
        item->setText(3, dl.value(QStringLiteral("errorClass")).toString());
        item->setForeground(0, QColor(0xc6, 0x28, 0x28));
    }
    // Every column but the stretched last one fits its contents, so no time is cut off.
    m_ledger->expandAll();
    for (QTreeWidget* tree : {m_ledger, m_events}) {
        for (int column = 0; column + 1 < tree->columnCount(); ++column) {
            tree->resizeColumnToContents(column);
        }
    }
    updateActions();
}

void PaymentsPanel::updateActions() {
    const PaymentStatus status = m_detail ? m_detail->status : PaymentStatus::Unknown;
    const auto merchant = session()->merchant();
    QString note = session()->merchantUnavailableReason();
    bool signable = merchant.has_value();
    if (signable && m_detail && merchant->merchantId != m_detail->merchantId) {
        signable = false;
        note = tr("This payment belongs to merchant %1; the configured credentials are for %2.")
                   .arg(m_detail->merchantId, merchant->merchantId);
    }
    const bool authorized = status == PaymentStatus::Authorized;
    const bool refundable = status == PaymentStatus::Captured || status == PaymentStatus::PartiallyRefunded;
    m_capture->setEnabled(signable && authorized);
    m_void->setEnabled(signable && authorized);
    m_refund->setEnabled(signable && refundable);
    m_actionsNote->setText(note);
    for (QPushButton* button : {m_capture, m_refund, m_void}) {
        button->setToolTip(note);
    }
}

void PaymentsPanel::runAction(const QString& verb, const QString& actionName, const QJsonObject& body) {
    const auto merchant = session()->merchant();
    if (!merchant) {
        return;
    }
    const QString id = m_detail->paymentId;
    MerchantSigner::call(
        client(), *merchant, QByteArrayLiteral("POST"), PaymentsApi::merchantActionPath(verb, id), body,
        [this, id, actionName, before = *m_detail](const BackendResponse& response) {
            if (!response.ok()) {
                reportError(*response.error, actionName, true);
                Q_EMIT actionFinished(false);
                return;
            }
            // The answer is the payment as it is now (or the members that changed).
            const ApiResult<PaymentRow> changed = mergeRow(before, response.json.object());
            if (!changed.ok()) {
                reportError(changed.error(), actionName, true);
                loadDetail(id);  // done, but the answer did not read: show the payment as it is now
                Q_EMIT actionFinished(false);
                return;
            }
            m_model->updateRow(QStringLiteral("paymentId"), changed.value());
            Q_EMIT statusMessage(tr("%1: payment %2 is now %3").arg(actionName, id, changed.value().statusText));
            loadDetail(id);
            Q_EMIT actionFinished(true);
        },
        this);
}

void PaymentsPanel::capture() {
    if (!m_detail || !m_capture->isEnabled()) {
        return;
    }
    const qint64 amount = m_detail->amount;
    const QString currency = m_detail->currency;
    const auto answer = askText(tr("Capture payment"), tr("Amount to capture in %1 minor units (empty = the full %2):")
                                                           .arg(currency, Formatting::money(amount, currency)));
    if (!answer) {
        return;
    }
    QJsonObject body{{QStringLiteral("merchantId"), m_detail->merchantId}};
    qint64 captureAmount = amount;
    if (!answer->trimmed().isEmpty()) {
        bool ok = false;
        captureAmount = answer->trimmed().toLongLong(&ok);
        if (!ok || captureAmount <= 0 || captureAmount > amount) {
            Q_EMIT statusMessage(tr("Not a valid amount: %1").arg(*answer));
            return;
        }
        body.insert(QStringLiteral("amount"), captureAmount);
    }
    if (!confirm(
            tr("Capture payment"),
            tr("Capture %1 of payment %2?").arg(Formatting::money(captureAmount, currency), m_detail->paymentId))) {
        return;
    }
    runAction(QStringLiteral("capture"), tr("Capture"), body);
}

void PaymentsPanel::refund() {
    if (!m_detail || !m_refund->isEnabled()) {
        return;
    }
    const QString currency = m_detail->currency;
    const qint64 refundable = m_detail->capturedAmount - m_detail->refundedAmount;
    const auto amountText = askText(
        tr("Refund payment"),
        tr("Amount to refund in %1 minor units (at most %2):").arg(currency, Formatting::money(refundable, currency)),
        QString::number(refundable));
    if (!amountText) {
        return;
    }
    bool ok = false;
    const qint64 amount = amountText->trimmed().toLongLong(&ok);
    if (!ok || amount <= 0 || amount > refundable) {
        Q_EMIT statusMessage(tr("Not a valid amount: %1").arg(*amountText));
        return;
    }
    const auto reason = askText(tr("Refund payment"), tr("Reason (recorded with the refund):"));
    if (!reason || reason->trimmed().isEmpty()) {
        return;
    }
    if (!confirm(tr("Refund payment"),
                 tr("Refund %1 of payment %2?").arg(Formatting::money(amount, currency), m_detail->paymentId))) {
        return;
    }
    runAction(QStringLiteral("refund"), tr("Refund"),
              {{QStringLiteral("merchantId"), m_detail->merchantId},
               {QStringLiteral("amount"), amount},
               {QStringLiteral("reason"), reason->trimmed()}});
}

void PaymentsPanel::voidPayment() {
    if (!m_detail || !m_void->isEnabled()) {
        return;
    }
    if (!confirm(
            tr("Void payment"),
            tr("Void payment %1? The authorization is released and cannot be captured.").arg(m_detail->paymentId))) {
        return;
    }
    runAction(QStringLiteral("void"), tr("Void"), {{QStringLiteral("merchantId"), m_detail->merchantId}});
}
