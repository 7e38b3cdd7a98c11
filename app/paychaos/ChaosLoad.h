#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "ChaosConfig.h"
#include "SignedRequest.h"

namespace paydesk::chaos {

using Clock = std::chrono::steady_clock;

enum class Op { Authorize, Capture, Refund };
const char* opName(Op op);

// One request and its answer, as the merchant saw them.
struct Record {
    Op op = Op::Authorize;
    int merchant = 0;            // index into the merchants
    std::string idempotencyKey;  // authorize and refund
    std::string paymentId;       // capture and refund: the payment; authorize: from the answer
    std::string refundId;        // refund: from the answer
    std::string paymentStatus;   // from a 200 answer
    int httpStatus = 0;          // 0: no answer (connection refused or reset, or timed out)
    Clock::time_point sentAt;
    Clock::time_point answeredAt;
};

// Closed-loop signed load: `connections` clients, each with its own keep-alive connection and its
// own merchants, run authorize -> capture -> refund flows (each step only after a 200 for the
// previous one), paced so that together they send about `rate` requests a second. Every request
// and its answer is recorded.
class ChaosLoad {
public:
    ChaosLoad(const ChaosConfig& config, std::string host, unsigned short port,
              std::vector<bench::MerchantCredentials> merchants, std::string runId);
    ~ChaosLoad();
    ChaosLoad(const ChaosLoad&) = delete;
    ChaosLoad& operator=(const ChaosLoad&) = delete;

    void start();
    // Stops sending and waits for the answers in flight; afterwards records() is complete.
    void stop();
    [[nodiscard]] const std::vector<Record>& records() const { return records_; }
    [[nodiscard]] const std::vector<bench::MerchantCredentials>& merchants() const { return merchants_; }

private:
    void client(int index, std::vector<Record>& out);

    const ChaosConfig& config_;
    std::string host_;
    unsigned short port_;
    std::vector<bench::MerchantCredentials> merchants_;
    std::string runId_;
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> threads_;
    std::vector<std::vector<Record>> perClient_;
    std::vector<Record> records_;
};

// N merchants with fresh keys and secrets: chaos-m0, chaos-m1, ...
std::vector<bench::MerchantCredentials> makeMerchants(int count);

}  // namespace paydesk::chaos
