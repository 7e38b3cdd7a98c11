#include "Panel.h"

#include "BackendClient.h"
#include "PagedTableModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTableView>

QString ConsoleSession::merchantUnavailableReason() const {
    if (m_merchant) {
        return {};
    }
    if (m_local) {
        return tr("The local backend has no demo merchant credentials (DIR/demo-credentials.json).");
    }
    return tr("Capture, refund and void are merchant-signed calls. Against a remote backend, enter merchant "
              "credentials (merchant id, API key, secret) in Settings to enable them.");
}

Panel::Prompts& Panel::testPrompts() {
    static Prompts prompts;
    return prompts;
}

bool Panel::confirm(const QString& title, const QString& text, const QString& details) {
    Prompts& prompts = testPrompts();
    if (prompts.confirm) {
        prompts.shown.append(text);
        return prompts.confirm(text);
    }
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Cancel);
    if (!details.isEmpty()) {
        box.setInformativeText(details);
    }
    return box.exec() == QMessageBox::Yes;
}

std::optional<QString> Panel::askText(const QString& title, const QString& label, const QString& initial,
                                      bool multiline) {
    Prompts& prompts = testPrompts();
    if (prompts.text) {
        prompts.shown.append(label);
        return prompts.text(label, initial);
    }
    bool ok = false;
    const QString value = multiline ? QInputDialog::getMultiLineText(this, title, label, initial, &ok)
                                    : QInputDialog::getText(this, title, label, QLineEdit::Normal, initial, &ok);
    if (!ok) {
        return std::nullopt;
    }
    return value;
}

void Panel::reportError(const BackendError& error, const QString& action, bool dialog) {
    const QString text = BackendClient::describe(error);
    m_lastError = text;
    Q_EMIT statusMessage(action.isEmpty() ? text : tr("%1 failed: %2").arg(action, text));
    if (dialog && testPrompts().confirm) {
        testPrompts().shown.append(text);
    } else if (dialog) {
        QMessageBox box(QMessageBox::Warning, action.isEmpty() ? tr("Backend error") : tr("%1 failed").arg(action),
                        tr("The backend refused: %1").arg(error.code), QMessageBox::Ok, this);
        box.setInformativeText(error.message);
        box.setObjectName(QStringLiteral("errorBox"));
        box.exec();
    }
}

void Panel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void Panel::setUpTable(QTableView* view) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setStretchLastSection(true);
}

void Panel::showSorted(QTableView* view, QSortFilterProxyModel* proxy, QAbstractItemModel* source, QAbstractItemView::SelectionMode mode) {
    proxy->setSourceModel(source);
    proxy->setSortRole(PagedTableModel::RawRole);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder);
    view->setSelectionMode(mode);
    setUpTable(view);
}
