#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/Endpoints.h"

namespace paydesk::store {
class DbPool;
}
namespace paydesk::cache {
class RedisClient;
}
namespace paydesk::events {
class KafkaAdmin;
}

namespace paydesk::service {

enum class ComponentState { Up, Degraded, Down };
std::string_view toString(ComponentState s);

struct ComponentHealth {
    ComponentState state = ComponentState::Down;
    std::string endpoint;  // where it is: never holds a password
    std::string detail;    // why, when not up
    double latencyMs = 0;
};

struct HealthReport {
    ComponentHealth db, redis, kafka;
    // ready: all up. degraded: the database is up but Redis or Kafka is not (payments still
    // answer correctly, slower or with events queued). unavailable: the database is down (or hung:
    // the DbWatchdog marked it so). Redis unreachable is itself "degraded", never "down".
    [[nodiscard]] std::string overall() const;
    [[nodiscard]] bool ready() const;
    // StatesOnly (anonymous callers): status and each component's state. Full (an operator): also
    // where each component is (host:port, socket), its latency and why it is not up.
    enum class Detail { StatesOnly, Full };
    [[nodiscard]] nlohmann::json toJson(Detail detail) const;
};

// Probes the three dependencies with bounded timeouts. Results are cached briefly so frequent
// readiness polls (load balancers, the console) cost the dependencies almost nothing.
class HealthService {
public:
    HealthService(store::DbPool& db, RedisEndpoint redis, events::KafkaAdmin& kafka, std::string kafkaBootstrap,
                  std::chrono::milliseconds cacheFor = std::chrono::milliseconds(500));
    ~HealthService();

    HealthReport check();
    // Extra words for a component that is not up (e.g. "embedded MariaDB restarting"); empty for none.
    void setNote(std::function<std::string(std::string_view component)> note) { note_ = std::move(note); }

private:
    ComponentHealth checkDb();
    ComponentHealth checkRedis();
    ComponentHealth checkKafka();

    store::DbPool& db_;
    const RedisEndpoint redisEndpoint_;
    events::KafkaAdmin& kafka_;
    const std::string kafkaBootstrap_;
    const std::chrono::milliseconds cacheFor_;

    std::mutex redisMutex_;
    std::unique_ptr<cache::RedisClient> redis_;

    std::function<std::string(std::string_view)> note_;

    std::mutex cacheMutex_;
    std::chrono::steady_clock::time_point cachedAt_{};
    HealthReport cached_;
};

}  // namespace paydesk::service
