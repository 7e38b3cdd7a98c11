#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "../../app/paybench/LatencyRecorder.h"

using paydesk::bench::LatencyRecorder;
using namespace std::chrono_literals;

namespace {
// The textbook nearest-rank percentile of a sorted sample, to compare the histogram against. In
// integer arithmetic (p in hundredths of a percent) so it carries no rounding of its own.
std::uint64_t nearestRank(const std::vector<std::uint64_t>& sorted, double p) {
    if (p <= 0) return sorted.front();
    const auto hundredths = static_cast<std::size_t>(std::llround(p * 100.0));
    const std::size_t rank = (hundredths * sorted.size() + 9999) / 10000;
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}
}  // namespace

class TestLatencyRecorder : public QObject {
    Q_OBJECT
private slots:
    void emptyRecorderReportsZero() {
        LatencyRecorder r;
        QCOMPARE(r.count(), std::uint64_t{0});
        QCOMPARE(r.percentileMicros(50), std::uint64_t{0});
        QCOMPARE(r.percentileMicros(100), std::uint64_t{0});
        QCOMPARE(r.minMicros(), std::uint64_t{0});
        QCOMPARE(r.meanMicros(), 0.0);
    }

    void smallValuesAreExactNearestRank() {
        // 1..1000 µs all fall in the exact range, so percentiles are the textbook values.
        LatencyRecorder r;
        for (std::uint64_t v = 1000; v >= 1; --v) r.recordMicros(v);  // order must not matter
        QCOMPARE(r.count(), std::uint64_t{1000});
        QCOMPARE(r.percentileMicros(50), std::uint64_t{500});
        QCOMPARE(r.percentileMicros(90), std::uint64_t{900});
        QCOMPARE(r.percentileMicros(99), std::uint64_t{990});
        QCOMPARE(r.percentileMicros(99.9), std::uint64_t{999});
        QCOMPARE(r.percentileMicros(100), std::uint64_t{1000});
        QCOMPARE(r.percentileMicros(0), std::uint64_t{1});
        QCOMPARE(r.percentileMicros(0.01), std::uint64_t{1});  // rank rounds up to the first sample
        QCOMPARE(r.meanMicros(), 500.5);
        QCOMPARE(r.percentileMillis(50), 0.5);
    }

    void singleSampleIsEveryPercentile() {
        LatencyRecorder r;
        r.recordMicros(123'456);
        for (double p : {0.0, 1.0, 50.0, 99.9, 100.0}) QCOMPARE(r.percentileMicros(p), std::uint64_t{123'456});
    }

    void nanosecondsRoundToNearestMicrosecond() {
        LatencyRecorder r;
        r.record(1499ns);
        r.record(1500ns);
        r.record(-5ms);  // a clock read out of order counts as zero, not as a huge unsigned value
        QCOMPARE(r.count(), std::uint64_t{3});
        QCOMPARE(r.minMicros(), std::uint64_t{0});
        QCOMPARE(r.maxMicros(), std::uint64_t{2});
        QCOMPARE(r.percentileMicros(50), std::uint64_t{1});
    }

    void bucketBoundariesAreContiguous() {
        // Every value maps to a bucket whose range contains it, and consecutive buckets touch.
        for (std::size_t i = 0; i + 1 < LatencyRecorder::kBucketCount; ++i) {
            QCOMPARE(LatencyRecorder::highestEquivalent(i) + 1, LatencyRecorder::lowestEquivalent(i + 1));
        }
        QCOMPARE(LatencyRecorder::indexOf(0), std::size_t{0});
        QCOMPARE(LatencyRecorder::indexOf(LatencyRecorder::kMaxTrackableMicros), LatencyRecorder::kBucketCount - 1);
        QCOMPARE(LatencyRecorder::highestEquivalent(LatencyRecorder::kBucketCount - 1),
                 LatencyRecorder::kMaxTrackableMicros);
        for (std::uint64_t v : {2047ull, 2048ull, 2049ull, 4095ull, 4096ull, 1'000'000ull, 60'000'000ull}) {
            const auto i = LatencyRecorder::indexOf(v);
            QVERIFY(LatencyRecorder::lowestEquivalent(i) <= v);
            QVERIFY(LatencyRecorder::highestEquivalent(i) >= v);
        }
    }

    void largeValuesStayWithinRelativeError() {
        // Log-normal-ish latencies from 0.1 ms to ~10 s: every percentile is at or above the true one
        // and no more than 1/1024 above it.
        std::mt19937_64 rng(42);
        std::lognormal_distribution<double> dist(std::log(5000.0), 1.5);
        std::vector<std::uint64_t> samples;
        LatencyRecorder r;
        for (int i = 0; i < 200'000; ++i) {
            const auto v = static_cast<std::uint64_t>(std::min(dist(rng), 1e7)) + 100;
            samples.push_back(v);
            r.recordMicros(v);
        }
        std::sort(samples.begin(), samples.end());
        for (double p : {1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99}) {
            const auto truth = nearestRank(samples, p);
            const auto got = r.percentileMicros(p);
            QVERIFY2(got >= truth, qPrintable(QString("p%1: %2 < %3").arg(p).arg(got).arg(truth)));
            QVERIFY2(static_cast<double>(got - truth) <= static_cast<double>(truth) / 1024.0,
                     qPrintable(QString("p%1: %2 vs %3").arg(p).arg(got).arg(truth)));
        }
        QCOMPARE(r.percentileMicros(100), samples.back());
        QCOMPARE(r.minMicros(), samples.front());
    }

    void percentileNeverExceedsTheMaximum() {
        // 3000 µs sits in a bucket reaching 3001; the report must not invent a value above the max.
        LatencyRecorder r;
        r.recordMicros(3000);
        r.recordMicros(3000);
        QCOMPARE(r.percentileMicros(99), std::uint64_t{3000});
    }

    void hugeValuesSaturateButStayCounted() {
        LatencyRecorder r;
        r.recordMicros(std::uint64_t{1} << 50);
        r.recordMicros(10);
        QCOMPARE(r.count(), std::uint64_t{2});
        QCOMPARE(r.maxMicros(), LatencyRecorder::kMaxTrackableMicros);
        QCOMPARE(r.percentileMicros(100), LatencyRecorder::kMaxTrackableMicros);
        QCOMPARE(r.percentileMicros(50), std::uint64_t{10});
    }

    void mergeEqualsRecordingEverythingInOne() {
        LatencyRecorder a;
        LatencyRecorder b;
        LatencyRecorder all;
        for (std::uint64_t v = 1; v <= 5000; ++v) {
            (v % 3 == 0 ? a : b).recordMicros(v * 7);
            all.recordMicros(v * 7);
        }
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QCOMPARE(a.minMicros(), all.minMicros());
        QCOMPARE(a.maxMicros(), all.maxMicros());
        QCOMPARE(a.meanMicros(), all.meanMicros());
        for (double p : {0.0, 50.0, 90.0, 99.0, 99.9, 100.0}) QCOMPARE(a.percentileMicros(p), all.percentileMicros(p));

        LatencyRecorder empty;
        a.merge(empty);  // merging nothing changes nothing (min must not become 0)
        QCOMPARE(a.minMicros(), all.minMicros());
        empty.merge(all);
        QCOMPARE(empty.percentileMicros(50), all.percentileMicros(50));
    }
};

QTEST_GUILESS_MAIN(TestLatencyRecorder)
#include "tst_LatencyRecorder.moc"
