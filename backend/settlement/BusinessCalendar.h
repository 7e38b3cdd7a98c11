#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/Error.h"

namespace date {
class time_zone;
}

namespace paydesk::settlement {

// A calendar date naming a business day ("2026-11-23"), as days since 1970-01-01.
using BusinessDay = std::chrono::sys_days;

// Which business day an instant belongs to, for one time zone and cut-off.
//
// Business day D runs from D at the cut-off (local wall time in the zone) until D+1 at the
// cut-off: it is named after the calendar date on which it starts. With the default cut-off
// 00:00 the business day is simply the local calendar date; with a cut-off of 02:00 a capture at
// 01:30 local time on the 24th still belongs to the 23rd.
//
// Daylight saving: a cut-off wall time that occurs twice (clocks going back) means its first
// occurrence; one that does not exist (clocks going forward) means the instant the gap ends. Day
// boundaries are therefore instants that never go backwards, every instant belongs to exactly
// one business day, and a day may be 23 or 25 hours long (or, where a zone skipped a whole
// date, empty).
//
// Uses the system time-zone database (/usr/share/zoneinfo) through Howard Hinnant's date
// library; instances are immutable and safe to share between threads.
class BusinessCalendar {
public:
    using time_point = std::chrono::system_clock::time_point;
    static constexpr int kMinutesPerDay = 24 * 60;

    struct Window {
        time_point start;  // inclusive
        time_point end;    // exclusive
    };

    // CONFIG_INVALID for an unknown zone or a cut-off outside 0..1439 minutes.
    static Result<BusinessCalendar> create(const std::string& timeZone, int cutoffMinutes);

    [[nodiscard]] const std::string& timeZone() const { return timeZone_; }
    [[nodiscard]] int cutoffMinutes() const { return cutoffMinutes_; }

    [[nodiscard]] BusinessDay dayOf(time_point t) const;
    [[nodiscard]] time_point startOf(BusinessDay day) const;
    [[nodiscard]] Window window(BusinessDay day) const { return {startOf(day), startOf(day + std::chrono::days{1})}; }

    // "YYYY-MM-DD" (a real date, years 1970..9999); nullopt otherwise.
    static std::optional<BusinessDay> parseDay(std::string_view text);
    static std::string formatDay(BusinessDay day);
    // "HH:MM" (00:00..23:59) -> minutes after midnight; nullopt otherwise.
    static std::optional<int> parseCutoff(std::string_view text);
    static std::string formatCutoff(int minutes);

private:
    BusinessCalendar(std::string timeZone, int cutoffMinutes, const date::time_zone* zone)
        : timeZone_(std::move(timeZone)), cutoffMinutes_(cutoffMinutes), zone_(zone) {}

    std::string timeZone_;
    int cutoffMinutes_ = 0;
    const date::time_zone* zone_ = nullptr;  // owned by the library's database, lives forever
};

}  // namespace paydesk::settlement
