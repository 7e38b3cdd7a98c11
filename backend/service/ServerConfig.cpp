#include "service/ServerConfig.h"

#include <CLI/CLI.hpp>

#include <sstream>

#include "core/LogMasker.h"
#include "local/DataDirectory.h"
#include "settlement/BusinessCalendar.h"

namespace paydesk::service {

http::HttpServerOptions ServerConfig::httpOptions() const {
    http::HttpServerOptions o;
    o.host = listen.host;
    o.port = listen.port;
    o.maxConnectionsPerClient = maxConnectionsPerClient;
    // Uploads are received into unnamed files: in the data folder when there is one.
    if (embeddedAnything()) o.spoolDirectory = (dataDir.empty() ? local::DataDirectory::defaultPath() : dataDir) + "/spool";
    return o;
}

ParsedCommandLine parseCommandLine(int argc, const char* const* argv) {
    ParsedCommandLine out;
    ServerConfig cfg;
    std::string listen = "127.0.0.1:8080";
    std::string dbUrl;
    std::string redisUrl;
    std::string kafkaBrokers;
    std::string logLevel = "info";
    int drainMs = static_cast<int>(cfg.drainTimeout.count());
    int startupSeconds = static_cast<int>(cfg.startupTimeout.count());

    CLI::App app{"paydeskd: Paydesk payment and settlement backend (headless)", "paydeskd"};
    app.set_version_flag("--version", std::string("paydeskd ") + PAYDESK_VERSION);
    app.set_config("--config", "", "Config file (INI or TOML; keys are the long option names)");
    app.option_defaults()->always_capture_default();

    {
        CLI::App& a = app;
        a.add_option("--data-dir", cfg.dataDir, "Folder for the embedded servers' data (default: per-user data folder)")
            ->envname("PAYDESK_DATA_DIR");
        a.add_option("--db", dbUrl, "External MariaDB: mysql://user:pass@host:port/db or a socket path")
            ->envname("PAYDESK_DB_URL");
        a.add_option("--redis", redisUrl, "External Redis: redis://[:pass@]host:port[/db] or unix:///path")
            ->envname("PAYDESK_REDIS_URL");
        a.add_option("--kafka", kafkaBrokers, "External Kafka bootstrap list: host:port,host:port")
            ->envname("PAYDESK_KAFKA_BROKERS");
        a.add_option("--log-level", logLevel, "debug, info, warn or error")
            ->envname("PAYDESK_LOG_LEVEL")
            ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
        a.add_option("--log-file", cfg.logFile, "Also append JSON log lines to this file")->envname("PAYDESK_LOG_FILE");
    }
    app.add_option("--listen", listen, "HTTP listen address HOST:PORT")->envname("PAYDESK_LISTEN");
    app.add_option("--topic-partitions", cfg.topics.partitions, "Partitions per Kafka topic Paydesk creates")
        ->check(CLI::Range(1, 1024));
    app.add_option("--topic-replication", cfg.topics.replicationFactor, "Replication factor of the topics Paydesk creates")
        ->check(CLI::Range(1, 16));
    app.add_option("--db-pool-size", cfg.dbPoolSize, "Database connections per instance")->check(CLI::Range(1, 1024));
    app.add_option("--worker-threads", cfg.workerThreads, "Threads for blocking work")->check(CLI::Range(1, 1024));
    app.add_option("--drain-timeout-ms", drainMs, "On SIGTERM, how long in-flight requests may take")->check(CLI::Range(0, 600'000));
    app.add_option("--startup-timeout", startupSeconds, "Seconds each embedded server may take to start")->check(CLI::Range(1, 3600));

    long holdSeconds = static_cast<long>(cfg.authorizationHold.count());
    long acquirerLatencyUs = 0;
    long writeWaitUs = static_cast<long>(cfg.writeMaxWait.count());
    long sweepMs = static_cast<long>(cfg.expirySweepInterval.count());
    app.add_option("--api-keys", cfg.apiKeys, "Merchant API keys: keyId:secret:merchantId[,...]")->envname("PAYDESK_API_KEYS");
    app.add_option("--operator-tokens", cfg.operatorTokens,
                   "Operator API bearer tokens: token:name:role[,...] (role clerk, supervisor or admin; tokens of 16+ characters)")
        ->envname("PAYDESK_OPERATOR_TOKENS");
    app.add_flag("--insecure-disable-signing", cfg.signingDisabled,
                 "DEVELOPMENT ONLY: accept unsigned merchant requests (merchant taken from the body)");
    app.add_option("--authorization-hold", holdSeconds, "Seconds an authorization may wait for capture before it expires")
        ->check(CLI::Range(1L, 90L * 24 * 3600));
    app.add_option("--rate-limit", cfg.rateLimitPerSecond, "Requests per second per merchant (token bucket rate)")->check(CLI::Range(1.0, 1e7));
    app.add_option("--rate-burst", cfg.rateLimitBurst, "Token bucket size per merchant")->check(CLI::Range(1.0, 1e8));
    app.add_option("--max-connections-per-client", cfg.maxConnectionsPerClient, "Open HTTP connections allowed from one client address")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
    app.add_option("--acquirer-latency-us", acquirerLatencyUs, "Simulated acquirer latency in microseconds")->check(CLI::Range(0L, 10'000'000L));
    app.add_option("--acquirer-failure-rate", cfg.acquirerFailureRate, "Share of simulated acquirer calls that fail (fault injection, 0-1)")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--write-shards", cfg.writeShards, "Database writer threads (each batches its own requests)")->check(CLI::Range(1, 64));
    app.add_option("--write-batch", cfg.writeMaxBatch, "Most requests committed in one transaction")->check(CLI::Range(1, 10'000));
    app.add_option("--write-wait-us", writeWaitUs, "How long a write waits for others to share its commit")->check(CLI::Range(0L, 100'000L));
    app.add_option("--expiry-sweep-ms", sweepMs, "How often expired authorizations are looked for")->check(CLI::Range(10L, 3'600'000L));

    long webhookBackoffMs = static_cast<long>(cfg.webhookBackoff.count());
    long webhookTimeoutMs = static_cast<long>(cfg.webhookTimeout.count());
    app.add_option("--webhook-attempts", cfg.webhookAttempts, "Delivery attempts before a webhook event is dead-lettered")->check(CLI::Range(1, 50));
    app.add_option("--webhook-backoff-ms", webhookBackoffMs, "First retry delay of a failed webhook delivery (doubles each time)")
        ->check(CLI::Range(1L, 600'000L));
    app.add_option("--webhook-timeout-ms", webhookTimeoutMs, "How long a webhook receiver may take to answer")->check(CLI::Range(100L, 60'000L));
    app.add_option("--webhook-concurrency", cfg.webhookConcurrency,
                   "Webhook deliveries in flight at once, all endpoints together")
        ->check(CLI::Range(1, 1024));
    app.add_option("--webhook-endpoint-concurrency", cfg.webhookEndpointConcurrency,
                   "Webhook deliveries in flight at once to one endpoint")
        ->check(CLI::Range(1, 64));
    std::string webhookAllowNetworks;
    app.add_option("--webhook-allow-networks", webhookAllowNetworks,
                   "Networks webhooks may be delivered to although they are not public (loopback, private, link-local, "
                   "...): CIDR[,CIDR]")
        ->envname("PAYDESK_WEBHOOK_ALLOW_NETWORKS");

    std::string settlementCutoff = "00:00";
    long settlementIntervalMs = static_cast<long>(cfg.settlementInterval.count());
    app.add_option("--settlement-time-zone", cfg.settlementTimeZone, "IANA time zone of merchants' business days (e.g. Asia/Seoul)")
        ->envname("PAYDESK_SETTLEMENT_TIME_ZONE");
    app.add_option("--settlement-cutoff", settlementCutoff, "Local time HH:MM at which a business day starts (and the previous one ends)")
        ->envname("PAYDESK_SETTLEMENT_CUTOFF");
    app.add_option("--settlement-interval-ms", settlementIntervalMs, "How often the settlement scheduler looks for business days to close")
        ->check(CLI::Range(100L, 86'400'000L));
    app.add_option("--fee-bps", cfg.feeBps, "Default settlement fee per capture in basis points of the amount (0-10000)")->check(CLI::Range(0L, 10'000L));
    app.add_option("--fee-fixed", cfg.feeFixed, "Default fixed settlement fee per capture, in the currency's minor unit")
        ->check(CLI::Range(0L, 1'000'000'000L));

    // Options given after a subcommand fall through to the main ones (--data-dir, --db, ...).
    CLI::App* migrate = app.add_subcommand("migrate", "Apply the database schema and exit");
    migrate->fallthrough();
    CLI::App* ledger = app.add_subcommand("ledger", "Ledger tools");
    ledger->fallthrough();
    ledger->require_subcommand(1);
    CLI::App* verify = ledger->add_subcommand("verify",
                                              "Check every journal entry balances, the trial balance is zero and the hash chain is intact "
                                              "(works while the server runs); exits 1 naming the first bad entry");
    verify->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        std::ostringstream ss;
        out.exitCode = app.exit(e, ss, ss);
        out.output = ss.str();
        return out;
    } catch (const CLI::ParseError& e) {
        std::ostringstream ss;
        out.exitCode = app.exit(e, ss, ss);
        out.output = ss.str();
        if (out.exitCode == 0) out.exitCode = 2;
        return out;
    }
    if (migrate->parsed()) cfg.command = ServerConfig::Command::Migrate;
    if (verify->parsed()) cfg.command = ServerConfig::Command::LedgerVerify;
    cfg.authorizationHold = std::chrono::seconds(holdSeconds);
    cfg.acquirerLatency = std::chrono::microseconds(acquirerLatencyUs);
    cfg.writeMaxWait = std::chrono::microseconds(writeWaitUs);
    cfg.expirySweepInterval = std::chrono::milliseconds(sweepMs);
    cfg.webhookBackoff = std::chrono::milliseconds(webhookBackoffMs);
    cfg.webhookTimeout = std::chrono::milliseconds(webhookTimeoutMs);
    cfg.settlementInterval = std::chrono::milliseconds(settlementIntervalMs);

    auto fail = [&](const Error& e) {
        out.exitCode = 2;
        out.output = "paydeskd: " + e.message + "\n";
        return out;
    };
    if (cfg.dataDir.empty()) cfg.dataDir = local::DataDirectory::defaultPath();
    auto addr = ListenAddress::parse(listen);
    if (!addr.ok()) return fail(addr.error());
    cfg.listen = addr.value();
    if (!dbUrl.empty()) {
        auto db = DbEndpoint::parse(dbUrl);
        if (!db.ok()) return fail(db.error());
        cfg.db = db.value();
        LogMasker::global().addSecret(cfg.db->password);
    }
    if (!redisUrl.empty()) {
        auto r = RedisEndpoint::parse(redisUrl);
        if (!r.ok()) return fail(r.error());
        cfg.redis = r.value();
        LogMasker::global().addSecret(cfg.redis->password);
    }
    if (!kafkaBrokers.empty()) {
        auto k = KafkaEndpoint::parse(kafkaBrokers);
        if (!k.ok()) return fail(k.error());
        cfg.kafka = k.value();
    }
    auto allowNetworks = webhooks::parseNetworkList(webhookAllowNetworks);
    if (!allowNetworks.ok())
        return fail(
            Error::make(ErrorCode::ConfigInvalid, "--webhook-allow-networks: " + allowNetworks.error().message));
    cfg.webhookAllowNetworks = std::move(allowNetworks).value();
    if (cfg.webhookEndpointConcurrency > cfg.webhookConcurrency)
        cfg.webhookEndpointConcurrency = cfg.webhookConcurrency;
    // The zone itself is checked against the time-zone database when settlement starts.
    const auto cutoff = settlement::BusinessCalendar::parseCutoff(settlementCutoff);
    if (!cutoff)
        return fail(Error::make(ErrorCode::ConfigInvalid, "--settlement-cutoff must be HH:MM between 00:00 and 23:59"));
    cfg.settlementCutoffMinutes = *cutoff;
    if (!parseLogLevel(logLevel, cfg.logLevel))
        return fail(Error::make(ErrorCode::ConfigInvalid, "unknown log level " + logLevel));
    cfg.drainTimeout = std::chrono::milliseconds(drainMs);
    cfg.startupTimeout = std::chrono::seconds(startupSeconds);
    if (!cfg.kafka && cfg.topics.replicationFactor > cfg.embeddedKafkaBrokers) {
        return fail(Error::make(ErrorCode::ConfigInvalid, "--topic-replication cannot exceed the " +
                                                              std::to_string(cfg.embeddedKafkaBrokers) +
                                                              " embedded Kafka brokers"));
    }
    out.config = std::move(cfg);
    return out;
}

}  // namespace paydesk::service
