#pragma once

#include "ReconModels.h"

#include <QByteArray>
#include <QDialog>
#include <QJsonObject>
#include <QMap>

class BackendClient;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
struct BackendError;
struct BackendResponse;

// Importing one bank statement: the file is read off the UI thread, then previewed with a dry run
// (POST /admin/recon/files?dryRun=true: detected encoding, chosen profile, first lines with their
// outcomes, counts per outcome, row errors by line). Changing the profile or the encoding runs the
// preview again. Import uploads it for real with a progress bar (bytes sent, then busy while the
// backend matches). Nothing here blocks: every call is asynchronous and the dialog is window-modal,
// opened with open().
class ReconImportDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int PreviewLines = 50;
    static constexpr qint64 MaxBytes = qint64{512} * 1024 * 1024;  // the backend's upload limit
    // Large statements are matched before the answer comes: no byte moves for a while.
    static constexpr int UploadTimeoutMs = 10 * 60 * 1000;

    explicit ReconImportDialog(BackendClient* client, QWidget* parent = nullptr);

    // Reads path (in a helper thread), then runs the preview.
    void openFile(const QString& path);
    QString fileName() const { return m_fileName; }

    // Selects a bank profile ("" = recognised from the header) or an encoding ("auto", "UTF-8",
    // "CP949") and previews again. A profile not listed yet is selected once the list arrives.
    void setProfile(const QString& name);
    void setEncoding(const QString& encoding);
    QString profile() const;
    QString encoding() const;
    QStringList profiles() const;

    // The last dry-run answer (empty after a refused preview).
    QJsonObject preview() const { return m_preview; }
    // Bank lines (and expected items) per outcome in the last preview.
    QMap<QString, int> previewCounts() const;
    ReconPreviewModel* previewModel() const { return m_lines; }
    ReconRowErrorsModel* errorsModel() const { return m_errors; }
    QString summaryText() const;
    QString noteText() const;
    bool isBusy() const { return m_busy; }
    bool canImport() const;

public Q_SLOTS:
    void runPreview();
    void startImport();
    // Closing is refused while the real import runs (its answer must reach the panel).
    void reject() override;

Q_SIGNALS:
    void fileRead(bool ok);
    void profilesLoaded();
    void previewFinished(bool ok);
    void importFinished(bool ok, const QJsonObject& result);
    // Every refused call, for the panel's status bar.
    void failed(const BackendError& error, const QString& action);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void loadProfiles();
    void fillProfiles();
    void upload(bool dryRun);
    void afterPreview(const BackendResponse& response);
    void afterImport(const BackendResponse& response);
    void showPreview();
    void showProblem(const BackendResponse& response, bool import);
    void showNote(const QString& text, bool error);
    void showProgress(qint64 sent, qint64 total, bool dryRun);
    void setBusy(const QString& text);
    void setIdle();
    void updateButtons();

    BackendClient* m_client;
    QLabel* m_file;
    QLabel* m_profileCaption;
    QComboBox* m_profile;
    QLabel* m_encodingCaption;
    QComboBox* m_encoding;
    QLabel* m_summary;
    QLabel* m_counts;
    QLabel* m_note;
    QLabel* m_linesCaption;
    QTableView* m_linesView;
    QLabel* m_errorsCaption;
    QTableView* m_errorsView;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    QPushButton* m_import;
    QPushButton* m_cancel;
    ReconPreviewModel* m_lines;
    ReconRowErrorsModel* m_errors;

    QString m_fileName;
    QByteArray m_bytes;
    bool m_fileReady = false;
    QJsonObject m_preview;
    QList<QJsonObject> m_profileList;
    QString m_wantedProfile;
    bool m_profilesKnown = false;
    bool m_busy = false;
    bool m_importing = false;
    quint64 m_generation = 0;
};
