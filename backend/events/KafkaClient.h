#pragma once

#include <chrono>
#include <cstdint>
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
    static Result<std::unique_ptr<KafkaProducer>> create(const std::string& bootstrap, const std::string& clientId = "paydeskd");
    ~KafkaProducer();
    KafkaProducer(const KafkaProducer&) = delete;
    KafkaProducer& operator=(const KafkaProducer&) = delete;

    // Enqueues every message and waits (up to timeout) for their delivery reports. Result i is
    // the outcome of message i: success only once the brokers acknowledged it (acks=all).
    Result<std::vector<Status>> produceBatch(const std::vector<OutgoingMessage>& messages, std::chrono::milliseconds timeout);

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

// A consumer-group member with manual offset commits: an offset is committed only after the
// message was processed (or dead-lettered).
class KafkaConsumer {
public:
    static Result<std::unique_ptr<KafkaConsumer>> create(const std::string& bootstrap, const std::string& groupId,
                                                         const std::vector<std::string>& topics);
    ~KafkaConsumer();
    KafkaConsumer(const KafkaConsumer&) = delete;
    KafkaConsumer& operator=(const KafkaConsumer&) = delete;

    // Nullopt when nothing arrived within timeout.
    Result<std::optional<IncomingMessage>> poll(std::chrono::milliseconds timeout);
    // Commits offset+1 of this message's partition (synchronously).
    Status commit(const IncomingMessage& message);
    void close();

private:
    struct Impl;
    explicit KafkaConsumer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace paydesk::events
