#include "events/KafkaMockCluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cassert>
#include <mutex>
#include <set>

#include "core/Logger.h"

namespace paydesk::events {

namespace {

// librdkafka logs through this callback instead of printing to stderr, so its lines are masked
// and structured like ours.
void logCallback(const rd_kafka_t* /*rk*/, int level, const char* fac, const char* buf) {
    // Connection failures arrive at level 3 and are expected during broker outages: warnings.
    const LogLevel l = level <= 2 ? LogLevel::Error : level <= 4 ? LogLevel::Warn : LogLevel::Debug;
    if (Logger::enabled(l)) Logger::log(l, "kafka", buf, {{"facility", fac}});
}

rd_kafka_conf_t* baseConf() {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logCallback);
    return conf;
}

bool setConf(rd_kafka_conf_t* conf, const char* key, const std::string& value, std::string& error) {
    char err[512];
    if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        error = std::string(key) + ": " + err;
        return false;
    }
    return true;
}

}  // namespace

struct KafkaMockCluster::Impl {
    rd_kafka_t* handle = nullptr;
    rd_kafka_mock_cluster_t* cluster = nullptr;
    ~Impl() {
        if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
        if (handle != nullptr) rd_kafka_destroy(handle);
    }
};

KafkaMockCluster::KafkaMockCluster(std::unique_ptr<Impl> impl, std::string bootstrap, int brokers)
    : impl_(std::move(impl)), bootstrap_(std::move(bootstrap)), brokers_(brokers) {}

KafkaMockCluster::~KafkaMockCluster() = default;

Result<std::unique_ptr<KafkaMockCluster>> KafkaMockCluster::start(int brokers, const TopicSettings& topics) {
    assert(brokers >= 1);
    assert(topics.replicationFactor >= 1 && topics.partitions >= 1);
    if (topics.replicationFactor > brokers) {
        return Error::make(ErrorCode::KafkaUnavailable, "replication factor " +
                                                            std::to_string(topics.replicationFactor) + " exceeds the " +
                                                            std::to_string(brokers) + " embedded brokers");
    }
    auto impl = std::make_unique<Impl>();
    char err[512];
    // The mock cluster needs a client handle to run on; it is otherwise unused.
    impl->handle = rd_kafka_new(RD_KAFKA_PRODUCER, baseConf(), err, sizeof err);
    if (impl->handle == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("cannot create Kafka handle: ") + err);
    impl->cluster = rd_kafka_mock_cluster_new(impl->handle, brokers);
    if (impl->cluster == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, "cannot start the embedded Kafka cluster");
    const char* bootstrap = rd_kafka_mock_cluster_bootstraps(impl->cluster);
    if (bootstrap == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, "the embedded Kafka cluster has no listeners");
    for (std::string_view topic : kTopics) {
        const rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(impl->cluster, std::string(topic).c_str(), topics.partitions,
                                                                 topics.replicationFactor);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return Error::make(ErrorCode::KafkaUnavailable,
                               "cannot create topic " + std::string(topic) + ": " + rd_kafka_err2str(e));
        }
    }
    std::string boot = bootstrap;
    auto cluster = std::unique_ptr<KafkaMockCluster>(new KafkaMockCluster(std::move(impl), std::move(boot), brokers));
    cluster->partitions_ = topics.partitions;
    cluster->up_.assign(static_cast<std::size_t>(brokers) + 1, true);
    return cluster;
}

void KafkaMockCluster::setBrokerDown(int brokerId) {
    assert(brokerId >= 1 && brokerId <= brokers_);
    up_[static_cast<std::size_t>(brokerId)] = false;
    rebalanceLeaders();
    rd_kafka_mock_broker_set_down(impl_->cluster, brokerId);
}

void KafkaMockCluster::setBrokerUp(int brokerId) {
    assert(brokerId >= 1 && brokerId <= brokers_);
    rd_kafka_mock_broker_set_up(impl_->cluster, brokerId);
    up_[static_cast<std::size_t>(brokerId)] = true;
    rebalanceLeaders();
}

void KafkaMockCluster::rebalanceLeaders() {
    std::vector<int> live;
    for (int b = 1; b <= brokers_; ++b) {
        if (up_[static_cast<std::size_t>(b)]) live.push_back(b);
    }
    if (live.empty()) return;  // a full outage: nothing can lead
    for (std::string_view topic : kTopics) {
        for (int p = 0; p < partitions_; ++p) {
            rd_kafka_mock_partition_set_leader(impl_->cluster, std::string(topic).c_str(), p,
                                               live[static_cast<std::size_t>(p) % live.size()]);
        }
    }
}

struct KafkaAdmin::Impl {
    rd_kafka_t* handle = nullptr;
    std::mutex mutex;  // metadata calls are serialized; probes are rare
    ~Impl() {
        if (handle != nullptr) rd_kafka_destroy(handle);
    }
};

KafkaAdmin::KafkaAdmin(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaAdmin::~KafkaAdmin() = default;

Result<std::unique_ptr<KafkaAdmin>> KafkaAdmin::connect(const std::string& bootstrap) {
    rd_kafka_conf_t* conf = baseConf();
    std::string error;
    if (!setConf(conf, "bootstrap.servers", bootstrap, error) || !setConf(conf, "socket.timeout.ms", "3000", error) ||
        !setConf(conf, "reconnect.backoff.max.ms", "1000", error)) {
        rd_kafka_conf_destroy(conf);
        return Error::make(ErrorCode::ConfigInvalid, "Kafka: " + error);
    }
    char err[512];
    auto impl = std::make_unique<Impl>();
    impl->handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (impl->handle == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("cannot create Kafka client: ") + err);
    return std::unique_ptr<KafkaAdmin>(new KafkaAdmin(std::move(impl)));
}

Result<int> KafkaAdmin::probe(int timeoutMs) {
    assert(timeoutMs > 0);
    std::lock_guard lock(impl_->mutex);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t e = rd_kafka_metadata(impl_->handle, 0, nullptr, &md, timeoutMs);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("metadata request failed: ") + rd_kafka_err2str(e));
    const int brokers = md->broker_cnt;
    rd_kafka_metadata_destroy(md);
    return brokers;
}

Status KafkaAdmin::ensureTopics(const TopicSettings& settings, int timeoutMs) {
    std::lock_guard lock(impl_->mutex);
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(impl_->handle, 1, nullptr, &md, timeoutMs);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("metadata request failed: ") + rd_kafka_err2str(e));
    std::set<std::string> existing;
    for (int i = 0; i < md->topic_cnt; ++i) {
        if (md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) existing.insert(md->topics[i].topic);
    }
    rd_kafka_metadata_destroy(md);

    std::vector<rd_kafka_NewTopic_t*> wanted;
    char err[512];
    for (std::string_view topic : kTopics) {
        if (existing.count(std::string(topic)) != 0) continue;
        rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(std::string(topic).c_str(), settings.partitions, settings.replicationFactor,
                                                        err, sizeof err);
        if (nt == nullptr) {
            for (auto* t : wanted) rd_kafka_NewTopic_destroy(t);
            return Error::make(ErrorCode::ConfigInvalid, "topic " + std::string(topic) + ": " + err);
        }
        wanted.push_back(nt);
    }
    if (wanted.empty()) return Status::success();

    rd_kafka_queue_t* queue = rd_kafka_queue_new(impl_->handle);
    rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(impl_->handle, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, err, sizeof err);
    rd_kafka_CreateTopics(impl_->handle, wanted.data(), wanted.size(), options, queue);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, timeoutMs + 1000);
    Status status;
    if (ev == nullptr) {
        status = Error::make(ErrorCode::KafkaUnavailable, "CreateTopics timed out");
    } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        status = Error::make(ErrorCode::KafkaUnavailable,
                             std::string("CreateTopics failed: ") + rd_kafka_event_error_string(ev));
    } else {
        const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
        size_t n = 0;
        const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
        for (size_t i = 0; i < n; ++i) {
            const rd_kafka_resp_err_t te = rd_kafka_topic_result_error(results[i]);
            if (te != RD_KAFKA_RESP_ERR_NO_ERROR && te != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                status = Error::make(ErrorCode::KafkaUnavailable, std::string("cannot create topic ") +
                                                                      rd_kafka_topic_result_name(results[i]) + ": " +
                                                                      rd_kafka_topic_result_error_string(results[i]));
                break;
            }
        }
    }
    if (ev != nullptr) rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_queue_destroy(queue);
    for (auto* t : wanted) rd_kafka_NewTopic_destroy(t);
    return status;
}

}  // namespace paydesk::events
