#include "AuditPanel.h"

#include "Apis.h"

#include "BackendClient.h"
#include "Formatting.h"
#include "PagedTableModel.h"
#include "RowsModel.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace {

using AuditModel = RowsModel<AuditEntry>;

QList<AuditModel::TypedColumn> columns() {
    return {
        {QStringLiteral("at"), [] { return AuditPanel::tr("Time"); },
         [](const AuditEntry& e) { return Formatting::time(e.at); }},
        {QStringLiteral("actor"), [] { return AuditPanel::tr("Operator"); },
         [](const AuditEntry& e) { return e.actor; }},
        {QStringLiteral("role"), [] { return AuditPanel::tr("Role"); }, [](const AuditEntry& e) { return e.role; }},
        {QStringLiteral("action"), [] { return AuditPanel::tr("Action"); },
         [](const AuditEntry& e) { return e.action; }},
        {QStringLiteral("targetType"), [] { return AuditPanel::tr("Target type"); },
         [](const AuditEntry& e) { return e.targetType; }},
        {QStringLiteral("targetId"), [] { return AuditPanel::tr("Target"); },
         [](const AuditEntry& e) { return e.targetId; }},
        {QStringLiteral("note"), [] { return AuditPanel::tr("Note"); },
         [](const AuditEntry& e) { return e.note ? QVariant(*e.note) : QVariant(); }},
    };
}

QString pretty(const QJsonValue& value) {
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    }
    if (value.isArray()) {
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    }
    if (value.isNull() || value.isUndefined()) {
        return QStringLiteral("null");
    }
    return value.toVariant().toString();
}

}  // namespace

AuditPanel::AuditPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_model(new AuditModel(session->client(), AuditApi::listPath(), columns(), this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_actor(new QLineEdit(this)),
      m_action(new QLineEdit(this)),
      m_targetType(new QLineEdit(this)),
      m_targetId(new QLineEdit(this)),
      m_useDates(new QCheckBox(this)),
      m_from(new QDateEdit(QDate::currentDate().addDays(-7), this)),
      m_to(new QDateEdit(QDate::currentDate(), this)),
      m_searchButton(new QPushButton(this)),
      m_count(new QLabel(this)),
      m_detail(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("auditPanel"));
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_action->setObjectName(QStringLiteral("actionFilter"));
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    showSorted(m_table, m_proxy, m_model);
    m_table->horizontalHeader()->setDefaultSectionSize(120);
    m_table->setColumnWidth(0, 150);
    m_table->setColumnWidth(3, 170);
    m_table->setColumnWidth(5, 200);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
        connect(m_useDates, &QCheckBox::toggled, edit, &QWidget::setEnabled);
    }

    auto* filters = new QHBoxLayout;
    for (QLineEdit* edit : {m_actor, m_action, m_targetType, m_targetId}) {
        edit->setClearButtonEnabled(true);
        filters->addWidget(edit, 1);
        connect(edit, &QLineEdit::returnPressed, this, &AuditPanel::refresh);
    }
    filters->addWidget(m_useDates);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_searchButton);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addLayout(filters);
    layout->addWidget(m_count);
    layout->addWidget(splitter, 1);

    connect(m_searchButton, &QPushButton::clicked, this, &AuditPanel::refresh);
    connect(m_model, &PagedTableModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_model, &PagedTableModel::loaded, this, [this]() {
        m_count->setText(m_model->totalCapped()
                             ? tr("%1 shown of more than %2 entries").arg(m_model->rowCount()).arg(m_model->total())
                             : tr("%1 shown of %2 entries").arg(m_model->rowCount()).arg(m_model->total()));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditPanel::showRow);
    connect(session, &ConsoleSession::connected, this, &AuditPanel::refresh);
    retranslateUi();
}

void AuditPanel::retranslateUi() {
    setWindowTitle(tr("Audit log"));
    m_actor->setPlaceholderText(tr("operator"));
    m_action->setPlaceholderText(tr("action, e.g. dead_letter.replay"));
    m_targetType->setPlaceholderText(tr("target type"));
    m_targetId->setPlaceholderText(tr("target id"));
    m_useDates->setText(tr("Between"));
    m_searchButton->setText(tr("Search"));
    m_detail->setPlaceholderText(tr("Select an entry to see what changed."));
    m_model->retranslate();
}

void AuditPanel::refresh() {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("actor"), m_actor->text());
    query.addQueryItem(QStringLiteral("action"), m_action->text());
    query.addQueryItem(QStringLiteral("targetType"), m_targetType->text());
    query.addQueryItem(QStringLiteral("targetId"), m_targetId->text());
    if (m_useDates->isChecked()) {
        query.addQueryItem(QStringLiteral("from"), m_from->date().toString(Qt::ISODate));
        query.addQueryItem(QStringLiteral("to"), m_to->date().addDays(1).toString(Qt::ISODate));
    }
    m_model->setQuery(query);
    m_model->reload();
}

void AuditPanel::focusSearch() {
    m_action->setFocus();
    m_action->selectAll();
}

void AuditPanel::setActionFilter(const QString& action) {
    m_action->setText(action);
}

void AuditPanel::selectRow(int row) {
    m_table->setCurrentIndex(m_proxy->index(row, 0));
}

QString AuditPanel::detailText() const {
    return m_detail->toPlainText();
}

void AuditPanel::showRow(const QModelIndex& index) {
    if (!index.isValid()) {
        m_detail->clear();
        return;
    }
    const AuditEntry& entry = m_model->typedRow(m_proxy->mapToSource(index).row());
    m_detail->setPlainText(tr("%1 by %2 (%3) on %4 %5\ncorrelation id: %6\nnote: %7\n\nbefore:\n%8\n\nafter:\n%9")
                               .arg(entry.action, entry.actor, entry.role, entry.targetType, entry.targetId,
                                    entry.correlationId.value_or(QString()), entry.note.value_or(QString()),
                                    pretty(entry.before), pretty(entry.after)));
}
