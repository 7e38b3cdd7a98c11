#include "settlement/BusinessCalendar.h"

#include <date/tz.h>

#include <cassert>
#include <cstdio>
#include <stdexcept>

namespace paydesk::settlement {

namespace {

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

int toInt(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

Result<BusinessCalendar> BusinessCalendar::create(const std::string& timeZone, int cutoffMinutes) {
    if (cutoffMinutes < 0 || cutoffMinutes >= kMinutesPerDay) {
        return Error::make(ErrorCode::ConfigInvalid, "settlement cut-off must be between 00:00 and 23:59");
    }
    if (timeZone.empty() || timeZone.size() > 64)
        return Error::make(ErrorCode::ConfigInvalid, "unknown time zone '" + timeZone.substr(0, 64) + "'");
    try {
        const date::time_zone* zone = date::locate_zone(timeZone);
        assert(zone != nullptr);
        return BusinessCalendar(timeZone, cutoffMinutes, zone);
    } catch (const std::runtime_error& e) {
        // Unknown name, or no readable time-zone database at all.
        return Error::make(ErrorCode::ConfigInvalid, "unknown time zone '" + timeZone + "' (" + e.what() + ")");
    }
}

BusinessDay BusinessCalendar::dayOf(time_point t) const {
    assert(zone_ != nullptr);
    const date::sys_info info = zone_->get_info(t);
    const auto local = t.time_since_epoch() + info.offset - std::chrono::minutes(cutoffMinutes_);
    BusinessDay day{std::chrono::floor<std::chrono::days>(local)};
    // The wall-clock guess is off by one where a daylight-saving change moves local time across
    // the cut-off; the boundaries (startOf) are the truth, and they never go backwards.
    while (t < startOf(day)) day -= std::chrono::days{1};
    while (t >= startOf(day + std::chrono::days{1})) day += std::chrono::days{1};
    return day;
}

BusinessCalendar::time_point BusinessCalendar::startOf(BusinessDay day) const {
    assert(zone_ != nullptr);
    const date::local_seconds wall{std::chrono::seconds(day.time_since_epoch()) + std::chrono::minutes(cutoffMinutes_)};
    const date::local_info info = zone_->get_info(wall);
    std::chrono::seconds utc{};
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:  // first occurrence: the offset in force before the change
            utc = wall.time_since_epoch() - info.first.offset;
            break;
        case date::local_info::nonexistent:  // inside a gap: the instant the gap ends
            utc = info.second.begin.time_since_epoch();
            break;
    }
    return time_point{std::chrono::duration_cast<time_point::duration>(utc)};
}

std::optional<BusinessDay> BusinessCalendar::parseDay(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const std::string_view y = text.substr(0, 4);
    const std::string_view m = text.substr(5, 2);
    const std::string_view d = text.substr(8, 2);
    if (!allDigits(y) || !allDigits(m) || !allDigits(d)) return std::nullopt;
    const int year = toInt(y);
    if (year < 1970) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(toInt(m))},
                                          std::chrono::day{static_cast<unsigned>(toInt(d))}};
    if (!ymd.ok()) return std::nullopt;
    return BusinessDay{ymd};
}

std::string BusinessCalendar::formatDay(BusinessDay day) {
    const std::chrono::year_month_day ymd{day};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::optional<int> BusinessCalendar::parseCutoff(std::string_view text) {
    if (text.size() != 5 || text[2] != ':' || !allDigits(text.substr(0, 2)) || !allDigits(text.substr(3, 2))) return std::nullopt;
    const int hours = toInt(text.substr(0, 2));
    const int minutes = toInt(text.substr(3, 2));
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

std::string BusinessCalendar::formatCutoff(int minutes) {
    assert(minutes >= 0 && minutes < kMinutesPerDay);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

}  // namespace paydesk::settlement
