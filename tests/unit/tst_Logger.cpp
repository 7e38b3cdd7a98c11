#include <QtTest>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/LogMasker.h"
#include "core/Logger.h"

using namespace paydesk;

// Every path into the log goes through the masking layer: message, fields, nested fields,
// component names and correlation ids.
class TestLogger : public QObject {
    Q_OBJECT
    std::vector<std::string> lines_;
private slots:
    void init() {
        lines_.clear();
        Logger::setLevel(LogLevel::Debug);
        Logger::setSink([this](std::string_view line) { lines_.emplace_back(line); });
    }
    void cleanup() {
        Logger::resetSink();
        LogMasker::global().clearSecrets();
    }
    void lineShape() {
        CorrelationScope scope("corr-123");
        Logger::info("http", "request done", {{"status", 200}});
        QCOMPARE(lines_.size(), std::size_t(1));
        const auto j = nlohmann::json::parse(lines_[0]);
        QVERIFY(j.contains("ts"));
        QCOMPARE(j["level"].get<std::string>(), std::string("info"));
        QCOMPARE(j["component"].get<std::string>(), std::string("http"));
        QCOMPARE(j["correlationId"].get<std::string>(), std::string("corr-123"));
        QCOMPARE(j["msg"].get<std::string>(), std::string("request done"));
        QCOMPARE(j["fields"]["status"].get<int>(), 200);
    }
    void levelsFilter() {
        Logger::setLevel(LogLevel::Warn);
        Logger::info("x", "hidden");
        Logger::warn("x", "shown");
        Logger::error("x", "shown too");
        QCOMPARE(lines_.size(), std::size_t(2));
    }
    void nothingBypassesMasking() {
        LogMasker::global().addSecret("sk_live_0123456789abcdef");
        Logger::info("pay", "card 4111111111111111 with key sk_live_0123456789abcdef",
                     {{"card", {{"number", "5555555555554444"}}},
                      {"secret", "plain-secret-value"},
                      {"note", "Bearer eyJhbGciOi.payload.sig"},
                      {"dsn", "mysql://app:pa55word@db/paydesk"},
                      {"echo", "sk_live_0123456789abcdef"}});
        {
            CorrelationScope scope("4111111111111111");  // even a correlation id cannot carry a PAN out
            Logger::warn("4111111111111111", "x");
        }
        for (const auto& line : lines_) {
            QVERIFY2(line.find("4111111111111111") == std::string::npos, line.c_str());
            QVERIFY2(line.find("5555555555554444") == std::string::npos, line.c_str());
            QVERIFY2(line.find("sk_live_0123456789abcdef") == std::string::npos, line.c_str());
            QVERIFY2(line.find("plain-secret-value") == std::string::npos, line.c_str());
            QVERIFY2(line.find("eyJhbGciOi") == std::string::npos, line.c_str());
            QVERIFY2(line.find("pa55word") == std::string::npos, line.c_str());
            QVERIFY2(nlohmann::json::accept(line), line.c_str());
        }
        QVERIFY(lines_[0].find("411111******1111") != std::string::npos);
        QVERIFY(lines_[0].find("555555******4444") != std::string::npos);
    }
    void correlationIdsAreUnique() {
        const std::string a = CorrelationScope::generate();
        const std::string b = CorrelationScope::generate();
        QCOMPARE(a.size(), std::size_t(16));
        QVERIFY(a != b);
    }
};

QTEST_GUILESS_MAIN(TestLogger)
#include "tst_Logger.moc"
