#include "MainWindow.h"

#include "AppIcon.h"
#include "AuditPanel.h"
#include "BackendClient.h"
#include "DeadLettersPanel.h"
#include "Language.h"
#include "LocalBackend.h"
#include "OverviewPanel.h"
#include "Panel.h"
#include "PaymentsPanel.h"
#include "ReconciliationPanel.h"
#include "SettingsDialog.h"
#include "SettlementsPanel.h"
#include "SwitchOperatorDialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace {

constexpr QLatin1StringView GeometryKey{"mainWindow/geometry"};
constexpr QLatin1StringView StateKey{"mainWindow/state"};
constexpr QLatin1StringView SplitterKey{"mainWindow/splitter"};
constexpr QLatin1StringView PanelKey{"mainWindow/panel"};
constexpr QLatin1StringView TimeFormat{"HH:mm:ss"};

constexpr int NavigationWidth = 190;

}  // namespace

MainWindow::MainWindow(BackendClient* client, QWidget* parent)
    : QMainWindow(parent),
      m_client(client),
      m_session(new ConsoleSession(client, this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_navigation(new QListWidget(m_splitter)),
      m_stack(new QStackedWidget(m_splitter)),
      m_overview(new OverviewPanel(client, m_stack)),
      m_refreshStatus(new QLabel(this)),
      m_operatorStatus(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(AppIcon::icon());

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigation->setSpacing(2);
    // Panel names are short; a horizontal scroll bar under a one-column list only wastes space.
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setTextElideMode(Qt::ElideRight);
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.1);
    m_navigation->setFont(navFont);
    m_stack->setObjectName(QStringLiteral("panels"));

    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->addWidget(m_navigation);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({NavigationWidth, 1000});
    setCentralWidget(m_splitter);

    m_refreshStatus->setObjectName(QStringLiteral("refreshStatus"));
    m_operatorStatus->setObjectName(QStringLiteral("operatorStatus"));
    statusBar()->addPermanentWidget(m_operatorStatus);
    statusBar()->addPermanentWidget(m_refreshStatus);

    m_panelActions = new QActionGroup(this);
    m_panelActions->setExclusive(true);
    buildMenus();

    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::showPanel);
    connect(m_session, &ConsoleSession::connected, m_session, &ConsoleSession::identify);
    connect(m_session, &ConsoleSession::operatorChanged, this, &MainWindow::showOperator);
    connect(m_overview, &OverviewPanel::refreshed, this, [this](bool ok) {
        updateRefreshStatus();
        Q_EMIT healthRefreshed(ok);
    });

    addPanel(m_overview);
    retranslateUi();
    resize(1100, 720);
    restoreSettings();
}

void MainWindow::buildMenus() {
    m_fileMenu = menuBar()->addMenu(QString());
    m_switchOperatorAction = m_fileMenu->addAction(QString());
    m_switchOperatorAction->setObjectName(QStringLiteral("switchOperatorAction"));
    m_switchOperatorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_switchOperatorAction, &QAction::triggered, this, &MainWindow::showSwitchOperator);
    m_settingsAction = m_fileMenu->addAction(QString());
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString());
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    // close() rather than quit() so closeEvent saves the window's geometry.
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_viewMenu = menuBar()->addMenu(QString());
    m_refreshAction = m_viewMenu->addAction(QString());
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshCurrent);
    m_findAction = m_viewMenu->addAction(QString());
    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(m_findAction, &QAction::triggered, this, [this]() {
        if (auto* current = qobject_cast<Panel*>(m_stack->currentWidget())) {
            current->focusSearch();
        }
    });
    m_viewMenu->addSeparator();

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString());
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = m_helpMenu->addAction(QString());
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

int MainWindow::addPanel(QWidget* panel) {
    const int index = static_cast<int>(m_panels.size());
    m_panels.append(panel);
    m_stack->addWidget(panel);

    auto* item = new QListWidgetItem(panel->windowTitle(), m_navigation);
    // Taller rows than the default make the list read as navigation rather than as data.
    item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() * 2));

    auto* action = m_viewMenu->addAction(panel->windowTitle());
    action->setCheckable(true);
    if (index < 9) {
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
    }
    m_panelActions->addAction(action);
    connect(action, &QAction::triggered, this, [this, index]() { showPanel(index); });

    if (auto* dataPanel = qobject_cast<Panel*>(panel)) {
        connect(dataPanel, &Panel::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    }

    // Panels retitle themselves on LanguageChange; follow them.
    connect(panel, &QWidget::windowTitleChanged, this, [item, action](const QString& title) {
        item->setText(title);
        action->setText(title);
    });

    if (index == 0) {
        showPanel(0);
    }
    return index;
}

void MainWindow::showPanel(int index) {
    if (index < 0 || index >= panelCount()) {
        return;
    }
    m_stack->setCurrentIndex(index);
    if (m_navigation->currentRow() != index) {
        m_navigation->setCurrentRow(index);
    }
    const QList<QAction*> actions = m_panelActions->actions();
    if (index < actions.size()) {
        actions.at(index)->setChecked(true);
    }
}

int MainWindow::currentPanel() const {
    return m_stack->currentIndex();
}

QString MainWindow::refreshStatusText() const {
    return m_refreshStatus->text();
}

void MainWindow::updateRefreshStatus() {
    const QDateTime last = m_overview->lastRefresh();
    const QDateTime attempt = m_overview->lastAttempt();
    if (!attempt.isValid()) {
        m_refreshStatus->setText(tr("Waiting for the first refresh"));
    } else if (m_overview->lastRefreshSucceeded()) {
        m_refreshStatus->setText(tr("Last refresh: %1").arg(last.toString(TimeFormat)));
    } else if (last.isValid()) {
        m_refreshStatus->setText(
            tr("Last refresh: %1 (failed at %2)").arg(last.toString(TimeFormat), attempt.toString(TimeFormat)));
    } else {
        m_refreshStatus->setText(tr("No successful refresh yet (last try %1)").arg(attempt.toString(TimeFormat)));
    }
}

void MainWindow::retranslateUi() {
    setWindowTitle(tr("Paydesk — %1").arg(m_client->baseUrl().toDisplayString(QUrl::RemoveUserInfo)));
    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit"));
    m_settingsAction->setText(tr("&Settings…"));
    m_switchOperatorAction->setText(tr("Switch &operator…"));
    m_viewMenu->setTitle(tr("&View"));
    m_refreshAction->setText(tr("&Refresh"));
    m_findAction->setText(tr("&Find"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About Paydesk"));
    m_aboutQtAction->setText(tr("About &Qt"));
    updateRefreshStatus();
    showOperator();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::showAbout() {
    const QString text = tr("<h3>Paydesk %1</h3>"
                            "<p>Operator console for the Paydesk payments back-office: settlement, reconciliation, "
                            "dead letters and the health of the backend.</p>"
                            "<p>Backend: %2</p>")
                             .arg(QStringLiteral(PAYDESK_VERSION),
                                  m_client->baseUrl().toDisplayString(QUrl::RemoveUserInfo).toHtmlEscaped());
    QMessageBox::about(this, tr("About Paydesk"), text);
}

void MainWindow::restoreSettings() {
    QSettings settings{QString(SettingsOrganization), QString(SettingsApplication)};
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    restoreState(settings.value(StateKey).toByteArray());
    m_splitter->restoreState(settings.value(SplitterKey).toByteArray());
    showPanel(settings.value(PanelKey, 0).toInt());
}

void MainWindow::saveSettings() const {
    QSettings settings{QString(SettingsOrganization), QString(SettingsApplication)};
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
    settings.setValue(PanelKey, currentPanel());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::addStandardPanels() {
    addPanel(new PaymentsPanel(m_session, m_stack));
    addPanel(new DeadLettersPanel(m_session, m_stack));
    addPanel(new AuditPanel(m_session, m_stack));
    addPanel(new SettlementsPanel(m_session, m_stack));
    addPanel(new ReconciliationPanel(m_session, m_stack));
}

Panel* MainWindow::panel(const QString& objectName) const {
    for (QWidget* widget : m_panels) {
        if (widget->objectName() == objectName) {
            return qobject_cast<Panel*>(widget);
        }
    }
    return nullptr;
}

void MainWindow::refreshCurrent() {
    QWidget* current = m_stack->currentWidget();
    if (auto* dataPanel = qobject_cast<Panel*>(current)) {
        dataPanel->refresh();
    } else if (current == m_overview) {
        m_overview->refresh();
    }
}

void MainWindow::attachLocalBackend(LocalBackend* backend) {
    connect(backend, &LocalBackend::progress, this, [this](const QString& phase) {
        m_overview->setStartupNote(tr("Local backend: %1").arg(phase));
        statusBar()->showMessage(tr("Starting the local backend: %1").arg(phase));
    });
    connect(backend, &LocalBackend::failed, this, [this](const QString& message) {
        m_overview->setStartupNote(tr("Local backend failed: %1").arg(message));
        statusBar()->showMessage(tr("Local backend failed: %1").arg(message));
    });
    connect(backend, &LocalBackend::ready, this, [this, backend]() {
        m_overview->setStartupNote(backend->startedByUs()
                                       ? tr("Local backend started by the console (data in %1).").arg(backend->dataDir())
                                       : tr("Connected to the backend already running at this address."));
        statusBar()->showMessage(tr("Local backend ready"), 10000);
        m_session->setLocalDataDir(backend->dataDir());
        m_session->setMerchant(backend->demoCredentials(), true);
        m_overview->setDemoCredentials(backend->demoCredentials(), m_session->merchantUnavailableReason());
        Q_EMIT m_session->connected();
    });
    m_overview->setDemoCredentials(std::nullopt, tr("Waiting for the local backend to start."));
}

void MainWindow::useRemoteBackend(const ConsoleSettings& settings) {
    const std::optional<MerchantCredentials> merchant =
        settings.merchant.isValid() ? std::optional<MerchantCredentials>(settings.merchant) : std::nullopt;
    m_session->setMerchant(merchant, false);
    m_overview->setDemoCredentials(merchant, m_session->merchantUnavailableReason());
    QTimer::singleShot(0, m_session, &ConsoleSession::connected);
}

void MainWindow::showSettings() {
    const ConsoleSettings before = ConsoleSettings::load();
    SettingsDialog dialog(before, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const ConsoleSettings after = dialog.settings();
    after.save();
    if (after.language != Language::current()) {
        Language::install(after.language);
    }
    if (!m_session->isLocal()) {
        useRemoteBackend(after);
    }
    if (after.remote != before.remote || after.remoteUrl != before.remoteUrl ||
        after.remoteToken != before.remoteToken) {
        QMessageBox::information(this, tr("Settings"),
                                 tr("The new backend settings take effect the next time the console starts."));
    }
}

void MainWindow::showSwitchOperator() {
    SwitchOperatorDialog dialog(SwitchOperatorDialog::localIdentities(m_session->localDataDir()),
                                m_session->operatorName(), this);
    if (dialog.exec() == QDialog::Accepted) {
        switchOperator(dialog.token());
    }
}

void MainWindow::switchOperator(const QString& token) {
    m_client->setBearerToken(token);
    Q_EMIT m_session->connected();
}

void MainWindow::showOperator() {
    const QString name = m_session->operatorName();
    const std::optional<BackendError> error = m_session->identifyError();
    if (!name.isEmpty()) {
        m_operatorStatus->setText(tr("Operator: %1 (%2)").arg(name, m_session->operatorRole()));
    } else {
        m_operatorStatus->setText(error && error->httpStatus == 401 ? tr("Not signed in") : QString());
    }
    m_overview->setAccessNote(error ? Panel::accessProblem(*error, m_client->hasBearerToken()) : QString());
}
