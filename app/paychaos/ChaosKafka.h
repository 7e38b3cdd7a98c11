#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/Error.h"
#include "events/KafkaMockCluster.h"

namespace paydesk::chaos {

// The Kafka-protocol cluster paydeskd publishes to during a run: the same in-process mock cluster
// paydeskd embeds by default, hosted here so that it outlives paydeskd's restarts (as an external
// cluster would), can be taken down for the Kafka fault, and can be read back for the audit.
class ChaosKafka {
public:
    static Result<std::unique_ptr<ChaosKafka>> start();
    ~ChaosKafka();
    ChaosKafka(const ChaosKafka&) = delete;
    ChaosKafka& operator=(const ChaosKafka&) = delete;

    [[nodiscard]] const std::string& bootstrap() const { return cluster_->bootstrap(); }
    void setAllBrokers(bool up);

    // Event ids seen on the payment and settlement topics so far, with how often each was seen.
    std::map<std::string, int> seen();

private:
    explicit ChaosKafka(std::unique_ptr<events::KafkaMockCluster> cluster);
    void record();

    std::unique_ptr<events::KafkaMockCluster> cluster_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::map<std::string, int> seen_;
    std::thread reader_;
};

}  // namespace paydesk::chaos
