#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/Endpoints.h"
#include "core/Error.h"
#include "events/KafkaMockCluster.h"
#include "local/DataDirectory.h"
#include "local/LocalServer.h"

namespace paydesk::local {

struct LocalStackOptions {
    bool startDatabase = true;
    bool startRedis = true;
    bool startKafka = true;
    int kafkaBrokers = 3;
    events::TopicSettings topics;
    std::chrono::seconds databaseTimeout{120};
    std::chrono::seconds redisTimeout{30};
};

// The embedded default: whichever of MariaDB, Redis and Kafka is not configured externally is
// started here, in the data folder, and stopped again in reverse order.
class LocalStack {
public:
    explicit LocalStack(const DataDirectory& dir) : dir_(dir) {}
    ~LocalStack() { stop(); }
    LocalStack(const LocalStack&) = delete;
    LocalStack& operator=(const LocalStack&) = delete;

    // Stops what it already started when a later component fails.
    Status start(const LocalStackOptions& options);
    void stop();

    [[nodiscard]] const std::optional<DbEndpoint>& database() const { return db_; }
    [[nodiscard]] const std::optional<RedisEndpoint>& redis() const { return redis_; }
    [[nodiscard]] std::optional<std::string> kafkaBootstrap() const;
    [[nodiscard]] events::KafkaMockCluster* kafkaCluster() { return kafka_.get(); }
    [[nodiscard]] pid_t databasePid() const { return mariadb_ ? mariadb_->pid() : -1; }
    [[nodiscard]] pid_t redisPid() const { return redisServer_ ? redisServer_->pid() : -1; }

private:
    std::string redisPassword();
    void writeEndpointsFile() const;

    const DataDirectory& dir_;
    std::unique_ptr<LocalMariadb> mariadb_;
    std::unique_ptr<LocalRedis> redisServer_;
    std::unique_ptr<events::KafkaMockCluster> kafka_;
    std::optional<DbEndpoint> db_;
    std::optional<RedisEndpoint> redis_;
};

}  // namespace paydesk::local
