#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace paydesk {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 };

std::string_view toString(LogLevel level);
bool parseLogLevel(std::string_view text, LogLevel& out);

// Structured JSON-lines logger. Every line passes through LogMasker::global() after it has been
// serialized and before any sink sees it: there is no other path to a sink, so no log line can
// bypass masking.
//
// Line shape: {"ts":"2026-11-24T01:02:03.456Z","level":"info","component":"http",
//              "correlationId":"...","msg":"...","fields":{...}}
class Logger {
public:
    using Sink = std::function<void(std::string_view line)>;

    static void setLevel(LogLevel level);
    static LogLevel level();
    static bool enabled(LogLevel level) { return level >= Logger::level(); }

    // Replaces the sink (default: stderr). Tests capture lines through this. Thread-safe.
    static void setSink(Sink sink);
    static void resetSink();
    // Also append every line to this file (opened O_APPEND); empty path closes it.
    static bool setFile(const std::string& path);

    static void log(LogLevel level, std::string_view component, std::string_view message,
                    nlohmann::json fields = nlohmann::json::object());

    static void debug(std::string_view c, std::string_view m, nlohmann::json f = nlohmann::json::object()) {
        if (enabled(LogLevel::Debug)) log(LogLevel::Debug, c, m, std::move(f));
    }
    static void info(std::string_view c, std::string_view m, nlohmann::json f = nlohmann::json::object()) {
        if (enabled(LogLevel::Info)) log(LogLevel::Info, c, m, std::move(f));
    }
    static void warn(std::string_view c, std::string_view m, nlohmann::json f = nlohmann::json::object()) {
        if (enabled(LogLevel::Warn)) log(LogLevel::Warn, c, m, std::move(f));
    }
    static void error(std::string_view c, std::string_view m, nlohmann::json f = nlohmann::json::object()) {
        log(LogLevel::Error, c, m, std::move(f));
    }
};

// The correlation id of the work running on this thread; logged with every line.
class CorrelationScope {
public:
    explicit CorrelationScope(std::string id);
    ~CorrelationScope();
    CorrelationScope(const CorrelationScope&) = delete;
    CorrelationScope& operator=(const CorrelationScope&) = delete;

    static const std::string& current();
    static std::string generate();  // 16 random hex chars

private:
    std::string previous_;
};

}  // namespace paydesk
