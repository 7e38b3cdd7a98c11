#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/Clock.h"

namespace paydesk::store {
class DbPool;
class WriteBatcher;
}  // namespace paydesk::store

namespace paydesk::payments {

// Turns authorizations not captured within the hold period into EXPIRED (releasing the hold in
// the ledger and emitting payment.expired), through the same write path as the API. Runs on one
// instance at a time (database lease "payments.expiry").
class ExpirySweeper {
public:
    struct Options {
        std::chrono::milliseconds interval{5000};
        std::size_t maxPerRound = 1000;
    };
    ExpirySweeper(Options options, const Clock& clock, store::DbPool& db, store::WriteBatcher& writer, std::string instanceId);
    ~ExpirySweeper();
    ExpirySweeper(const ExpirySweeper&) = delete;
    ExpirySweeper& operator=(const ExpirySweeper&) = delete;

    void start();
    void stop();
    // One pass now (tests, and the loop). Returns how many payments it expired, or -1 if the
    // lease is held elsewhere or the database failed.
    long sweepOnce();

private:
    void run();

    const Options options_;
    const Clock& clock_;
    store::DbPool& db_;
    store::WriteBatcher& writer_;
    const std::string instanceId_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace paydesk::payments
