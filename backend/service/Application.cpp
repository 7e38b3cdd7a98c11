#include "service/Application.h"

#include <unistd.h>

#include <algorithm>
#include <cassert>

#include <nlohmann/json.hpp>
#include "admin/OperatorAuth.h"
#include "auth/ApiKeyStore.h"
#include "auth/MerchantAuth.h"
#include "auth/RequestAdmission.h"
#include "cache/RedisPool.h"
#include "core/Clock.h"
#include "core/Crypto.h"
#include "core/Files.h"
#include "core/LogMasker.h"
#include "core/Logger.h"
#include "core/Metrics.h"
#include "core/WorkerPool.h"
#include "events/EventConsumer.h"
#include "events/KafkaClient.h"
#include "events/KafkaMockCluster.h"
#include "events/OutboxRelay.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "local/DataDirectory.h"
#include "local/LocalStack.h"
#include "operator/OperatorApi.h"
#include "payments/AcquirerSimulator.h"
#include "payments/ExpirySweeper.h"
#include "payments/PaymentApi.h"
#include "payments/ResilientAcquirer.h"
#include "recon/ReconApi.h"
#include "service/HealthService.h"
#include "settlement/SettlementApi.h"
#include "settlement/SettlementModule.h"
#include "store/Database.h"
#include "store/DbWatchdog.h"
#include "store/Ledger.h"
#include "store/Migrator.h"
#include "store/WriteBatcher.h"
#include "webhooks/DestinationPolicy.h"
#include "webhooks/WebhookApi.h"
#include "webhooks/WebhookDelivery.h"
#include "webhooks/WebhookDispatcher.h"

namespace paydesk::service {

using namespace std::chrono_literals;

namespace {
constexpr const char* kWebhookGroup = "webhooks";

std::uint16_t portOf(const std::string& hostPort) {
    const std::size_t colon = hostPort.rfind(':');
    const std::string digits = colon == std::string::npos ? std::string() : hostPort.substr(colon + 1);
    if (digits.empty() || digits.size() > 5 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    const long port = std::stol(digits);
    return port > 0 && port <= 65535 ? static_cast<std::uint16_t>(port) : 0;
}
}  // namespace

// The ports of paydeskd's own services (its HTTP listener, the database, Redis, the Kafka
// brokers): webhooks never go to them on this host, whatever the allow-list says.
std::vector<std::uint16_t> Application::ownPorts() const {
    std::vector<std::uint16_t> ports = {httpPort(), config_.db->port, config_.redis->port};
    for (const std::string& broker : config_.kafka->brokers) ports.push_back(portOf(broker));
    ports.erase(std::remove(ports.begin(), ports.end(), std::uint16_t{0}), ports.end());
    return ports;
}

Application::Application(ServerConfig config) : config_(std::move(config)) {
    const int external = (config_.db ? 1 : 0) + (config_.redis ? 1 : 0) + (config_.kafka ? 1 : 0);
    mode_ = external == 0 ? "embedded" : external == 3 ? "external" : "mixed";
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    instanceId_ = std::string(host) + "-" + std::to_string(::getpid()) + "-" + crypto::randomHex(3);
}

Application::~Application() {
    stop();
}

void Application::setPhase(std::string phase) {
    Logger::info("app", phase);
    std::lock_guard lock(mutex_);
    phase_ = std::move(phase);
}

std::string Application::phase() const {
    std::lock_guard lock(mutex_);
    return phase_;
}

std::uint16_t Application::httpPort() const {
    return http_ ? http_->port() : 0;
}

void Application::requestStop() {
    stopRequested_.store(true);
    stopCv_.notify_all();
}

void Application::waitForStopRequest() {
    std::unique_lock lock(mutex_);
    stopCv_.wait(lock, [&] { return stopRequested_.load(); });
}

Status Application::start() {
    setPhase("starting");
    workers_ = std::make_unique<WorkerPool>("requests", config_.workerThreads, config_.workerQueueLimit);
    if (auto s = startHttp(); !s.ok()) return s;
    if (auto s = startDependencies(); !s.ok()) return s;
    if (stopRequested()) return Error::make(ErrorCode::Stopped, "stop requested during startup");
    if (auto s = applySchema(); !s.ok()) return s;
    if (auto s = startPayments(); !s.ok()) return s;
    if (auto s = startEvents(); !s.ok()) return s;
    if (auto s = startOperatorApi(); !s.ok()) return s;
    if (auto s = startSettlement(); !s.ok()) return s;
    if (auto s = startRecon(); !s.ok()) return s;
    // From here on a hung or dead database turns into fast 503s, and serving resumes by itself.
    // (Startup steps wait with their own bounds: a database still warming up is not an outage.)
    dbWatchdog_ = std::make_unique<store::DbWatchdog>(*db_);
    dbWatchdog_->start();
    {
        auto health = std::make_shared<HealthService>(*db_, *config_.redis, *kafka_, config_.kafka->bootstrap());
        if (local::LocalStack* stack = stack_.get()) {
            health->setNote([stack](std::string_view component) { return stack->restartNote(component); });
        }
        std::lock_guard lock(mutex_);
        health_ = std::move(health);
        healthAuth_ = operatorAuth_.get();
    }
    setPhase("ready");
    Logger::info("app", "paydeskd serving",
                 {{"listen", config_.listen.host + ":" + std::to_string(httpPort())},
                  {"db", config_.db->describe()},
                  {"redis", config_.redis->describe()},
                  {"kafka", config_.kafka->bootstrap()},
                  {"instance", instanceId_}});
    return Status::success();
}

Status Application::migrateOnly() {
    if (auto s = startDependencies(); !s.ok()) return s;
    return applySchema();
}

Status Application::startHttp() {
    router_ = std::make_unique<http::Router>();
    registerRoutes();
    http_ = std::make_unique<http::HttpServer>(config_.httpOptions(), *router_);
    if (auto s = http_->start(); !s.ok()) return s;
    return Status::success();
}

Status Application::startDependencies() {
    if (config_.embeddedAnything()) {
        auto dir = local::DataDirectory::open(config_.dataDir);
        if (!dir.ok()) return dir.error();
        dataDir_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
        if (stopRequested()) return Error::make(ErrorCode::Stopped, "stop requested during startup");
        local::LocalStackOptions options;
        options.startDatabase = !config_.db;
        options.startRedis = !config_.redis;
        options.startKafka = !config_.kafka;
        options.kafkaBrokers = config_.embeddedKafkaBrokers;
        options.topics = config_.topics;
        options.databaseTimeout = config_.startupTimeout;
        options.redisTimeout = config_.startupTimeout;
        std::string what;
        for (auto [on, name] : {std::pair{options.startDatabase, "MariaDB"},
                                {options.startRedis, "Redis"},
                                {options.startKafka, "Kafka"}}) {
            if (on) what += (what.empty() ? "" : ", ") + std::string(name);
        }
        // The phase is shown to anonymous callers of /health/ready: what, not where.
        Logger::info("app", "data folder", {{"path", dataDir_->root()}});
        setPhase("starting embedded " + what);
        stack_ = std::make_unique<local::LocalStack>(*dataDir_);
        if (auto s = stack_->start(options); !s.ok()) return s;
        if (!config_.db) config_.db = stack_->database();
        if (!config_.redis) config_.redis = stack_->redis();
        if (!config_.kafka) config_.kafka = KafkaEndpoint{{*stack_->kafkaBootstrap()}};
    }
    assert(config_.db && config_.redis && config_.kafka);
    setPhase("connecting to the database");
    db_ = std::make_unique<store::DbPool>(*config_.db, config_.dbPoolSize);
    {
        // The database is the system of record: without it there is nothing to serve.
        auto conn = db_->acquire(3000ms);
        if (!conn.ok()) return conn.error();
    }
    auto kafka = events::KafkaAdmin::connect(config_.kafka->bootstrap());
    if (!kafka.ok()) return kafka.error();
    kafka_ = std::move(kafka).value();
    if (!stack_ || !stack_->kafkaCluster()) {
        // External cluster: create missing topics; a broker outage now is not fatal (the outbox waits).
        if (auto s = kafka_->ensureTopics(config_.topics, 5000); !s.ok()) {
            Logger::warn("app", "could not ensure Kafka topics; will keep running", {{"error", s.error().message}});
        }
    }
    auto& registry = MetricsRegistry::global();
    store::DbPool* pool = db_.get();
    registry.callbackGauge("paydesk_db_pool_in_use", "Database connections borrowed from the pool", {},
                           [pool] { return static_cast<double>(pool->inUse()); });
    registry.callbackGauge("paydesk_db_pool_size", "Database connection pool capacity", {},
                           [pool] { return static_cast<double>(pool->maxSize()); });
    return Status::success();
}

Status Application::applySchema() {
    setPhase("applying database schema");
    auto conn = db_->acquire(3000ms);
    if (!conn.ok()) return conn.error();
    store::DbConnection& c = *conn.value();
    store::Migrator migrator(c);
    auto report = migrator.migrate(store::embeddedMigrations(), instanceId_);
    if (!report.ok()) return report.error();
    Logger::info("store", "schema ready",
                 {{"from", report->fromVersion}, {"to", report->toVersion}, {"applied", report->applied.size()}});
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    auto s = c.execute("INSERT INTO instances (instance_id, host, pid, version, started_at, last_seen) VALUES (" +
                       c.quote(instanceId_) + ", " + c.quote(host) + ", " + std::to_string(::getpid()) + ", " +
                       c.quote(PAYDESK_VERSION) + ", NOW(6), NOW(6))");
    if (!s.ok()) return s.error();
    return Status::success();
}

Status Application::startPayments() {
    setPhase("starting the payments core");
    keys_ = std::make_unique<auth::ApiKeyStore>();
    if (!config_.apiKeys.empty()) {
        auto parsed = auth::ApiKeyStore::parse(config_.apiKeys);
        if (!parsed.ok()) return parsed.error();
        for (auto& k : parsed.value()) {
            if (auto s = keys_->add(std::move(k)); !s.ok()) return s;
        }
    }
    if (keys_->empty() && dataDir_ && !config_.signingDisabled) {
        const std::string path = dataDir_->path("demo-credentials.json");
        auto demo = auth::ApiKeyStore::loadOrCreateDemo(path);
        if (!demo.ok()) return demo.error();
        if (auto s = keys_->add(demo.value()); !s.ok()) return s;
        Logger::info("payments", "demo merchant credentials",
                     {{"merchantId", demo->merchantId}, {"apiKey", demo->keyId}, {"file", path}});
    }
    if (keys_->empty() && !config_.signingDisabled) {
        Logger::warn(
            "payments",
            "no merchant API keys configured (--api-keys / PAYDESK_API_KEYS): every merchant request will be refused");
    }
    {
        auto conn = db_->acquire(3000ms);
        if (!conn.ok()) return conn.error();
        store::DbConnection& c = *conn.value();
        for (const auto& m : keys_->merchants()) {
            if (auto s = c.execute("INSERT IGNORE INTO merchants (merchant_id, name, created_at) VALUES (" +
                                   c.quote(m) + ", " + c.quote(m) + ", NOW(6))");
                !s.ok()) {
                return s;
            }
        }
    }
    const Clock& clock = SystemClock::instance();
    redisPool_ = std::make_unique<cache::RedisPool>(*config_.redis, 64);
    admission_ = std::make_unique<auth::RequestAdmission>(
        redisPool_.get(), clock, auth::RateLimit{config_.rateLimitPerSecond, config_.rateLimitBurst});
    payments::AcquirerSimulator::Options sim;
    sim.latency = config_.acquirerLatency;
    sim.failureRate = config_.acquirerFailureRate;
    simulator_ = std::make_unique<payments::AcquirerSimulator>(sim);
    acquirer_ = std::make_unique<payments::ResilientAcquirer>(*simulator_, clock);
    store::WriteBatcherOptions w;
    w.shards = config_.writeShards;
    w.maxBatch = config_.writeMaxBatch;
    w.maxWait = config_.writeMaxWait;
    writer_ = std::make_unique<store::WriteBatcher>(*db_, w);
    merchantAuth_ = std::make_unique<auth::MerchantAuth>(!config_.signingDisabled, clock, *keys_, *admission_);
    payments::PaymentApiOptions api;
    api.authorizationHold = config_.authorizationHold;
    paymentApi_ =
        std::make_unique<payments::PaymentApi>(api, clock, *merchantAuth_, *acquirer_, *writer_, *db_, *workers_);
    paymentApiLive_.store(paymentApi_.get());
    payments::ExpirySweeper::Options sweep;
    sweep.interval = config_.expirySweepInterval;
    sweeper_ = std::make_unique<payments::ExpirySweeper>(sweep, clock, *db_, *writer_, instanceId_);
    sweeper_->start();

    auto producer = events::KafkaProducer::create(config_.kafka->bootstrap(), "paydeskd-" + instanceId_);
    if (!producer.ok()) return producer.error();
    producer_ = std::move(producer).value();
    relay_ =
        std::make_unique<events::OutboxRelay>(events::OutboxRelay::Options{}, clock, *db_, *producer_, instanceId_);
    relay_->start();
    return Status::success();
}

Status Application::startEvents() {
    setPhase("starting event consumers");
    const Clock& clock = SystemClock::instance();
    deadLetters_ = std::make_unique<events::DeadLetterSink>(*db_, *producer_);
    webhookPolicy_ = std::make_unique<webhooks::DestinationPolicy>(
        config_.webhookAllowNetworks, ownPorts(), webhooks::DestinationPolicy::localInterfaceAddresses());
    for (const auto& network : config_.webhookAllowNetworks) {
        Logger::warn("webhooks", "webhooks may be delivered into a non-public network",
                     {{"network", network.toString()}});
    }
    webhookDispatcher_ = std::make_unique<webhooks::WebhookDispatcher>(clock);
    events::RetryPolicy retry;  // the consumer only records deliveries: this retries database trouble
    retry.maxAttempts = config_.webhookAttempts;
    retry.initialBackoff = config_.webhookBackoff;
    webhookConsumer_ = std::make_unique<events::EventConsumer>(
        kWebhookGroup,
        std::vector<std::string>{"payment.authorized", "payment.captured", "payment.refunded", "payment.voided",
                                 "settlement.closed", "settlement.approved"},
        config_.kafka->bootstrap(), *db_, *deadLetters_, *webhookDispatcher_, retry, clock);
    if (auto s = webhookConsumer_->start(); !s.ok()) return s;
    webhooks::WebhookDeliveryOptions delivery;
    delivery.maxAttempts = config_.webhookAttempts;
    delivery.initialBackoff = config_.webhookBackoff;
    delivery.timeout = config_.webhookTimeout;
    delivery.throttle.maxInFlight = config_.webhookConcurrency;
    delivery.throttle.maxInFlightPerEndpoint = config_.webhookEndpointConcurrency;
    delivery.throttle.initialBackoff = config_.webhookBackoff;
    delivery.consumerGroup = kWebhookGroup;
    webhookDelivery_ =
        std::make_unique<webhooks::WebhookDelivery>(delivery, clock, *db_, *webhookPolicy_, *deadLetters_, instanceId_);
    webhookDelivery_->start();
    webhookApi_ = std::make_unique<webhooks::WebhookApi>(*merchantAuth_, *db_, *workers_, clock, *webhookPolicy_);
    webhookApiLive_.store(webhookApi_.get());
    return Status::success();
}

Status Application::startOperatorApi() {
    setPhase("starting the operator API");
    operatorAuth_ = std::make_unique<operators::OperatorAuth>();
    if (!config_.operatorTokens.empty()) {
        auto parsed = operators::OperatorAuth::parse(config_.operatorTokens);
        if (!parsed.ok()) return parsed.error();
        for (const auto& t : parsed.value()) {
            if (auto s = operatorAuth_->add(t); !s.ok()) return s;
        }
    }
    if (operatorAuth_->empty() && dataDir_) {
        // The embedded default: the local console reads this file to connect as local admin.
        const std::string path = dataDir_->path("operator-token.json");
        auto local = operators::OperatorAuth::loadOrCreateLocalAdmin(path);
        if (!local.ok()) return local.error();
        if (auto s = operatorAuth_->add(local.value()); !s.ok()) return s;
        Logger::info("operator", "local operator token", {{"name", local->name}, {"role", "admin"}, {"file", path}});
        // A second operator (supervisor) so that the four-eyes steps can be completed on one machine.
        const std::string checkerPath = dataDir_->path("operator-checker.json");
        auto checker = operators::OperatorAuth::loadOrCreateLocal(
            checkerPath, operators::OperatorAuth::kLocalCheckerName, operators::Role::Supervisor);
        if (!checker.ok()) return checker.error();
        if (auto s = operatorAuth_->add(checker.value()); !s.ok()) return s;
        Logger::info("operator", "local operator token",
                     {{"name", checker->name}, {"role", "supervisor"}, {"file", checkerPath}});
    }
    operatorApi_ = std::make_unique<operators::OperatorApi>(operators::OperatorApiOptions{}, *operatorAuth_, *db_,
                                                            *workers_, *producer_);
    operatorApiLive_.store(operatorApi_.get());
    return Status::success();
}

Status Application::startSettlement() {
    setPhase("starting settlement");
    settlement::SettlementOptions options;
    options.timeZone = config_.settlementTimeZone;
    options.cutoffMinutes = config_.settlementCutoffMinutes;
    options.interval = config_.settlementInterval;
    options.fee = {config_.feeBps, config_.feeFixed};
    auto module = settlement::SettlementModule::create(options, SystemClock::instance(), *db_, *workers_,
                                                       *operatorAuth_, instanceId_);
    if (!module.ok()) return module.error();
    settlement_ = std::move(module).value();
    settlement_->start();
    settlementApiLive_.store(&settlement_->api());
    return Status::success();
}

Status Application::startRecon() {
    setPhase("starting reconciliation");
    reconApi_ = std::make_unique<recon::ReconApi>(recon::ReconApiOptions{}, *operatorAuth_, merchantAuth_.get(), *db_,
                                                  *workers_);
    reconApiLive_.store(reconApi_.get());
    return Status::success();
}

const http::Router& Application::routesForDocumentation() {
    assert(!http_ && "routesForDocumentation() is for an application that was not started");
    if (!router_) {
        router_ = std::make_unique<http::Router>();
        registerRoutes();
    }
    return *router_;
}

Result<int> Application::verifyLedger(std::string& report) {
    // With the embedded default and a server running, its database is reached through the
    // endpoints it published; otherwise the database is started (or connected to) as for serving.
    if (!config_.db) {
        auto dir = local::DataDirectory::open(config_.dataDir);
        if (!dir.ok() && dir.error().is(ErrorCode::DataDirLocked)) {
            const auto endpoints =
                nlohmann::json::parse(files::read(config_.dataDir + "/run/endpoints.json"), nullptr, false);
            if (endpoints.is_discarded() || !endpoints.contains("db")) {
                return Error::make(ErrorCode::DbUnavailable,
                                   "the running paydeskd has not published its database endpoint yet");
            }
            DbEndpoint ep;
            ep.unixSocket = endpoints["db"]["socket"].get<std::string>();
            ep.user = endpoints["db"]["user"].get<std::string>();
            ep.database = endpoints["db"]["database"].get<std::string>();
            ep.password = files::read(endpoints["db"]["passwordFile"].get<std::string>());
            LogMasker::global().addSecret(ep.password);
            config_.db = ep;
        } else if (!dir.ok()) {
            return dir.error();
        } else {
            dataDir_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
            stack_ = std::make_unique<local::LocalStack>(*dataDir_);
            local::LocalStackOptions only;
            only.startRedis = only.startKafka = false;
            only.databaseTimeout = config_.startupTimeout;
            if (auto s = stack_->start(only); !s.ok()) return s.error();
            config_.db = stack_->database();
        }
    }
    auto conn = store::DbConnection::open(*config_.db, {});
    if (!conn.ok()) return conn.error();
    auto result = store::Ledger::verify(*conn.value());
    if (!result.ok()) return result.error();
    if (result->ok) {
        report = "ledger intact: " + std::to_string(result->entries) + " entries, " + std::to_string(result->lines) +
                 " lines, every entry balanced, trial balance zero, hash chain unbroken";
        return 0;
    }
    report = "ledger verification FAILED at entry " + std::to_string(result->firstBadEntry) + ": " + result->problem;
    return 1;
}

void Application::registerRoutes() {
    payments::PaymentApi::registerRoutes(*router_, [this] { return paymentApiLive_.load(); });
    webhooks::WebhookApi::registerRoutes(*router_, [this] { return webhookApiLive_.load(); });
    operators::OperatorApi::registerRoutes(*router_, [this] { return operatorApiLive_.load(); });
    settlement::SettlementApi::registerRoutes(*router_, [this] { return settlementApiLive_.load(); });
    recon::ReconApi::registerRoutes(*router_, [this] { return reconApiLive_.load(); });
    using http::HttpRequest;
    using http::HttpResponse;
    using http::Responder;
    router_->add("GET", "/health/live", [](HttpRequest&&, Responder respond) {
        respond(HttpResponse::json(200, {{"status", "live"}, {"version", PAYDESK_VERSION}}));
    });
    router_->add("GET", "/health/ready", [this](HttpRequest&& request, Responder respond) {
        std::shared_ptr<HealthService> health;
        const operators::OperatorAuth* auth = nullptr;
        {
            std::lock_guard lock(mutex_);
            health = health_;
            auth = healthAuth_;
        }
        const std::string mode = mode_;
        if (!health) {
            respond(HttpResponse::json(
                        503, {{"status", "starting"}, {"phase", phase()}, {"mode", mode}, {"version", PAYDESK_VERSION}})
                        .header("Retry-After", "1"));
            return;
        }
        // Anonymous callers (load balancers) get states; where the servers are is for operators.
        const bool operatorAsks = auth != nullptr && auth->authenticate(request.header("Authorization")).has_value();
        const auto detail = operatorAsks ? HealthReport::Detail::Full : HealthReport::Detail::StatesOnly;
        // Probes block for up to a couple of seconds: never on an I/O thread.
        const bool queued = workers_->post([health, respond, mode, detail] {
            const HealthReport report = health->check();
            nlohmann::json body = report.toJson(detail);
            body["mode"] = mode;
            body["version"] = PAYDESK_VERSION;
            HttpResponse r = HttpResponse::json(report.ready() ? 200 : 503, body);
            if (!report.ready()) r.header("Retry-After", "1");
            respond(std::move(r));
        });
        if (!queued)
            respond(HttpResponse::error(503, "SERVICE_UNAVAILABLE", "server is overloaded").header("Retry-After", "1"));
    });
    router_->add("GET", "/metrics", [](HttpRequest&&, Responder respond) {
        respond(HttpResponse::text(200, MetricsRegistry::global().renderPrometheus(),
                                   "text/plain; version=0.0.4; charset=utf-8"));
    });
}

void Application::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        health_.reset();
        healthAuth_ = nullptr;
    }
    requestStop();
    Logger::info("app", "stopping");
    if (stack_) stack_->stopSupervising();             // a server that dies now stays down
    if (http_) http_->shutdown(config_.drainTimeout);  // stop accepting, let in-flight requests finish
    paymentApiLive_.store(nullptr);
    webhookApiLive_.store(nullptr);
    operatorApiLive_.store(nullptr);
    settlementApiLive_.store(nullptr);
    reconApiLive_.store(nullptr);
    if (webhookConsumer_) webhookConsumer_->stop();
    if (webhookDelivery_) webhookDelivery_->stop();  // cancels posts in flight: they are sent again after a restart
    if (sweeper_) sweeper_->stop();
    if (settlement_) settlement_->stop();
    if (relay_) relay_->stop();
    if (workers_) workers_->stop();
    if (writer_) writer_->stop();
    relay_.reset();
    webhookConsumer_.reset();
    webhookDelivery_.reset();
    webhookDispatcher_.reset();
    webhookApi_.reset();
    webhookPolicy_.reset();
    deadLetters_.reset();
    settlement_.reset();
    reconApi_.reset();
    operatorApi_.reset();  // replays use the producer
    producer_.reset();
    acquirer_.reset();
    simulator_.reset();
    paymentApi_.reset();
    merchantAuth_.reset();
    admission_.reset();
    redisPool_.reset();
    kafka_.reset();
    dbWatchdog_.reset();
    db_.reset();
    if (stack_) stack_->stop();
    stack_.reset();
    dataDir_.reset();  // releases the folder lock last
    Logger::info("app", "stopped");
}

}  // namespace paydesk::service
