#include "local/LocalStack.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/Crypto.h"
#include "core/Files.h"
#include "core/LogMasker.h"
#include "core/Logger.h"

namespace paydesk::local {

Status LocalStack::start(const LocalStackOptions& options) {
    if (options.startDatabase) {
        mariadb_ = std::make_unique<LocalMariadb>(dir_);
        auto ep = mariadb_->start(options.databaseTimeout);
        if (!ep.ok()) {
            stop();
            return ep.error();
        }
        LogMasker::global().addSecret(ep->password);
        db_ = ep.value();
    }
    if (options.startRedis) {
        redisServer_ = std::make_unique<LocalRedis>(dir_);
        const std::string password = redisPassword();
        if (password.empty()) {
            stop();
            return Error::make(ErrorCode::LocalRedisFailed, "cannot write " + dir_.path("redis/credentials"));
        }
        LogMasker::global().addSecret(password);
        auto ep = redisServer_->start(password, options.redisTimeout);
        if (!ep.ok()) {
            stop();
            return ep.error();
        }
        redis_ = ep.value();
    }
    if (options.startKafka) {
        auto cluster = events::KafkaMockCluster::start(options.kafkaBrokers, options.topics);
        if (!cluster.ok()) {
            stop();
            return Error::make(ErrorCode::LocalKafkaFailed, "embedded Kafka: " + cluster.error().message);
        }
        kafka_ = std::move(cluster).value();
        Logger::info("local", "Kafka mock cluster ready",
                     {{"bootstrap", kafka_->bootstrap()},
                      {"brokers", options.kafkaBrokers},
                      {"partitions", options.topics.partitions},
                      {"replicationFactor", options.topics.replicationFactor}});
    }
    writeEndpointsFile();
    if (options.supervise) supervise(options);
    return Status::success();
}

void LocalStack::supervise(const LocalStackOptions& options) {
    supervisor_ = std::make_unique<Supervisor>(options.restartPolicy, std::chrono::milliseconds(200));
    const auto timeout = options.restartTimeout;
    if (mariadb_) {
        mariadb_->setCancel(&supervisor_->cancelled());
        supervisor_->add({"mariadb", "MariaDB", [this] { return mariadb_->running(); },
                          [this] { return mariadb_->exitDescription(); },
                          [this, timeout] { return restartDatabase(timeout); }});
    }
    if (redisServer_) {
        redisServer_->setCancel(&supervisor_->cancelled());
        supervisor_->add({"redis", "Redis", [this] { return redisServer_->running(); },
                          [this] { return redisServer_->exitDescription(); },
                          [this, timeout] { return restartRedis(timeout); }});
    }
    supervisor_->start();
}

// InnoDB crash recovery is mariadbd starting on the same datadir; start() clears the stale pid
// and socket files and waits (bounded) until the server accepts connections.
Status LocalStack::restartDatabase(std::chrono::seconds timeout) {
    auto ep = mariadb_->start(timeout);
    if (!ep.ok()) return ep.error();
    if (db_ && db_->port != ep->port) {
        db_->port = ep->port;
        writeEndpointsFile();
    }
    return Status::success();
}

Status LocalStack::restartRedis(std::chrono::seconds timeout) {
    const std::string password = redisPassword();
    if (password.empty())
        return Error::make(ErrorCode::LocalRedisFailed, "cannot read " + dir_.path("redis/credentials"));
    auto ep = redisServer_->start(password, timeout);
    if (!ep.ok()) return ep.error();
    if (redis_ && redis_->port != ep->port) {
        redis_->port = ep->port;
        writeEndpointsFile();
    }
    return Status::success();
}

void LocalStack::stopSupervising() {
    if (supervisor_) supervisor_->stopWatching();
}

std::string LocalStack::restartNote(std::string_view component) const {
    if (!supervisor_) return {};
    return supervisor_->note(component == "db" ? "mariadb" : component);
}

void LocalStack::stop() {
    stopSupervising();
    // Reverse order of start; the database last, so anything still flushing can reach it.
    kafka_.reset();
    if (redisServer_) redisServer_->stop();
    if (mariadb_) mariadb_->stop();
    // Only now may the supervisor's thread end: children it restarted are tied to it.
    if (supervisor_) supervisor_->join();
    supervisor_.reset();
    redisServer_.reset();
    mariadb_.reset();
    std::error_code ec;
    std::filesystem::remove(dir_.path("run/endpoints.json"), ec);
}

std::optional<std::string> LocalStack::kafkaBootstrap() const {
    if (!kafka_) return std::nullopt;
    return kafka_->bootstrap();
}

std::string LocalStack::redisPassword() {
    const std::string path = dir_.path("redis/credentials");
    std::string password = files::read(path);
    if (!password.empty()) return password;
    password = crypto::randomHex(24);
    return files::writeAtomically(path, password, 0600) ? password : std::string();
}

// For operators and tools: where the embedded servers listen right now (no secrets).
void LocalStack::writeEndpointsFile() const {
    nlohmann::json j = nlohmann::json::object();
    if (db_)
        j["db"] = {{"socket", db_->unixSocket}, {"host", db_->host},
                   {"port", db_->port},         {"user", db_->user},
                   {"database", db_->database}, {"passwordFile", dir_.path("mariadb/credentials")}};
    if (redis_)
        j["redis"] = {{"socket", redis_->unixSocket},
                      {"host", redis_->host},
                      {"port", redis_->port},
                      {"passwordFile", dir_.path("redis/credentials")}};
    if (kafka_) j["kafka"] = {{"bootstrap", kafka_->bootstrap()}};
    files::writeAtomically(dir_.path("run/endpoints.json"), j.dump(2) + "\n", 0600);
}

}  // namespace paydesk::local
