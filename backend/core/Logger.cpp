#include "core/Logger.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>

#include "core/LogMasker.h"

namespace paydesk {

namespace {

std::atomic<int> gLevel{static_cast<int>(LogLevel::Info)};
std::mutex gSinkMutex;
Logger::Sink gSink;  // empty = stderr
int gFileFd = -1;
thread_local std::string tCorrelationId;

std::string isoNow() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto secs = time_point_cast<seconds>(now);
    const auto millis = duration_cast<milliseconds>(now - secs).count();
    const std::time_t t = system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];  // sized for the compiler's worst case of every %d
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}

void writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n <= 0) return;  // a log sink must never take the process down
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

std::string_view toString(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warn";
        case LogLevel::Error: return "error";
    }
    return "info";
}

bool parseLogLevel(std::string_view text, LogLevel& out) {
    for (LogLevel l : {LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error}) {
        if (text == toString(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

void Logger::setLevel(LogLevel level) { gLevel.store(static_cast<int>(level)); }
LogLevel Logger::level() { return static_cast<LogLevel>(gLevel.load(std::memory_order_relaxed)); }

void Logger::setSink(Sink sink) {
    std::lock_guard lock(gSinkMutex);
    gSink = std::move(sink);
}

void Logger::resetSink() { setSink({}); }

bool Logger::setFile(const std::string& path) {
    std::lock_guard lock(gSinkMutex);
    if (gFileFd >= 0) ::close(gFileFd);
    gFileFd = -1;
    if (path.empty()) return true;
    gFileFd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    return gFileFd >= 0;
}

void Logger::log(LogLevel level, std::string_view component, std::string_view message, nlohmann::json fields) {
    if (!enabled(level) && level != LogLevel::Error) return;
    assert(!component.empty());
    if (!fields.is_object()) fields = nlohmann::json{{"value", std::move(fields)}};
    LogMasker::maskFields(fields);

    nlohmann::json line = {{"ts", isoNow()},
                           {"level", toString(level)},
                           {"component", component},
                           {"correlationId", tCorrelationId},
                           {"msg", message}};
    if (!fields.empty()) line["fields"] = std::move(fields);
    // Serialize first, mask the whole line second: nothing reaches a sink unmasked.
    std::string text = LogMasker::global().mask(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    text.push_back('\n');

    std::lock_guard lock(gSinkMutex);
    if (gSink) {
        gSink(std::string_view(text).substr(0, text.size() - 1));
    } else {
        writeAll(STDERR_FILENO, text);
    }
    if (gFileFd >= 0) writeAll(gFileFd, text);
}

CorrelationScope::CorrelationScope(std::string id) : previous_(std::move(tCorrelationId)) { tCorrelationId = std::move(id); }
CorrelationScope::~CorrelationScope() { tCorrelationId = std::move(previous_); }
const std::string& CorrelationScope::current() { return tCorrelationId; }

std::string CorrelationScope::generate() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t v = rng();
    std::string id(16, '0');
    for (std::size_t i = 0; i < 16; ++i) {
        id[i] = kHex[v & 0xF];
        v >>= 4;
    }
    return id;
}

}  // namespace paydesk
