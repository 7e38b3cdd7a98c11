#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <limits>
#include <optional>

// One scrape of GET /metrics (Prometheus text format 0.0.4), and the rates the Overview charts show,
// computed from the difference between two scrapes.
struct MetricSample {
    QString name;
    QHash<QString, QString> labels;
    double value = 0;
};

struct MetricsSnapshot {
    qint64 takenAtMs = 0;
    QList<MetricSample> samples;

    static MetricsSnapshot parse(const QByteArray& text, qint64 takenAtMs);
    // The first sample of that name (gauges without labels), or nullopt.
    std::optional<double> value(const QString& name) const;
};

struct MetricsRates {
    double seconds = 0;                       // between the two scrapes
    QMap<QString, double> requestsPerSecond;  // by route
    double totalPerSecond = 0;
    double clientErrorShare = 0;  // 4xx answers / all answers in the interval, 0..1
    double serverErrorShare = 0;  // 5xx
    std::optional<double> p50, p95, p99;  // seconds; none when no request finished in the interval
    std::optional<double> outboxBacklog;
    QMap<QString, int> breakers;  // breaker -> 0 closed, 1 half-open, 2 open

    static MetricsRates between(const MetricsSnapshot& previous, const MetricsSnapshot& current);
};

// Prometheus' histogram_quantile: buckets are (upper bound, cumulative count), sorted, the last +Inf.
std::optional<double> histogramQuantile(double q, const QList<QPair<double, double>>& buckets);
