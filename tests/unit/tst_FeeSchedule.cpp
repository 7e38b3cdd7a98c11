#include <QtTest>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "settlement/FeeSchedule.h"

using paydesk::settlement::FeeSchedule;

// The fee rule: per capture, basis points rounded half up to the minor unit, plus a fixed amount;
// a batch's fee is the sum of its captures' fees. Integers only.
class TestFeeSchedule : public QObject {
    Q_OBJECT
private slots:
    void basisPointsRoundHalfUpPerCapture_data() {
        QTest::addColumn<qint64>("amount");
        QTest::addColumn<qint64>("bps");
        QTest::addColumn<qint64>("fixed");
        QTest::addColumn<qint64>("fee");
        QTest::newRow("2.5% of 10,000") << qint64(10'000) << qint64(250) << qint64(0) << qint64(250);
        QTest::newRow("2.5% of 20 is 0.5: up") << qint64(20) << qint64(250) << qint64(0) << qint64(1);
        QTest::newRow("2.5% of 19 is 0.475: down") << qint64(19) << qint64(250) << qint64(0) << qint64(0);
        QTest::newRow("2.5% of 59 is 1.475: down") << qint64(59) << qint64(250) << qint64(0) << qint64(1);
        QTest::newRow("2.5% of 60 is 1.5: up") << qint64(60) << qint64(250) << qint64(0) << qint64(2);
        QTest::newRow("0.01% of 4,999 is 0.4999: down") << qint64(4'999) << qint64(1) << qint64(0) << qint64(0);
        QTest::newRow("0.01% of 5,000 is 0.5: up") << qint64(5'000) << qint64(1) << qint64(0) << qint64(1);
        QTest::newRow("3.3% of 12,345 is 407.385") << qint64(12'345) << qint64(330) << qint64(0) << qint64(407);
        QTest::newRow("fixed only") << qint64(12'345) << qint64(0) << qint64(100) << qint64(100);
        QTest::newRow("both") << qint64(50'000) << qint64(250) << qint64(100) << qint64(1'350);
        QTest::newRow("fixed above a tiny capture") << qint64(1) << qint64(250) << qint64(100) << qint64(100);
        QTest::newRow("100%") << qint64(777) << qint64(10'000) << qint64(0) << qint64(777);
        QTest::newRow("zero schedule") << qint64(777) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("largest KRW payment at 100% plus fixed") << qint64(1'500'000'000) << qint64(10'000) << qint64(1'000'000'000)
                                                               << qint64(2'500'000'000);
        // amount * bps would leave int64 here; the rule still holds exactly.
        QTest::newRow("10^15 at 2.75% plus fixed")
            << qint64(1'000'000'000'000'000) << qint64(275) << qint64(30) << qint64(27'500'000'000'030);
        QTest::newRow("INT64_MAX at 2.5% plus fixed") << qint64(std::numeric_limits<qint64>::max()) << qint64(250)
                                                      << qint64(100) << qint64(230'584'300'921'369'495);
        QTest::newRow("INT64_MAX at 100%") << qint64(std::numeric_limits<qint64>::max()) << qint64(10'000) << qint64(0)
                                           << qint64(std::numeric_limits<qint64>::max());
    }
    void basisPointsRoundHalfUpPerCapture() {
        QFETCH(qint64, amount);
        QFETCH(qint64, bps);
        QFETCH(qint64, fixed);
        QFETCH(qint64, fee);
        const FeeSchedule schedule{bps, fixed};
        QCOMPARE(schedule.feeFor(amount), std::int64_t(fee));
    }

    void batchFeeIsTheSumOfPerCaptureFees() {
        // Three captures of 20 at 2.5%: each fee is 0.5 -> 1, so the batch pays 3 (the rule is per
        // transaction; rounding the day's total, 1.5, would give 2).
        const FeeSchedule schedule{250, 0};
        const std::vector<std::int64_t> captures = {20, 20, 20};
        std::int64_t total = 0;
        for (auto a : captures) total += schedule.feeFor(a);
        QCOMPARE(total, std::int64_t(3));
    }

    void neverNegativeAndMonotonic() {
        const FeeSchedule schedule{275, 30};
        std::int64_t previous = -1;
        for (std::int64_t amount = 0; amount <= 200'000; amount += 7) {
            const std::int64_t fee = schedule.feeFor(amount);
            QVERIFY(fee >= 30);
            QVERIFY(fee >= previous);
            // Within half a minor unit of the exact percentage.
            const std::int64_t exactTimes10000 = amount * 275;
            QVERIFY(std::abs((fee - 30) * 10'000 - exactTimes10000) <= 5'000);
            previous = fee;
        }
    }

    void sqlExpressionSpellsTheSameRule() {
        // The set-based close evaluates this in MariaDB; DIV truncates, which for non-negative
        // operands is the floor used by feeFor(). (tst_Settlement checks the database agrees.)
        QCOMPARE(FeeSchedule::sql("p.captured_amount", "250", "100"), std::string("((p.captured_amount * 250 + 5000) DIV 10000 + 100)"));
    }

    void validatesTheSchedule() {
        QVERIFY(!FeeSchedule::validate(0, 0));
        QVERIFY(!FeeSchedule::validate(10'000, FeeSchedule::kMaxFixed));
        QVERIFY(FeeSchedule::validate(-1, 0));
        QVERIFY(FeeSchedule::validate(10'001, 0));
        QVERIFY(FeeSchedule::validate(0, -1));
        QVERIFY(FeeSchedule::validate(0, FeeSchedule::kMaxFixed + 1));
    }
};

QTEST_GUILESS_MAIN(TestFeeSchedule)
#include "tst_FeeSchedule.moc"
