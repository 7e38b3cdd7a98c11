#include "service/HealthService.h"

#include <cassert>
#include <future>

#include "cache/RedisClient.h"
#include "core/Metrics.h"
#include "events/KafkaMockCluster.h"
#include "store/Database.h"

namespace paydesk::service {

using namespace std::chrono_literals;

namespace {
double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

std::string_view toString(ComponentState s) {
    switch (s) {
        case ComponentState::Up:
            return "up";
        case ComponentState::Degraded:
            return "degraded";
        case ComponentState::Down:
            return "down";
    }
    return "down";
}

bool HealthReport::ready() const {
    return db.state == ComponentState::Up && redis.state == ComponentState::Up && kafka.state == ComponentState::Up;
}

std::string HealthReport::overall() const {
    if (ready()) return "ready";
    if (db.state == ComponentState::Down) return "unavailable";
    return "degraded";
}

nlohmann::json HealthReport::toJson(Detail detail) const {
    auto component = [detail](const ComponentHealth& c) {
        // Endpoints, latencies and error texts map the deployment: only operators see them.
        if (detail == Detail::StatesOnly) return nlohmann::json{{"state", toString(c.state)}};
        nlohmann::json j = {{"state", toString(c.state)}, {"endpoint", c.endpoint}, {"latencyMs", c.latencyMs}};
        if (!c.detail.empty()) j["detail"] = c.detail;
        return j;
    };
    return {{"status", overall()},
            {"components", {{"db", component(db)}, {"redis", component(redis)}, {"kafka", component(kafka)}}}};
}

HealthService::HealthService(store::DbPool& db, RedisEndpoint redis, events::KafkaAdmin& kafka,
                             std::string kafkaBootstrap, std::chrono::milliseconds cacheFor)
    : db_(db),
      redisEndpoint_(std::move(redis)),
      kafka_(kafka),
      kafkaBootstrap_(std::move(kafkaBootstrap)),
      cacheFor_(cacheFor) {
    auto& registry = MetricsRegistry::global();
    for (const char* name : {"db", "redis", "kafka"}) {
        registry.gauge("paydesk_component_up", "1 when the dependency answered its last health probe",
                       {{"component", name}});
    }
}

HealthService::~HealthService() = default;

ComponentHealth HealthService::checkDb() {
    ComponentHealth h;
    const auto& ep = db_.endpoint();
    h.endpoint = ep.unixSocket.empty() ? ep.host + ":" + std::to_string(ep.port)
                                       : "unix:" + ep.unixSocket + " (" + ep.host + ":" + std::to_string(ep.port) + ")";
    if (!db_.available()) {
        h.detail = "not answering: " + db_.unavailableReason();
        return h;
    }
    const auto start = std::chrono::steady_clock::now();
    auto conn = db_.acquire(1000ms);
    if (!conn.ok()) {
        h.detail = conn.error().message;
        return h;
    }
    auto ping = conn.value()->query("SELECT 1");
    h.latencyMs = msSince(start);
    if (!ping.ok()) {
        h.detail = ping.error().message;
        return h;
    }
    h.state = ComponentState::Up;
    return h;
}

ComponentHealth HealthService::checkRedis() {
    ComponentHealth h;
    h.state = ComponentState::Degraded;  // until it answers: payments stay correct without it, slower
    h.endpoint = redisEndpoint_.unixSocket.empty() ? redisEndpoint_.host + ":" + std::to_string(redisEndpoint_.port)
                                                   : "unix:" + redisEndpoint_.unixSocket + " (" + redisEndpoint_.host +
                                                         ":" + std::to_string(redisEndpoint_.port) + ")";
    const auto start = std::chrono::steady_clock::now();
    std::lock_guard lock(redisMutex_);
    if (!redis_ || redis_->broken()) {
        redis_.reset();
        auto client = cache::RedisClient::connect(redisEndpoint_, 1000ms);
        if (!client.ok()) {
            h.detail = client.error().message;
            return h;
        }
        redis_ = std::move(client).value();
    }
    auto ping = redis_->ping();
    h.latencyMs = msSince(start);
    if (!ping.ok()) {
        h.detail = ping.error().message;
        return h;
    }
    h.state = ComponentState::Up;
    return h;
}

ComponentHealth HealthService::checkKafka() {
    ComponentHealth h;
    h.endpoint = kafkaBootstrap_;
    const auto start = std::chrono::steady_clock::now();
    auto brokers = kafka_.probe(2000);
    h.latencyMs = msSince(start);
    if (!brokers.ok()) {
        h.detail = brokers.error().message;
        return h;
    }
    h.state = brokers.value() > 0 ? ComponentState::Up : ComponentState::Down;
    if (brokers.value() == 0) h.detail = "cluster reports no brokers";
    return h;
}

HealthReport HealthService::check() {
    std::lock_guard lock(cacheMutex_);
    const auto now = std::chrono::steady_clock::now();
    if (cachedAt_ != std::chrono::steady_clock::time_point{} && now - cachedAt_ < cacheFor_) return cached_;
    // The three probes run side by side: the slowest, not the sum, bounds the answer.
    auto redis = std::async(std::launch::async, [this] { return checkRedis(); });
    auto kafka = std::async(std::launch::async, [this] { return checkKafka(); });
    HealthReport report;
    report.db = checkDb();
    report.redis = redis.get();
    report.kafka = kafka.get();
    if (note_) {
        for (auto [component, name] :
             {std::pair{&report.db, "db"}, {&report.redis, "redis"}, {&report.kafka, "kafka"}}) {
            const std::string n = component->state == ComponentState::Up ? std::string() : note_(name);
            if (!n.empty()) component->detail = n + (component->detail.empty() ? "" : "; " + component->detail);
        }
    }
    auto& registry = MetricsRegistry::global();
    registry.gauge("paydesk_component_up", "", {{"component", "db"}})
        .set(report.db.state == ComponentState::Up ? 1 : 0);
    registry.gauge("paydesk_component_up", "", {{"component", "redis"}})
        .set(report.redis.state == ComponentState::Up ? 1 : 0);
    registry.gauge("paydesk_component_up", "", {{"component", "kafka"}})
        .set(report.kafka.state == ComponentState::Up ? 1 : 0);
    cached_ = report;
    cachedAt_ = std::chrono::steady_clock::now();
    return report;
}

}  // namespace paydesk::service
