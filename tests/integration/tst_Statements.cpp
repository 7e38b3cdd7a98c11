// Prepared statements against a real MariaDB (the embedded one, in a temporary folder): bound values
// reach the table byte for byte (quotes, backslashes, NUL bytes, UTF-8, long values), NULL binds, a
// statement is prepared once per connection and reused, a replacement connection prepares it again,
// errors keep their codes, and multi-row INSERTs write every row, in order, in the chunks expected.
#include <QtTest>

#include <chrono>
#include <string>
#include <vector>

#include "TestSupport.h"
#include "store/Database.h"
#include "store/Statement.h"

using namespace paydesk;
using namespace std::chrono_literals;

namespace {

constexpr store::SqlStatement kInsertProbe{"probe.insert",
                                           "INSERT INTO stmt_probe (id, txt, bin, n, at) VALUES (?, ?, ?, ?, ?)"};
constexpr store::SqlStatement kSelectProbe{
    "probe.select",
    "SELECT txt, bin, n, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), at, LENGTH(bin) FROM stmt_probe WHERE id = ?"};
constexpr store::SqlStatement kFindByText{"probe.by_text", "SELECT id FROM stmt_probe WHERE txt = ?"};
constexpr store::RowInsert kRows{"probe.rows", "stmt_rows", "batch, n, label", 3};

// A counter of the server's, for this session (e.g. Com_stmt_prepare).
std::int64_t sessionStatus(store::DbConnection& c, const std::string& name) {
    auto r = c.query("SHOW SESSION STATUS LIKE '" + name + "'");
    if (!r.ok() || r->rows.empty()) qFatal("status %s unavailable", name.c_str());
    return r->integer(0, 1);
}

}  // namespace

class TestStatements : public QObject {
    Q_OBJECT

    store::PooledConnection connection(store::DbPool& pool) {
        auto c = pool.acquire(2000ms);
        if (!c.ok()) qFatal("db: %s", c.error().message.c_str());
        return std::move(c).value();
    }

private Q_SLOTS:
    void initTestCase() {
        const std::string failed = db_.start(1, "tst_Statements");
        QVERIFY2(failed.empty(), failed.c_str());
        pool_ = &db_.pool();
        auto c = connection(*pool_);
        QVERIFY(c->execute("CREATE TABLE stmt_probe (id BIGINT PRIMARY KEY, txt MEDIUMTEXT NULL, bin MEDIUMBLOB NULL, "
                           "n BIGINT NULL, at DATETIME(6) NULL) DEFAULT CHARSET = utf8mb4")
                    .ok());
        QVERIFY(c->execute("CREATE TABLE stmt_rows (seq BIGINT AUTO_INCREMENT PRIMARY KEY, batch INT NOT NULL, "
                           "n BIGINT NOT NULL, label VARCHAR(32) NOT NULL)")
                    .ok());
    }
    void cleanupTestCase() { db_.stop(); }

    void valuesRoundTripByteForByte_data() {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("quotes") << QByteArray("it's \"quoted\" `x`");
        QTest::newRow("backslashes") << QByteArray("C:\\path\\n\\'\\\\");
        QTest::newRow("injection") << QByteArray("'); DROP TABLE stmt_probe; --");
        QTest::newRow("nul bytes") << QByteArray("a\0b\0\0c", 6);
        QTest::newRow("utf-8") << QByteArray("결제 ✓ é 💳");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("long") << QByteArray(100'000, 'x').append("'\\\0end", 6);
    }
    void valuesRoundTripByteForByte() {
        QFETCH(QByteArray, value);
        const std::string v(value.constData(), static_cast<std::size_t>(value.size()));
        const std::int64_t id = ++nextId_;
        auto c = connection(*pool_);
        auto written = c->execute(kInsertProbe, {id, v, v, -9'007'199'254'740'993LL, "2026-11-24 01:02:03.456789"});
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        auto row = c->query(kSelectProbe, {id});
        QVERIFY2(row.ok(), row.ok() ? "" : row.error().message.c_str());
        QCOMPARE(row->rows.size(), std::size_t(1));
        QVERIFY(row->rows[0][0].has_value() && *row->rows[0][0] == v);
        QVERIFY(row->rows[0][1].has_value() && *row->rows[0][1] == v);
        QCOMPARE(row->integer(0, 2), std::int64_t(-9'007'199'254'740'993LL));
        QCOMPARE(row->text(0, 3), std::string("2026-11-24 01:02:03.456789"));
        QCOMPARE(row->text(0, 4), std::string("2026-11-24 01:02:03.456789"));  // a DATETIME(6) column as text
        QCOMPARE(row->integer(0, 5), std::int64_t(v.size()));                  // stored, not re-escaped
        // The same value as a WHERE parameter finds exactly that row.
        auto found = c->query(kFindByText, {v});
        QVERIFY(found.ok());
        QVERIFY(!found->rows.empty());
        QCOMPARE(found->integer(0, 0), id);
        auto tables = c->query("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'stmt_probe'");
        QVERIFY(tables.ok());
        QCOMPARE(tables->integer(0, 0), std::int64_t(1));
    }

    void nullBinds() {
        const std::int64_t id = ++nextId_;
        auto c = connection(*pool_);
        QVERIFY(c->execute(kInsertProbe, {id, std::nullopt, store::SqlValue(), store::SqlValue(), std::nullopt}).ok());
        auto row = c->query(kSelectProbe, {id});
        QVERIFY(row.ok());
        QCOMPARE(row->rows.size(), std::size_t(1));
        for (std::size_t col = 0; col < 6; ++col) QVERIFY2(!row->rows[0][col].has_value(), std::to_string(col).c_str());
        auto counted = c->query("SELECT COUNT(*) FROM stmt_probe WHERE id = " + std::to_string(id) +
                                " AND txt IS NULL AND bin IS NULL AND n IS NULL AND at IS NULL");
        QVERIFY(counted.ok());
        QCOMPARE(counted->integer(0, 0), std::int64_t(1));
        QVERIFY(store::nullIfEmpty("").isNull());
        QVERIFY(!store::nullIfEmpty("x").isNull());
    }

    void statementIsPreparedOnceAndReused() {
        auto c = connection(*pool_);
        const std::uint64_t preparedBefore = c->statementsPrepared();
        const std::int64_t serverPreparesBefore = sessionStatus(*c, "Com_stmt_prepare");
        const std::int64_t serverExecutesBefore = sessionStatus(*c, "Com_stmt_execute");
        constexpr store::SqlStatement kCount{"probe.count_above", "SELECT COUNT(*) FROM stmt_probe WHERE id > ?"};
        for (int i = 0; i < 5; ++i) {
            auto r = c->query(kCount, {i});
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        }
        QCOMPARE(c->statementsPrepared() - preparedBefore, std::uint64_t(1));
        QCOMPARE(sessionStatus(*c, "Com_stmt_prepare") - serverPreparesBefore, std::int64_t(1));
        QCOMPARE(sessionStatus(*c, "Com_stmt_execute") - serverExecutesBefore, std::int64_t(5));
    }

    void replacementConnectionPreparesAgain() {
        constexpr store::SqlStatement kCount{"probe.count_all", "SELECT COUNT(*) FROM stmt_probe WHERE id >= ?"};
        std::int64_t rowsSeen = 0;
        {
            auto c = connection(*pool_);
            auto r = c->query(kCount, {0});
            QVERIFY(r.ok());
            rowsSeen = r->integer(0, 0);
            QVERIFY(c->statementsCached() > 0);
            c->interrupt();  // the connection is gone: its statements with it
            auto broken = c->query(kCount, {0});
            QVERIFY(!broken.ok());
            QCOMPARE(broken.error().code, std::string("DB_UNAVAILABLE"));
            // Returned broken: the pool drops it.
        }
        auto fresh = connection(*pool_);  // the pool holds one connection: this one is new
        QCOMPARE(fresh->statementsPrepared(), std::uint64_t(0));
        QCOMPARE(fresh->statementsCached(), std::size_t(0));
        auto r = fresh->query(kCount, {0});
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->integer(0, 0), rowsSeen);
        QCOMPARE(fresh->statementsPrepared(), std::uint64_t(1));
    }

    void errorsKeepTheirCodes() {
        auto c = connection(*pool_);
        const std::int64_t id = ++nextId_;
        QVERIFY(c->execute(kInsertProbe, {id, "first", std::nullopt, 1, std::nullopt}).ok());
        auto again = c->execute(kInsertProbe, {id, "second", std::nullopt, 2, std::nullopt});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, std::string("DB_DUPLICATE_KEY"));
        auto bad =
            c->query(store::SqlStatement{"probe.bad", "SELECT no_such_column FROM stmt_probe WHERE id = ?"}, {id});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, std::string("DB_ERROR"));
        // The connection stays usable after both.
        auto row = c->query(kSelectProbe, {id});
        QVERIFY(row.ok());
        QCOMPARE(row->text(0, 0), std::string("first"));
    }

    void multiRowInsertsWriteEveryRowInOrder_data() {
        QTest::addColumn<int>("count");
        for (int n : {0, 1, 3, 17, 300}) QTest::newRow(std::to_string(n).c_str()) << n;
    }
    void multiRowInsertsWriteEveryRowInOrder() {
        QFETCH(int, count);
        auto c = connection(*pool_);
        store::SqlParams values;
        for (int i = 0; i < count; ++i) store::appendRow(values, count, i, "row-" + std::to_string(i));
        const std::int64_t executesBefore = sessionStatus(*c, "Com_stmt_execute");
        QVERIFY(c->begin().ok());
        auto written = store::insertRows(*c, kRows, values);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        QVERIFY(c->commit().ok());
        const auto chunks = store::insertChunks(static_cast<std::size_t>(count));
        QCOMPARE(sessionStatus(*c, "Com_stmt_execute") - executesBefore, std::int64_t(chunks.size()));
        auto rows = c->query("SELECT n, label FROM stmt_rows WHERE batch = " + std::to_string(count) + " ORDER BY seq");
        QVERIFY(rows.ok());
        QCOMPARE(rows->rows.size(), std::size_t(count));
        for (int i = 0; i < count; ++i) {
            QCOMPARE(rows->integer(i, 0), std::int64_t(i));
            QCOMPARE(rows->text(i, 1), "row-" + std::to_string(i));
        }
    }

private:
    test::TestDatabase db_;
    store::DbPool* pool_ = nullptr;
    std::int64_t nextId_ = 0;
};

QTEST_GUILESS_MAIN(TestStatements)
#include "tst_Statements.moc"
