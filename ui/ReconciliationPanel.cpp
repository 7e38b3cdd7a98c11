#include "ReconciliationPanel.h"

#include "BackendClient.h"
#include "Formatting.h"
#include "PagedTableModel.h"
#include "ReconImportDialog.h"
#include "ReconLineDetail.h"
#include "ReconModels.h"
#include "RowsModel.h"

#include <QAction>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <memory>
#include <optional>

namespace {

constexpr int MaxResolve = 500;    // lines per bulk resolve
constexpr int MaxMatchItems = 50;  // payments and batches per manual match

using FilesModel = RowsModel<ReconFile>;

QString statement(const ReconFile& f) {
    const QString from = f.statementFrom ? f.statementFrom->toString(Qt::ISODate) : QString();
    const QString to = f.statementTo ? f.statementTo->toString(Qt::ISODate) : QString();
    return from == to ? from : ReconciliationPanel::tr("%1 to %2").arg(from, to);
}

QList<FilesModel::TypedColumn> fileColumns() {
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    auto imported = [](qint64 ReconImportCounts::*count) {
        return [count](const ReconFile& f) -> QVariant { return QLocale().toString(f.imported.*count); };
    };
    auto text = [](QString ReconFile::*member) {
        return [member](const ReconFile& f) -> QVariant { return f.*member; };
    };
    return {
        {QStringLiteral("fileName"), [] { return ReconciliationPanel::tr("File"); }, text(&ReconFile::fileName)},
        {QStringLiteral("statementFrom"), [] { return ReconciliationPanel::tr("Statement"); },
         [](const ReconFile& f) -> QVariant { return statement(f); }},
        {QStringLiteral("rows"), [] { return ReconciliationPanel::tr("Rows"); }, imported(&ReconImportCounts::rows),
         right},
        {QStringLiteral("matched"), [] { return ReconciliationPanel::tr("Matched"); },
         imported(&ReconImportCounts::matched), right},
        {QStringLiteral("unmatched"), [] { return ReconciliationPanel::tr("Unmatched"); },
         [](const ReconFile& f) -> QVariant {
             return QLocale().toString(f.imported.unmatchedBank + f.imported.unmatchedSystem);
         },
         right},
        {QStringLiteral("errors"), [] { return ReconciliationPanel::tr("Row errors"); },
         imported(&ReconImportCounts::errors), right},
        {QStringLiteral("createdAt"), [] { return ReconciliationPanel::tr("Imported"); },
         [](const ReconFile& f) -> QVariant { return Formatting::time(f.createdAt); }},
        {QStringLiteral("profile"), [] { return ReconciliationPanel::tr("Profile"); }, text(&ReconFile::profile)},
        {QStringLiteral("uploadedBy"), [] { return ReconciliationPanel::tr("Uploaded by"); },
         text(&ReconFile::uploadedBy)},
        {QStringLiteral("fileId"), [] { return ReconciliationPanel::tr("File id"); }, text(&ReconFile::fileId)},
    };
}

bool automaticMatch(const ReconLine& line) {
    const QString& type = line.matchType;
    return !line.matchedIds.isEmpty() &&
           (type == QLatin1String("REFERENCE") || type == QLatin1String("BATCH") ||
            type == QLatin1String("AMOUNT_DATE")) &&
           (line.status == ReconStatus::Auto || line.status == ReconStatus::Open);
}

bool isBank(const ReconLine& line) {
    return line.side == ReconSide::Bank;
}

bool hasProposal(const ReconLine& line) {
    return isBank(line) && line.matchedIds.isEmpty() && line.proposal && !line.proposal->items.isEmpty();
}

QStringList proposedIds(const ReconLine& line) {
    QStringList ids;
    if (line.proposal) {
        for (const ReconProposalItem& item : line.proposal->items) {
            ids.append(item.id);
        }
    }
    return ids;
}

QString amountOf(const ReconLine& line) {
    return Formatting::money(line.amount, line.currency);
}

}  // namespace

// One decision (or a bulk resolve) as the requests it takes, run one after another.
struct ReconciliationPanel::Request {
    qint64 lineId = 0;
    QString verb;  // empty: a bulk resolve of body's lineIds
    QJsonObject body;
    QString label;  // names the line(s) in a failure
    int lines = 1;
};

struct ReconciliationPanel::Run {
    QString action;
    QList<Request> requests;
    qsizetype next = 0;
    int done = 0;
    QStringList failures;
    std::optional<BackendError> firstError;
    QList<qint64> keep;  // selected again after the reload
};

ReconciliationPanel::ReconciliationPanel(ConsoleSession* session, QWidget* parent)
    : Panel(session, parent),
      m_api(session->client()),
      m_files(new FilesModel(session->client(), ReconApi::filesPath(), fileColumns(), this)),
      m_filesView(new QTableView(this)),
      m_lines(new ReconLinesModel(session->client(), this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_linesView(new QTableView(this)),
      m_detail(new ReconLineDetail(session->client(), this)),
      m_chart(new QChart),
      m_chartView(new QChartView(m_chart, this)),
      m_fileInfo(new QLabel(this)),
      m_filesCaption(new QLabel(this)),
      m_filesCount(new QLabel(this)),
      m_reviewCaption(new QLabel(this)),
      m_linesCount(new QLabel(this)),
      m_dropHint(new QLabel(this)),
      m_note(new QLabel(this)),
      m_viewCaption(new QLabel(this)),
      m_view(new QComboBox(this)),
      m_status(new QComboBox(this)),
      m_allFiles(new QCheckBox(this)),
      m_outcomeCaption(new QLabel(this)),
      m_outcome(new QComboBox(this)),
      m_sideCaption(new QLabel(this)),
      m_side(new QComboBox(this)),
      m_filter(new QLineEdit(this)),
      m_importButton(new QPushButton(this)),
      m_exportResults(new QPushButton(this)),
      m_exportExceptions(new QPushButton(this)),
      m_approve(new QPushButton(this)),
      m_reject(new QPushButton(this)),
      m_accept(new QPushButton(this)),
      m_match(new QPushButton(this)),
      m_unmatch(new QPushButton(this)),
      m_resolve(new QPushButton(this)) {
    setObjectName(QStringLiteral("reconciliationPanel"));
    setAcceptDrops(true);
    nameWidgets();
    setUpWidgets();
    buildLayout();
    addShortcuts();
    connectControls();
    connectModels();

    retranslateUi();
    updateViewControls();
    updateChart();
    showFileSummary();
    m_detail->render();
    updateActions();
}

// Object names: what tests and style sheets find the widgets by.
void ReconciliationPanel::nameWidgets() {
    m_filesView->setObjectName(QStringLiteral("reconFilesTable"));
    m_linesView->setObjectName(QStringLiteral("reconLinesTable"));
    m_detail->setObjectName(QStringLiteral("reconLineDetail"));
    m_chartView->setObjectName(QStringLiteral("reconOutcomeChart"));
    m_fileInfo->setObjectName(QStringLiteral("reconFileInfo"));
    m_note->setObjectName(QStringLiteral("reconNote"));
    m_view->setObjectName(QStringLiteral("reconViewCombo"));
    m_status->setObjectName(QStringLiteral("reconStatusFilter"));
    m_allFiles->setObjectName(QStringLiteral("reconAllFiles"));
    m_outcome->setObjectName(QStringLiteral("reconOutcomeFilter"));
    m_side->setObjectName(QStringLiteral("reconSideFilter"));
    m_filter->setObjectName(QStringLiteral("reconTextFilter"));
    m_importButton->setObjectName(QStringLiteral("importStatementButton"));
    m_exportResults->setObjectName(QStringLiteral("exportResultsButton"));
    m_exportExceptions->setObjectName(QStringLiteral("exportExceptionsButton"));
    m_approve->setObjectName(QStringLiteral("reconApproveButton"));
    m_reject->setObjectName(QStringLiteral("reconRejectButton"));
    m_accept->setObjectName(QStringLiteral("reconAcceptButton"));
    m_match->setObjectName(QStringLiteral("reconMatchButton"));
    m_unmatch->setObjectName(QStringLiteral("reconUnmatchButton"));
    m_resolve->setObjectName(QStringLiteral("reconResolveButton"));
}

void ReconciliationPanel::setUpWidgets() {
    // Files: newest first as the backend lists them, paged by offset as the view scrolls.
    m_filesView->setModel(m_files);
    setUpTable(m_filesView);
    m_filesView->setSelectionMode(QAbstractItemView::SingleSelection);

    // Review lines: sortable and filterable (the text filter works on the loaded pages; outcome,
    // side and status filter on the backend, so paging covers every matching line).
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    showSorted(m_linesView, m_proxy, m_lines, QAbstractItemView::ExtendedSelection);

    m_chart->legend()->setAlignment(Qt::AlignRight);
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    m_chart->legend()->setFont(legendFont);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    m_chartView->setMinimumWidth(380);

    QFont bold = m_filesCaption->font();
    bold.setBold(true);
    m_filesCaption->setFont(bold);
    m_reviewCaption->setFont(bold);
    m_fileInfo->setWordWrap(true);
    m_fileInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dropHint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setVisible(false);
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(160);
    for (QComboBox* combo : {m_view, m_status, m_outcome, m_side}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    }
    m_fileInfo->setContentsMargins(8, 0, 0, 0);
}

void ReconciliationPanel::buildLayout() {
    // Top: what to do with statements.
    auto* top = new QHBoxLayout;
    top->addWidget(m_importButton);
    top->addWidget(m_dropHint, 1);
    top->addWidget(m_exportResults);
    top->addWidget(m_exportExceptions);

    QWidget* upper = buildFilesPane();
    QWidget* review = buildReviewPane();
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(upper);
    vertical->addWidget(review);
    vertical->setStretchFactor(0, 5);
    vertical->setStretchFactor(1, 7);
    vertical->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(vertical, 1);
}

// Files on the left, the selected file's outcomes on the right.
QWidget* ReconciliationPanel::buildFilesPane() {
    auto* filesBox = new QWidget(this);
    auto* filesLayout = new QVBoxLayout(filesBox);
    filesLayout->setContentsMargins(0, 0, 0, 0);
    auto* filesHeader = new QHBoxLayout;
    filesHeader->addWidget(m_filesCaption);
    filesHeader->addStretch(1);
    filesHeader->addWidget(m_filesCount);
    filesLayout->addLayout(filesHeader);
    filesLayout->addWidget(m_filesView, 1);
    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_chartView, 1);
    chartLayout->addWidget(m_fileInfo);
    auto* upper = new QSplitter(Qt::Horizontal, this);
    upper->addWidget(filesBox);
    upper->addWidget(chartBox);
    upper->setStretchFactor(0, 1);
    upper->setStretchFactor(1, 1);
    upper->setChildrenCollapsible(false);
    return upper;
}

// The review queue: filters, the lines next to the selected line's detail, the decisions.
QWidget* ReconciliationPanel::buildReviewPane() {
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_reviewCaption);
    filters->addSpacing(8);
    filters->addWidget(m_viewCaption);
    filters->addWidget(m_view);
    filters->addWidget(m_status);
    filters->addWidget(m_allFiles);
    filters->addSpacing(8);
    filters->addWidget(m_outcomeCaption);
    filters->addWidget(m_outcome);
    filters->addWidget(m_sideCaption);
    filters->addWidget(m_side);
    filters->addWidget(m_filter, 1);
    auto* actions = new QHBoxLayout;
    for (QPushButton* button : {m_approve, m_reject, m_accept, m_match, m_unmatch, m_resolve}) {
        actions->addWidget(button);
    }
    actions->addStretch(1);
    actions->addWidget(m_linesCount);
    auto* sideBySide = new QSplitter(Qt::Horizontal, this);
    sideBySide->addWidget(m_linesView);
    sideBySide->addWidget(m_detail);
    sideBySide->setStretchFactor(0, 5);
    sideBySide->setStretchFactor(1, 3);
    sideBySide->setChildrenCollapsible(false);
    auto* review = new QWidget(this);
    auto* reviewLayout = new QVBoxLayout(review);
    reviewLayout->setContentsMargins(0, 4, 0, 0);
    reviewLayout->addLayout(filters);
    reviewLayout->addWidget(sideBySide, 1);
    reviewLayout->addLayout(actions);
    return review;
}

// Shortcuts of this panel (F5 and Ctrl+F are the window's).
void ReconciliationPanel::addShortcuts() {
    auto* importAction = new QAction(this);
    importAction->setShortcut(QKeySequence::Open);
    importAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(importAction);
    connect(importAction, &QAction::triggered, this, &ReconciliationPanel::importStatement);
    auto* resolveAction = new QAction(this);
    resolveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    resolveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(resolveAction);
    connect(resolveAction, &QAction::triggered, this, &ReconciliationPanel::resolve);
}

void ReconciliationPanel::connectControls() {
    connect(m_importButton, &QPushButton::clicked, this, &ReconciliationPanel::importStatement);
    connect(m_exportResults, &QPushButton::clicked, this, &ReconciliationPanel::exportResults);
    connect(m_exportExceptions, &QPushButton::clicked, this, &ReconciliationPanel::exportExceptions);
    connect(m_approve, &QPushButton::clicked, this, &ReconciliationPanel::approve);
    connect(m_reject, &QPushButton::clicked, this, &ReconciliationPanel::reject);
    connect(m_accept, &QPushButton::clicked, this, &ReconciliationPanel::acceptProposal);
    connect(m_match, &QPushButton::clicked, this, &ReconciliationPanel::matchManually);
    connect(m_unmatch, &QPushButton::clicked, this, &ReconciliationPanel::unmatch);
    connect(m_resolve, &QPushButton::clicked, this, &ReconciliationPanel::resolve);
    for (QComboBox* combo : {m_view, m_status, m_outcome, m_side}) {
        connect(combo, &QComboBox::activated, this, [this]() {
            updateViewControls();
            reloadLines();
        });
    }
    connect(m_allFiles, &QCheckBox::clicked, this, [this]() { reloadLines(); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        showCount();
    });
}

void ReconciliationPanel::connectModels() {
    connect(m_files, &PagedTableModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_files, &PagedTableModel::loaded, this, &ReconciliationPanel::filesLoaded);
    connect(m_filesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& index) {
                if (index.isValid()) {
                    selectFileId(m_files->typedRow(index.row()).fileId);
                }
            });

    connect(m_lines, &ReconLinesModel::failed, this, [this](const BackendError& error) { reportError(error); });
    connect(m_lines, &ReconLinesModel::loaded, this, &ReconciliationPanel::linesLoaded);
    connect(m_linesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this]() { currentLineChanged(); });
    // A reset (new page one, another file or view) clears the selection without a signal.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this]() { currentLineChanged(); });
    connect(m_linesView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this]() { updateActions(); });
    connect(session(), &ConsoleSession::connected, this, &ReconciliationPanel::refresh);

    connect(m_detail, &ReconLineDetail::loaded, this, &ReconciliationPanel::detailLoaded);
}

void ReconciliationPanel::filesLoaded() {
    m_filesCount->setText(tr("%1 of %2 files").arg(m_files->rowCount()).arg(m_files->total()));
    m_filesView->resizeColumnsToContents();
    for (int column = 0; column < m_files->columnCount(); ++column) {
        m_filesView->setColumnWidth(column, std::clamp(m_filesView->columnWidth(column), 50, 220));
    }
    // Keep the selected file selected; with none yet, the newest one.
    int row = -1;
    for (int i = 0; i < m_files->rowCount() && row < 0; ++i) {
        if (m_files->typedRow(i).fileId == m_fileId) {
            row = i;
        }
    }
    if (row < 0 && m_fileId.isEmpty() && m_files->rowCount() > 0) {
        row = 0;
    }
    if (row >= 0) {
        selectFileId(m_files->typedRow(row).fileId);
    }
    if (m_files->rowCount() == 0) {
        updateChart();
        showFileSummary();
    }
}

void ReconciliationPanel::linesLoaded() {
    if (m_fitPending) {
        // Once per reload (not on every page), so columns the operator resized stay put.
        m_fitPending = false;
        fitLineColumns();
    }
    showCount();
    if (!m_reselect.isEmpty()) {
        const QList<qint64> wanted = m_reselect;
        m_reselect.clear();
        QList<int> rows;
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            if (wanted.contains(lineAt(m_proxy->index(row, 0)).lineId)) {
                rows.append(row);
            }
        }
        if (!rows.isEmpty()) {
            selectLines(rows);
        }
    }
}

void ReconciliationPanel::retranslateUi() {
    setWindowTitle(tr("Reconciliation"));
    showNote(QString(), false);  // a message about an earlier action, in the earlier language
    m_importButton->setText(tr("Import statement…"));
    m_importButton->setToolTip(
        tr("Import a bank statement (CSV): a preview first, nothing is written until you "
           "import (Ctrl+O)"));
    m_dropHint->setText(tr("or drop a .csv file here"));
    m_exportResults->setText(tr("Export results (CSV)…"));
    m_exportResults->setToolTip(tr("Every line of the selected file with its outcome"));
    m_exportExceptions->setText(tr("Export exceptions (CSV)…"));
    m_exportExceptions->setToolTip(tr("The exceptions queue with the filters chosen below"));
    m_filesCaption->setText(tr("Bank statements"));
    m_reviewCaption->setText(tr("Review"));
    m_viewCaption->setText(tr("Show"));
    m_outcomeCaption->setText(tr("Outcome"));
    m_sideCaption->setText(tr("Side"));
    m_allFiles->setText(tr("all files"));
    m_filter->setPlaceholderText(tr("filter shown lines: memo, ids, reasons"));
    m_approve->setText(tr("Approve"));
    m_approve->setToolTip(tr("Confirm the automatic match of the selected lines"));
    m_reject->setText(tr("Reject…"));
    m_reject->setToolTip(tr("Remove the automatic match: the lines return to the exceptions queue"));
    m_accept->setText(tr("Accept suggestion"));
    m_accept->setToolTip(tr("Match the selected lines with the payments or batch proposed for them"));
    m_match->setText(tr("Match by hand…"));
    m_match->setToolTip(tr("Match the selected bank line with payments or settlement batches you name"));
    m_unmatch->setText(tr("Unmatch…"));
    m_unmatch->setToolTip(tr("Undo the match: both sides return to their state before it"));
    m_resolve->setText(tr("Resolve…"));
    m_resolve->setToolTip(tr("Close the selected open exceptions with a note (Ctrl+R)"));

    auto refill = [](QComboBox* combo, const QList<QPair<QString, QString>>& items) {
        const int current = std::max(0, combo->currentIndex());
        combo->clear();
        for (const auto& [text, value] : items) {
            combo->addItem(text, value);
        }
        combo->setCurrentIndex(std::min(current, combo->count() - 1));
    };
    refill(m_view, {{tr("Lines of the selected file"), QStringLiteral("lines")},
                    {tr("Exceptions queue"), QStringLiteral("exceptions")}});
    refill(m_status, {{tr("Open"), QStringLiteral("OPEN")},
                      {tr("Resolved"), QStringLiteral("RESOLVED")},
                      {tr("Open and resolved"), QStringLiteral("ALL")}});
    QList<QPair<QString, QString>> outcomes{{tr("All outcomes"), QString()}};
    for (const QString& outcome : ReconText::outcomes()) {
        outcomes.append({ReconText::outcomeLabel(outcome), outcome});
    }
    refill(m_outcome, outcomes);
    for (int i = 1; i < m_outcome->count(); ++i) {
        m_outcome->setItemIcon(i, ReconText::outcomeIcon(m_outcome->itemData(i).toString()));
    }
    refill(m_side, {{tr("Both sides"), QString()},
                    {tr("Bank lines"), QStringLiteral("BANK")},
                    {tr("Paydesk items"), QStringLiteral("SYSTEM")}});

    m_files->retranslate();
    m_lines->retranslate();
    updateChart();
    showFileSummary();
    m_detail->render();
    if (!m_linesCount->text().isEmpty()) {
        showCount();
    }
    if (m_files->rowCount() > 0) {
        m_filesCount->setText(tr("%1 of %2 files").arg(m_files->rowCount()).arg(m_files->total()));
    }
}

// --- Files, summary, chart ------------------------------------------------------------------------

void ReconciliationPanel::refresh() {
    QList<qint64> keep;
    for (const ReconLine& line : selectedLines()) {
        keep.append(line.lineId);
    }
    m_detail->clearCache();
    m_files->reload();
    if (!m_fileId.isEmpty()) {
        loadSummary();
    }
    reloadLines();
    m_reselect = keep;
}

void ReconciliationPanel::focusSearch() {
    m_filter->setFocus();
    m_filter->selectAll();
}

void ReconciliationPanel::selectFile(int row) {
    m_filesView->selectRow(row);
    m_filesView->setCurrentIndex(m_files->index(row, 0));
}

void ReconciliationPanel::selectFileId(const QString& fileId) {
    const bool changed = fileId != m_fileId;
    m_fileId = fileId;
    // Follow in the files table (re-entering here from its selection changes nothing).
    for (int i = 0; i < m_files->rowCount(); ++i) {
        if (m_files->typedRow(i).fileId == fileId && m_filesView->currentIndex().row() != i) {
            m_filesView->selectRow(i);
            m_filesView->setCurrentIndex(m_files->index(i, 0));
        }
    }
    if (!changed) {
        return;
    }
    m_summary = {};
    updateChart();
    showFileSummary();
    loadSummary();
    const bool allFiles = m_view->currentData().toString() == QLatin1String("exceptions") && m_allFiles->isChecked();
    if (!allFiles) {
        reloadLines();
    }
    updateActions();
}

void ReconciliationPanel::loadSummary() {
    if (m_fileId.isEmpty()) {
        return;
    }
    const QString fileId = m_fileId;
    m_api.file(
        fileId,
        [this, fileId](const ApiResult<ReconFileSummaryRow>& summary) {
            if (fileId != m_fileId) {
                return;
            }
            if (!summary.ok()) {
                reportError(summary.error());
                return;
            }
            m_summary = summary.value();
            updateChart();
            showFileSummary();
            Q_EMIT fileSummaryLoaded();
        },
        this);
}

void ReconciliationPanel::updateChart() {
    m_chartCounts.clear();
    const QHash<QString, qint64> byOutcome = m_summary ? m_summary->currentByOutcome : QHash<QString, qint64>();
    qint64 maximum = 0;
    for (const QString& outcome : ReconText::outcomes()) {
        const qint64 n = byOutcome.value(outcome);
        m_chartCounts.append({outcome, n});
        maximum = std::max(maximum, n);
    }

    m_chart->removeAllSeries();
    const auto axes = m_chart->axes();
    for (QAbstractAxis* axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    if (!m_summary) {
        m_chart->setTitle(m_fileId.isEmpty() ? tr("Import a bank statement to see its lines per outcome")
                                             : tr("Loading the file's counts…"));
        m_chart->legend()->setVisible(false);
        return;
    }
    m_chart->setTitle(tr("Lines per outcome: %1").arg(m_summary->file.fileName));
    m_chart->legend()->setVisible(true);
    // One set per outcome, so each has its colour and its legend entry; the bars carry the counts.
    auto* series = new QBarSeries;
    for (const auto& [outcome, n] : std::as_const(m_chartCounts)) {
        // The count in the legend too: a bar of 1 next to one of 50,000 is hard to see.
        auto* set = new QBarSet(tr("%1: %2").arg(ReconText::outcomeLabel(outcome), QLocale().toString(n)));
        set->setColor(ReconText::outcomeColor(outcome));
        set->setBorderColor(ReconText::outcomeColor(outcome));
        set->setLabelColor(palette().color(QPalette::WindowText));
        set->append(static_cast<qreal>(n));
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setBarWidth(0.9);
    m_chart->addSeries(series);
    // One category: its name would only repeat the title (the statement's dates are below).
    auto* x = new QBarCategoryAxis;
    x->append(QStringLiteral(" "));
    x->setLabelsVisible(false);
    x->setGridLineVisible(false);
    auto* y = new QValueAxis;
    // Room above the tallest bar for its label; whole numbers only.
    const qreal top = std::max<qreal>(4.0, static_cast<qreal>(maximum) * 1.25);
    y->setRange(0, top);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTickCount(5);
    y->applyNiceNumbers();
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

void ReconciliationPanel::showFileSummary() {
    if (!m_summary) {
        m_fileInfo->setText(m_files->rowCount() == 0 && m_fileId.isEmpty() ? tr("No bank statement imported yet.")
                                                                           : QString());
        m_fileInfo->setToolTip(QString());
        return;
    }
    const ReconFile& s = m_summary->file;
    QString text = tr("%1 · statement %2 · profile %3 · %4 · %5 · uploaded by %6")
                       .arg(s.fileId, statement(s), s.profile, s.encoding, s.currency, s.uploadedBy);
    QStringList all;
    for (const ReconRowError& e : std::as_const(m_summary->errorLines)) {
        all.append(tr("line %1: %2").arg(e.line).arg(e.reason));
    }
    if (s.imported.errors > 0) {
        text += QLatin1Char('\n') + tr("Rows that could not be read: %1 (%2)")
                                        .arg(QLocale().toString(s.imported.errors))
                                        .arg(all.mid(0, 2).join(QStringLiteral("; ")) +
                                             (all.size() > 2 ? QStringLiteral("; …") : QString()));
    }
    m_fileInfo->setText(text);
    m_fileInfo->setToolTip(all.join(QLatin1Char('\n')));
}

// --- Review lines ---------------------------------------------------------------------------------

void ReconciliationPanel::setView(View view, const QString& status, bool allFiles) {
    m_view->setCurrentIndex(view == View::FileLines ? 0 : 1);
    m_status->setCurrentIndex(std::max(0, m_status->findData(status)));
    m_allFiles->setChecked(allFiles);
    updateViewControls();
    reloadLines();
}

void ReconciliationPanel::setOutcomeFilter(const QString& outcome) {
    m_outcome->setCurrentIndex(std::max(0, m_outcome->findData(outcome)));
    reloadLines();
}

void ReconciliationPanel::setSideFilter(const QString& side) {
    m_side->setCurrentIndex(std::max(0, m_side->findData(side)));
    reloadLines();
}

void ReconciliationPanel::updateViewControls() {
    const bool exceptions = m_view->currentData().toString() == QLatin1String("exceptions");
    m_status->setVisible(exceptions);
    m_allFiles->setVisible(exceptions);
}

void ReconciliationPanel::reloadLines() {
    const bool exceptions = m_view->currentData().toString() == QLatin1String("exceptions");
    const bool allFiles = exceptions && m_allFiles->isChecked();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("outcome"), m_outcome->currentData().toString());
    query.addQueryItem(QStringLiteral("side"), m_side->currentData().toString());
    QString path;
    if (exceptions) {
        query.addQueryItem(QStringLiteral("status"), m_status->currentData().toString());
        if (!allFiles) {
            query.addQueryItem(QStringLiteral("fileId"), m_fileId);
        }
        path = allFiles || !m_fileId.isEmpty() ? ReconApi::exceptionsPath() : QString();
    } else if (!m_fileId.isEmpty()) {
        path = ReconApi::fileLinesPath(m_fileId);
    }
    m_linesView->setColumnHidden(m_lines->columnOf(QStringLiteral("fileId")), !allFiles);
    m_fitPending = true;
    m_lines->load(path, query);
    m_detail->setLine(std::nullopt);
    showCount();
    updateActions();
}

void ReconciliationPanel::fitLineColumns() {
    const QFontMetrics metrics(m_linesView->font());
    const int dateWidth = metrics.horizontalAdvance(QStringLiteral("0000-00-00")) + 16;
    QHeaderView* header = m_linesView->horizontalHeader();
    for (int column = 0; column < m_lines->columnCount(); ++column) {
        m_linesView->resizeColumnToContents(column);
        int width = std::max(header->sectionSizeHint(column), m_linesView->columnWidth(column));
        const bool wide = column == m_lines->columnOf(QStringLiteral("memo")) ||
                          column == m_lines->columnOf(QStringLiteral("reasons")) ||
                          column == m_lines->columnOf(QStringLiteral("matchedIds"));
        width = std::clamp(width, 40, wide ? 240 : 180);
        if (column == m_lines->columnOf(QStringLiteral("date"))) {
            width = std::max(width, dateWidth);
        }
        m_linesView->setColumnWidth(column, width);
    }
}

void ReconciliationPanel::showCount() {
    if (m_lines->path().isEmpty()) {
        m_linesCount->setText(m_fileId.isEmpty() ? tr("No file selected") : QString());
        return;
    }
    const int shown = m_proxy->rowCount();
    const int loaded = m_lines->rowCount();
    QString text = m_lines->totalCapped() ? tr("%1 loaded of more than %2 lines").arg(loaded).arg(m_lines->total())
                                          : tr("%1 loaded of %2 lines").arg(loaded).arg(m_lines->total());
    if (shown != loaded) {
        text += tr(", %1 match the filter").arg(shown);
    }
    m_linesCount->setText(text);
}

int ReconciliationPanel::visibleLineCount() const {
    return m_proxy->rowCount();
}

void ReconciliationPanel::selectLines(const QList<int>& rows) {
    QItemSelection selection;
    for (int row : rows) {
        if (row >= 0 && row < m_proxy->rowCount()) {
            selection.select(m_proxy->index(row, 0), m_proxy->index(row, m_proxy->columnCount() - 1));
        }
    }
    if (rows.isEmpty() || selection.isEmpty()) {
        return;
    }
    m_linesView->selectionModel()->setCurrentIndex(m_proxy->index(rows.constFirst(), 0), QItemSelectionModel::NoUpdate);
    m_linesView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    currentLineChanged();
}

const ReconLine& ReconciliationPanel::lineAt(const QModelIndex& proxyIndex) const {
    return m_lines->line(m_lines->mapToSource(m_proxy->mapToSource(proxyIndex)).row());
}

QList<ReconLine> ReconciliationPanel::selectedLines() const {
    QList<ReconLine> lines;
    const QModelIndexList rows = m_linesView->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows) {
        lines.append(lineAt(index));
    }
    // In the table's order, whatever order the operator clicked them in.
    std::sort(lines.begin(), lines.end(), [](const ReconLine& a, const ReconLine& b) { return a.lineId < b.lineId; });
    return lines;
}

void ReconciliationPanel::currentLineChanged() {
    const QModelIndex index = m_linesView->currentIndex();
    m_detail->setLine(index.isValid() ? std::optional<ReconLine>(lineAt(index)) : std::nullopt);
    updateActions();
}

QJsonObject ReconciliationPanel::currentLine() const {
    return m_detail->line();
}

QString ReconciliationPanel::detailText() const {
    return m_detail->toPlainText();
}

// --- Decisions --------------------------------------------------------------------------------------

void ReconciliationPanel::updateActions() {
    const QList<ReconLine> lines = selectedLines();
    const bool any = !lines.isEmpty() && !m_busy;
    auto all = [&lines](const std::function<bool(const ReconLine&)>& test) {
        return std::all_of(lines.begin(), lines.end(), test);
    };
    m_approve->setEnabled(any && all(automaticMatch));
    m_reject->setEnabled(any && all(automaticMatch));
    m_accept->setEnabled(any && all(hasProposal));
    m_match->setEnabled(any && lines.size() == 1 && isBank(lines.constFirst()) &&
                        lines.constFirst().matchedIds.isEmpty() && lines.constFirst().amount > 0);
    m_unmatch->setEnabled(any && all([](const ReconLine& l) { return isBank(l) && !l.matchedIds.isEmpty(); }));
    m_resolve->setEnabled(any && all([](const ReconLine& l) { return l.status == ReconStatus::Open; }));
    m_exportResults->setEnabled(!m_fileId.isEmpty());
}

void ReconciliationPanel::approve() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.isEmpty() || !m_approve->isEnabled()) {
        return;
    }
    const ReconLine& first = lines.constFirst();
    const QString text = lines.size() == 1 ? tr("Approve the automatic match of line %1 (%2) with %3?")
                                                 .arg(first.lineId)
                                                 .arg(amountOf(first), first.matchedIds.join(QStringLiteral(", ")))
                                           : tr("Approve the automatic matches of %1 lines?").arg(lines.size());
    if (!confirm(tr("Approve matches"), text)) {
        return;
    }
    runDecisions({QStringLiteral("approve"), tr("Approve"), {}}, lines);
}

void ReconciliationPanel::reject() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.isEmpty() || !m_reject->isEnabled()) {
        return;
    }
    const auto note = askText(tr("Reject matches"),
                              tr("Reject the automatic match of %1 lines? They return to the exceptions queue as "
                                 "unmatched. Note for the audit log (optional):")
                                  .arg(lines.size()));
    if (!note) {
        return;
    }
    QJsonObject body;
    if (!note->trimmed().isEmpty()) {
        body.insert(QStringLiteral("note"), note->trimmed());
    }
    runDecisions({QStringLiteral("reject"), tr("Reject"), body}, lines);
}

void ReconciliationPanel::acceptProposal() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.isEmpty() || !m_accept->isEnabled()) {
        return;
    }
    QString text;
    if (lines.size() == 1) {
        const ReconLine& line = lines.constFirst();
        text = tr("Match line %1 (%2) with %3, as proposed?")
                   .arg(line.lineId)
                   .arg(amountOf(line), proposedIds(line).join(QStringLiteral(", ")));
    } else {
        text = tr("Accept the proposed matches of %1 lines?").arg(lines.size());
    }
    if (!confirm(tr("Accept suggestion"), text)) {
        return;
    }
    runDecisions({QStringLiteral("accept"), tr("Accept suggestion"), {}}, lines);
}

void ReconciliationPanel::matchManually() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.size() != 1 || !m_match->isEnabled()) {
        return;
    }
    const ReconLine& line = lines.constFirst();
    const auto answer = askText(tr("Match by hand"),
                                tr("Payment ids and settlement batch ids to match line %1 (%2) with, separated by "
                                   "spaces or commas:")
                                    .arg(line.lineId)
                                    .arg(amountOf(line)),
                                proposedIds(line).join(QLatin1Char(' ')), true);
    if (!answer) {
        return;
    }
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList ids = answer->split(separators, Qt::SkipEmptyParts);
    ids.removeDuplicates();
    if (ids.isEmpty()) {
        Q_EMIT statusMessage(tr("Match by hand: no payment or batch id given."));
        return;
    }
    if (ids.size() > MaxMatchItems) {
        showNote(tr("Match by hand: at most %1 payments and batches per line.").arg(MaxMatchItems), true);
        return;
    }
    QJsonArray payments;
    QJsonArray batches;
    for (const QString& id : std::as_const(ids)) {
        (ReconApi::isBatchId(id) ? batches : payments).append(id);
    }
    QJsonObject body{{QStringLiteral("paymentIds"), payments}, {QStringLiteral("batchIds"), batches}};
    runDecisions({QStringLiteral("match"), tr("Match by hand"), body}, lines);
}

void ReconciliationPanel::unmatch() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.isEmpty() || !m_unmatch->isEnabled()) {
        return;
    }
    const QString text = lines.size() == 1 ? tr("Undo the match of line %1 with %2?")
                                                 .arg(lines.constFirst().lineId)
                                                 .arg(lines.constFirst().matchedIds.join(QStringLiteral(", ")))
                                           : tr("Undo the matches of %1 lines?").arg(lines.size());
    if (!confirm(tr("Unmatch"), text,
                 tr("The payments and batches become free again and both sides return to their state before the "
                    "match. Only a new match (by hand) restores it."))) {
        return;
    }
    runDecisions({QStringLiteral("unmatch"), tr("Unmatch"), {}}, lines);
}

void ReconciliationPanel::resolve() {
    const QList<ReconLine> lines = selectedLines();
    if (lines.isEmpty() || !m_resolve->isEnabled()) {
        return;
    }
    const auto note = askText(tr("Resolve exceptions"),
                              tr("Resolve %1 open exceptions. Why are they closed? (required, recorded in the audit "
                                 "log)")
                                  .arg(lines.size()),
                              QString(), true);
    if (!note) {
        return;
    }
    if (note->trimmed().isEmpty()) {
        showNote(tr("Resolve: a note is required."), true);
        return;
    }
    auto run = std::make_shared<Run>();
    run->action = tr("Resolve");
    for (qsizetype start = 0; start < lines.size(); start += MaxResolve) {
        QJsonArray ids;
        for (const ReconLine& line : lines.mid(start, MaxResolve)) {
            ids.append(line.lineId);
            run->keep.append(line.lineId);
        }
        run->requests.append({0, QString(),
                              QJsonObject{{QStringLiteral("lineIds"), ids}, {QStringLiteral("note"), note->trimmed()}},
                              tr("%1 lines").arg(ids.size()), static_cast<int>(ids.size())});
    }
    startRun(run);
}

void ReconciliationPanel::runDecisions(const Decision& decision, const QList<ReconLine>& lines) {
    auto run = std::make_shared<Run>();
    run->action = decision.action;
    for (const ReconLine& line : lines) {
        const qint64 id = line.lineId;
        run->keep.append(id);
        run->requests.append({id, decision.verb, decision.body, tr("line %1").arg(id), 1});
    }
    startRun(run);
}

void ReconciliationPanel::startRun(const std::shared_ptr<Run>& run) {
    m_busy = true;
    updateActions();
    showNote(tr("%1: working…").arg(run->action), false);
    step(run);
}

void ReconciliationPanel::step(const std::shared_ptr<Run>& run) {
    if (run->next >= run->requests.size()) {
        finishRun(*run);
        return;
    }
    const Request request = run->requests.at(run->next++);
    auto done = [this, run, request](const std::optional<BackendError>& error) {
        if (!error) {
            run->done += request.lines;
        } else {
            run->failures.append(tr("%1: %2").arg(request.label, BackendClient::describe(*error)));
            if (!run->firstError) {
                run->firstError = *error;
            }
        }
        step(run);
    };
    // The changed lines are not merged one by one: the run ends by reading the lines again.
    if (request.verb.isEmpty()) {
        m_api.resolve(
            request.body, [done](const BackendResponse& response) { done(response.error); }, this);
    } else {
        m_api.decide(
            request.lineId, request.verb, request.body,
            [done](const ApiResult<ReconLine>& line) {
                done(line.ok() ? std::nullopt : std::optional<BackendError>(line.error()));
            },
            this);
    }
}

void ReconciliationPanel::finishRun(const Run& run) {
    m_busy = false;
    int total = 0;
    for (const Request& request : run.requests) {
        total += request.lines;
    }
    if (run.failures.isEmpty()) {
        const QString text = tr("%1: done for %2 line(s)").arg(run.action).arg(run.done);
        showNote(text, false);
        Q_EMIT statusMessage(text);
    } else {
        showNote(tr("%1: done for %2 of %3 line(s); refused: %4")
                     .arg(run.action)
                     .arg(run.done)
                     .arg(total)
                     .arg(run.failures.join(QStringLiteral("; "))),
                 true);
        reportError(*run.firstError, run.action, true);
    }
    // Counts and states changed on the backend: read them again, keeping the selection.
    m_detail->clearCache();
    reloadLines();
    m_reselect = run.keep;
    loadSummary();
    Q_EMIT actionFinished(run.failures.isEmpty());
}

// --- Import, export -------------------------------------------------------------------------------

ReconImportDialog* ReconciliationPanel::importDialog() const {
    return m_dialog;
}

void ReconciliationPanel::importStatement() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import bank statement"), QString(),
                                                      tr("Bank statements (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty()) {
        importFile(path);
    }
}

void ReconciliationPanel::importFile(const QString& path) {
    if (m_dialog && m_dialog->isBusy() && m_dialog->isVisible()) {
        m_dialog->raise();
        Q_EMIT statusMessage(tr("Another statement is being imported."));
        return;
    }
    if (m_dialog) {
        m_dialog->deleteLater();
    }
    m_dialog = new ReconImportDialog(client(), this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &ReconImportDialog::failed, this,
            [this](const BackendError& error, const QString& action) { reportError(error, action); });
    connect(m_dialog, &ReconImportDialog::importFinished, this, [this](bool ok, const QJsonObject& result) {
        if (!ok) {
            return;
        }
        const QString fileId = result.value(QStringLiteral("fileId")).toString();
        const QString text = tr("Imported %1 as %2: %3 matched, %4 unmatched in the bank, %5 rows could not be read")
                                 .arg(result.value(QStringLiteral("fileName")).toString(), fileId)
                                 .arg(result.value(QStringLiteral("matched")).toInteger())
                                 .arg(result.value(QStringLiteral("unmatchedBank")).toInteger())
                                 .arg(result.value(QStringLiteral("errors")).toInteger());
        showNote(text, false);
        Q_EMIT statusMessage(text);
        m_files->reload();
        selectFileId(fileId);
        Q_EMIT imported(fileId);
    });
    m_dialog->open();
    m_dialog->openFile(path);
}

QString ReconciliationPanel::droppedCsv(const QMimeData* mime) const {
    if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1) {
        return {};
    }
    const QUrl url = mime->urls().constFirst();
    if (!url.isLocalFile()) {
        return {};
    }
    const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
    return suffix == QLatin1String("csv") || suffix == QLatin1String("txt") ? url.toLocalFile() : QString();
}

void ReconciliationPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedCsv(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void ReconciliationPanel::dragMoveEvent(QDragMoveEvent* event) {
    if (!droppedCsv(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void ReconciliationPanel::dropEvent(QDropEvent* event) {
    const QString path = droppedCsv(event->mimeData());
    if (path.isEmpty()) {
        return;
    }
    event->acceptProposedAction();
    importFile(path);
}

void ReconciliationPanel::exportResults() {
    if (m_fileId.isEmpty()) {
        return;
    }
    const QString name = QFileInfo(m_summary ? m_summary->file.fileName : QString()).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"), QStringLiteral("%1-results.csv").arg(name.isEmpty() ? m_fileId : name),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty()) {
        exportResultsTo(path);
    }
}

void ReconciliationPanel::exportResultsTo(const QString& path) {
    if (m_fileId.isEmpty()) {
        return;
    }
    const QString fileId = m_fileId;
    exportTo(
        path, [this, fileId](BackendClient::Callback done) { m_api.resultsCsv(fileId, std::move(done), this); },
        tr("Export results"));
}

void ReconciliationPanel::exportExceptions() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export exceptions"),
        QStringLiteral("recon-exceptions-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty()) {
        exportExceptionsTo(path);
    }
}

void ReconciliationPanel::exportExceptionsTo(const QString& path) {
    // The queue as the filters below show it: status (open by default), outcome, side, this file
    // unless "all files".
    const bool exceptions = m_view->currentData().toString() == QLatin1String("exceptions");
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"),
                       exceptions ? m_status->currentData().toString() : QStringLiteral("OPEN"));
    for (const auto& [key, value] : {std::pair{QStringLiteral("outcome"), m_outcome->currentData().toString()},
                                     std::pair{QStringLiteral("side"), m_side->currentData().toString()}}) {
        if (!value.isEmpty()) {
            query.addQueryItem(key, value);
        }
    }
    if (!(exceptions && m_allFiles->isChecked()) && !m_fileId.isEmpty()) {
        query.addQueryItem(QStringLiteral("fileId"), m_fileId);
    }
    exportTo(
        path, [this, query](BackendClient::Callback done) { m_api.exceptionsCsv(query, std::move(done), this); },
        tr("Export exceptions"));
}

void ReconciliationPanel::exportTo(const QString& path, const std::function<void(BackendClient::Callback)>& fetch,
                                   const QString& what) {
    fetch([this, path, what](const BackendResponse& response) {
        if (!response.ok()) {
            showNote(tr("%1 failed: %2").arg(what, BackendClient::describe(*response.error)), true);
            reportError(*response.error, what, true);
            Q_EMIT actionFinished(false);
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(response.body) != response.body.size() || !file.commit()) {
            showNote(tr("Could not write %1: %2").arg(path, file.errorString()), true);
            Q_EMIT actionFinished(false);
            return;
        }
        const qsizetype lines = std::max<qsizetype>(0, response.body.count('\n') - 1);
        const QString text = tr("%1: %2 line(s) saved to %3").arg(what).arg(lines).arg(path);
        showNote(text, false);
        Q_EMIT statusMessage(text);
        Q_EMIT actionFinished(true);
    });
}

void ReconciliationPanel::showNote(const QString& text, bool error) {
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    m_note->setStyleSheet(error ? QStringLiteral("color: #c62828; font-weight: bold;") : QString());
}

QString ReconciliationPanel::noteText() const {
    return m_note->text();
}
