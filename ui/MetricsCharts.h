#pragma once

#include "Metrics.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

// The Overview's live charts, fed one /metrics scrape at a time: requests per second for the busiest
// routes, p50/p95/p99 latency, the 4xx/5xx share of answers and the outbox backlog, over the last
// few minutes; plus the circuit breakers' states.
class MetricsCharts : public QWidget {
    Q_OBJECT

public:
    static constexpr int WindowPoints = 90;  // 3 minutes at one scrape every 2 s
    static constexpr int TopRoutes = 5;

    explicit MetricsCharts(QWidget* parent = nullptr);

    void addScrape(const MetricsSnapshot& snapshot);
    std::optional<MetricsRates> lastRates() const { return m_last; }
    QString breakersText() const;
    void retranslateUi();

private:
    struct Chart {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };
    Chart makeChart();
    QLineSeries* addSeries(Chart& chart, const QString& name);
    void append(Chart& chart, QLineSeries* series, double value);
    void rescale(Chart& chart);

    Chart m_requests;
    Chart m_latency;
    Chart m_errors;
    Chart m_backlog;
    QHash<QString, QLineSeries*> m_routeSeries;
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
