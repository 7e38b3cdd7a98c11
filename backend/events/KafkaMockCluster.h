#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/Error.h"
#include "events/Topics.h"

namespace paydesk::events {

// An in-process Kafka-protocol cluster (librdkafka's rdkafka_mock): real brokers speaking the
// Kafka wire protocol on loopback ports, used by the embedded default and by tests. Its data
// lives in memory: the database outbox, not the broker, is Paydesk's durable record of events.
class KafkaMockCluster {
public:
    static Result<std::unique_ptr<KafkaMockCluster>> start(int brokers, const TopicSettings& topics);
    ~KafkaMockCluster();
    KafkaMockCluster(const KafkaMockCluster&) = delete;
    KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

    [[nodiscard]] const std::string& bootstrap() const { return bootstrap_; }
    [[nodiscard]] int brokerCount() const { return brokers_; }

    // Fault injection for tests: take a broker (1-based id) down or bring it back. Taking one down
    // also moves partition leadership to the brokers still up, as a real cluster's controller
    // would (the mock cluster does not elect leaders by itself).
    void setBrokerDown(int brokerId);
    void setBrokerUp(int brokerId);

private:
    struct Impl;
    explicit KafkaMockCluster(std::unique_ptr<Impl> impl, std::string bootstrap, int brokers);
    std::unique_ptr<Impl> impl_;
    std::string bootstrap_;
    int brokers_;
    int partitions_ = 1;
    std::vector<bool> up_;
    void rebalanceLeaders();
};

// Talks to any Kafka-protocol cluster (embedded or external) for health and topic setup.
class KafkaAdmin {
public:
    static Result<std::unique_ptr<KafkaAdmin>> connect(const std::string& bootstrap);
    ~KafkaAdmin();
    KafkaAdmin(const KafkaAdmin&) = delete;
    KafkaAdmin& operator=(const KafkaAdmin&) = delete;

    // Metadata round trip; KAFKA_UNAVAILABLE when no broker answers within the timeout.
    // On success returns the number of brokers the cluster reports.
    Result<int> probe(int timeoutMs);
    // Creates missing topics (existing ones are left alone).
    Status ensureTopics(const TopicSettings& settings, int timeoutMs);

private:
    struct Impl;
    explicit KafkaAdmin(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace paydesk::events
