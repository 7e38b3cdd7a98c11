#pragma once

#include "MerchantSigner.h"
#include "StatusColors.h"

#include <QDateTime>
#include <QWidget>

#include <optional>

struct BackendResponse;
class BackendClient;
class DemoTraffic;
class MetricsCharts;
class QPushButton;
class QSpinBox;
class HealthLights;
class HealthModel;
class QLabel;
class QTableView;
class QTimer;

// The first panel: is the backend there, and is every component of it healthy? Polls GET
// /health/ready and shows a status line, one light per component and the detail table.
// Later stages add throughput and latency charts, outbox backlog and circuit breakers here.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int DefaultPollIntervalMs = 2000;

    explicit OverviewPanel(BackendClient* client, QWidget* parent = nullptr);

    HealthModel* healthModel() const { return m_model; }
    MetricsCharts* charts() const { return m_charts; }
    DemoTraffic* demoTraffic() const { return m_demo; }

    // Signed demo traffic needs merchant credentials; without them the control explains why.
    void setDemoCredentials(const std::optional<MerchantCredentials>& credentials, const QString& unavailableReason);
    // What the console is doing to reach its backend (starting a local one), shown under the status.
    void setStartupNote(const QString& note);
    // Why the operator API refuses this console (no token, a token not accepted), in red; empty hides it.
    void setAccessNote(const QString& note);
    QString accessNote() const;

    QString statusText() const;
    HealthState statusState() const { return m_state; }
    QDateTime lastRefresh() const { return m_lastRefresh; }
    QDateTime lastAttempt() const { return m_lastAttempt; }
    bool lastRefreshSucceeded() const { return m_lastOk; }

    int pollIntervalMs() const;
    void setPollIntervalMs(int ms);

public Q_SLOTS:
    // Asks the backend now. Ignored while an earlier request is still running, so a slow backend
    // never piles up requests.
    void refresh();
    // Starts or stops polling, e.g. while the window is hidden.
    void setPolling(bool on);

Q_SIGNALS:
    // After every answer or failure. ok is false when the backend could not be reached or did not
    // send a health document.
    void refreshed(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void handle(const BackendResponse& response);
    void scrapeMetrics();
    void updateDemoStatus();
    void showStatus();
    void retranslateUi();
    void fitTableHeight();

    enum class Reach { Connecting, Reached, Unreachable, BadAnswer };

    BackendClient* m_client;
    HealthModel* m_model;
    QTimer* m_timer;

    QLabel* m_statusDot;
    QLabel* m_statusLine;
    QLabel* m_backendCaption;
    QLabel* m_backendValue;
    QLabel* m_modeCaption;
    QLabel* m_modeValue;
    QLabel* m_versionCaption;
    QLabel* m_versionValue;
    QLabel* m_lightsCaption;
    HealthLights* m_lights;
    QLabel* m_tableCaption;
    QTableView* m_table;
    MetricsCharts* m_charts;
    DemoTraffic* m_demo;
    QLabel* m_demoCaption;
    QSpinBox* m_demoRate;
    QPushButton* m_demoButton;
    QLabel* m_demoStatus;
    QLabel* m_startupNote;
    QLabel* m_accessNote;
    QString m_demoUnavailable;
    QString m_phase;
    bool m_metricsInFlight = false;

    Reach m_reach = Reach::Connecting;
    HealthState m_state = HealthState::Unknown;
    QString m_failure;  // why the last attempt failed, already translated
    QDateTime m_lastRefresh;
    QDateTime m_lastAttempt;
    bool m_lastOk = false;
    bool m_inFlight = false;
};
