#pragma once

// What the database benchmarks (settlebench, reconbench) share: a throwaway embedded MariaDB,
// configured exactly as paydeskd configures its own, with the migrations applied, and one
// connection to drive it with long timeouts.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "local/DataDirectory.h"
#include "local/LocalStack.h"
#include "store/Database.h"

namespace paydesk::bench {

double secondsOf(std::chrono::steady_clock::duration d);

// kB of a /proc/self/status field (VmHWM: peak resident set; VmRSS: now), -1 when absent.
long procStatusKb(const char* field);

class BenchDatabase {
public:
    // Starts MariaDB only (no Redis, no Kafka) in dataDir, or in a new /tmp/<tool>-XXXXXX folder
    // when dataDir is empty; a folder made here is removed afterwards unless keep. Dies (exit 2)
    // with the reason when the server cannot start or migrate.
    BenchDatabase(std::string tool, std::string dataDir, bool keep);
    ~BenchDatabase();
    BenchDatabase(const BenchDatabase&) = delete;
    BenchDatabase& operator=(const BenchDatabase&) = delete;

    store::DbConnection& connection() { return *connection_; }
    const DbEndpoint& endpoint() const { return *stack_->database(); }

    // SQL that must work: dies with the statement otherwise.
    void run(const std::string& sql);
    std::int64_t scalar(const std::string& sql);

    [[noreturn]] void die(const std::string& what) const;

private:
    std::string tool_;
    std::string dataDir_;
    bool removeAfter_ = false;
    std::unique_ptr<local::DataDirectory> directory_;
    std::unique_ptr<local::LocalStack> stack_;
    std::unique_ptr<store::DbConnection> connection_;
};

}  // namespace paydesk::bench
