#include "events/KafkaClient.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <cassert>
#include <thread>

#include "core/Logger.h"

namespace paydesk::events {

namespace {

void logCallback(const rd_kafka_t* /*rk*/, int level, const char* fac, const char* buf) {
    // Connection failures arrive at level 3 and are expected during broker outages: warnings.
    const LogLevel l = level <= 2 ? LogLevel::Error : level <= 4 ? LogLevel::Warn : LogLevel::Debug;
    if (Logger::enabled(l)) Logger::log(l, "kafka", buf, {{"facility", fac}});
}

bool set(rd_kafka_conf_t* conf, const char* key, const std::string& value, std::string& error) {
    char err[512];
    if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        error = std::string(key) + ": " + err;
        return false;
    }
    return true;
}

// One delivery report lands here per message; opaque points at the batch's slot.
struct DeliverySlot {
    std::atomic<int> state{0};  // 0 pending, 1 delivered, 2 failed
    std::string error;
};

void deliveryCallback(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* /*opaque*/) {
    auto* slot = static_cast<DeliverySlot*>(msg->_private);
    if (slot == nullptr) return;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) slot->error = rd_kafka_err2str(msg->err);
    slot->state.store(msg->err == RD_KAFKA_RESP_ERR_NO_ERROR ? 1 : 2);
}

}  // namespace

struct KafkaProducer::Impl {
    rd_kafka_t* rk = nullptr;
    ~Impl() {
        if (rk != nullptr) {
            rd_kafka_flush(rk, 5000);
            rd_kafka_destroy(rk);
        }
    }
};

KafkaProducer::KafkaProducer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaProducer::~KafkaProducer() = default;

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::create(const std::string& bootstrap,
                                                             const std::string& clientId) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logCallback);
    rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback);
    std::string error;
    const bool ok = set(conf, "bootstrap.servers", bootstrap, error) && set(conf, "client.id", clientId, error) &&
                    set(conf, "enable.idempotence", "true", error) && set(conf, "acks", "all", error) &&
                    set(conf, "linger.ms", "5", error) && set(conf, "batch.num.messages", "10000", error) &&
                    set(conf, "compression.type", "lz4", error) && set(conf, "message.timeout.ms", "30000", error) &&
                    set(conf, "queue.buffering.max.messages", "200000", error) &&
                    set(conf, "reconnect.backoff.max.ms", "1000", error);
    if (!ok) {
        rd_kafka_conf_destroy(conf);
        return Error::make(ErrorCode::ConfigInvalid, "Kafka producer: " + error);
    }
    char err[512];
    auto impl = std::make_unique<Impl>();
    impl->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (impl->rk == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("cannot create producer: ") + err);
    return std::unique_ptr<KafkaProducer>(new KafkaProducer(std::move(impl)));
}

Result<std::vector<Status>> KafkaProducer::produceBatch(const std::vector<OutgoingMessage>& messages,
                                                        std::chrono::milliseconds timeout) {
    std::vector<DeliverySlot> slots(messages.size());
    std::vector<Status> results(messages.size());
    std::size_t enqueued = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const OutgoingMessage& m = messages[i];
        rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
        for (const auto& [k, v] : m.headers)
            rd_kafka_header_add(headers, k.c_str(), static_cast<ssize_t>(k.size()), v.data(),
                                static_cast<ssize_t>(v.size()));
            // librdkafka's RD_KAFKA_V_* macros are C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
        const rd_kafka_resp_err_t e = rd_kafka_producev(
            impl_->rk, RD_KAFKA_V_TOPIC(m.topic.c_str()), RD_KAFKA_V_KEY(const_cast<char*>(m.key.data()), m.key.size()),
            RD_KAFKA_V_VALUE(const_cast<char*>(m.payload.data()), m.payload.size()),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(&slots[i]),
            RD_KAFKA_V_END);
#pragma GCC diagnostic pop
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_headers_destroy(headers);  // ownership passes only on success
            slots[i].error = rd_kafka_err2str(e);
            slots[i].state.store(2);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) rd_kafka_poll(impl_->rk, 10);
            continue;
        }
        ++enqueued;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        bool pending = false;
        for (const auto& s : slots) {
            if (s.state.load() == 0) {
                pending = true;
                break;
            }
        }
        if (!pending) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            // Reports still owed point into `slots`: purge them so no callback touches freed memory.
            rd_kafka_purge(impl_->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
            rd_kafka_poll(impl_->rk, 0);
            while (rd_kafka_outq_len(impl_->rk) > 0) rd_kafka_poll(impl_->rk, 50);
            break;
        }
        rd_kafka_poll(impl_->rk, 20);
    }
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const int st = slots[i].state.load();
        if (st == 1)
            results[i] = Status::success();
        else
            results[i] =
                Error::make(ErrorCode::KafkaUnavailable, st == 0 ? "no delivery report in time" : slots[i].error);
    }
    (void)enqueued;
    return results;
}

std::optional<std::int32_t> partitionForKey(const std::string& key, std::int32_t partitions) {
    assert(partitions > 0);
    if (key.empty()) return std::nullopt;
    // The producer leaves `partitioner` at its default, consistent_random; this is that function.
    // It reads the topic handle only for empty keys, excluded above.
    return rd_kafka_msg_partitioner_consistent_random(nullptr, key.data(), key.size(), partitions, nullptr, nullptr);
}

struct KafkaConsumer::Impl {
    rd_kafka_t* rk = nullptr;
    bool closed = false;
    std::optional<OffsetGap> gap;
    GapHandler onAssign;
    ~Impl() {
        if (rk != nullptr) {
            if (!closed) rd_kafka_consumer_close(rk);
            rd_kafka_destroy(rk);
        }
    }
};

namespace {

// The assigned partitions whose committed offset is not in the log, with the log start.
std::vector<OffsetGap> findGaps(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* assigned) {
    std::vector<OffsetGap> gaps;
    if (rd_kafka_committed(rk, assigned, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return gaps;  // poll() reports them instead
    for (int i = 0; i < assigned->cnt; ++i) {
        const rd_kafka_topic_partition_t& p = assigned->elems[i];
        std::int64_t low = -1;
        std::int64_t high = -1;
        if (rd_kafka_query_watermark_offsets(rk, p.topic, p.partition, &low, &high, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        if (p.offset < 0 || p.offset < low) gaps.push_back(OffsetGap{p.topic, p.partition, p.offset, low});
    }
    return gaps;
}

// Eager rebalancing: on assignment, gaps are handed to the consumer's handler first, and those
// partitions then start at the log start.
void rebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                       void* opaque) {
    const auto& onAssign = *static_cast<const GapHandler*>(opaque);
    if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        rd_kafka_assign(rk, nullptr);
        return;
    }
    const auto gaps = findGaps(rk, partitions);
    if (!gaps.empty() && onAssign(gaps).ok()) {
        for (const OffsetGap& g : gaps)
            rd_kafka_topic_partition_list_find(partitions, g.topic.c_str(), g.partition)->offset = g.logStart;
    }
    rd_kafka_assign(rk, partitions);
}

}  // namespace

KafkaConsumer::KafkaConsumer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaConsumer::~KafkaConsumer() = default;

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::create(const std::string& bootstrap, const std::string& groupId,
                                                             const std::vector<std::string>& topics, OffsetReset reset,
                                                             GapHandler onAssign) {
    assert(!topics.empty());
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logCallback);
    std::string error;
    const bool ok = set(conf, "bootstrap.servers", bootstrap, error) && set(conf, "group.id", groupId, error) &&
                    set(conf, "enable.auto.commit", "false", error) &&
                    set(conf, "auto.offset.reset", reset == OffsetReset::Earliest ? "earliest" : "error", error) &&
                    set(conf, "enable.partition.eof", "false", error) &&
                    set(conf, "session.timeout.ms", "10000", error) &&
                    set(conf, "max.poll.interval.ms", "300000", error);
    if (!ok) {
        rd_kafka_conf_destroy(conf);
        return Error::make(ErrorCode::ConfigInvalid, "Kafka consumer: " + error);
    }
    char err[512];
    auto impl = std::make_unique<Impl>();
    if (onAssign) {
        impl->onAssign = std::move(onAssign);
        rd_kafka_conf_set_opaque(conf, &impl->onAssign);
        rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback);
    }
    impl->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (impl->rk == nullptr)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("cannot create consumer: ") + err);
    rd_kafka_poll_set_consumer(impl->rk);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
    for (const auto& t : topics) rd_kafka_topic_partition_list_add(list, t.c_str(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t e = rd_kafka_subscribe(impl->rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("subscribe failed: ") + rd_kafka_err2str(e));
    return std::unique_ptr<KafkaConsumer>(new KafkaConsumer(std::move(impl)));
}

Result<std::optional<IncomingMessage>> KafkaConsumer::poll(std::chrono::milliseconds timeout) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(impl_->rk, static_cast<int>(timeout.count()));
    if (msg == nullptr) return std::optional<IncomingMessage>{};
    if (msg->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET && msg->rkt != nullptr) {
        // auto.offset.reset=error: the partition's position is not in the log and it stopped.
        impl_->gap = OffsetGap{rd_kafka_topic_name(msg->rkt), msg->partition, msg->offset};
        const std::string why = rd_kafka_message_errstr(msg);
        rd_kafka_message_destroy(msg);
        return Error::make(ErrorCode::KafkaOffsetGap, why);
    }
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const std::string why = rd_kafka_message_errstr(msg);
        rd_kafka_message_destroy(msg);
        Logger::debug("kafka", "consumer poll error", {{"error", why}});
        return std::optional<IncomingMessage>{};  // transient (broker down, rebalance): try again
    }
    IncomingMessage out;
    out.topic = rd_kafka_topic_name(msg->rkt);
    out.partition = msg->partition;
    out.offset = msg->offset;
    if (msg->key != nullptr) out.key.assign(static_cast<const char*>(msg->key), msg->key_len);
    if (msg->payload != nullptr) out.payload.assign(static_cast<const char*>(msg->payload), msg->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers != nullptr) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
            out.headers[name] = value != nullptr ? std::string(static_cast<const char*>(value), size) : std::string();
        }
    }
    rd_kafka_message_destroy(msg);
    return std::optional<IncomingMessage>{std::move(out)};
}

std::optional<OffsetGap> KafkaConsumer::takeGap() {
    return std::exchange(impl_->gap, std::nullopt);
}

Status KafkaConsumer::commit(const IncomingMessage& message) {
    return commitOffset(message.topic, message.partition, message.offset + 1);
}

Status KafkaConsumer::commitOffset(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = offset;
    const rd_kafka_resp_err_t e = rd_kafka_commit(impl_->rk, list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("commit failed: ") + rd_kafka_err2str(e));
    return Status::success();
}

Result<std::pair<std::int64_t, std::int64_t>> KafkaConsumer::watermarks(const std::string& topic,
                                                                        std::int32_t partition,
                                                                        std::chrono::milliseconds timeout) {
    std::int64_t low = -1;
    std::int64_t high = -1;
    const rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(impl_->rk, topic.c_str(), partition, &low, &high,
                                                                   static_cast<int>(timeout.count()));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("watermarks: ") + rd_kafka_err2str(e));
    return std::pair{low, high};
}

Result<std::int32_t> KafkaConsumer::partitionCount(const std::string& topic, std::chrono::milliseconds timeout) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(impl_->rk, topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t e = rd_kafka_metadata(impl_->rk, 0, rkt, &md, static_cast<int>(timeout.count()));
    rd_kafka_topic_destroy(rkt);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::make(ErrorCode::KafkaUnavailable, std::string("metadata: ") + rd_kafka_err2str(e));
    const int count =
        md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR ? md->topics[0].partition_cnt : 0;
    rd_kafka_metadata_destroy(md);
    if (count <= 0) return Error::make(ErrorCode::KafkaUnavailable, "metadata: topic " + topic + " has no partitions");
    return count;
}

void KafkaConsumer::close() {
    if (!impl_->closed) {
        rd_kafka_consumer_close(impl_->rk);
        impl_->closed = true;
    }
}

}  // namespace paydesk::events
