#include "ReconImportDialog.h"

#include "Apis.h"
#include "BackendClient.h"
#include "Panel.h"
#include "ReconModels.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace {

// Counts of the import answer, by outcome (the answer's own member names).
const QList<QPair<QString, QString>>& countKeys() {
    static const QList<QPair<QString, QString>> keys{
        {QStringLiteral("MATCHED"), QStringLiteral("matched")},
        {QStringLiteral("AMOUNT_MISMATCH"), QStringLiteral("amountMismatch")},
        {QStringLiteral("UNMATCHED_BANK"), QStringLiteral("unmatchedBank")},
        {QStringLiteral("UNMATCHED_SYSTEM"), QStringLiteral("unmatchedSystem")},
        {QStringLiteral("DUPLICATE"), QStringLiteral("duplicates")},
        {QStringLiteral("AWAITING"), QStringLiteral("awaiting")},
    };
    return keys;
}

struct ReadResult {
    QByteArray bytes;
    QString error;
    qint64 size = 0;
    bool tooLarge = false;
};

}  // namespace

ReconImportDialog::ReconImportDialog(BackendClient* client, QWidget* parent)
    : QDialog(parent),
      m_client(client),
      m_file(new QLabel(this)),
      m_profileCaption(new QLabel(this)),
      m_profile(new QComboBox(this)),
      m_encodingCaption(new QLabel(this)),
      m_encoding(new QComboBox(this)),
      m_summary(new QLabel(this)),
      m_counts(new QLabel(this)),
      m_note(new QLabel(this)),
      m_linesCaption(new QLabel(this)),
      m_linesView(new QTableView(this)),
      m_errorsCaption(new QLabel(this)),
      m_errorsView(new QTableView(this)),
      m_progress(new QProgressBar(this)),
      m_progressText(new QLabel(this)),
      m_import(new QPushButton(this)),
      m_cancel(new QPushButton(this)),
      m_lines(new ReconPreviewModel(ReconText::lineColumns(), reconLineCell, this)),
      m_errors(new ReconRowErrorsModel(ReconText::errorColumns(), {}, this)) {
    setObjectName(QStringLiteral("reconImportDialog"));
    m_profile->setObjectName(QStringLiteral("profileCombo"));
    m_encoding->setObjectName(QStringLiteral("encodingCombo"));
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_counts->setObjectName(QStringLiteral("previewCounts"));
    m_note->setObjectName(QStringLiteral("importNote"));
    m_linesView->setObjectName(QStringLiteral("previewTable"));
    m_errorsView->setObjectName(QStringLiteral("rowErrorsTable"));
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_import->setObjectName(QStringLiteral("importButton"));
    setWindowModality(Qt::WindowModal);
    setSizeGripEnabled(true);

    QFont bold = m_file->font();
    bold.setBold(true);
    m_file->setFont(bold);
    m_linesCaption->setFont(bold);
    m_errorsCaption->setFont(bold);
    for (QLabel* label : {m_summary, m_counts, m_note}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_note->setTextFormat(Qt::PlainText);
    m_note->setVisible(false);

    m_encoding->addItem(QString(), QStringLiteral("auto"));
    m_encoding->addItem(QStringLiteral("UTF-8"), QStringLiteral("UTF-8"));
    m_encoding->addItem(QStringLiteral("CP949 (EUC-KR)"), QStringLiteral("CP949"));
    m_profile->addItem(QString(), QString());
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_linesView->setModel(m_lines);
    Panel::setUpTable(m_linesView);
    m_linesView->setColumnHidden(m_lines->columnCount() - 1, true);  // the file: none yet
    m_errorsView->setModel(m_errors);
    Panel::setUpTable(m_errorsView);
    m_errorsView->setMaximumHeight(130);

    m_progress->setVisible(false);
    m_progress->setTextVisible(false);
    m_import->setDefault(true);

    auto* choices = new QHBoxLayout;
    choices->addWidget(m_profileCaption);
    choices->addWidget(m_profile);
    choices->addSpacing(16);
    choices->addWidget(m_encodingCaption);
    choices->addWidget(m_encoding);
    choices->addStretch(1);

    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progressText, 1);
    progress->addWidget(m_progress, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_import);
    buttons->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_file);
    layout->addLayout(choices);
    layout->addWidget(m_summary);
    layout->addWidget(m_counts);
    layout->addWidget(m_note);
    layout->addWidget(m_linesCaption);
    layout->addWidget(m_linesView, 1);
    layout->addWidget(m_errorsCaption);
    layout->addWidget(m_errorsView);
    layout->addLayout(progress);
    layout->addLayout(buttons);

    connect(m_profile, &QComboBox::activated, this, [this]() {
        m_wantedProfile.clear();
        runPreview();
    });
    connect(m_encoding, &QComboBox::activated, this, &ReconImportDialog::runPreview);
    connect(m_import, &QPushButton::clicked, this, &ReconImportDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, &ReconImportDialog::reject);

    retranslateUi();
    updateButtons();
    resize(940, 660);
    loadProfiles();
}

void ReconImportDialog::retranslateUi() {
    setWindowTitle(tr("Import bank statement"));
    m_profileCaption->setText(tr("Bank profile"));
    m_profile->setItemText(0, tr("Recognise from the header row"));
    m_encodingCaption->setText(tr("Encoding"));
    m_encoding->setItemText(0, tr("Detect"));
    m_linesCaption->setText(tr("First lines (dry run: nothing is written)"));
    m_import->setText(tr("Import"));
    m_cancel->setText(tr("Cancel"));
    m_lines->retranslate();
    m_errors->retranslate();
    if (m_fileReady) {
        m_file->setText(tr("%1 (%2)").arg(m_fileName, QLocale().formattedDataSize(m_bytes.size())));
    }
    showPreview();
}

void ReconImportDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

void ReconImportDialog::loadProfiles() {
    ReconApi(m_client).profiles(
        [this](const BackendResponse& response) {
            if (!response.ok()) {
                Q_EMIT failed(*response.error, tr("Bank profiles"));
                return;
            }
            m_profileList.clear();
            const QJsonArray items = response.json.object().value(QStringLiteral("items")).toArray();
            for (const QJsonValue& item : items) {
                m_profileList.append(item.toObject());
            }
            m_profilesKnown = true;
            fillProfiles();
            Q_EMIT profilesLoaded();
            if (!m_wantedProfile.isEmpty()) {
                const QString wanted = m_wantedProfile;
                m_wantedProfile.clear();
                setProfile(wanted);
            }
        },
        this);
}

void ReconImportDialog::fillProfiles() {
    const QString current = profile();
    while (m_profile->count() > 1) {
        m_profile->removeItem(1);
    }
    for (const QJsonObject& p : std::as_const(m_profileList)) {
        const QString name = p.value(QStringLiteral("name")).toString();
        m_profile->addItem(name, name);
        const QString description = p.value(QStringLiteral("description")).toString();
        m_profile->setItemData(m_profile->count() - 1,
                               description.isEmpty() ? name : tr("%1: %2").arg(name, description), Qt::ToolTipRole);
    }
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(current)));
}

QStringList ReconImportDialog::profiles() const {
    QStringList names;
    for (int i = 1; i < m_profile->count(); ++i) {
        names.append(m_profile->itemData(i).toString());
    }
    return names;
}

QString ReconImportDialog::profile() const {
    return m_profile->currentData().toString();
}

QString ReconImportDialog::encoding() const {
    return m_encoding->currentData().toString();
}

void ReconImportDialog::setProfile(const QString& name) {
    const int index = m_profile->findData(name);
    if (index < 0) {
        if (!m_profilesKnown) {
            m_wantedProfile = name;
        }
        return;
    }
    m_profile->setCurrentIndex(index);
    runPreview();
}

void ReconImportDialog::setEncoding(const QString& encoding) {
    const int index = m_encoding->findData(encoding);
    if (index >= 0) {
        m_encoding->setCurrentIndex(index);
        runPreview();
    }
}

void ReconImportDialog::openFile(const QString& path) {
    const quint64 generation = ++m_generation;
    m_fileName = QFileInfo(path).fileName();
    m_bytes.clear();
    m_fileReady = false;
    m_preview = {};
    m_lines->clear();
    m_errors->clear();
    m_file->setText(m_fileName);
    showNote(QString(), false);
    showPreview();
    setBusy(tr("Reading %1…").arg(m_fileName));

    // A statement can be hundreds of megabytes: read it in a helper thread, never on the UI thread.
    auto result = std::make_shared<ReadResult>();
    QThread* reader = QThread::create([path, result]() {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result->error = file.errorString();
            return;
        }
        result->size = file.size();
        if (result->size > MaxBytes) {
            result->tooLarge = true;
            return;
        }
        result->bytes = file.readAll();
        if (file.error() != QFileDevice::NoError) {
            result->error = file.errorString();
        }
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    connect(reader, &QThread::finished, this, [this, result, generation]() {
        if (generation != m_generation) {
            return;
        }
        setIdle();
        if (!result->error.isEmpty() || result->tooLarge) {
            showNote(result->tooLarge ? tr("%1 is %2; the backend accepts statements up to %3.")
                                            .arg(m_fileName, QLocale().formattedDataSize(result->size),
                                                 QLocale().formattedDataSize(MaxBytes))
                                      : tr("Could not read %1: %2").arg(m_fileName, result->error),
                     true);
            Q_EMIT fileRead(false);
            return;
        }
        m_bytes = std::move(result->bytes);
        m_fileReady = true;
        m_file->setText(tr("%1 (%2)").arg(m_fileName, QLocale().formattedDataSize(m_bytes.size())));
        Q_EMIT fileRead(true);
        runPreview();
    });
    reader->start();
}

void ReconImportDialog::runPreview() {
    if (!m_fileReady || m_importing) {
        return;
    }
    upload(true);
}

void ReconImportDialog::startImport() {
    if (!canImport()) {
        return;
    }
    upload(false);
}

bool ReconImportDialog::canImport() const {
    return m_fileReady && !m_busy && !m_preview.isEmpty();
}

void ReconImportDialog::reject() {
    if (m_importing) {
        showNote(tr("The import is running; wait for the backend's answer."), false);
        return;
    }
    QDialog::reject();
}

void ReconImportDialog::upload(bool dryRun) {
    QUrlQuery query;
    if (!profile().isEmpty()) {
        query.addQueryItem(QStringLiteral("profile"), profile());
    }
    query.addQueryItem(QStringLiteral("encoding"), encoding());
    query.addQueryItem(QStringLiteral("dryRun"), dryRun ? QStringLiteral("true") : QStringLiteral("false"));
    if (dryRun) {
        query.addQueryItem(QStringLiteral("preview"), QString::number(PreviewLines));
    }
    if (!m_fileName.isEmpty()) {
        query.addQueryItem(QStringLiteral("fileName"), m_fileName);
    }
    const quint64 generation = ++m_generation;
    m_importing = !dryRun;
    if (dryRun) {
        m_preview = {};
    }
    setBusy(tr("Sending %1…").arg(m_fileName));
    showNote(QString(), false);

    const QPointer<ReconImportDialog> guard(this);
    // The client's timeout is per request and read when the request is made: a long one for this
    // upload only (matching a large statement sends nothing back for a while).
    const int timeout = m_client->timeoutMs();
    m_client->setTimeoutMs(std::max(timeout, UploadTimeoutMs));
    ReconApi(m_client).upload(
        query, m_bytes,
        [this, generation, dryRun](const BackendResponse& response) {
            if (generation != m_generation) {
                return;  // a newer preview (other profile or encoding) superseded this one
            }
            if (dryRun) {
                afterPreview(response);
            } else {
                afterImport(response);
            }
        },
        this,
        [guard, generation, dryRun](qint64 sent, qint64 total) {
            if (guard && guard->m_generation == generation) {
                guard->showProgress(sent, total, dryRun);
            }
        });
    m_client->setTimeoutMs(timeout);
}

void ReconImportDialog::showProgress(qint64 sent, qint64 total, bool dryRun) {
    if (!m_busy) {
        return;
    }
    if (total > 0 && sent < total) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(sent * 1000 / total));
        m_progressText->setText(
            tr("Uploading: %1 of %2").arg(QLocale().formattedDataSize(sent), QLocale().formattedDataSize(total)));
    } else {
        // Everything is sent: the backend reads and matches now; no progress to show but busy.
        m_progress->setRange(0, 0);
        m_progressText->setText(dryRun ? tr("Reading and matching (dry run)…")
                                       : tr("Matching against payments and settlement batches…"));
    }
}

void ReconImportDialog::afterPreview(const BackendResponse& response) {
    setIdle();
    if (!response.ok()) {
        m_lines->clear();
        m_errors->clear();
        showPreview();
        showProblem(response, false);
        Q_EMIT previewFinished(false);
        return;
    }
    const QJsonObject preview = response.json.object();
    const ApiResult<QList<ReconLine>> lines = parseRows<ReconLine>(preview.value(QStringLiteral("preview")).toArray());
    const ApiResult<QList<ReconRowError>> errors =
        parseRows<ReconRowError>(preview.value(QStringLiteral("errorLines")).toArray());
    if (!lines.ok() || !errors.ok()) {
        // An answer the console cannot read: refused like a preview the backend could not make.
        BackendResponse unread = response;
        unread.error = lines.ok() ? errors.error() : lines.error();
        unread.error->httpStatus = response.httpStatus;
        afterPreview(unread);
        return;
    }
    m_preview = preview;
    m_lines->setRows(lines.value());
    m_errors->setRows(errors.value());
    m_linesView->resizeColumnsToContents();
    m_errorsView->resizeColumnToContents(0);
    showPreview();
    if (m_preview.value(QStringLiteral("errorLinesTruncated")).toBool()) {
        showNote(tr("Only the first %1 row errors are listed.").arg(m_errors->rowCount()), false);
    }
    updateButtons();
    Q_EMIT previewFinished(true);
}

void ReconImportDialog::afterImport(const BackendResponse& response) {
    m_importing = false;
    setIdle();
    if (!response.ok()) {
        showProblem(response, true);
        Q_EMIT importFinished(false, {});
        return;
    }
    Q_EMIT importFinished(true, response.json.object());
    accept();
}

void ReconImportDialog::showProblem(const BackendResponse& response, bool import) {
    const BackendError& error = *response.error;
    if (error.code == QLatin1String("DUPLICATE_FILE")) {
        // The same bytes were imported before; the backend refuses them again (a dry run too).
        const QString earlier = response.json.object().value(QStringLiteral("fileId")).toString();
        showNote(earlier.isEmpty()
                     ? tr("This statement was imported before (same content, SHA-256). The backend refuses it again: "
                          "409 DUPLICATE_FILE.")
                     : tr("This statement was imported before as file %1 (same content, SHA-256). The backend refuses "
                          "it again: 409 DUPLICATE_FILE.")
                           .arg(earlier),
                 true);
    } else {
        showNote(import ? tr("The import was refused: %1").arg(BackendClient::describe(error))
                        : tr("The backend cannot read this statement: %1. Choose another bank profile or encoding.")
                              .arg(BackendClient::describe(error)),
                 true);
    }
    if (!import) {
        m_preview = {};
    }
    updateButtons();
    Q_EMIT failed(error, import ? tr("Import") : tr("Preview"));
}

void ReconImportDialog::showNote(const QString& text, bool error) {
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    m_note->setStyleSheet(error ? QStringLiteral("color: #c62828; font-weight: bold;") : QString());
}

QString ReconImportDialog::noteText() const {
    return m_note->text();
}

QString ReconImportDialog::summaryText() const {
    return m_summary->text();
}

QMap<QString, int> ReconImportDialog::previewCounts() const {
    QMap<QString, int> counts;
    if (m_preview.isEmpty()) {
        return counts;
    }
    for (const auto& [outcome, key] : countKeys()) {
        counts.insert(outcome, m_preview.value(key).toInt());
    }
    return counts;
}

void ReconImportDialog::showPreview() {
    const QJsonObject& p = m_preview;
    m_errorsCaption->setText(tr("Rows that could not be read: %1").arg(p.value(QStringLiteral("errors")).toInt()));
    if (p.isEmpty()) {
        m_summary->setText(m_fileReady ? QString() : tr("Reading the file…"));
        m_counts->clear();
        updateButtons();
        return;
    }
    const QString profileText =
        profile().isEmpty()
            ? tr("%1 (recognised from the header row)").arg(p.value(QStringLiteral("profile")).toString())
            : p.value(QStringLiteral("profile")).toString();
    const QString encodingText = encoding() == QLatin1String("auto")
                                     ? tr("%1 (detected)").arg(p.value(QStringLiteral("encoding")).toString())
                                     : p.value(QStringLiteral("encoding")).toString();
    const QString from = p.value(QStringLiteral("statementFrom")).toString();
    const QString to = p.value(QStringLiteral("statementTo")).toString();
    const QLocale locale;
    QStringList facts{
        tr("<b>Profile:</b> %1").arg(profileText.toHtmlEscaped()),
        tr("<b>Encoding:</b> %1").arg(encodingText.toHtmlEscaped()),
        tr("<b>Header row:</b> line %1").arg(p.value(QStringLiteral("headerLine")).toInt()),
        tr("<b>Currency:</b> %1").arg(p.value(QStringLiteral("currency")).toString().toHtmlEscaped()),
    };
    if (!from.isEmpty()) {
        facts.append(tr("<b>Statement:</b> %1 to %2").arg(from, to));
    }
    const QString rows =
        tr("%1 data rows: %2 read, %3 could not be read; %4 payments and settlement batches considered")
            .arg(locale.toString(p.value(QStringLiteral("rows")).toInteger()),
                 locale.toString(p.value(QStringLiteral("parsed")).toInteger()),
                 locale.toString(p.value(QStringLiteral("errors")).toInteger()),
                 locale.toString(p.value(QStringLiteral("candidates")).toInteger()));
    m_summary->setText(facts.join(QStringLiteral(" · ")) + QStringLiteral("<br>") + rows.toHtmlEscaped());

    QStringList counts;
    for (const auto& [outcome, key] : countKeys()) {
        counts.append(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2 <b>%3</b>")
                          .arg(ReconText::outcomeColor(outcome).name(),
                               ReconText::outcomeLabel(outcome).toHtmlEscaped(),
                               locale.toString(p.value(key).toInteger())));
    }
    counts.append(tr("suggestions <b>%1</b>, one-to-many proposals <b>%2</b>")
                      .arg(locale.toString(p.value(QStringLiteral("suggestions")).toInteger()),
                           locale.toString(p.value(QStringLiteral("proposals")).toInteger())));
    m_counts->setText(counts.join(QStringLiteral(" &nbsp; ")));
    updateButtons();
}

void ReconImportDialog::setBusy(const QString& text) {
    m_busy = true;
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_progressText->setText(text);
    m_profile->setEnabled(false);
    m_encoding->setEnabled(false);
    updateButtons();
}

void ReconImportDialog::setIdle() {
    m_busy = false;
    m_progress->setVisible(false);
    m_progressText->clear();
    m_profile->setEnabled(true);
    m_encoding->setEnabled(true);
    updateButtons();
}

void ReconImportDialog::updateButtons() {
    m_import->setEnabled(canImport());
    m_cancel->setEnabled(!m_importing);
}
