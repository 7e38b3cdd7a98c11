// The statement texts and chunking the statement layer builds, without a database: multi-row INSERT
// chunks cover every row from a fixed set of sizes, one statement for up to 16 rows, placeholders match the row
// shape, and seq ranges are exact runs bound into padded slots.
#include <QtTest>

#include <numeric>

#include "store/Statement.h"

using namespace paydesk;

class TestStatementShapes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chunksCoverEveryRowFromTheFixedSizes_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("0") << 0 << QList<int>{};
        QTest::newRow("1") << 1 << QList<int>{1};
        QTest::newRow("3") << 3 << QList<int>{3};
        QTest::newRow("16") << 16 << QList<int>{16};
        QTest::newRow("17") << 17 << QList<int>{16, 1};
        QTest::newRow("255") << 255 << QList<int>{128, 64, 32, 16, 15};
        QTest::newRow("300") << 300 << QList<int>{256, 32, 12};
        QTest::newRow("1000") << 1000 << QList<int>{256, 256, 256, 128, 64, 32, 8};
    }
    void chunksCoverEveryRowFromTheFixedSizes() {
        QFETCH(int, rows);
        QFETCH(QList<int>, expected);
        const auto chunks = store::insertChunks(static_cast<std::size_t>(rows));
        QList<int> got;
        for (std::size_t c : chunks) got.push_back(static_cast<int>(c));
        QCOMPARE(got, expected);
        QCOMPARE(std::accumulate(chunks.begin(), chunks.end(), std::size_t(0)), std::size_t(rows));
    }

    void multiRowInsertHasOnePlaceholderPerValue() {
        const store::RowInsert shape{"t.insert", "t", "a, b, c", 3};
        QCOMPARE(store::multiRowInsertSql(shape, 1), std::string("INSERT INTO t (a, b, c) VALUES (?,?,?)"));
        const std::string four = store::multiRowInsertSql(shape, 4);
        QCOMPARE(four, std::string("INSERT INTO t (a, b, c) VALUES (?,?,?),(?,?,?),(?,?,?),(?,?,?)"));
        QCOMPARE(std::count(four.begin(), four.end(), '?'), std::ptrdiff_t(12));
    }

    void seqRangesAreExactRunsInPaddedSlots() {
        const auto ranges = store::consecutiveRanges({3, 4, 5, 7, 9, 10});
        QCOMPARE(ranges.size(), std::size_t(3));
        QCOMPARE(ranges[0].first, std::int64_t(3));
        QCOMPARE(ranges[0].last, std::int64_t(5));
        QCOMPARE(ranges[1].first, std::int64_t(7));
        QCOMPARE(ranges[1].last, std::int64_t(7));
        QCOMPARE(ranges[2].first, std::int64_t(9));
        QCOMPARE(ranges[2].last, std::int64_t(10));
        QCOMPARE(store::rangeSlotsFor(1), std::size_t(1));
        QCOMPARE(store::rangeSlotsFor(3), std::size_t(4));
        QCOMPARE(store::rangeSlotsFor(100'000), store::kMaxRangeSlots);
        store::SqlParams params;
        store::bindRangeSlots(params, ranges, 4);
        QCOMPARE(params.size(), std::size_t(8));
        QCOMPARE(*params[4].integer(), std::int64_t(9));
        QCOMPARE(*params[6].integer(), std::int64_t(1));  // padding: the empty range 1..0
        QCOMPARE(*params[7].integer(), std::int64_t(0));
        QCOMPARE(store::rangeSlotsSql("seq", 2), std::string("(seq BETWEEN ? AND ? OR seq BETWEEN ? AND ?)"));
    }

    void valuesKeepTheirKind() {
        QVERIFY(store::SqlValue().isNull());
        QVERIFY(store::SqlValue(std::nullopt).isNull());
        QCOMPARE(*store::SqlValue(std::int64_t(-5)).integer(), std::int64_t(-5));
        QCOMPARE(*store::SqlValue(std::size_t(7)).integer(), std::int64_t(7));
        QCOMPARE(*store::SqlValue(std::string("a\0b", 3)).bytes(), std::string("a\0b", 3));
        QVERIFY(store::SqlValue(std::optional<std::string>()).isNull());
    }
};

QTEST_GUILESS_MAIN(TestStatementShapes)
#include "tst_StatementShapes.moc"
