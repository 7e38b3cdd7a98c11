#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/Endpoints.h"
#include "core/Error.h"
#include "core/Logger.h"
#include "events/Topics.h"
#include "http/HttpServer.h"
#include "webhooks/DestinationPolicy.h"

namespace paydesk::service {

// Everything paydeskd can be told. Sources, strongest first: command line, environment
// (PAYDESK_*), config file (--config, INI/TOML), built-in defaults.
struct ServerConfig {
    enum class Command { Serve, Migrate, LedgerVerify };
    Command command = Command::Serve;

    std::string dataDir;  // default: DataDirectory::defaultPath()
    ListenAddress listen;
    // External endpoints; a component left empty runs embedded in dataDir.
    std::optional<DbEndpoint> db;
    std::optional<RedisEndpoint> redis;
    std::optional<KafkaEndpoint> kafka;

    events::TopicSettings topics;
    int embeddedKafkaBrokers = 3;
    std::size_t dbPoolSize = 32;
    std::size_t workerThreads = 32;
    std::size_t workerQueueLimit = 10'000;
    std::chrono::milliseconds drainTimeout{10'000};
    std::chrono::seconds startupTimeout{120};

    // Merchant API
    std::string apiKeys;              // "keyId:secret:merchantId[,...]" (PAYDESK_API_KEYS)
    std::string operatorTokens;       // "token:name:role[,...]" (PAYDESK_OPERATOR_TOKENS); roles clerk, supervisor, admin
    bool signingDisabled = false;     // development only, loudly logged
    std::chrono::seconds authorizationHold{7 * 24 * 3600};
    double rateLimitPerSecond = 50'000;
    double rateLimitBurst = 100'000;
    std::size_t maxConnectionsPerClient = 1'000;  // open HTTP connections from one address
    std::chrono::microseconds acquirerLatency{0};
    double acquirerFailureRate = 0.0;  // fault injection: share of simulated acquirer calls that fail
    std::size_t writeShards = 4;
    std::size_t writeMaxBatch = 256;
    std::chrono::microseconds writeMaxWait{1000};
    std::chrono::milliseconds expirySweepInterval{5000};
    // Webhooks
    int webhookAttempts = 6;
    std::chrono::milliseconds webhookBackoff{500};
    std::chrono::milliseconds webhookTimeout{5000};
    std::size_t webhookConcurrency = 32;         // deliveries in flight, all endpoints together
    std::size_t webhookEndpointConcurrency = 4;  // deliveries in flight to one endpoint
    // Networks webhooks may reach although they are loopback, private, link-local, ... (empty:
    // public addresses only). PAYDESK_WEBHOOK_ALLOW_NETWORKS="CIDR[,CIDR]".
    std::vector<webhooks::IpNetwork> webhookAllowNetworks;
    // Settlement (business day = local date in the zone, shifted back by the cut-off; see docs/SETTLEMENT.md)
    std::string settlementTimeZone = "Asia/Seoul";
    int settlementCutoffMinutes = 0;
    std::chrono::milliseconds settlementInterval{60'000};
    std::int64_t feeBps = 0;    // per capture, basis points of the captured amount
    std::int64_t feeFixed = 0;  // per capture, in the currency's minor unit

    LogLevel logLevel = LogLevel::Info;
    std::string logFile;

    http::HttpServerOptions httpOptions() const;

    [[nodiscard]] bool embeddedAnything() const { return !db || !redis || !kafka; }
};

struct ParsedCommandLine {
    std::optional<ServerConfig> config;  // empty when the program should exit with `exitCode`
    int exitCode = 0;
    std::string output;  // help, version or the error, for the caller to print
};

// Parses argv (and the environment, and --config). Never exits the process itself.
ParsedCommandLine parseCommandLine(int argc, const char* const* argv);

}  // namespace paydesk::service
