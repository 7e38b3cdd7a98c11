#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"

namespace paydesk::local {

struct ProcessSpec {
    std::string executable;         // absolute path or a name looked up in PATH
    std::vector<std::string> args;  // without argv[0]
    std::string logFile;            // stdout and stderr are appended here
    std::string workingDirectory;   // empty = inherit
};

// A server process Paydesk started and owns. The child:
//  - runs in its own process group, so a terminal's Ctrl-C reaches only paydeskd, which then
//    stops its children in order;
//  - gets SIGTERM if paydeskd dies (PR_SET_PDEATHSIG), so even `kill -9` of paydeskd shuts the
//    databases down cleanly instead of orphaning them;
//  - reports exec failures (missing binary) back to the parent through a close-on-exec pipe.
class ChildProcess {
public:
    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Error code LOCAL_EXEC_FAILED names the binary and errno text.
    static Result<ChildProcess> spawn(const ProcessSpec& spec);

    [[nodiscard]] pid_t pid() const { return pid_; }
    // Reaps without blocking; false once the process has exited.
    bool running();
    // Exit description once reaped ("exited with status 1", "killed by signal 9").
    [[nodiscard]] const std::string& exitDescription() const { return exitDescription_; }

    // SIGTERM, wait up to grace, then SIGKILL and reap. True if it stopped within grace.
    bool terminate(std::chrono::milliseconds grace);
    // Waits up to timeout for the process to exit by itself.
    bool waitForExit(std::chrono::milliseconds timeout);

    // Helpers for processes we did not start (left over by an earlier run).
    static bool isAlive(pid_t pid);
    static std::string commandLine(pid_t pid);  // /proc/PID/cmdline with NULs as spaces
    // SIGTERM then SIGKILL for a process that is not our child (cannot be reaped by us).
    static bool terminateForeign(pid_t pid, std::chrono::milliseconds grace);
    static std::optional<std::string> findExecutable(const std::string& name, const std::vector<std::string>& extraDirs = {});

private:
    void reaped(int status);

    pid_t pid_ = -1;
    std::string exitDescription_;
};

}  // namespace paydesk::local
