#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace paydesk {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
public:
    void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    [[nodiscard]] std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class Gauge {
public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    void add(double d) {
        double cur = value_.load(std::memory_order_relaxed);
        while (!value_.compare_exchange_weak(cur, cur + d, std::memory_order_relaxed)) {
        }
    }
    [[nodiscard]] double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0.0};
};

// Fixed-bucket histogram of seconds; lock-free observe.
class Histogram {
public:
    static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1.0,   2.5,   5.0,  10.0};
    void observe(double seconds);
    [[nodiscard]] std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
    [[nodiscard]] double sum() const { return static_cast<double>(sumMicros_.load(std::memory_order_relaxed)) / 1e6; }
    [[nodiscard]] std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
    // Quantile estimated from bucket upper bounds (for the console; Prometheus computes its own).
    [[nodiscard]] double quantile(double q) const;

private:
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets_{};  // non-cumulative
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sumMicros_{0};
};

// A process-wide registry rendering the Prometheus text exposition format (version 0.0.4).
// Instruments are created once (mutex) and then updated lock-free; callers keep the reference.
class MetricsRegistry {
public:
    static MetricsRegistry& global();

    Counter& counter(const std::string& name, const std::string& help, const MetricLabels& labels = {});
    Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels = {});
    Histogram& histogram(const std::string& name, const std::string& help, const MetricLabels& labels = {});
    // A gauge computed when scraped (e.g. outbox backlog). Replaces an earlier callback of the same series.
    void callbackGauge(const std::string& name, const std::string& help, const MetricLabels& labels, std::function<double()> fn);

    [[nodiscard]] std::string renderPrometheus() const;

    static std::string escapeLabelValue(const std::string& v);

private:
    enum class Kind { Counter, Gauge, Histogram };
    struct Series {
        MetricLabels labels;
        std::unique_ptr<Counter> counter;
        std::unique_ptr<Gauge> gauge;
        std::unique_ptr<Histogram> histogram;
        std::function<double()> callback;
    };
    struct Family {
        Kind kind{};
        std::string help;
        std::map<std::string, Series> series;  // keyed by rendered label set
    };
    Series& seriesFor(const std::string& name, const std::string& help, Kind kind, const MetricLabels& labels);
    static std::string renderLabels(const MetricLabels& labels, const std::string& extra = {});

    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
};

}  // namespace paydesk
