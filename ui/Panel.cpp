#include "Panel.h"

#include "Apis.h"
#include "BackendClient.h"
#include "PagedTableModel.h"

#include <QBoxLayout>
#include <QEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
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
    return tr(
        "Capture, refund and void are merchant-signed calls. Against a remote backend, enter merchant "
        "credentials (merchant id, API key, secret) in Settings to enable them.");
}

int ConsoleSession::roleRank(const QString& role) {
    if (role == QLatin1String("clerk")) {
        return 0;
    }
    if (role == QLatin1String("supervisor")) {
        return 1;
    }
    return role == QLatin1String("admin") ? 2 : -1;
}

QString ConsoleSession::roleRefusal(const QString& required) const {
    if (m_operatorRole.isEmpty() || roleRank(m_operatorRole) >= roleRank(required)) {
        return {};
    }
    return tr("%1 is a %2; this needs a %3 or above (File → Switch operator…).")
        .arg(m_operatorName, m_operatorRole, required);
}

void ConsoleSession::identify() {
    HealthApi(m_client).whoami(
        [this](const ApiResult<SignedInOperator>& me) {
            m_operatorName = me.ok() ? me.value().name : QString();
            m_operatorRole = me.ok() ? me.value().role : QString();
            m_identifyError = me.ok() ? std::nullopt : std::optional<BackendError>(me.error());
            Q_EMIT operatorChanged();
        },
        this);
}

Panel::Panel(ConsoleSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
    connect(session, &ConsoleSession::operatorChanged, this, [this]() {
        if (!m_session->operatorName().isEmpty()) {
            hideAccessBanner();
        }
    });
}

QString Panel::accessProblem(const BackendError& error, bool hasToken) {
    if (error.code == QLatin1String("UNAUTHORIZED")) {
        return hasToken ? tr("The backend does not accept this operator token (401 UNAUTHORIZED). Choose another "
                             "identity or paste a valid token: File → Switch operator….")
                        : tr("Not signed in: the console has no operator token, so the backend refuses this panel "
                             "(401 UNAUTHORIZED). Choose an identity of the local backend or paste a token: File → "
                             "Switch operator… (or start the console with PAYDESK_OPERATOR_TOKEN set).");
    }
    if (error.code == QLatin1String("FORBIDDEN_ROLE")) {
        return tr("Your operator role may not do this (403 FORBIDDEN_ROLE: %1). Switch to an operator with a higher "
                  "role: File → Switch operator….")
            .arg(error.message);
    }
    if (error.httpStatus == 401) {
        return tr("The backend refused the merchant credentials (401 %1: %2). Check the merchant id, API key and "
                  "secret in File → Settings.")
            .arg(error.code, error.message);
    }
    if (error.httpStatus == 403 && error.code != QLatin1String("MAKER_CHECKER")) {
        return tr("Not allowed (403 %1): %2").arg(error.code, error.message);
    }
    return {};
}

QString Panel::bannerStyleSheet() {
    return QStringLiteral(
        "QLabel { background: #fdecea; color: #8e1c1c; border: 1px solid #e57373; "
        "border-radius: 4px; padding: 6px 8px; }");
}

QString Panel::accessBannerText() const {
    return m_accessBanner && !m_accessBanner->isHidden() ? m_accessBanner->text() : QString();
}

void Panel::showAccessBanner(const QString& text) {
    if (!m_accessBanner) {
        m_accessBanner = new QLabel(this);
        m_accessBanner->setObjectName(QStringLiteral("accessBanner"));
        m_accessBanner->setWordWrap(true);
        m_accessBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_accessBanner->setStyleSheet(bannerStyleSheet());
        if (auto* box = qobject_cast<QBoxLayout*>(layout())) {
            box->insertWidget(0, m_accessBanner);
        }
    }
    m_accessBanner->setText(text);
    m_accessBanner->show();
}

void Panel::hideAccessBanner() {
    if (m_accessBanner) {
        m_accessBanner->hide();
    }
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
    if (const QString access = accessProblem(error, client()->hasBearerToken()); !access.isEmpty()) {
        showAccessBanner(access);
    }
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

void Panel::showSorted(QTableView* view, QSortFilterProxyModel* proxy, QAbstractItemModel* source,
                       QAbstractItemView::SelectionMode mode) {
    proxy->setSourceModel(source);
    proxy->setSortRole(PagedTableModel::RawRole);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder);
    view->setSelectionMode(mode);
    setUpTable(view);
}
