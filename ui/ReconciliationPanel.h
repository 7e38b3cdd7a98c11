#pragma once

#include "Apis.h"
#include "Panel.h"
#include "RowsModel.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class PagedTableModel;
class ReconImportDialog;
class ReconLineDetail;
class ReconLinesModel;
class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QDragEnterEvent;
class QDragMoveEvent;
class QDropEvent;
class QLabel;
class QLineEdit;
class QMimeData;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
struct BackendResponse;

// Bank statement reconciliation: import a statement (file dialog or drag and drop; a dry-run
// preview first, then the upload with progress), the imported files with a chart of the selected
// file's lines per outcome, and the review queue: the file's lines or the exceptions queue across
// files, paged by cursor, filtered by outcome, side and status, with the selected line's bank data
// next to the payments / settlement batches it matched or was offered, its score and field-level
// reasons. Decisions on the selected lines: approve or reject an automatic match, accept a
// suggestion, match by hand, unmatch, resolve with a note (in bulk); results and exceptions export
// as CSV.
class ReconciliationPanel : public Panel {
    Q_OBJECT

public:
    enum class View { FileLines, Exceptions };

    explicit ReconciliationPanel(ConsoleSession* session, QWidget* parent = nullptr);

    PagedTableModel* filesModel() const { return m_files; }
    ReconLinesModel* linesModel() const { return m_lines; }
    ReconImportDialog* importDialog() const;

    QString currentFileId() const { return m_fileId; }
    // GET /admin/recon/files/{id} of the selected file (counts as they are now).
    const std::optional<ReconFileSummaryRow>& fileSummary() const { return m_summary; }
    // What the chart draws: lines per outcome of the selected file, in outcome order.
    QList<QPair<QString, qint64>> chartCounts() const { return m_chartCounts; }
    // The line in the detail, as the API sent it.
    QJsonObject currentLine() const;
    QList<ReconLine> selectedLines() const;
    QString detailText() const;
    QString noteText() const;

    // Which lines the review table shows; exceptions by status (OPEN, RESOLVED, ALL), of the
    // selected file or of every file. Reloads.
    void setView(View view, const QString& status = QStringLiteral("OPEN"), bool allFiles = false);
    void setOutcomeFilter(const QString& outcome);
    void setSideFilter(const QString& side);
    void selectFile(int row);
    void selectFileId(const QString& fileId);
    // Rows of the review table as shown (after sorting and the text filter).
    void selectLines(const QList<int>& rows);
    void selectLine(int row) { selectLines({row}); }
    int visibleLineCount() const;

public Q_SLOTS:
    void refresh() override;
    void focusSearch() override;
    // Asks for a file (QFileDialog), then importFile().
    void importStatement();
    // Opens the import dialog on path: dry-run preview, then import.
    void importFile(const QString& path);
    void approve();
    void reject();
    void acceptProposal();
    void matchManually();
    void unmatch();
    void resolve();
    void exportResults();
    void exportResultsTo(const QString& path);
    void exportExceptions();
    void exportExceptionsTo(const QString& path);

Q_SIGNALS:
    void fileSummaryLoaded();
    void detailLoaded();
    void actionFinished(bool ok);
    void imported(const QString& fileId);

protected:
    void retranslateUi() override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Decision {
        QString verb;    // approve, reject, accept, unmatch, match
        QString action;  // translated, for messages
        QJsonObject body;
    };
    struct Request;
    struct Run;

    void nameWidgets();
    void setUpWidgets();
    void buildLayout();
    QWidget* buildFilesPane();
    QWidget* buildReviewPane();
    void addShortcuts();
    void connectControls();
    void connectModels();
    void filesLoaded();
    void linesLoaded();
    void reloadLines();
    void loadSummary();
    void updateChart();
    void showFileSummary();
    void showCount();
    void updateViewControls();
    void updateActions();
    void currentLineChanged();
    // One request per line (or per 500 lines for resolve), one after another; then the lines and
    // the file's counts are read again, keeping the selection.
    void runDecisions(const Decision& decision, const QList<ReconLine>& lines);
    // The typed line of a row of the review table (an index of m_proxy).
    const ReconLine& lineAt(const QModelIndex& proxyIndex) const;
    void startRun(const std::shared_ptr<Run>& run);
    void step(const std::shared_ptr<Run>& run);
    void finishRun(const Run& run);
    // Saves what fetch answers (a CSV export) to path.
    void exportTo(const QString& path, const std::function<void(BackendClient::Callback)>& fetch, const QString& what);
    void showNote(const QString& text, bool error);
    QString droppedCsv(const QMimeData* mime) const;
    void fitLineColumns();

    ReconApi m_api;
    RowsModel<ReconFile>* m_files;
    QTableView* m_filesView;
    ReconLinesModel* m_lines;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_linesView;
    ReconLineDetail* m_detail;
    QChart* m_chart;
    QChartView* m_chartView;
    QLabel* m_fileInfo;
    QLabel* m_filesCaption;
    QLabel* m_filesCount;
    QLabel* m_reviewCaption;
    QLabel* m_linesCount;
    QLabel* m_dropHint;
    QLabel* m_note;
    QLabel* m_viewCaption;
    QComboBox* m_view;
    QComboBox* m_status;
    QCheckBox* m_allFiles;
    QLabel* m_outcomeCaption;
    QComboBox* m_outcome;
    QLabel* m_sideCaption;
    QComboBox* m_side;
    QLineEdit* m_filter;
    QPushButton* m_importButton;
    QPushButton* m_exportResults;
    QPushButton* m_exportExceptions;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QPushButton* m_accept;
    QPushButton* m_match;
    QPushButton* m_unmatch;
    QPushButton* m_resolve;
    QPointer<ReconImportDialog> m_dialog;

    QString m_fileId;
    std::optional<ReconFileSummaryRow> m_summary;
    QList<QPair<QString, qint64>> m_chartCounts;
    QList<qint64> m_reselect;  // line ids to select again after a reload
    bool m_fitPending = true;
    bool m_busy = false;
};
