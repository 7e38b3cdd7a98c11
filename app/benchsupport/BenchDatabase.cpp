#include "BenchDatabase.h"

#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "store/Migrator.h"

namespace paydesk::bench {

double secondsOf(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

long procStatusKb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
    }
    return -1;
}

BenchDatabase::BenchDatabase(std::string tool, std::string dataDir, bool keep)
    : tool_(std::move(tool)), dataDir_(std::move(dataDir)) {
    assert(!tool_.empty());
    if (dataDir_.empty()) {
        std::string pattern = "/tmp/" + tool_ + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) die("cannot create a temporary folder");
        dataDir_ = pattern;
        removeAfter_ = !keep;
    }
    auto dir = local::DataDirectory::open(dataDir_);
    if (!dir.ok()) die(dir.error().message);
    directory_ = std::make_unique<local::DataDirectory>(std::move(dir).value());
    stack_ = std::make_unique<local::LocalStack>(*directory_);
    local::LocalStackOptions only;
    only.startRedis = false;
    only.startKafka = false;
    std::printf("starting the embedded MariaDB in %s\n", dataDir_.c_str());
    if (auto s = stack_->start(only); !s.ok()) die(s.error().message);
    store::DbTimeouts timeouts;
    timeouts.read = std::chrono::seconds(3600);
    timeouts.write = std::chrono::seconds(3600);
    auto opened = store::DbConnection::open(*stack_->database(), timeouts);
    if (!opened.ok()) die(opened.error().message);
    connection_ = std::move(opened).value();
    store::Migrator migrator(*connection_);
    if (auto m = migrator.migrate(store::embeddedMigrations(), tool_); !m.ok()) die(m.error().message);
    std::printf("mariadb %s, innodb_buffer_pool_size %lld MiB, flush_log_at_trx_commit %lld\n",
                connection_->serverVersion().c_str(),
                static_cast<long long>(scalar("SELECT @@innodb_buffer_pool_size") / (1024 * 1024)),
                static_cast<long long>(scalar("SELECT @@innodb_flush_log_at_trx_commit")));
    assert(connection_ != nullptr);
}

BenchDatabase::~BenchDatabase() {
    connection_.reset();  // disconnect before the server stops
    if (stack_) stack_->stop();
    stack_.reset();
    directory_.reset();
    if (removeAfter_) {
        std::error_code ec;
        std::filesystem::remove_all(dataDir_, ec);
    }
}

void BenchDatabase::run(const std::string& sql) {
    assert(connection_ != nullptr);
    if (auto s = connection_->execute(sql); !s.ok()) die(s.error().message + "\n  in: " + sql.substr(0, 300));
}

std::int64_t BenchDatabase::scalar(const std::string& sql) {
    assert(connection_ != nullptr);
    auto r = connection_->query(sql);
    if (!r.ok()) die(r.error().message + "\n  in: " + sql.substr(0, 300));
    return r->rows.empty() ? 0 : r->integer(0, 0);
}

void BenchDatabase::die(const std::string& what) const {
    std::fprintf(stderr, "%s: %s\n", tool_.c_str(), what.c_str());
    std::exit(2);
}

}  // namespace paydesk::bench
