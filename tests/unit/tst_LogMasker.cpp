#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/LogMasker.h"

using paydesk::LogMasker;

class TestLogMasker : public QObject {
    Q_OBJECT
private slots:
    void luhn() {
        QVERIFY(LogMasker::luhnValid("4111111111111111"));
        QVERIFY(LogMasker::luhnValid("5555555555554444"));
        QVERIFY(LogMasker::luhnValid("378282246310005"));
        QVERIFY(!LogMasker::luhnValid("4111111111111112"));
        QVERIFY(!LogMasker::luhnValid("41111x1111111111"));
    }
    void masksCardNumbers_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("visa 16") << "card 4111111111111111 ok" << "card 411111******1111 ok";
        QTest::newRow("amex 15") << "pan=378282246310005" << "pan=378282*****0005";
        QTest::newRow("19 digits") << "6011000990139424" << "601100******9424";
        QTest::newRow("spaces") << "4111 1111 1111 1111" << "4111 11** **** 1111";
        QTest::newRow("dashes") << "5555-5555-5555-4444" << "5555-55**-****-4444";
        QTest::newRow("in json") << R"({"number":"4111111111111111"})" << R"({"number":"411111******1111"})";
        QTest::newRow("two cards") << "4111111111111111,5555555555554444" << "411111******1111,555555******4444";
        QTest::newRow("not luhn stays") << "order 4111111111111112" << "order 4111111111111112";
        QTest::newRow("too short stays") << "id 411111111111" << "id 411111111111";
        QTest::newRow("20 digits stay") << "ref 41111111111111111110" << "ref 41111111111111111110";
        QTest::newRow("amount stays") << "amount 50000 KRW" << "amount 50000 KRW";
    }
    void masksCardNumbers() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(LogMasker::maskCardNumbers(input.toStdString())), expected);
    }
    void neverShowsMoreThanSixAndFour() {
        const std::string masked = LogMasker::maskPan("4111111111111111");
        QCOMPARE(masked.substr(0, 6), std::string("411111"));
        QCOMPARE(masked.substr(masked.size() - 4), std::string("1111"));
        QCOMPARE(std::count(masked.begin(), masked.end(), '*'), 6L);
    }
    void registeredSecrets() {
        LogMasker m;
        m.addSecret("s3cr3t-api-key-value");
        m.addSecret("ab");  // too short to be masked safely; ignored
        const std::string out = m.mask("secret is s3cr3t-api-key-value here, ab stays");
        QVERIFY(out.find("s3cr3t-api-key-value") == std::string::npos);
        QVERIFY(out.find("***") != std::string::npos);
        QVERIFY(out.find("ab stays") != std::string::npos);
    }
    void patterns() {
        LogMasker m;
        QCOMPARE(m.mask("Authorization: Bearer abc.def.ghi"), std::string("Authorization: Bearer ***"));
        QCOMPARE(m.mask("mysql://paydesk:hunter2@db:3306/paydesk"), std::string("mysql://paydesk:***@db:3306/paydesk"));
        QCOMPARE(m.mask("password=hunter2&x=1"), std::string("password=***&x=1"));
        QCOMPARE(m.mask("redis://:topsecret@127.0.0.1:6379"), std::string("redis://:***@127.0.0.1:6379"));
    }
    void secretFieldNames() {
        nlohmann::json j = {{"user", "kim"},
                            {"password", "hunter2"},
                            {"nested", {{"apiSecret", "x"}, {"token", "y"}, {"list", {{{"Authorization", "Bearer z"}}}}}},
                            {"amount", 100}};
        LogMasker::maskFields(j);
        QCOMPARE(j["user"].get<std::string>(), std::string("kim"));
        QCOMPARE(j["password"].get<std::string>(), std::string("***"));
        QCOMPARE(j["nested"]["apiSecret"].get<std::string>(), std::string("***"));
        QCOMPARE(j["nested"]["token"].get<std::string>(), std::string("***"));
        QCOMPARE(j["nested"]["list"][0]["Authorization"].get<std::string>(), std::string("***"));
        QCOMPARE(j["amount"].get<int>(), 100);
    }
};

QTEST_GUILESS_MAIN(TestLogMasker)
#include "tst_LogMasker.moc"
