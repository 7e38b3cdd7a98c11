#include "MetricsCharts.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

MetricsCharts::MetricsCharts(QWidget* parent)
    : QWidget(parent),
      m_requests(makeChart()),
      m_latency(makeChart()),
      m_errors(makeChart()),
      m_backlog(makeChart()),
      m_breakersCaption(new QLabel(this)),
      m_breakers(new QLabel(this)) {
    setObjectName(QStringLiteral("metricsCharts"));
    m_p50 = addSeries(m_latency, QStringLiteral("p50"));
    m_p95 = addSeries(m_latency, QStringLiteral("p95"));
    m_p99 = addSeries(m_latency, QStringLiteral("p99"));
    m_clientErrors = addSeries(m_errors, QStringLiteral("4xx"));
    m_serverErrors = addSeries(m_errors, QStringLiteral("5xx"));
    m_backlogSeries = addSeries(m_backlog, QString());
    m_backlog.chart->legend()->hide();
    m_breakers->setObjectName(QStringLiteral("breakers"));
    m_breakers->setTextFormat(Qt::RichText);
    QFont bold = m_breakersCaption->font();
    bold.setBold(true);
    m_breakersCaption->setFont(bold);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(m_requests.view, 0, 0);
    grid->addWidget(m_latency.view, 0, 1);
    grid->addWidget(m_errors.view, 1, 0);
    grid->addWidget(m_backlog.view, 1, 1);
    auto* breakers = new QHBoxLayout;
    breakers->addWidget(m_breakersCaption);
    breakers->addWidget(m_breakers, 1);
    grid->addLayout(breakers, 2, 0, 1, 2);
    retranslateUi();
}

MetricsCharts::Chart MetricsCharts::makeChart() {
    Chart c;
    c.chart = new QChart;
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.chart->legend()->setAlignment(Qt::AlignRight);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    c.chart->legend()->setFont(small);
    c.x = new QValueAxis;
    c.x->setRange(0, WindowPoints);
    c.x->setLabelsVisible(false);
    c.x->setTickCount(4);
    c.y = new QValueAxis;
    c.y->setRange(0, 1);
    c.y->setLabelFormat(QStringLiteral("%.3g"));
    c.y->setLabelsFont(small);
    c.y->setTickCount(4);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    QFont titleFont = font();
    titleFont.setBold(true);
    c.chart->setTitleFont(titleFont);
    c.view = new QChartView(c.chart, this);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumHeight(150);
    return c;
}

QLineSeries* MetricsCharts::addSeries(Chart& chart, const QString& name) {
    auto* series = new QLineSeries;
    series->setName(name);
    chart.chart->addSeries(series);
    series->attachAxis(chart.x);
    series->attachAxis(chart.y);
    return series;
}

void MetricsCharts::append(Chart& chart, QLineSeries* series, double value) {
    series->append(m_tick, value);
    while (series->count() > 0 && series->at(0).x() < m_tick - WindowPoints) {
        series->remove(0);
    }
    (void)chart;
}

void MetricsCharts::rescale(Chart& chart) {
    double top = 0;
    const auto all = chart.chart->series();
    for (QAbstractSeries* abstract : all) {
        const auto* series = static_cast<QLineSeries*>(abstract);
        for (int i = 0; i < series->count(); ++i) {
            top = std::max(top, series->at(i).y());
        }
    }
    chart.y->setRange(0, top <= 0 ? 1 : top * 1.15);
    chart.x->setRange(std::max(0, m_tick - WindowPoints), std::max(WindowPoints, m_tick));
}

void MetricsCharts::addScrape(const MetricsSnapshot& snapshot) {
    if (!m_previous) {
        m_previous = snapshot;
        return;
    }
    const MetricsRates rates = MetricsRates::between(*m_previous, snapshot);
    m_previous = snapshot;
    if (rates.seconds <= 0) {
        return;
    }
    m_last = rates;
    ++m_tick;

    // The busiest routes of this interval get a line; routes that had one keep it.
    QList<QPair<double, QString>> busiest;
    for (auto it = rates.requestsPerSecond.constBegin(); it != rates.requestsPerSecond.constEnd(); ++it) {
        busiest.append({it.value(), it.key()});
    }
    std::sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& route : busiest) {
        if (m_routeSeries.size() >= TopRoutes || route.first <= 0) {
            break;
        }
        if (!m_routeSeries.contains(route.second)) {
            m_routeSeries.insert(route.second, addSeries(m_requests, route.second));
        }
    }
    for (auto it = m_routeSeries.constBegin(); it != m_routeSeries.constEnd(); ++it) {
        append(m_requests, it.value(), rates.requestsPerSecond.value(it.key(), 0.0));
    }
    append(m_latency, m_p50, rates.p50.value_or(0) * 1000.0);
    append(m_latency, m_p95, rates.p95.value_or(0) * 1000.0);
    append(m_latency, m_p99, rates.p99.value_or(0) * 1000.0);
    append(m_errors, m_clientErrors, rates.clientErrorShare * 100.0);
    append(m_errors, m_serverErrors, rates.serverErrorShare * 100.0);
    append(m_backlog, m_backlogSeries, rates.outboxBacklog.value_or(0));
    for (Chart* chart : {&m_requests, &m_latency, &m_errors, &m_backlog}) {
        rescale(*chart);
    }
    m_breakers->setText(breakersText());
}

QString MetricsCharts::breakersText() const {
    if (!m_last || m_last->breakers.isEmpty()) {
        return tr("none reported yet");
    }
    QStringList parts;
    for (auto it = m_last->breakers.constBegin(); it != m_last->breakers.constEnd(); ++it) {
        QString state;
        QString color;
        switch (it.value()) {
            case 0:
                state = tr("closed");
                color = QStringLiteral("#2e7d32");
                break;
            case 1:
                state = tr("half-open");
                color = QStringLiteral("#ef6c00");
                break;
            default:
                state = tr("open");
                color = QStringLiteral("#c62828");
                break;
        }
        parts.append(QStringLiteral("%1: <b style=\"color:%2\">%3</b>").arg(it.key().toHtmlEscaped(), color, state));
    }
    return parts.join(QStringLiteral(" &nbsp; "));
}

void MetricsCharts::retranslateUi() {
    m_requests.chart->setTitle(tr("Requests per second (top routes)"));
    m_latency.chart->setTitle(tr("Latency (ms)"));
    m_errors.chart->setTitle(tr("Error answers (% of requests)"));
    m_backlog.chart->setTitle(tr("Outbox backlog (events)"));
    m_breakersCaption->setText(tr("Circuit breakers:"));
    m_breakers->setText(breakersText());
}
