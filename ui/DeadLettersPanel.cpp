#include "DeadLettersPanel.h"

#include "BackendClient.h"
#include "Formatting.h"
#include "PagedTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
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

QList<PagedTableModel::Column> columns() {
    auto time = [](const char* key) {
        return [k = QString::fromLatin1(key)](const QJsonObject& o) { return Formatting::time(o.value(k).toString()); };
    };
    return {
        {QStringLiteral("deadLetteredAt"), [] { return DeadLettersPanel::tr("Dead-lettered"); },
         time("deadLetteredAt")},
        {QStringLiteral("status"), [] { return DeadLettersPanel::tr("Status"); }},
        {QStringLiteral("eventType"), [] { return DeadLettersPanel::tr("Event type"); }},
        {QStringLiteral("originalTopic"), [] { return DeadLettersPanel::tr("Topic"); }},
        {QStringLiteral("consumerGroup"), [] { return DeadLettersPanel::tr("Consumer"); }},
        {QStringLiteral("errorClass"), [] { return DeadLettersPanel::tr("Error"); }},
        {QStringLiteral("attempts"), [] { return DeadLettersPanel::tr("Attempts"); }, {},
         Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("replayCount"), [] { return DeadLettersPanel::tr("Replays"); }, {},
         Qt::AlignRight | Qt::AlignVCenter},
        {QStringLiteral("messageKey"), [] { return DeadLettersPanel::tr("Key"); }},
    };
}

}  // namespace

DeadLettersPanel::DeadLettersPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_model(new PagedTableModel(session->client(), QStringLiteral("/admin/dead-letters"), columns(), this)),
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
    connect(m_model, &PagedTableModel::loaded, this, [this]() {
        m_count->setText(tr("%1 shown of %2 dead letters").arg(m_model->rowCount()).arg(m_model->total()));
    });
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

void DeadLettersPanel::selectRow(int row) {
    m_table->setCurrentIndex(m_proxy->index(row, 0));
}

void DeadLettersPanel::load(const QString& id) {
    if (id.isEmpty()) {
        return;
    }
    client()->getJson(
        QStringLiteral("/admin/dead-letters/") + QString::fromUtf8(QUrl::toPercentEncoding(id)),
        [this](const BackendResponse& response) {
            if (!response.ok()) {
                reportError(*response.error);
                return;
            }
            m_current = response.json.object();
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
    const bool open = m_current.value(QStringLiteral("status")).toString() == QLatin1String("OPEN");
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
    const bool changed = m_editor->toPlainText() != m_loadedPayload;
    m_saveButton->setEnabled(open && m_valid && changed);
    m_replayButton->setEnabled(!m_current.isEmpty() && m_current.value(QStringLiteral("status")).toString() !=
                                                           QLatin1String("DISCARDED"));
    m_discardButton->setEnabled(open);
    m_editor->setReadOnly(!open);
}

void DeadLettersPanel::afterAction(const BackendResponse& response, const QString& action) {
    if (!response.ok()) {
        reportError(*response.error, action, true);
        Q_EMIT actionFinished(false);
        return;
    }
    m_current = response.json.object();
    m_model->updateRow(QStringLiteral("id"), m_current);
    showCurrent();
    Q_EMIT statusMessage(tr("%1: dead letter %2 is %3")
                             .arg(action, m_current.value(QStringLiteral("id")).toString(),
                                  m_current.value(QStringLiteral("status")).toString()));
    Q_EMIT actionFinished(true);
}

static QString idPath(const QJsonObject& current, const QString& suffix) {
    return QStringLiteral("/admin/dead-letters/") +
           QString::fromUtf8(QUrl::toPercentEncoding(current.value(QStringLiteral("id")).toString())) + suffix;
}

void DeadLettersPanel::save() {
    validate();
    if (m_current.isEmpty() || !m_valid) {
        Q_EMIT statusMessage(m_validity->text());
        return;
    }
    const QJsonDocument payload = QJsonDocument::fromJson(m_editor->toPlainText().toUtf8());
    const QJsonObject body{{QStringLiteral("payload"), payload.object()}};
    client()->patchJson(
        idPath(m_current, QString()), QJsonDocument(body),
        [this](const BackendResponse& response) { afterAction(response, tr("Save payload")); }, this);
}

void DeadLettersPanel::replay() {
    if (m_current.isEmpty()) {
        return;
    }
    if (m_editor->toPlainText() != m_loadedPayload &&
        !confirm(tr("Replay"), tr("The edited payload is not saved. Replay the saved payload anyway?"))) {
        return;
    }
    client()->postJson(
        idPath(m_current, QStringLiteral("/replay")), QJsonDocument(QJsonObject()),
        [this](const BackendResponse& response) { afterAction(response, tr("Replay")); }, this);
}

void DeadLettersPanel::discard() {
    if (m_current.isEmpty() || !m_discardButton->isEnabled()) {
        return;
    }
    const auto reason = askText(tr("Discard dead letter"), tr("Why is this dead letter discarded? (recorded in the audit log)"));
    if (!reason || reason->trimmed().isEmpty()) {
        return;
    }
    if (!confirm(tr("Discard dead letter"),
                 tr("Discard dead letter %1? It will never be delivered.")
                     .arg(m_current.value(QStringLiteral("id")).toString()))) {
        return;
    }
    client()->postJson(
        idPath(m_current, QStringLiteral("/discard")),
        QJsonDocument(QJsonObject{{QStringLiteral("reason"), reason->trimmed()}}),
        [this](const BackendResponse& response) { afterAction(response, tr("Discard")); }, this);
}

void DeadLettersPanel::bulkReplay() {
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
    client()->getJson(
        QStringLiteral("/admin/dead-letters?") + query.toString(QUrl::FullyEncoded),
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
                    ? tr("Replay %1 of the %2 dead letters matching the filter (oldest first)?").arg(count).arg(total)
                    : tr("Replay %1 dead letters matching the filter?").arg(count);
            if (!confirm(tr("Bulk replay"), text)) {
                return;
            }
            client()->postJson(
                QStringLiteral("/admin/dead-letters/replay"),
                QJsonDocument(QJsonObject{{QStringLiteral("filter"), f}, {QStringLiteral("limit"), count}}),
                [this](const BackendResponse& result) {
                    if (!result.ok()) {
                        reportError(*result.error, tr("Bulk replay"), true);
                        Q_EMIT actionFinished(false);
                        return;
                    }
                    const QJsonObject r = result.json.object();
                    Q_EMIT statusMessage(tr("Bulk replay: %1 replayed, %2 failed")
                                             .arg(r.value(QStringLiteral("replayed")).toInt())
                                             .arg(r.value(QStringLiteral("failed")).toInt()));
                    refresh();
                    Q_EMIT actionFinished(true);
                },
                this);
        },
        this);
}
