#include <QtTest>

#include <chrono>
#include <random>
#include <string>

#include "settlement/BusinessCalendar.h"

using namespace paydesk::settlement;
using namespace std::chrono;

namespace {

using TimePoint = BusinessCalendar::time_point;

TimePoint utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    const sys_days day{year{y} / month{mo} / std::chrono::day{d}};
    return TimePoint{duration_cast<TimePoint::duration>(day.time_since_epoch() + hours{h} + minutes{mi} + seconds{s})};
}

BusinessDay ymd(int y, unsigned mo, unsigned d) { return sys_days{year{y} / month{mo} / std::chrono::day{d}}; }

BusinessCalendar calendar(const std::string& zone, int cutoffMinutes) {
    auto c = BusinessCalendar::create(zone, cutoffMinutes);
    if (!c.ok()) qFatal("calendar %s: %s", zone.c_str(), c.error().message.c_str());
    return std::move(c).value();
}

std::string dayText(BusinessDay d) { return BusinessCalendar::formatDay(d); }

}  // namespace

// Which business day a capture or refund belongs to: local date in the merchant's zone, shifted
// back by the cut-off, with daylight-saving changes and skipped dates handled by boundaries.
class TestBusinessDay : public QObject {
    Q_OBJECT
private slots:
    void seoulMidnightIsTheLocalDate() {
        const auto seoul = calendar("Asia/Seoul", 0);  // UTC+9, no daylight saving
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 23, 14, 59, 59) + milliseconds(999))), std::string("2026-11-23"));
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 23, 15, 0, 0))), std::string("2026-11-24"));
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 22, 15, 0, 0))), std::string("2026-11-23"));
        const auto w = seoul.window(ymd(2026, 11, 23));
        QVERIFY(w.start == utc(2026, 11, 22, 15));
        QVERIFY(w.end == utc(2026, 11, 23, 15));
    }

    void theSameInstantIsADifferentDayElsewhere() {
        const auto t = utc(2026, 11, 23, 20, 0, 0);  // Seoul: 24th 05:00; UTC: 23rd; Los Angeles: 23rd 12:00
        QCOMPARE(dayText(calendar("Asia/Seoul", 0).dayOf(t)), std::string("2026-11-24"));
        QCOMPARE(dayText(calendar("UTC", 0).dayOf(t)), std::string("2026-11-23"));
        QCOMPARE(dayText(calendar("America/Los_Angeles", 0).dayOf(t)), std::string("2026-11-23"));
        QCOMPARE(dayText(calendar("Asia/Kathmandu", 0).dayOf(utc(2026, 11, 23, 18, 14, 59))), std::string("2026-11-23"));  // UTC+5:45
        QCOMPARE(dayText(calendar("Asia/Kathmandu", 0).dayOf(utc(2026, 11, 23, 18, 15, 0))), std::string("2026-11-24"));
    }

    void cutoffShiftsTheDayBack() {
        // Cut-off 02:00 in Seoul: the 23rd runs from the 23rd 02:00 to the 24th 02:00 local time.
        const auto seoul = calendar("Asia/Seoul", 120);
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 23, 16, 30))), std::string("2026-11-23"));  // 24th 01:30 local
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 23, 17, 0))), std::string("2026-11-24"));   // 24th 02:00 local
        QCOMPARE(dayText(seoul.dayOf(utc(2026, 11, 22, 16, 59, 59))), std::string("2026-11-22"));  // 23rd 01:59:59 local
        const auto w = seoul.window(ymd(2026, 11, 23));
        QVERIFY(w.start == utc(2026, 11, 22, 17));
        QVERIFY(w.end == utc(2026, 11, 23, 17));
        // An evening cut-off: 22:00 UTC. A capture at 23:00 belongs to the day that began at 22:00.
        const auto evening = calendar("UTC", 22 * 60);
        QCOMPARE(dayText(evening.dayOf(utc(2026, 11, 23, 21, 59, 59))), std::string("2026-11-22"));
        QCOMPARE(dayText(evening.dayOf(utc(2026, 11, 23, 23, 0, 0))), std::string("2026-11-23"));
    }

    void springForwardDayHas23Hours() {
        const auto ny = calendar("America/New_York", 0);  // 2026-03-08 02:00 EST -> 03:00 EDT
        const auto w = ny.window(ymd(2026, 3, 8));
        QVERIFY(w.start == utc(2026, 3, 8, 5));
        QVERIFY(w.end == utc(2026, 3, 9, 4));
        QCOMPARE(duration_cast<hours>(w.end - w.start).count(), 23L);
        QCOMPARE(dayText(ny.dayOf(utc(2026, 3, 9, 3, 59, 59))), std::string("2026-03-08"));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 3, 9, 4, 0, 0))), std::string("2026-03-09"));
    }

    void fallBackDayHas25Hours() {
        const auto ny = calendar("America/New_York", 0);  // 2026-11-01 02:00 EDT -> 01:00 EST
        const auto w = ny.window(ymd(2026, 11, 1));
        QVERIFY(w.start == utc(2026, 11, 1, 4));
        QVERIFY(w.end == utc(2026, 11, 2, 5));
        QCOMPARE(duration_cast<hours>(w.end - w.start).count(), 25L);
        // Both 01:30s of that night belong to the 1st.
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 5, 30))), std::string("2026-11-01"));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 6, 30))), std::string("2026-11-01"));
    }

    void cutoffInsideTheSpringGapStartsWhenTheGapEnds() {
        // 02:30 does not exist in New York on 2026-03-08: the day starts at 03:00 EDT (07:00Z).
        const auto ny = calendar("America/New_York", 150);
        QVERIFY(ny.startOf(ymd(2026, 3, 8)) == utc(2026, 3, 8, 7));
        QVERIFY(ny.startOf(ymd(2026, 3, 7)) == utc(2026, 3, 7, 7, 30));   // 02:30 EST
        QVERIFY(ny.startOf(ymd(2026, 3, 9)) == utc(2026, 3, 9, 6, 30));   // 02:30 EDT
        QCOMPARE(dayText(ny.dayOf(utc(2026, 3, 8, 6, 59, 59))), std::string("2026-03-07"));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 3, 8, 7, 0, 0))), std::string("2026-03-08"));
    }

    void cutoffInsideTheRepeatedHourMeansItsFirstOccurrence() {
        // 01:30 happens twice in New York on 2026-11-01 (05:30Z EDT, 06:30Z EST): the day starts at the first.
        const auto ny = calendar("America/New_York", 90);
        QVERIFY(ny.startOf(ymd(2026, 11, 1)) == utc(2026, 11, 1, 5, 30));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 5, 29, 59))), std::string("2026-10-31"));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 5, 30, 0))), std::string("2026-11-01"));
        // 01:00 EST (06:00Z) reads as "before the cut-off" on the wall clock, yet the day began at 05:30Z.
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 6, 0, 0))), std::string("2026-11-01"));
        QCOMPARE(dayText(ny.dayOf(utc(2026, 11, 1, 6, 45, 0))), std::string("2026-11-01"));
    }

    void aSkippedDateIsAnEmptyDay() {
        // Samoa moved across the date line: 2011-12-29 23:59:59 (UTC-10) was followed by 2011-12-31 00:00 (UTC+14).
        const auto apia = calendar("Pacific/Apia", 0);
        const auto w = apia.window(ymd(2011, 12, 30));
        QVERIFY(w.start == w.end);
        QVERIFY(w.start == utc(2011, 12, 30, 10));
        QCOMPARE(dayText(apia.dayOf(utc(2011, 12, 30, 9, 59, 59))), std::string("2011-12-29"));
        QCOMPARE(dayText(apia.dayOf(utc(2011, 12, 30, 10, 0, 0))), std::string("2011-12-31"));
    }

    void everyInstantBelongsToExactlyOneDay_data() {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("cutoff");
        QTest::newRow("Seoul 00:00") << "Asia/Seoul" << 0;
        QTest::newRow("New York 00:00") << "America/New_York" << 0;
        QTest::newRow("New York 01:30 (repeated hour)") << "America/New_York" << 90;
        QTest::newRow("New York 02:30 (gap)") << "America/New_York" << 150;
        QTest::newRow("Berlin 23:00") << "Europe/Berlin" << 23 * 60;
        QTest::newRow("Lord Howe 02:00 (30 min DST)") << "Australia/Lord_Howe" << 120;
        QTest::newRow("Apia 00:00 (skipped date)") << "Pacific/Apia" << 0;
    }
    void everyInstantBelongsToExactlyOneDay() {
        QFETCH(QString, zone);
        QFETCH(int, cutoff);
        const auto cal = calendar(zone.toStdString(), cutoff);
        std::mt19937_64 rng(42);
        std::uniform_int_distribution<std::int64_t> secondsDist(utc(2010, 1, 1).time_since_epoch().count() / 1'000'000'000,
                                                             utc(2030, 1, 1).time_since_epoch().count() / 1'000'000'000);
        for (int i = 0; i < 20'000; ++i) {
            const TimePoint t{duration_cast<TimePoint::duration>(std::chrono::seconds{secondsDist(rng)})};
            const BusinessDay d = cal.dayOf(t);
            const auto w = cal.window(d);
            QVERIFY2(w.start <= t && t < w.end, dayText(d).c_str());
        }
        // Boundaries never go backwards, and no day is longer than 26 hours.
        for (BusinessDay d = ymd(2010, 1, 1); d < ymd(2030, 1, 1); d += days{1}) {
            const auto w = cal.window(d);
            QVERIFY2(w.start <= w.end, dayText(d).c_str());
            QVERIFY2(w.end - w.start <= hours{26}, dayText(d).c_str());
        }
    }

    void parsesAndFormatsDays() {
        QCOMPARE(dayText(*BusinessCalendar::parseDay("2026-11-23")), std::string("2026-11-23"));
        QCOMPARE(dayText(*BusinessCalendar::parseDay("2024-02-29")), std::string("2024-02-29"));
        for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "2026-1-01", "26-11-23", "2026/11/23", "abcd-ef-gh",
                                "2026-11-23T00:00", "", "1969-12-31", " 2026-11-23"}) {
            QVERIFY2(!BusinessCalendar::parseDay(bad), bad);
        }
    }

    void parsesAndFormatsCutoffs() {
        QCOMPARE(*BusinessCalendar::parseCutoff("00:00"), 0);
        QCOMPARE(*BusinessCalendar::parseCutoff("02:30"), 150);
        QCOMPARE(*BusinessCalendar::parseCutoff("23:59"), 1439);
        for (const char* bad : {"24:00", "12:60", "2:30", "02-30", "", "0230", "ab:cd"}) QVERIFY2(!BusinessCalendar::parseCutoff(bad), bad);
        QCOMPARE(BusinessCalendar::formatCutoff(0), std::string("00:00"));
        QCOMPARE(BusinessCalendar::formatCutoff(1439), std::string("23:59"));
    }

    void refusesUnknownZonesAndCutoffs() {
        auto unknown = BusinessCalendar::create("Mars/Olympus_Mons", 0);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, std::string("CONFIG_INVALID"));
        QVERIFY(!BusinessCalendar::create("Asia/Seoul", -1).ok());
        QVERIFY(!BusinessCalendar::create("Asia/Seoul", 24 * 60).ok());
        QVERIFY(!BusinessCalendar::create("", 0).ok());
        QVERIFY(BusinessCalendar::create("Asia/Seoul", 24 * 60 - 1).ok());
    }
};

QTEST_GUILESS_MAIN(TestBusinessDay)
#include "tst_BusinessDay.moc"
