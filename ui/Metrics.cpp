#include "Metrics.h"

#include <algorithm>
#include <cmath>

namespace {

// name{a="x",b="y"} value  — label values may contain escaped quotes and backslashes.
bool parseLine(const QString& line, MetricSample* sample) {
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n && line.at(i) != QLatin1Char('{') && line.at(i) != QLatin1Char(' ')) {
        ++i;
    }
    sample->name = line.left(i);
    sample->labels.clear();
    if (i < n && line.at(i) == QLatin1Char('{')) {
        ++i;
        while (i < n && line.at(i) != QLatin1Char('}')) {
            const qsizetype eq = line.indexOf(QLatin1Char('='), i);
            if (eq < 0 || eq + 1 >= n || line.at(eq + 1) != QLatin1Char('"')) {
                return false;
            }
            const QString key = line.mid(i, eq - i).trimmed();
            qsizetype j = eq + 2;
            QString value;
            while (j < n && line.at(j) != QLatin1Char('"')) {
                if (line.at(j) == QLatin1Char('\\') && j + 1 < n) {
                    ++j;
                    value += line.at(j) == QLatin1Char('n') ? QLatin1Char('\n') : line.at(j);
                } else {
                    value += line.at(j);
                }
                ++j;
            }
            sample->labels.insert(key, value);
            i = j + 1;
            if (i < n && line.at(i) == QLatin1Char(',')) {
                ++i;
            }
        }
        ++i;
    }
    const QString rest = line.mid(i).trimmed();
    const QString number = rest.section(QLatin1Char(' '), 0, 0);
    bool ok = false;
    if (number == QLatin1String("+Inf")) {
        sample->value = std::numeric_limits<double>::infinity();
        ok = true;
    } else {
        sample->value = number.toDouble(&ok);
    }
    return ok && !sample->name.isEmpty();
}

double parseLe(const QString& le) {
    if (le == QLatin1String("+Inf")) {
        return std::numeric_limits<double>::infinity();
    }
    return le.toDouble();
}

}  // namespace

MetricsSnapshot MetricsSnapshot::parse(const QByteArray& text, qint64 takenAtMs) {
    MetricsSnapshot snapshot;
    snapshot.takenAtMs = takenAtMs;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        MetricSample sample;
        if (parseLine(line, &sample)) {
            snapshot.samples.append(sample);
        }
    }
    return snapshot;
}

std::optional<double> MetricsSnapshot::value(const QString& name) const {
    for (const MetricSample& sample : samples) {
        if (sample.name == name) {
            return sample.value;
        }
    }
    return std::nullopt;
}

std::optional<double> histogramQuantile(double q, const QList<QPair<double, double>>& buckets) {
    if (buckets.isEmpty()) {
        return std::nullopt;
    }
    const double total = buckets.constLast().second;
    if (total <= 0) {
        return std::nullopt;
    }
    const double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (const auto& bucket : buckets) {
        if (bucket.second >= rank) {
            if (std::isinf(bucket.first)) {
                // Beyond the last finite bound: the best statement is that bound.
                return lowerBound;
            }
            const double inBucket = bucket.second - lowerCount;
            if (inBucket <= 0) {
                return bucket.first;
            }
            return lowerBound + (bucket.first - lowerBound) * (rank - lowerCount) / inBucket;
        }
        lowerBound = bucket.first;
        lowerCount = bucket.second;
    }
    return lowerBound;
}

MetricsRates MetricsRates::between(const MetricsSnapshot& previous, const MetricsSnapshot& current) {
    MetricsRates rates;
    rates.seconds = static_cast<double>(current.takenAtMs - previous.takenAtMs) / 1000.0;
    rates.outboxBacklog = current.value(QStringLiteral("paydesk_outbox_backlog"));

    auto key = [](const MetricSample& s) {
        QStringList parts;
        for (auto it = s.labels.constBegin(); it != s.labels.constEnd(); ++it) {
            parts.append(it.key() + QLatin1Char('=') + it.value());
        }
        parts.sort();
        return s.name + QLatin1Char('|') + parts.join(QLatin1Char(','));
    };
    QHash<QString, double> before;
    for (const MetricSample& s : previous.samples) {
        before.insert(key(s), s.value);
    }
    // A counter that went down means the backend restarted: count from zero.
    auto delta = [&](const MetricSample& s) {
        const double old = before.value(key(s), 0.0);
        return s.value >= old ? s.value - old : s.value;
    };

    const QString requests = QStringLiteral("paydesk_http_requests_total");
    const QString bucketName = QStringLiteral("paydesk_http_request_duration_seconds_bucket");
    const QString breaker = QStringLiteral("paydesk_circuit_breaker_state");
    double all = 0;
    double client = 0;
    double server = 0;
    QMap<double, double> buckets;
    for (const MetricSample& s : current.samples) {
        if (s.name == requests) {
            const double d = delta(s);
            all += d;
            const QString status = s.labels.value(QStringLiteral("status"));
            if (status.startsWith(QLatin1Char('4'))) {
                client += d;
            } else if (status.startsWith(QLatin1Char('5'))) {
                server += d;
            }
            rates.requestsPerSecond[s.labels.value(QStringLiteral("route"))] += d;
        } else if (s.name == bucketName) {
            buckets[parseLe(s.labels.value(QStringLiteral("le")))] += delta(s);
        } else if (s.name == breaker) {
            rates.breakers.insert(s.labels.value(QStringLiteral("breaker")), static_cast<int>(s.value));
        }
    }
    if (rates.seconds > 0) {
        for (auto it = rates.requestsPerSecond.begin(); it != rates.requestsPerSecond.end(); ++it) {
            it.value() /= rates.seconds;
        }
        rates.totalPerSecond = all / rates.seconds;
    }
    if (all > 0) {
        rates.clientErrorShare = client / all;
        rates.serverErrorShare = server / all;
    }
    QList<QPair<double, double>> sorted;
    for (auto it = buckets.constBegin(); it != buckets.constEnd(); ++it) {
        sorted.append({it.key(), it.value()});
    }
    rates.p50 = histogramQuantile(0.50, sorted);
    rates.p95 = histogramQuantile(0.95, sorted);
    rates.p99 = histogramQuantile(0.99, sorted);
    return rates;
}
