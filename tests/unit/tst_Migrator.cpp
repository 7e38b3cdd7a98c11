#include <QtTest>

#include <set>

#include "store/Migrator.h"

using namespace paydesk::store;

// Database-free checks of the migration set; applying it is covered by the integration tests.
class TestMigrator : public QObject {
    Q_OBJECT
private slots:
    void splitsStatements() {
        const auto s = Migrator::splitStatements("-- comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);\nSELECT 1");
        QCOMPARE(s.size(), std::size_t(3));
        QVERIFY(s[0].find("CREATE TABLE a") != std::string::npos);
        QVERIFY(s[0].find(';') == std::string::npos);
        QVERIFY(s[2].find("SELECT 1") != std::string::npos);
    }
    void embeddedSetIsWellFormed() {
        const auto& all = embeddedMigrations();
        QVERIFY(!all.empty());
        std::set<int> versions;
        for (const auto& m : all) {
            QVERIFY(m.version > 0);
            QVERIFY2(versions.insert(m.version).second, "duplicate migration version");
            QVERIFY(!Migrator::splitStatements(m.sql).empty());
        }
        QCOMPARE(*versions.begin(), 1);
        QCOMPARE(Migrator::latestVersion(all), *versions.rbegin());
        QCOMPARE(int(versions.size()), *versions.rbegin());  // no gaps
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_Migrator.moc"
