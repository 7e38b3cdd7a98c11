#include "OverviewPanel.h"

#include "Apis.h"
#include "BackendClient.h"
#include "DemoTraffic.h"
#include "HealthLights.h"
#include "HealthModel.h"
#include "MetricsCharts.h"
#include "Panel.h"

#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int StatusDotDiameter = 26;

QLabel* makeCaption(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel* makeValue(QWidget* parent) {
    auto* label = new QLabel(parent);
    // Operators copy the URL and version into tickets.
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

OverviewPanel::OverviewPanel(BackendClient* client, QWidget* parent)
    : QWidget(parent),
      m_client(client),
      m_model(new HealthModel(this)),
      m_timer(new QTimer(this)),
      m_statusDot(new QLabel(this)),
      m_statusLine(new QLabel(this)),
      m_backendCaption(makeCaption(this)),
      m_backendValue(makeValue(this)),
      m_modeCaption(makeCaption(this)),
      m_modeValue(makeValue(this)),
      m_versionCaption(makeCaption(this)),
      m_versionValue(makeValue(this)),
      m_lightsCaption(makeCaption(this)),
      m_lights(new HealthLights(this)),
      m_tableCaption(makeCaption(this)),
      m_table(new QTableView(this)),
      m_charts(new MetricsCharts(this)),
      m_demo(new DemoTraffic(client, this)),
      m_demoCaption(makeCaption(this)),
      m_demoRate(new QSpinBox(this)),
      m_demoButton(new QPushButton(this)),
      m_demoStatus(new QLabel(this)),
      m_startupNote(new QLabel(this)),
      m_accessNote(new QLabel(this)) {
    setObjectName(QStringLiteral("overviewPanel"));
    m_accessNote->setObjectName(QStringLiteral("accessBanner"));
    m_accessNote->setWordWrap(true);
    m_accessNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_accessNote->setStyleSheet(Panel::bannerStyleSheet());
    m_accessNote->hide();

    m_statusDot->setFixedSize(StatusDotDiameter, StatusDotDiameter);
    m_statusLine->setObjectName(QStringLiteral("statusLine"));
    m_statusLine->setWordWrap(true);
    m_statusLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_statusLine->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_statusLine->setFont(big);
    m_backendValue->setObjectName(QStringLiteral("backendUrl"));
    m_modeValue->setObjectName(QStringLiteral("backendMode"));
    m_versionValue->setObjectName(QStringLiteral("backendVersion"));
    m_lights->setObjectName(QStringLiteral("healthLights"));
    m_lights->setModel(m_model);

    m_table->setObjectName(QStringLiteral("healthTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(HealthModel::ComponentColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(HealthModel::StateColumn, QHeaderView::ResizeToContents);
    // Long endpoints (socket paths, broker lists) share the remaining width with the detail and are
    // elided in the middle (the whole text is in the tooltip) instead of forcing a scroll bar.
    header->setSectionResizeMode(HealthModel::EndpointColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(HealthModel::DetailColumn, QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideMiddle);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto* statusRow = new QHBoxLayout;
    statusRow->setSpacing(12);
    statusRow->addWidget(m_statusDot, 0, Qt::AlignTop);
    statusRow->addWidget(m_statusLine, 1);

    auto* facts = new QGridLayout;
    facts->setHorizontalSpacing(16);
    facts->addWidget(m_backendCaption, 0, 0);
    facts->addWidget(m_backendValue, 0, 1);
    facts->addWidget(m_modeCaption, 1, 0);
    facts->addWidget(m_modeValue, 1, 1);
    facts->addWidget(m_versionCaption, 2, 0);
    facts->addWidget(m_versionValue, 2, 1);
    facts->setColumnStretch(1, 1);

    m_demoRate->setObjectName(QStringLiteral("demoRate"));
    m_demoRate->setRange(1, 500);
    m_demoRate->setValue(10);
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    m_demoStatus->setObjectName(QStringLiteral("demoStatus"));
    m_startupNote->setObjectName(QStringLiteral("startupNote"));
    m_startupNote->setWordWrap(true);
    m_startupNote->hide();
    connect(m_demoRate, &QSpinBox::valueChanged, m_demo, &DemoTraffic::setRate);
    m_demo->setRate(m_demoRate->value());
    connect(m_demoButton, &QPushButton::clicked, this, [this]() {
        if (m_demo->isRunning()) {
            m_demo->stop();
        } else {
            m_demo->start();
        }
    });
    connect(m_demo, &DemoTraffic::runningChanged, this, &OverviewPanel::updateDemoStatus);
    connect(m_demo, &DemoTraffic::counted, this, &OverviewPanel::updateDemoStatus);

    auto* demoRow = new QHBoxLayout;
    demoRow->addWidget(m_demoCaption);
    demoRow->addWidget(m_demoRate);
    demoRow->addWidget(m_demoButton);
    demoRow->addWidget(m_demoStatus, 1);

    auto* top = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addLayout(statusRow);
    left->addWidget(m_startupNote);
    left->addLayout(facts);
    left->addWidget(m_lightsCaption);
    left->addWidget(m_lights);
    auto* right = new QVBoxLayout;
    right->addWidget(m_tableCaption);
    right->addWidget(m_table);
    right->addStretch(1);
    top->addLayout(left, 1);
    top->addSpacing(12);
    top->addLayout(right, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 14, 14, 14);
    layout->setSpacing(8);
    layout->addWidget(m_accessNote);
    layout->addLayout(top);
    layout->addLayout(demoRow);
    layout->addWidget(m_charts, 1);

    // A handful of rows: size the table to them rather than leaving a large empty grid.
    connect(m_model, &QAbstractItemModel::modelReset, this, &OverviewPanel::fitTableHeight);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &OverviewPanel::fitTableHeight);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &OverviewPanel::fitTableHeight);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OverviewPanel::fitTableHeight);
    connect(m_model, &QAbstractItemModel::headerDataChanged, this, &OverviewPanel::fitTableHeight);
    // The horizontal scroll bar comes and goes with the width of the window and of the columns.
    connect(m_table->horizontalScrollBar(), &QScrollBar::rangeChanged, this, &OverviewPanel::fitTableHeight);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    retranslateUi();
    fitTableHeight();

    m_timer->setInterval(DefaultPollIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &OverviewPanel::refresh);
    setPolling(true);
    // First look at once rather than after a whole interval.
    QTimer::singleShot(0, this, &OverviewPanel::refresh);
}

QString OverviewPanel::statusText() const {
    return m_statusLine->text();
}

int OverviewPanel::pollIntervalMs() const {
    return m_timer->interval();
}

void OverviewPanel::setPollIntervalMs(int ms) {
    m_timer->setInterval(ms);
}

void OverviewPanel::setPolling(bool on) {
    if (on) {
        m_timer->start();
    } else {
        m_timer->stop();
    }
}

void OverviewPanel::refresh() {
    scrapeMetrics();
    if (m_inFlight) {
        return;
    }
    m_inFlight = true;
    m_client->getJson(
        HealthApi::readyPath(), [this](const BackendResponse& response) { handle(response); }, this);
}

void OverviewPanel::scrapeMetrics() {
    if (m_metricsInFlight) {
        return;
    }
    m_metricsInFlight = true;
    m_client->getText(
        HealthApi::metricsPath(),
        [this](const BackendResponse& response) {
            m_metricsInFlight = false;
            if (response.ok()) {
                m_charts->addScrape(MetricsSnapshot::parse(response.body, QDateTime::currentMSecsSinceEpoch()));
            }
        },
        this);
}

void OverviewPanel::setDemoCredentials(const std::optional<MerchantCredentials>& credentials,
                                       const QString& unavailableReason) {
    m_demo->setCredentials(credentials);
    m_demoUnavailable = unavailableReason;
    if (!credentials) {
        m_demo->stop();
    }
    updateDemoStatus();
}

void OverviewPanel::setStartupNote(const QString& note) {
    m_startupNote->setText(note);
    m_startupNote->setVisible(!note.isEmpty());
}

void OverviewPanel::setAccessNote(const QString& note) {
    m_accessNote->setText(note);
    m_accessNote->setVisible(!note.isEmpty());
}

QString OverviewPanel::accessNote() const {
    return m_accessNote->isHidden() ? QString() : m_accessNote->text();
}

void OverviewPanel::updateDemoStatus() {
    m_demoButton->setEnabled(m_demo->hasCredentials());
    m_demoButton->setText(m_demo->isRunning() ? tr("Stop demo traffic") : tr("Generate demo traffic"));
    m_demoButton->setToolTip(m_demo->hasCredentials() ? QString() : m_demoUnavailable);
    if (!m_demo->hasCredentials()) {
        m_demoStatus->setText(m_demoUnavailable);
    } else if (m_demo->sent() == 0) {
        m_demoStatus->setText(tr("Signed authorize/capture/refund calls as the demo merchant."));
    } else {
        QString text = tr("%1 calls sent, %2 failed").arg(m_demo->sent()).arg(m_demo->failures());
        if (!m_demo->lastError().isEmpty() && m_demo->failures() > 0) {
            text += tr(" (last: %1)").arg(m_demo->lastError());
        }
        m_demoStatus->setText(text);
    }
}

void OverviewPanel::handle(const BackendResponse& response) {
    m_inFlight = false;
    m_lastAttempt = QDateTime::currentDateTime();

    const QJsonObject body = response.json.object();
    const bool isHealthReport = body.contains(QStringLiteral("status")) &&
                                (body.contains(QStringLiteral("components")) ||
                                 body.value(QStringLiteral("status")).toString() == QLatin1String("starting"));
    // 503 is how /health/ready says "not ready"; its body is the same report and worth showing.
    const bool usable = isHealthReport && (response.ok() || response.httpStatus == 503);

    if (usable) {
        m_model->updateFromJson(body);
        m_reach = Reach::Reached;
        m_state = m_model->overallState();
        m_failure.clear();
        m_lastRefresh = m_lastAttempt;
    } else if (response.httpStatus == 0) {
        m_reach = Reach::Unreachable;
        m_state = HealthState::Down;
        m_failure = response.error ? response.error->message : QString();
        m_model->markUnknown();
    } else {
        m_reach = Reach::BadAnswer;
        m_state = HealthState::Down;
        if (response.error) {
            m_failure =
                tr("HTTP %1, %2: %3").arg(response.httpStatus).arg(response.error->code, response.error->message);
        } else {
            m_failure = tr("HTTP %1, not a health report").arg(response.httpStatus);
        }
        m_model->markUnknown();
    }
    m_phase = body.value(QStringLiteral("phase")).toString();
    m_lastOk = usable;
    showStatus();
    Q_EMIT refreshed(usable);
}

void OverviewPanel::showStatus() {
    const QString url = m_client->baseUrl().toDisplayString();
    QString text;
    switch (m_reach) {
        case Reach::Connecting:
            text = tr("Connecting to the backend at %1…").arg(url);
            break;
        case Reach::Reached:
            switch (m_state) {
                case HealthState::Up:
                    //: Big status line: the backend and all its components are ready.
                    text = tr("Ready");
                    break;
                case HealthState::Degraded:
                    //: Big status line: the backend works, with some component slow or down.
                    text = tr("Degraded");
                    break;
                case HealthState::Down:
                    //: Big status line: the backend cannot take payments.
                    text = tr("Unavailable");
                    break;
                case HealthState::Unknown:
                    if (m_model->overallStatusKey() == QLatin1String("starting")) {
                        //: Big status line while the backend starts; %1 is what it is doing.
                        text = m_phase.isEmpty() ? tr("Starting…") : tr("Starting: %1").arg(m_phase);
                        break;
                    }
                    text = tr("Unknown status “%1”").arg(m_model->overallStatusKey());
                    break;
            }
            break;
        case Reach::Unreachable:
            text = tr("Cannot reach backend at %1: %2").arg(url, m_failure);
            break;
        case Reach::BadAnswer:
            text = tr("Unexpected answer from backend at %1: %2").arg(url, m_failure);
            break;
    }
    m_statusLine->setText(text);
    const HealthState dotState = m_reach == Reach::Connecting ? HealthState::Unknown : m_state;
    m_statusDot->setPixmap(StatusColors::dot(dotState, StatusDotDiameter, devicePixelRatioF()));

    m_backendValue->setText(url);
    const QString mode = m_model->mode();
    if (mode == QLatin1String("embedded")) {
        m_modeValue->setText(tr("Embedded (servers started by the backend)"));
    } else if (mode == QLatin1String("external")) {
        m_modeValue->setText(tr("External (configured servers)"));
    } else {
        m_modeValue->setText(mode.isEmpty() ? tr("Not known yet") : mode);
    }
    const QString version = m_model->version();
    m_versionValue->setText(version.isEmpty() ? tr("Not known yet") : version);
}

void OverviewPanel::fitTableHeight() {
    // Size the table to its rows so it never shows scroll bars. Row heights come from the view
    // (they depend on the font: Korean glyphs are taller than Latin ones), and a horizontal scroll
    // bar is allowed for when the columns are wider than the view (long translated headers).
    // Show at least a few empty rows so the table does not collapse to its header before the
    // first report.
    constexpr int MinimumRows = 3;
    m_table->resizeRowsToContents();
    const int defaultRow =
        std::max(m_table->verticalHeader()->defaultSectionSize(), m_table->fontMetrics().height() + 8);
    int height = std::max(m_table->horizontalHeader()->sizeHint().height(), m_table->horizontalHeader()->height());
    const int rows = m_model->rowCount();
    for (int row = 0; row < rows; ++row) {
        height += m_table->rowHeight(row);
    }
    height += std::max(0, MinimumRows - rows) * defaultRow;
    height += 2 * m_table->frameWidth();
    if (m_table->horizontalHeader()->length() > m_table->viewport()->width()) {
        height += m_table->horizontalScrollBar()->sizeHint().height();
    }
    m_table->setFixedHeight(height);
}

void OverviewPanel::retranslateUi() {
    // The navigation list and View menu take the panel's title from here.
    setWindowTitle(tr("Overview"));
    m_backendCaption->setText(tr("Backend"));
    m_modeCaption->setText(tr("Mode"));
    m_versionCaption->setText(tr("Version"));
    m_lightsCaption->setText(tr("Components"));
    m_tableCaption->setText(tr("Component health"));
    m_demoCaption->setText(tr("Demo traffic (authorizations/s)"));
    m_charts->retranslateUi();
    updateDemoStatus();
    m_model->retranslate();
    showStatus();
    fitTableHeight();
}

void OverviewPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}
