#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ChaosConfig.h"
#include "SignedRequest.h"
#include "core/Endpoints.h"
#include "core/Error.h"
#include "local/ChildProcess.h"

namespace paydesk::chaos {

// One paydeskd on its own data folder and port, started, killed and restarted on that folder.
class ChaosServer {
public:
    ChaosServer(const ChaosConfig& config, std::string dataDir, std::vector<bench::MerchantCredentials> merchants,
                std::string kafkaBootstrap, std::vector<std::string> extraArgs);
    ~ChaosServer();
    ChaosServer(const ChaosServer&) = delete;
    ChaosServer& operator=(const ChaosServer&) = delete;

    // Spawns paydeskd and waits up to timeout for /health/ready to answer 200.
    Status start(std::chrono::seconds timeout);
    void kill9();
    bool stop();  // SIGTERM, as an operator would; true when it exited in time
    bool waitReady(std::chrono::milliseconds timeout) const;

    [[nodiscard]] const std::string& host() const { return host_; }
    [[nodiscard]] unsigned short port() const { return port_; }
    [[nodiscard]] const std::string& dataDir() const { return dataDir_; }
    // Runs paydeskd in its own user and mount namespace with the data folder on a tmpfs of this
    // size (unshare -rm; no root needed), so the disk can be filled without touching anyone else's.
    // Call before start(); a restart then starts on an empty folder.
    void useTmpfs(int mebibytes) { tmpfsMiB_ = mebibytes; }
    // The data folder as this process sees it (through /proc/PID/root with a tmpfs).
    [[nodiscard]] std::string visiblePath(const std::string& relative) const;
    // Pids of the embedded servers (from their pid files), nullopt when absent.
    [[nodiscard]] std::optional<pid_t> mariadbPid() const;
    [[nodiscard]] std::optional<pid_t> redisPid() const;
    // The database, as the running server published it (embedded) or as configured (external).
    [[nodiscard]] Result<DbEndpoint> database() const;
    // `paydeskd ledger verify`: exit code 0 when every entry balances, the trial balance is zero and
    // the chain is intact; its report goes to `report`.
    int verifyLedger(std::string& report) const;

private:
    std::vector<std::string> arguments() const;
    local::ProcessSpec spec(std::vector<std::string> args, const std::string& out) const;

    const ChaosConfig& config_;
    std::string dataDir_;
    std::vector<bench::MerchantCredentials> merchants_;
    std::string kafka_;
    std::vector<std::string> extraArgs_;
    std::string host_ = "127.0.0.1";
    unsigned short port_ = 0;
    std::optional<local::ChildProcess> process_;
    int tmpfsMiB_ = 0;
};

// GET path on host:port; the HTTP status, or 0 when there was no answer within timeout.
int httpGet(const std::string& host, unsigned short port, const std::string& path, std::chrono::milliseconds timeout);

}  // namespace paydesk::chaos
