#pragma once

#include <atomic>
#include <chrono>

namespace paydesk {

// The seam through which all wall-clock time flows, so schedulers, windows and expiries
// can be tested without waiting.
class Clock {
public:
    using time_point = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    [[nodiscard]] virtual time_point now() const = 0;

    [[nodiscard]] std::int64_t unixSeconds() const {
        return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
    }
    [[nodiscard]] std::int64_t unixMillis() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
    }
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] time_point now() const override { return std::chrono::system_clock::now(); }
    static SystemClock& instance() {
        static SystemClock clock;
        return clock;
    }
};

// Deterministic clock for tests: time moves only when told to.
class MockClock final : public Clock {
public:
    explicit MockClock(time_point start = time_point{std::chrono::seconds{1'763'856'000}}) : nowNanos_(toNanos(start)) {}
    [[nodiscard]] time_point now() const override {
        return time_point{std::chrono::duration_cast<time_point::duration>(std::chrono::nanoseconds{nowNanos_.load()})};
    }
    void set(time_point t) { nowNanos_.store(toNanos(t)); }
    void advance(std::chrono::nanoseconds d) { nowNanos_.fetch_add(d.count()); }

private:
    static std::int64_t toNanos(time_point t) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    }
    std::atomic<std::int64_t> nowNanos_;
};

}  // namespace paydesk
