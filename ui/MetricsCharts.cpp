#include "MetricsCharts.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QSet>
#include <QValueAxis>

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ChartScale {

QStringList rankRoutes(const QHash<QString, double>& recentRate, int count) {
    QList<QPair<double, QString>> busy;
    for (auto it = recentRate.constBegin(); it != recentRate.constEnd(); ++it) {
        if (it.value() > 0) {
            busy.append({it.value(), it.key()});
        }
    }
    std::sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QStringList routes;
    for (qsizetype i = 0; i < busy.size() && i < count; ++i) {
        routes.append(busy.at(i).second);
    }
    return routes;
}

QList<double> niceTicks(double maximum, int maxTicks) {
    if (!(maximum > 0) || maxTicks < 1) {
        return {0, 1};
    }
    const double rough = maximum / maxTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude * 10;
    for (const double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (magnitude * factor >= rough) {
            step = magnitude * factor;
            break;
        }
    }
    QList<double> ticks{0};
    while (ticks.constLast() < maximum) {
        ticks.append(ticks.constLast() + step);
    }
    return ticks;
}

// Up to `decimals` decimals, without trailing zeros ("2.50" → "2.5", "3.0" → "3").
static QString trimmed(double value, int decimals, const QLocale& locale) {
    QString text = locale.toString(value, 'f', decimals);
    if (decimals > 0) {
        while (text.endsWith(QLatin1Char('0'))) {
            text.chop(1);
        }
        if (text.endsWith(locale.decimalPoint())) {
            text.chop(locale.decimalPoint().size());
        }
    }
    return text;
}

QString label(double value, const QLocale& locale) {
    const double magnitude = std::fabs(value);
    if (magnitude >= 1e9) {
        return trimmed(value / 1e9, magnitude >= 1e11 ? 0 : 1, locale) + QLatin1Char('G');
    }
    if (magnitude >= 1e6) {
        return trimmed(value / 1e6, magnitude >= 1e8 ? 0 : 1, locale) + QLatin1Char('M');
    }
    if (magnitude >= 10 || value == std::round(value)) {
        return locale.toString(static_cast<qlonglong>(std::llround(value)));
    }
    return trimmed(value, 2, locale);
}

void apply(QCategoryAxis* axis, double maximum, const QLocale& locale) {
    const QList<double> ticks = niceTicks(maximum, 4);
    for (const QString& old : axis->categoriesLabels()) {
        axis->remove(old);
    }
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(0);
    for (qsizetype i = 1; i < ticks.size(); ++i) {
        axis->append(label(ticks.at(i), locale), ticks.at(i));
    }
    axis->setRange(0, ticks.constLast());
}

}  // namespace ChartScale

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
    // Category boundaries as ticks: labels formatted here, not by printf (no "5.58e+03").
    c.y = new QCategoryAxis;
    c.y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    c.y->setRange(0, 1);
    c.y->setLabelsFont(small);
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
    ChartScale::apply(chart.y, top * 1.05, locale());
    chart.x->setRange(std::max(0, m_tick - WindowPoints), std::max(WindowPoints, m_tick));
}

QStringList MetricsCharts::requestAxisLabels() const {
    return m_requests.y->categoriesLabels();
}

// Every route's rate is kept for the window; the lines are the routes busiest over the last few
// scrapes, ranked again each time, so traffic that starts later (payments after a quiet start) shows.
void MetricsCharts::updateRoutes(const MetricsRates& rates) {
    QHash<QString, double> recent;
    QSet<QString> routes(m_routeHistory.keyBegin(), m_routeHistory.keyEnd());
    for (auto it = rates.requestsPerSecond.constBegin(); it != rates.requestsPerSecond.constEnd(); ++it) {
        routes.insert(it.key());
    }
    for (const QString& route : std::as_const(routes)) {
        QList<QPointF>& points = m_routeHistory[route];
        points.append(QPointF(m_tick, rates.requestsPerSecond.value(route, 0.0)));
        while (!points.isEmpty() && points.constFirst().x() < m_tick - WindowPoints) {
            points.removeFirst();
        }
        double sum = 0;
        const qsizetype from = std::max<qsizetype>(0, points.size() - RecentPoints);
        for (qsizetype i = from; i < points.size(); ++i) {
            sum += points.at(i).y();
        }
        recent.insert(route, sum / static_cast<double>(points.size() - from));
    }
    m_shownRoutes = ChartScale::rankRoutes(recent, TopRoutes);
    for (auto it = m_routeSeries.begin(); it != m_routeSeries.end();) {
        if (m_shownRoutes.contains(it.key())) {
            ++it;
            continue;
        }
        m_requests.chart->removeSeries(it.value());
        delete it.value();
        it = m_routeSeries.erase(it);
    }
    for (const QString& route : std::as_const(m_shownRoutes)) {
        if (!m_routeSeries.contains(route)) {
            m_routeSeries.insert(route, addSeries(m_requests, route));
        }
        m_routeSeries.value(route)->replace(m_routeHistory.value(route));
    }
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

    updateRoutes(rates);
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
