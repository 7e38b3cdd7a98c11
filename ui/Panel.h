#pragma once

#include "BackendClient.h"
#include "MerchantSigner.h"

#include <QObject>
#include <QString>
#include <QAbstractItemView>
#include <QWidget>

#include <functional>
#include <optional>

class QAbstractItemModel;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class BackendClient;

// What the panels share about the connection: the client, and the merchant credentials (if any)
// that signed actions (capture, refund, void, demo traffic) may use.
class ConsoleSession : public QObject {
    Q_OBJECT

public:
    explicit ConsoleSession(BackendClient* client, QObject* parent = nullptr) : QObject(parent), m_client(client) {}

    BackendClient* client() const { return m_client; }
    std::optional<MerchantCredentials> merchant() const { return m_merchant; }
    bool isLocal() const { return m_local; }

    // Who the backend says the operator token belongs to (GET /admin/whoami); empty until known.
    QString operatorName() const { return m_operatorName; }
    QString operatorRole() const { return m_operatorRole; }
    // Why the backend refused to say who the operator is (e.g. 401: no token); empty when it did.
    std::optional<BackendError> identifyError() const { return m_identifyError; }
    // The data folder of the local backend (where it writes its operator identities); empty if remote.
    QString localDataDir() const { return m_localDataDir; }
    void setLocalDataDir(const QString& dir) { m_localDataDir = dir; }
    // Why the current operator may not use an action needing `required` ("clerk", "supervisor",
    // "admin"), translated; empty when allowed or when the operator is not known yet (the backend decides).
    QString roleRefusal(const QString& required) const;
    static int roleRank(const QString& role);

    void setMerchant(const std::optional<MerchantCredentials>& merchant, bool local) {
        m_merchant = merchant;
        m_local = local;
        Q_EMIT merchantChanged();
    }

    // Why signed actions are unavailable, translated; empty when they are available.
    QString merchantUnavailableReason() const;

public Q_SLOTS:
    // Asks the backend who the token belongs to; emits operatorChanged() with the answer.
    void identify();

Q_SIGNALS:
    // The operator (name, role) was identified, changed, or the backend refused the token.
    void operatorChanged();
    void merchantChanged();
    // The backend became reachable with a token (e.g. the local backend finished starting).
    void connected();

private:
    BackendClient* m_client;
    std::optional<MerchantCredentials> m_merchant;
    bool m_local = false;
    QString m_operatorName;
    QString m_operatorRole;
    QString m_localDataDir;
    std::optional<BackendError> m_identifyError;
};

// Base of the data panels: a refresh() slot (F5), a status line for the window, and one way to show
// a backend error (code and message, in the status bar; in a message box too for actions).
class Panel : public QWidget {
    Q_OBJECT

public:
    explicit Panel(ConsoleSession* session, QWidget* parent = nullptr);

    // Tests answer confirmations and prompts through these instead of modal dialogs.
    struct Prompts {
        std::function<bool(const QString& text)> confirm;
        std::function<std::optional<QString>(const QString& label, const QString& initial)> text;
        QStringList shown;  // every confirmation and error text, for assertions
    };
    static Prompts& testPrompts();

    // How every panel's table looks: whole rows selected, read-only, no wrapping, no row numbers,
    // columns resizable, the last one taking the remaining width.
    static void setUpTable(QTableView* view);
    // A table over a (paged) model through `proxy`, sortable by raw values (amounts as numbers,
    // times as text), unsorted until the operator clicks a header.
    // What an operator should do about a 401/403 refusal (no token, a token the backend does not
    // accept, a role too low, merchant credentials refused), translated; empty for other errors and
    // for the four-eyes refusal (MAKER_CHECKER), which the panels explain where it happens.
    static QString accessProblem(const BackendError& error, bool hasToken);
    // How such a banner looks (light red box), for panels and the Overview.
    static QString bannerStyleSheet();

    static void showSorted(QTableView* view, QSortFilterProxyModel* proxy, QAbstractItemModel* source,
                           QAbstractItemView::SelectionMode mode = QAbstractItemView::SingleSelection);

    ConsoleSession* session() const { return m_session; }
    BackendClient* client() const { return m_session->client(); }
    QString lastError() const { return m_lastError; }
    // The red banner at the top of the panel after a 401/403; empty when none is shown.
    QString accessBannerText() const;

public Q_SLOTS:
    virtual void refresh() = 0;
    // Ctrl+F: focus the panel's search field.
    virtual void focusSearch() {}

Q_SIGNALS:
    void statusMessage(const QString& text);

protected:
    bool confirm(const QString& title, const QString& text, const QString& details = QString());
    std::optional<QString> askText(const QString& title, const QString& label, const QString& initial = QString(),
                                   bool multiline = false);
    void reportError(const BackendError& error, const QString& action = QString(), bool dialog = false);
    void changeEvent(QEvent* event) override;
    virtual void retranslateUi() {}
    void showAccessBanner(const QString& text);
    void hideAccessBanner();

private:
    ConsoleSession* m_session;
    QString m_lastError;
    QLabel* m_accessBanner = nullptr;
};
