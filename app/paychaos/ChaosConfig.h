#pragma once

#include <string>
#include <vector>

namespace paydesk::chaos {

// Everything one paychaos run needs; filled from the command line by main.cpp.
struct ChaosConfig {
    std::string paydeskd;                // the server binary
    std::string workDir;                 // each scenario gets a fresh data folder below it
    bool keep = false;                   // keep the data folders afterwards
    std::vector<std::string> scenarios;  // names, in order
    double rate = 200;                   // requests per second, all connections together
    int connections = 16;                // concurrent merchants' clients (one keep-alive connection each)
    int merchants = 20;                  // API keys provisioned, each its own merchant
    double loadSeconds = 8;              // load before the fault and after recovery
    int cycles = 5;                      // kill -9 cycles
    double cycleSeconds = 3;             // load between two kill -9
    double kafkaOutageSeconds = 60;      // brokers down
    double stopSeconds = 10;             // MariaDB SIGSTOP
    double recoverySeconds = 60;         // how long recovery may take before the scenario fails
    double requestTimeoutSeconds = 15;   // a request without an answer by then has none
    double drainSeconds = 300;           // after load: outbox, Kafka and consumers must settle within this
    std::string reportFile;              // Markdown table is also written here
    // External servers (passed to paydeskd); faults on an external server are not injected.
    std::string db;
    std::string redis;
    std::string kafka;
};

}  // namespace paydesk::chaos
