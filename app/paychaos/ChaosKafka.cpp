#include "ChaosKafka.h"

#include "core/Crypto.h"
#include "events/KafkaClient.h"

namespace paydesk::chaos {

using namespace std::chrono_literals;

Result<std::unique_ptr<ChaosKafka>> ChaosKafka::start() {
    auto cluster = events::KafkaMockCluster::start(3, events::TopicSettings{});
    if (!cluster.ok()) return cluster.error();
    auto kafka = std::unique_ptr<ChaosKafka>(new ChaosKafka(std::move(cluster).value()));
    kafka->reader_ = std::thread([k = kafka.get()] { k->record(); });
    return kafka;
}

ChaosKafka::ChaosKafka(std::unique_ptr<events::KafkaMockCluster> cluster) : cluster_(std::move(cluster)) {}

ChaosKafka::~ChaosKafka() {
    stopping_ = true;
    if (reader_.joinable()) reader_.join();
}

void ChaosKafka::setAllBrokers(bool up) {
    for (int b = 1; b <= cluster_->brokerCount(); ++b) {
        if (up)
            cluster_->setBrokerUp(b);
        else
            cluster_->setBrokerDown(b);
    }
}

std::map<std::string, int> ChaosKafka::seen() {
    std::lock_guard lock(mutex_);
    return seen_;
}

// Reads every topic from its start while the run goes on, so it keeps up with the tail.
void ChaosKafka::record() {
    auto consumer = events::KafkaConsumer::create(bootstrap(), "paychaos-audit-" + crypto::randomHex(4),
                                                  {"payment.authorized", "payment.captured", "payment.refunded",
                                                   "payment.voided", "settlement.closed", "settlement.approved"});
    if (!consumer.ok()) return;
    while (!stopping_) {
        auto m = consumer.value()->poll(200ms);
        if (!m.ok() || !m->has_value()) continue;
        auto it = (*m)->headers.find("event-id");
        if (it == (*m)->headers.end()) continue;
        std::lock_guard lock(mutex_);
        ++seen_[it->second];
    }
    consumer.value()->close();
}

}  // namespace paydesk::chaos
