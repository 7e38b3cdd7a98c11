#pragma once

#include "Panel.h"

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
    void selectRow(int row);

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
    void afterAction(const BackendResponse& response, const QString& action);

    PagedTableModel* m_model;
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
