#include "DeadLettersPanel.h"

#include "Apis.h"
#include "BackendClient.h"
#include "Formatting.h"
#include "PagedTableModel.h"
#include "RowsModel.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace {

using DeadLettersModel = RowsModel<DeadLetterRow>;

QList<DeadLettersModel::TypedColumn> columns() {
    auto text = [](QString DeadLetterRow::*member) { return [member](const DeadLetterRow& d) { return d.*member; }; };
    auto number = [](qint64 DeadLetterRow::*member) {
        return [member](const DeadLetterRow& d) { return QString::number(d.*member); };
    };
    return {
        {QStringLiteral("deadLetteredAt"), [] { return DeadLettersPanel::tr("Dead-lettered"); },
         [](const DeadLetterRow& d) { return Formatting::time(d.deadLetteredAt); }},
        {QStringLiteral("status"), [] { return DeadLettersPanel::tr("Status"); }, text(&DeadLetterRow::statusText)},
        {QStringLiteral("eventType"), [] { return DeadLettersPanel::tr("Event type"); },
         text(&DeadLetterRow::eventType)},
        {QStringLiteral("originalTopic"), [] { return DeadLettersPanel::tr("Topic"); },
         text(&DeadLetterRow::originalTopic)},
        {QStringLiteral("consumerGroup"), [] { return DeadLettersPanel::tr("Consumer"); },
         text(&DeadLetterRow::consumerGroup)},
        {QStringLiteral("errorClass"), [] { return DeadLettersPanel::tr("Error"); }, text(&DeadLetterRow::errorClass)},
        {QStringLiteral("attempts"), [] { return DeadLettersPanel::tr("Attempts"); }, number(&DeadLetterRow::attempts),
         Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("replayCount"), [] { return DeadLettersPanel::tr("Replays"); },
         number(&DeadLetterRow::replayCount), Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("messageKey"), [] { return DeadLettersPanel::tr("Key"); }, text(&DeadLetterRow::messageKey)},
    };
}

}  // namespace

DeadLettersPanel::DeadLettersPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_model(new DeadLettersModel(session->client(), DeadLettersApi::listPath(), columns(), this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_status(new QComboBox(this)),
      m_topic(new QLineEdit(this)),
      m_type(new QLineEdit(this)),
      m_error(new QLineEdit(this)),
      m_searchButton(new QPushButton(this)),
      m_bulkButton(new QPushButton(this)),
      m_count(new QLabel(this)),
      m_header(new QLabel(this)),
      m_editor(new QPlainTextEdit(this)),
      m_validity(new QLabel(this)),
      m_note(new QLabel(this)),
      m_saveButton(new QPushButton(this)),
      m_replayButton(new QPushButton(this)),
      m_discardButton(new QPushButton(this)),
      m_statusCaption(new QLabel(this)),
      m_topicCaption(new QLabel(this)),
      m_typeCaption(new QLabel(this)),
      m_errorCaption(new QLabel(this)) {
    setObjectName(QStringLiteral("deadLettersPanel"));
    m_table->setObjectName(QStringLiteral("deadLettersTable"));
    m_editor->setObjectName(QStringLiteral("payloadEditor"));
    m_validity->setObjectName(QStringLiteral("payloadValidity"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_replayButton->setObjectName(QStringLiteral("replayButton"));
    m_discardButton->setObjectName(QStringLiteral("discardButton"));
    m_bulkButton->setObjectName(QStringLiteral("bulkReplayButton"));
    m_error->setObjectName(QStringLiteral("errorFilter"));

    showSorted(m_table, m_proxy, m_model);
    m_table->horizontalHeader()->setDefaultSectionSize(110);
    m_table->setColumnWidth(0, 150);
    m_table->setColumnWidth(2, 150);
    m_table->setColumnWidth(3, 150);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_header->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("deadLetterNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->hide();
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_statusCaption);
    filters->addWidget(m_status);
    filters->addWidget(m_topicCaption);
    filters->addWidget(m_topic, 1);
    filters->addWidget(m_typeCaption);
    filters->addWidget(m_type, 1);
    filters->addWidget(m_errorCaption);
    filters->addWidget(m_error, 1);
    filters->addWidget(m_searchButton);
    filters->addWidget(m_bulkButton);

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_validity, 1);
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_replayButton);
    buttons->addWidget(m_discardButton);
    detailLayout->addWidget(m_note);
    detailLayout->addWidget(m_header);
    detailLayout->addWidget(m_editor, 1);
    detailLayout->addLayout(buttons);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addLayout(filters);
    layout->addWidget(m_count);
    layout->addWidget(splitter, 1);

    // Del discards the selected dead letter (after asking for a reason and confirming).
    auto* discardAction = new QAction(this);
    discardAction->setShortcut(QKeySequence::Delete);
    discardAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(discardAction);
    connect(discardAction, &QAction::triggered, this, &DeadLettersPanel::discard);

    connect(m_searchButton, &QPushButton::clicked, this, &DeadLettersPanel::refresh);
    for (QLineEdit* edit : {m_topic, m_type, m_error}) {
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::returnPressed, this, &DeadLettersPanel::refresh);
    }
    connect(m_status, &QComboBox::activated, this, &DeadLettersPanel::refresh);
    connect(m_bulkButton, &QPushButton::clicked, this, &DeadLettersPanel::bulkReplay);
    connect(m_saveButton, &QPushButton::clicked, this, &DeadLettersPanel::save);
    connect(m_replayButton, &QPushButton::clicked, this, &DeadLettersPanel::replay);
    connect(m_discardButton, &QPushButton::clicked, this, &DeadLettersPanel::discard);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &DeadLettersPanel::validate);
    connect(m_model, &PagedTableModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_model, &PagedTableModel::loaded, this, &DeadLettersPanel::showCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) {
                    load(m_proxy->data(current, PagedTableModel::ObjectRole)
                             .toJsonObject()
                             .value(QStringLiteral("id"))
                             .toString());
                }
            });
    connect(session, &ConsoleSession::connected, this, &DeadLettersPanel::refresh);
    connect(session, &ConsoleSession::operatorChanged, this, [this]() {
        showNote(QString(), false);  // notes about what the previous operator could not do
        updateActions();
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, &DeadLettersPanel::updateActions);

    retranslateUi();
    showCurrent();
}

void DeadLettersPanel::retranslateUi() {
    setWindowTitle(tr("Dead letters"));
    m_statusCaption->setText(tr("Status"));
    m_topicCaption->setText(tr("Topic"));
    m_typeCaption->setText(tr("Type"));
    m_errorCaption->setText(tr("Error"));
    m_error->setPlaceholderText(tr("class or message text"));
    m_searchButton->setText(tr("Search"));
    m_bulkButton->setText(tr("Replay all matching…"));
    m_saveButton->setText(tr("Save payload"));
    m_replayButton->setText(tr("Replay"));
    m_discardButton->setText(tr("Discard…"));
    const int current = std::max(0, m_status->currentIndex());
    m_status->clear();
    m_status->addItem(tr("Open"), QStringLiteral("OPEN"));
    m_status->addItem(tr("Replayed"), QStringLiteral("REPLAYED"));
    m_status->addItem(tr("Discarded"), QStringLiteral("DISCARDED"));
    m_status->addItem(tr("All"), QString());
    m_status->setCurrentIndex(current);
    m_model->retranslate();
    showCurrent();
    if (!m_count->text().isEmpty()) {  // empty until the first page arrives
        showCount();
    }
}

void DeadLettersPanel::showCount() {
    m_count->setText(tr("%1 shown of %2 dead letters").arg(m_model->rowCount()).arg(m_model->total()));
}

void DeadLettersPanel::refresh() {
    QUrlQuery query;
    const QJsonObject f = filter();
    for (auto it = f.constBegin(); it != f.constEnd(); ++it) {
        query.addQueryItem(it.key(), it.value().toString());
    }
    m_model->setQuery(query);
    m_model->reload();
}

void DeadLettersPanel::focusSearch() {
    m_error->setFocus();
    m_error->selectAll();
}

QJsonObject DeadLettersPanel::filter() const {
    QJsonObject f;
    auto put = [&f](const char* key, const QString& value) {
        if (!value.trimmed().isEmpty()) {
            f.insert(QString::fromLatin1(key), value.trimmed());
        }
    };
    put("status", m_status->currentData().toString());
    put("topic", m_topic->text());
    put("type", m_type->text());
    put("error", m_error->text());
    return f;
}

void DeadLettersPanel::setStatusFilter(const QString& status) {
    const int index = m_status->findData(status);
    if (index >= 0) {
        m_status->setCurrentIndex(index);
    }
    refresh();
}

void DeadLettersPanel::selectRow(int row) {
    m_table->setCurrentIndex(m_proxy->index(row, 0));
}

void DeadLettersPanel::load(const QString& id) {
    if (id.isEmpty()) {
        return;
    }
    DeadLettersApi(client()).deadLetter(
        id,
        [this](const ApiResult<DeadLetterRow>& deadLetter) {
            if (!deadLetter.ok()) {
                reportError(deadLetter.error());
                return;
            }
            m_current = deadLetter.value().source;
            showCurrent();
            Q_EMIT detailLoaded();
        },
        this);
}

void DeadLettersPanel::showCurrent() {
    if (m_current.isEmpty()) {
        m_header->setText(tr("Select a dead letter to see and edit its payload."));
        m_loadedPayload.clear();
        m_editor->setPlainText(QString());
    } else {
        const QJsonObject& d = m_current;
        m_header->setText(tr("<b>%1</b> · %2 · %3 attempts · %4<br>%5: %6")
                              .arg(d.value(QStringLiteral("eventType")).toString().toHtmlEscaped(),
                                   d.value(QStringLiteral("status")).toString())
                              .arg(d.value(QStringLiteral("attempts")).toInt())
                              .arg(Formatting::time(d.value(QStringLiteral("deadLetteredAt")).toString()),
                                   d.value(QStringLiteral("errorClass")).toString().toHtmlEscaped(),
                                   d.value(QStringLiteral("errorMessage")).toString().toHtmlEscaped()));
        const QJsonValue payload = d.value(QStringLiteral("payload"));
        if (payload.isObject()) {
            m_loadedPayload = QString::fromUtf8(QJsonDocument(payload.toObject()).toJson(QJsonDocument::Indented));
        } else if (payload.isArray()) {
            m_loadedPayload = QString::fromUtf8(QJsonDocument(payload.toArray()).toJson(QJsonDocument::Indented));
        } else {
            m_loadedPayload = payload.toString();
        }
        m_editor->setPlainText(m_loadedPayload);
    }
    validate();
}

void DeadLettersPanel::validate() {
    QJsonParseError error{};
    const QByteArray text = m_editor->toPlainText().toUtf8();
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    m_valid = error.error == QJsonParseError::NoError && document.isObject();
    QPalette palette = m_validity->palette();
    if (m_current.isEmpty()) {
        m_validity->clear();
    } else if (m_valid) {
        m_validity->setText(tr("Valid JSON object"));
        palette.setColor(QPalette::WindowText, QColor(0x2e, 0x7d, 0x32));
    } else if (error.error != QJsonParseError::NoError) {
        m_validity->setText(tr("Invalid JSON at character %1: %2").arg(error.offset).arg(error.errorString()));
        palette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    } else {
        m_validity->setText(tr("The payload must be a JSON object"));
        palette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    }
    m_validity->setPalette(palette);
    updateActions();
}

// Why the selected dead letter cannot be replayed by this operator, translated; empty when it can.
QString DeadLettersPanel::replayRefusal() const {
    const QString status = m_current.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("REPLAYED")) {
        return tr(
            "Replayed already (%n time(s)): a version of a dead letter goes out once. To send it again, edit "
            "the payload; a different operator then replays it.",
            "", m_current.value(QStringLiteral("replayCount")).toInt());
    }
    if (status == QLatin1String("DISCARDED")) {
        return tr("Discarded dead letters are never delivered.");
    }
    const QString me = session()->operatorName();
    const QJsonArray editors = m_current.value(QStringLiteral("editedBy")).toArray();
    if (!me.isEmpty() && editors.contains(QJsonValue(me))) {
        return tr("You (%1) edited this dead letter: the four-eyes rule needs a different operator to replay it. "
                  "Switch operator (File → Switch operator…) or ask a colleague.")
            .arg(me);
    }
    return {};
}

// Each action is enabled only in the states where the backend allows it, with the reason as tooltip.
void DeadLettersPanel::updateActions() {
    const QString status = m_current.value(QStringLiteral("status")).toString();
    const bool open = status == QLatin1String("OPEN");
    const bool editable = !m_current.isEmpty() && status != QLatin1String("DISCARDED");
    const bool changed = m_editor->toPlainText() != m_loadedPayload;
    m_saveButton->setEnabled(editable && m_valid && changed);
    m_saveButton->setToolTip(editable || m_current.isEmpty() ? QString() : replayRefusal());
    m_editor->setReadOnly(!editable);

    const QString replayWhy = m_current.isEmpty() ? QString() : replayRefusal();
    m_replayButton->setEnabled(!m_current.isEmpty() && replayWhy.isEmpty());
    m_replayButton->setToolTip(replayWhy);

    const QString discardRole = session()->roleRefusal(QStringLiteral("supervisor"));
    m_discardButton->setEnabled(open && discardRole.isEmpty());
    m_discardButton->setToolTip(!open && !m_current.isEmpty() ? tr("Only OPEN dead letters can be discarded.")
                                                              : discardRole);

    const QString filterStatus = m_status->currentData().toString();
    const bool bulkState = filterStatus.isEmpty() || filterStatus == QLatin1String("OPEN");
    const QString bulkRole = session()->roleRefusal(QStringLiteral("supervisor"));
    m_bulkButton->setEnabled(bulkState && bulkRole.isEmpty());
    m_bulkButton->setToolTip(bulkState ? bulkRole
                                       : tr("Only OPEN dead letters are replayed in bulk: a replayed version is "
                                            "never sent twice."));
}

QString DeadLettersPanel::noteText() const {
    return m_note->isHidden() ? QString() : m_note->text();
}

void DeadLettersPanel::showNote(const QString& text, bool refusal) {
    m_note->setText(text);
    m_note->setStyleSheet(refusal ? Panel::bannerStyleSheet() : QString());
    m_note->setVisible(!text.isEmpty());
}

// The backend's refusals of a replay, spelled out with what to do next.
QString DeadLettersPanel::explainRefusal(const BackendError& error) const {
    const QString id = m_current.value(QStringLiteral("id")).toString();
    if (error.code == QLatin1String("ALREADY_REPLAYED")) {
        return tr("Not replayed: this version of dead letter %1 went out already (409 ALREADY_REPLAYED) and is never "
                  "sent twice. To send it again, edit the payload; a different operator then replays it.")
            .arg(id);
    }
    if (error.code == QLatin1String("MAKER_CHECKER")) {
        return tr("Not replayed: dead letter %1 was edited by you, and the four-eyes rule needs a different operator "
                  "to replay it (403 MAKER_CHECKER). Switch to another operator (File → Switch operator…) or ask "
                  "a colleague to replay it.")
            .arg(id);
    }
    return tr("Refused: %1").arg(BackendClient::describe(error));
}

void DeadLettersPanel::afterAction(const ApiResult<DeadLetterRow>& answer, const QString& action, bool keepEdits) {
    if (!answer.ok()) {
        // The refusal stays visible next to the dead letter; the row and detail show its state now.
        showNote(explainRefusal(answer.error()), true);
        reportError(answer.error(), action, true);
        if (!keepEdits) {
            reloadAfterAction();
        }
        Q_EMIT actionFinished(false);
        return;
    }
    const DeadLetterRow& changed = answer.value();
    m_current = changed.source;
    m_model->updateRow(QStringLiteral("id"), changed);
    showCurrent();
    const QString done = tr("%1: dead letter %2 is %3").arg(action, changed.id, changed.statusText);
    showNote(done, false);
    Q_EMIT statusMessage(done);
    reloadAfterAction();
    Q_EMIT actionFinished(true);
}

void DeadLettersPanel::reloadAfterAction() {
    const QString id = m_current.value(QStringLiteral("id")).toString();
    refresh();
    load(id);
}

void DeadLettersPanel::save() {
    validate();
    if (m_current.isEmpty() || !m_valid) {
        Q_EMIT statusMessage(m_validity->text());
        return;
    }
    const QJsonDocument payload = QJsonDocument::fromJson(m_editor->toPlainText().toUtf8());
    const QJsonObject body{{QStringLiteral("payload"), payload.object()}};
    DeadLettersApi(client()).savePayload(
        m_current.value(QStringLiteral("id")).toString(), body,
        [this](const ApiResult<DeadLetterRow>& changed) { afterAction(changed, tr("Save payload"), true); }, this);
}

void DeadLettersPanel::replay() {
    if (m_current.isEmpty()) {
        return;
    }
    if (!m_replayButton->isEnabled()) {
        showNote(m_replayButton->toolTip(), true);
        return;
    }
    const QString unsaved = m_editor->toPlainText() != m_loadedPayload
                                ? tr("The edited payload is not saved: the saved payload is sent.")
                                : QString();
    if (!confirm(tr("Replay"),
                 tr("Replay dead letter %1 (%2)? It is published again to %3 and cannot be undone.")
                     .arg(m_current.value(QStringLiteral("id")).toString(),
                          m_current.value(QStringLiteral("eventType")).toString(),
                          m_current.value(QStringLiteral("originalTopic")).toString()),
                 unsaved)) {
        return;
    }
    DeadLettersApi(client()).replay(
        m_current.value(QStringLiteral("id")).toString(),
        [this](const ApiResult<DeadLetterRow>& changed) { afterAction(changed, tr("Replay")); }, this);
}

void DeadLettersPanel::discard() {
    if (m_current.isEmpty() || !m_discardButton->isEnabled()) {
        return;
    }
    const auto reason =
        askText(tr("Discard dead letter"), tr("Why is this dead letter discarded? (recorded in the audit log)"));
    if (!reason || reason->trimmed().isEmpty()) {
        return;
    }
    if (!confirm(tr("Discard dead letter"), tr("Discard dead letter %1? It will never be delivered.")
                                                .arg(m_current.value(QStringLiteral("id")).toString()))) {
        return;
    }
    DeadLettersApi(client()).discard(
        m_current.value(QStringLiteral("id")).toString(), QJsonObject{{QStringLiteral("reason"), reason->trimmed()}},
        [this](const ApiResult<DeadLetterRow>& changed) { afterAction(changed, tr("Discard")); }, this);
}

void DeadLettersPanel::bulkReplay() {
    if (!m_bulkButton->isEnabled()) {
        showNote(m_bulkButton->toolTip(), true);
        return;
    }
    QJsonObject f = filter();
    const QString status = f.value(QStringLiteral("status")).toString(QStringLiteral("OPEN"));
    if (status == QLatin1String("DISCARDED")) {
        Q_EMIT statusMessage(tr("Discarded dead letters cannot be replayed."));
        return;
    }
    f.insert(QStringLiteral("status"), status);
    // Count first, so the confirmation names the number the replay will touch.
    QUrlQuery query;
    for (auto it = f.constBegin(); it != f.constEnd(); ++it) {
        query.addQueryItem(it.key(), it.value().toString());
    }
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    DeadLettersApi(client()).countMatching(
        query,
        [this, f](const BackendResponse& response) {
            if (!response.ok()) {
                reportError(*response.error, tr("Bulk replay"), true);
                return;
            }
            constexpr int MaxBulk = 1000;
            const int total = response.json.object().value(QStringLiteral("total")).toInt();
            if (total == 0) {
                Q_EMIT statusMessage(tr("No dead letters match the filter."));
                return;
            }
            const int count = std::min(total, MaxBulk);
            const QString text =
                total > MaxBulk
                    ? tr("Replay %1 of the %2 dead letters matching the filter (oldest first)? This cannot be "
                         "undone.")
                          .arg(count)
                          .arg(total)
                    : tr("Replay %n dead letter(s) matching the filter? This cannot be undone.", "", count);
            if (!confirm(tr("Bulk replay"), text)) {
                return;
            }
            DeadLettersApi(client()).replayMatching(
                f, count,
                [this](const BackendResponse& result) {
                    if (!result.ok()) {
                        reportError(*result.error, tr("Bulk replay"), true);
                        Q_EMIT actionFinished(false);
                        return;
                    }
                    const QJsonObject r = result.json.object();
                    const QString summary = tr("Bulk replay: %1 replayed, %2 failed")
                                                .arg(r.value(QStringLiteral("replayed")).toInt())
                                                .arg(r.value(QStringLiteral("failed")).toInt());
                    showNote(summary, r.value(QStringLiteral("failed")).toInt() > 0);
                    Q_EMIT statusMessage(summary);
                    refresh();
                    Q_EMIT actionFinished(true);
                },
                this);
        },
        this);
}
