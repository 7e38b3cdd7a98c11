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
#include "local/Supervisor.h"

namespace paydesk::local {

struct LocalStackOptions {
    bool startDatabase = true;
    bool startRedis = true;
    bool startKafka = true;
    int kafkaBrokers = 3;
    events::TopicSettings topics;
    std::chrono::seconds databaseTimeout{120};
    std::chrono::seconds redisTimeout{30};
    // Restart MariaDB and Redis when they exit (see Supervisor); a restart waits restartTimeout at most.
    bool supervise = true;
    RestartBackoff::Policy restartPolicy;
    std::chrono::seconds restartTimeout{60};
};

// The embedded default: whichever of MariaDB, Redis and Kafka is not configured externally is
// started here, in the data folder, supervised (restarted when it exits) and stopped again in
// reverse order.
class LocalStack {
public:
    explicit LocalStack(const DataDirectory& dir) : dir_(dir) {}
    ~LocalStack() { stop(); }
    LocalStack(const LocalStack&) = delete;
    LocalStack& operator=(const LocalStack&) = delete;

    // Stops what it already started when a later component fails.
    Status start(const LocalStackOptions& options);
    // No restart after this (paydeskd is shutting down); stop() calls it too.
    void stopSupervising();
    void stop();
    // Why a component ("db", "redis") is down, when its embedded server is being restarted; else empty.
    [[nodiscard]] std::string restartNote(std::string_view component) const;

    [[nodiscard]] const std::optional<DbEndpoint>& database() const { return db_; }
    [[nodiscard]] const std::optional<RedisEndpoint>& redis() const { return redis_; }
    [[nodiscard]] std::optional<std::string> kafkaBootstrap() const;
    [[nodiscard]] events::KafkaMockCluster* kafkaCluster() { return kafka_.get(); }
    [[nodiscard]] pid_t databasePid() const { return mariadb_ ? mariadb_->pid() : -1; }
    [[nodiscard]] pid_t redisPid() const { return redisServer_ ? redisServer_->pid() : -1; }

private:
    std::string redisPassword();
    void writeEndpointsFile() const;
    void supervise(const LocalStackOptions& options);
    Status restartDatabase(std::chrono::seconds timeout);
    Status restartRedis(std::chrono::seconds timeout);

    const DataDirectory& dir_;
    std::unique_ptr<LocalMariadb> mariadb_;
    std::unique_ptr<LocalRedis> redisServer_;
    std::unique_ptr<events::KafkaMockCluster> kafka_;
    std::unique_ptr<Supervisor> supervisor_;
    std::optional<DbEndpoint> db_;
    std::optional<RedisEndpoint> redis_;
};

}  // namespace paydesk::local
