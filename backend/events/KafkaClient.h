#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Error.h"

namespace paydesk::events {

using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;

struct OutgoingMessage {
    std::string topic;
    std::string key;
    std::string payload;
    KafkaHeaders headers;
};

// An idempotent producer (enable.idempotence=true, acks=all): librdkafka batches, retries and
// keeps per-partition order; messages with one key go to one partition, so one aggregate's events
// stay in order.
class KafkaProducer {
public:
    static Result<std::unique_ptr<KafkaProducer>> create(const std::string& bootstrap,
                                                         const std::string& clientId = "paydeskd");
    ~KafkaProducer();
    KafkaProducer(const KafkaProducer&) = delete;
    KafkaProducer& operator=(const KafkaProducer&) = delete;

    // Enqueues every message and waits (up to timeout) for their delivery reports. Result i is
    // the outcome of message i: success only once the brokers acknowledged it (acks=all).
    Result<std::vector<Status>> produceBatch(const std::vector<OutgoingMessage>& messages,
                                             std::chrono::milliseconds timeout);

private:
    struct Impl;
    explicit KafkaProducer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

struct IncomingMessage {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::string key;
    std::string payload;
    std::map<std::string, std::string> headers;
};

// The partition the producer's partitioner (librdkafka's default, consistent_random: CRC32 of the
// key) gives `key` among `partitions`; nullopt for an empty key (those go to a random partition).
std::optional<std::int32_t> partitionForKey(const std::string& key, std::int32_t partitions);

// Where a partition's next offset is not in the log: the group's committed offset fell before the
// log start (the broker dropped the head), or the group never committed one.
struct OffsetGap {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = -1;    // the offset asked for; negative when there was none
    std::int64_t logStart = -1;  // when known
};

// Called when partitions are assigned, with those whose committed offset is not in the log; on
// success they start at their logStart, otherwise at the committed offset (and poll() reports the
// gap again). Runs on the thread that calls poll().
using GapHandler = std::function<Status(const std::vector<OffsetGap>& gaps)>;

// What a consumer does when its position is not in the log. Earliest reads from the log start
// (what was before it is skipped); Report stops fetching that partition and has poll() return
// KAFKA_OFFSET_GAP, so the caller can catch up elsewhere, commit where to go on from, and rejoin
// with a new consumer (a partition stopped this way restarts only on a new assignment).
enum class OffsetReset { Earliest, Report };

// A consumer-group member with manual offset commits: an offset is committed only after the
// message was processed (or dead-lettered).
class KafkaConsumer {
public:
    static Result<std::unique_ptr<KafkaConsumer>> create(const std::string& bootstrap, const std::string& groupId,
                                                         const std::vector<std::string>& topics,
                                                         OffsetReset reset = OffsetReset::Earliest,
                                                         GapHandler onAssign = {});
    ~KafkaConsumer();
    KafkaConsumer(const KafkaConsumer&) = delete;
    KafkaConsumer& operator=(const KafkaConsumer&) = delete;

    // Nullopt when nothing arrived within timeout. With OffsetReset::Report, an Error with code
    // KAFKA_OFFSET_GAP when a partition's position is not in the log; takeGap() then says where.
    Result<std::optional<IncomingMessage>> poll(std::chrono::milliseconds timeout);
    std::optional<OffsetGap> takeGap();
    // Commits offset+1 of this message's partition (synchronously).
    Status commit(const IncomingMessage& message);
    // Commits `offset` as the group's next offset for a partition (synchronously).
    Status commitOffset(const std::string& topic, std::int32_t partition, std::int64_t offset);
    // The partition's log start and end (high watermark), asked of its leader.
    Result<std::pair<std::int64_t, std::int64_t>> watermarks(const std::string& topic, std::int32_t partition,
                                                             std::chrono::milliseconds timeout);
    Result<std::int32_t> partitionCount(const std::string& topic, std::chrono::milliseconds timeout);
    void close();

private:
    struct Impl;
    explicit KafkaConsumer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace paydesk::events
