// paydeskd: the headless Paydesk backend. Everything lives in backend/; this file only wires
// signals and the command line to service::Application.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "core/Logger.h"
#include "service/Application.h"
#include "service/ServerConfig.h"

int main(int argc, char** argv) {
    using namespace paydesk;
    auto parsed = service::parseCommandLine(argc, argv);
    if (!parsed.config) {
        std::fputs(parsed.output.c_str(), parsed.exitCode == 0 ? stdout : stderr);
        return parsed.exitCode;
    }
    service::ServerConfig config = std::move(*parsed.config);
    Logger::setLevel(config.logLevel);
    if (!config.logFile.empty() && !Logger::setFile(config.logFile)) {
        std::fprintf(stderr, "paydeskd: cannot open log file %s\n", config.logFile.c_str());
        return 2;
    }

    // Block the stop signals in every thread; one thread waits for them with sigwait.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    service::Application app(config);
    std::thread signalThread([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        if (sig != 0) {
            Logger::info("app", "stop signal received", {{"signal", sig}});
            app.requestStop();
        }
    });

    if (config.command == service::ServerConfig::Command::LedgerVerify) {
        std::string report;
        auto verdict = app.verifyLedger(report);
        app.stop();
        pthread_kill(signalThread.native_handle(), SIGTERM);
        signalThread.join();
        if (!verdict.ok()) {
            std::fprintf(stderr, "paydeskd ledger verify: %s\n", verdict.error().message.c_str());
            return 2;
        }
        std::fprintf(verdict.value() == 0 ? stdout : stderr, "%s\n", report.c_str());
        return verdict.value();
    }
    const bool migrateOnly = config.command == service::ServerConfig::Command::Migrate;
    const Status started = migrateOnly ? app.migrateOnly() : app.start();
    int exitCode = 0;
    if (!started.ok()) {
        if (!started.error().is(ErrorCode::Stopped)) {
            Logger::error("app", "cannot start", {{"code", started.error().code}, {"reason", started.error().message}});
            std::fprintf(stderr, "paydeskd: cannot start: %s\n", started.error().message.c_str());
            exitCode = 1;
        }
    } else if (!migrateOnly) {
        app.waitForStopRequest();
    }
    app.stop();
    // Wake the signal thread if no signal came (startup failure, migrate).
    pthread_kill(signalThread.native_handle(), SIGTERM);
    signalThread.join();
    return exitCode;
}
