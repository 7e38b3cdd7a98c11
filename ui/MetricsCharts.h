#pragma once

#include "Metrics.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCategoryAxis;
class QChart;
class QLocale;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

// How the live charts choose routes and label axes; pure functions, so they can be tested.
namespace ChartScale {
// Up to `count` routes with the highest recent rate (ties by name); idle routes are left out.
QStringList rankRoutes(const QHash<QString, double>& recentRate, int count);
// Ticks from 0 in steps of 1, 2, 2.5 or 5 × 10^k, the last one at or above `maximum`; at most maxTicks + 1.
QList<double> niceTicks(double maximum, int maxTicks);
// An axis value as people read it: "0", "0.25", "12", "5,580", "39.8M" (never "5.58e+03" or "39833200").
QString label(double value, const QLocale& locale);
// Sets `axis` to run from 0 to the nice tick above `maximum`, labelled with label() at each tick.
void apply(QCategoryAxis* axis, double maximum, const QLocale& locale);
}  // namespace ChartScale

// The Overview's live charts, fed one /metrics scrape at a time: requests per second for the routes
// busiest over the last few scrapes (ranked again on every scrape), p50/p95/p99 latency, the 4xx/5xx share of answers
// and the outbox backlog, over the last few minutes; plus the circuit breakers' states.
class MetricsCharts : public QWidget {
    Q_OBJECT

public:
    static constexpr int WindowPoints = 90;  // 3 minutes at one scrape every 2 s
    static constexpr int TopRoutes = 5;
    static constexpr int RecentPoints = 3;  // routes are ranked by their mean rate over the last 6 s

    explicit MetricsCharts(QWidget* parent = nullptr);

    void addScrape(const MetricsSnapshot& snapshot);
    std::optional<MetricsRates> lastRates() const { return m_last; }
    QString breakersText() const;
    // The routes that have a line now, busiest first.
    QStringList shownRoutes() const { return m_shownRoutes; }
    // The y-axis labels of the requests/s chart, bottom to top.
    QStringList requestAxisLabels() const;
    void retranslateUi();

private:
    struct Chart {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QCategoryAxis* y = nullptr;
    };
    Chart makeChart();
    QLineSeries* addSeries(Chart& chart, const QString& name);
    void append(Chart& chart, QLineSeries* series, double value);
    void rescale(Chart& chart);
    void updateRoutes(const MetricsRates& rates);

    Chart m_requests;
    Chart m_latency;
    Chart m_errors;
    Chart m_backlog;
    QHash<QString, QLineSeries*> m_routeSeries;
    QHash<QString, QList<QPointF>> m_routeHistory;  // every route's rate over the window
    QStringList m_shownRoutes;
    QLineSeries* m_p50;
    QLineSeries* m_p95;
    QLineSeries* m_p99;
    QLineSeries* m_clientErrors;
    QLineSeries* m_serverErrors;
    QLineSeries* m_backlogSeries;
    QLabel* m_breakersCaption;
    QLabel* m_breakers;
    std::optional<MetricsSnapshot> m_previous;
    std::optional<MetricsRates> m_last;
    int m_tick = 0;
};
