#pragma once

#include <QList>
#include <QMainWindow>

class BackendClient;
class ConsoleSession;
class LocalBackend;
class OverviewPanel;
class Panel;
struct ConsoleSettings;
class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QSplitter;
class QStackedWidget;

// The console's window: a navigation list of panels on the left, the current panel on the right,
// the time of the last successful refresh in the status bar. Panels are added with addPanel(), which
// also gives each one a View menu entry with shortcut Ctrl+1, Ctrl+2, ...
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr QLatin1StringView SettingsOrganization{"Paydesk"};
    static constexpr QLatin1StringView SettingsApplication{"paydesk"};

    // client must outlive the window; main() owns it so several windows could share one later.
    explicit MainWindow(BackendClient* client, QWidget* parent = nullptr);

    // Takes ownership. The panel's windowTitle() names it in the list and the View menu; a panel
    // that changes it on QEvent::LanguageChange is renamed everywhere. Returns the panel's index.
    int addPanel(QWidget* panel);
    void showPanel(int index);
    int currentPanel() const;
    int panelCount() const { return static_cast<int>(m_panels.size()); }

    OverviewPanel* overviewPanel() const { return m_overview; }
    ConsoleSession* session() const { return m_session; }

    // Payments, Dead letters, Audit log: the data panels of the operator API.
    void addStandardPanels();
    // Follows a local backend's startup in the Overview and connects the panels when it is ready.
    void attachLocalBackend(LocalBackend* backend);
    // A remote backend: merchant credentials from the settings, if any; panels load at once.
    void useRemoteBackend(const ConsoleSettings& settings);
    Panel* panel(const QString& objectName) const;

public Q_SLOTS:
    void refreshCurrent();
    void showSettings();
    // File → Switch operator…: a local identity or a pasted token.
    void showSwitchOperator();
    // Uses `token` from now on: every panel reloads and the operator is identified again.
    void switchOperator(const QString& token);
    QString refreshStatusText() const;

Q_SIGNALS:
    // Forwarded from the Overview panel after each health poll; --screenshot waits for the first.
    void healthRefreshed(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
    void retranslateUi();
    void updateRefreshStatus();
    void restoreSettings();
    void saveSettings() const;
    void showAbout();
    void showOperator();

    BackendClient* m_client;
    ConsoleSession* m_session;
    QSplitter* m_splitter;
    QListWidget* m_navigation;
    QStackedWidget* m_stack;
    OverviewPanel* m_overview;
    QLabel* m_refreshStatus;
    QLabel* m_operatorStatus;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_switchOperatorAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QActionGroup* m_panelActions = nullptr;

    QList<QWidget*> m_panels;
};
