#include "core/Metrics.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace paydesk {

void Histogram::observe(double seconds) {
    if (!(seconds >= 0)) seconds = 0;  // also catches NaN
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    count_.fetch_add(1, std::memory_order_relaxed);
    sumMicros_.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e6)), std::memory_order_relaxed);
}

double Histogram::quantile(double q) const {
    assert(q >= 0 && q <= 1);
    const std::uint64_t total = count();
    if (total == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += bucket(i);
        if (cumulative >= rank) return kBuckets[i];
    }
    return kBuckets.back();
}

MetricsRegistry& MetricsRegistry::global() {
    static MetricsRegistry registry;
    return registry;
}

std::string MetricsRegistry::escapeLabelValue(const std::string& v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out.push_back(c);
    }
    return out;
}

std::string MetricsRegistry::renderLabels(const MetricLabels& labels, const std::string& extra) {
    if (labels.empty() && extra.empty()) return {};
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : labels) {
        if (!first) out += ',';
        first = false;
        out += k + "=\"" + escapeLabelValue(v) + "\"";
    }
    if (!extra.empty()) {
        if (!first) out += ',';
        out += extra;
    }
    out += '}';
    return out;
}

MetricsRegistry::Series& MetricsRegistry::seriesFor(const std::string& name, const std::string& help, Kind kind,
                                                    const MetricLabels& labels) {
    assert(!name.empty());
    std::lock_guard lock(mutex_);
    auto [famIt, inserted] = families_.try_emplace(name);
    Family& family = famIt->second;
    if (inserted) {
        family.kind = kind;
        family.help = help;
    }
    if (family.kind != kind) throw std::logic_error("metric " + name + " registered with two kinds");
    Series& s = family.series[renderLabels(labels)];
    if (s.labels.empty()) s.labels = labels;
    return s;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help, const MetricLabels& labels) {
    Series& s = seriesFor(name, help, Kind::Counter, labels);
    std::lock_guard lock(mutex_);
    if (!s.counter) s.counter = std::make_unique<Counter>();
    return *s.counter;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, const MetricLabels& labels) {
    Series& s = seriesFor(name, help, Kind::Gauge, labels);
    std::lock_guard lock(mutex_);
    if (!s.gauge) s.gauge = std::make_unique<Gauge>();
    return *s.gauge;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help, const MetricLabels& labels) {
    Series& s = seriesFor(name, help, Kind::Histogram, labels);
    std::lock_guard lock(mutex_);
    if (!s.histogram) s.histogram = std::make_unique<Histogram>();
    return *s.histogram;
}

void MetricsRegistry::callbackGauge(const std::string& name, const std::string& help, const MetricLabels& labels,
                                    std::function<double()> fn) {
    Series& s = seriesFor(name, help, Kind::Gauge, labels);
    std::lock_guard lock(mutex_);
    s.callback = std::move(fn);
}

namespace {
std::string formatDouble(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buf[64];
    // Shortest text that reads back as the same double: "0.0005", not "0.00050000000000000001".
    const auto format = std::fabs(v) < 1e15 ? std::chars_format::fixed : std::chars_format::scientific;
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, format);
    assert(ec == std::errc{});
    return std::string(buf, end);
}
}  // namespace

std::string MetricsRegistry::renderPrometheus() const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : families_) {
        const char* type = family.kind == Kind::Counter ? "counter" : family.kind == Kind::Gauge ? "gauge" : "histogram";
        out << "# HELP " << name << ' ' << family.help << '\n' << "# TYPE " << name << ' ' << type << '\n';
        for (const auto& [key, s] : family.series) {
            switch (family.kind) {
                case Kind::Counter: out << name << key << ' ' << (s.counter ? s.counter->value() : 0) << '\n'; break;
                case Kind::Gauge: {
                    double v = 0;
                    if (s.callback) {
                        try {
                            v = s.callback();
                        } catch (const std::exception&) {
                            v = std::nan("");  // a failing probe must not break the scrape
                        }
                    } else if (s.gauge) {
                        v = s.gauge->value();
                    }
                    out << name << key << ' ' << formatDouble(v) << '\n';
                    break;
                }
                case Kind::Histogram: {
                    if (!s.histogram) break;
                    const Histogram& h = *s.histogram;
                    std::uint64_t cumulative = 0;
                    for (std::size_t i = 0; i < Histogram::kBuckets.size(); ++i) {
                        cumulative += h.bucket(i);
                        out << name << "_bucket" << renderLabels(s.labels, "le=\"" + formatDouble(Histogram::kBuckets[i]) + "\"")
                            << ' ' << cumulative << '\n';
                    }
                    // observe() bumps the bucket before the count; never render a count below a bucket.
                    const std::uint64_t total = std::max(cumulative, h.count());
                    out << name << "_bucket" << renderLabels(s.labels, "le=\"+Inf\"") << ' ' << total << '\n';
                    out << name << "_sum" << key << ' ' << formatDouble(h.sum()) << '\n';
                    out << name << "_count" << key << ' ' << total << '\n';
                    break;
                }
            }
        }
    }
    return out.str();
}

}  // namespace paydesk
