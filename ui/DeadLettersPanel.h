#pragma once

#include "ApiRows.h"
#include "Panel.h"
#include "RowsModel.h"

#include <QJsonObject>

class PagedTableModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

// Dead letters: filtered list; the selected one's payload as JSON in an editor that validates before
// saving (PATCH); replay; discard with a reason (Del); bulk replay of what the filter selects, after a
// confirmation that shows how many.
class DeadLettersPanel : public Panel {
    Q_OBJECT

public:
    explicit DeadLettersPanel(ConsoleSession* session, QWidget* parent = nullptr);

    PagedTableModel* model() const { return m_model; }
    QJsonObject current() const { return m_current; }
    QPlainTextEdit* editor() const { return m_editor; }
    bool payloadIsValid() const { return m_valid; }
    // The refusal or outcome of the last action, in the detail (red for refusals).
    QString noteText() const;
    void selectRow(int row);
    // Shows the dead letters with this status ("OPEN", "REPLAYED", "DISCARDED", "" for all).
    void setStatusFilter(const QString& status);
    // Loads one dead letter into the detail, selected or not.
    void showDeadLetter(const QString& id) { load(id); }

public Q_SLOTS:
    void refresh() override;
    void focusSearch() override;
    void save();
    void replay();
    void discard();
    void bulkReplay();

Q_SIGNALS:
    void detailLoaded();
    void actionFinished(bool ok);

protected:
    void retranslateUi() override;

private:
    void load(const QString& id);
    void showCurrent();
    void validate();
    QJsonObject filter() const;
    // keepEdits: a refused save leaves the editor as the operator left it.
    // Merges the changed dead letter an action answers, or explains the refusal.
    void afterAction(const ApiResult<DeadLetterRow>& answer, const QString& action, bool keepEdits = false);
    void updateActions();
    void showCount();
    QString replayRefusal() const;
    QString explainRefusal(const BackendError& error) const;
    void showNote(const QString& text, bool refusal);
    void reloadAfterAction();

    RowsModel<DeadLetterRow>* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QComboBox* m_status;
    QLineEdit* m_topic;
    QLineEdit* m_type;
    QLineEdit* m_error;
    QPushButton* m_searchButton;
    QPushButton* m_bulkButton;
    QLabel* m_count;
    QLabel* m_header;
    QPlainTextEdit* m_editor;
    QLabel* m_validity;
    QLabel* m_note;
    QPushButton* m_saveButton;
    QPushButton* m_replayButton;
    QPushButton* m_discardButton;
    QLabel* m_statusCaption;
    QLabel* m_topicCaption;
    QLabel* m_typeCaption;
    QLabel* m_errorCaption;
    QJsonObject m_current;
    QString m_loadedPayload;
    bool m_valid = false;
};
