#include "local/ChildProcess.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace paydesk::local {

namespace fs = std::filesystem;

namespace {

void sleepBriefly() { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }

}  // namespace

ChildProcess::~ChildProcess() {
    // Owners stop children explicitly, in order; this is the last line of defence.
    if (pid_ > 0 && running()) terminate(std::chrono::seconds(10));
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), exitDescription_(std::move(other.exitDescription_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0 && running()) terminate(std::chrono::seconds(10));
        pid_ = std::exchange(other.pid_, -1);
        exitDescription_ = std::move(other.exitDescription_);
    }
    return *this;
}

std::optional<std::string> ChildProcess::findExecutable(const std::string& name, const std::vector<std::string>& extraDirs) {
    if (name.find('/') != std::string::npos) {
        if (::access(name.c_str(), X_OK) == 0) return name;
        return std::nullopt;
    }
    std::vector<std::string> dirs;
    if (const char* path = std::getenv("PATH")) {
        std::stringstream ss(path);
        for (std::string d; std::getline(ss, d, ':');)
            if (!d.empty()) dirs.push_back(d);
    }
    // Server binaries live in sbin on Debian, which is not on every user's PATH.
    for (const char* d : {"/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"}) dirs.emplace_back(d);
    dirs.insert(dirs.begin(), extraDirs.begin(), extraDirs.end());
    for (const auto& d : dirs) {
        const std::string candidate = d + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

Result<ChildProcess> ChildProcess::spawn(const ProcessSpec& spec) {
    auto exe = findExecutable(spec.executable);
    if (!exe) {
        return Error::make(ErrorCode::LocalExecFailed,
                           "cannot find executable '" + spec.executable +
                               "' (searched PATH and /usr/sbin); is its Debian package installed?");
    }
    std::vector<std::string> argvStore;
    argvStore.push_back(*exe);
    argvStore.insert(argvStore.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> argv;
    for (auto& a : argvStore) argv.push_back(a.data());
    argv.push_back(nullptr);

    int logFd = -1;
    if (!spec.logFile.empty()) {
        logFd = ::open(spec.logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (logFd < 0)
            return Error::make(ErrorCode::LocalExecFailed,
                               "cannot open log file " + spec.logFile + ": " + std::strerror(errno));
    }
    int errPipe[2];
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        if (logFd >= 0) ::close(logFd);
        return Error::make(ErrorCode::LocalExecFailed, std::string("pipe: ") + std::strerror(errno));
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int e = errno;
        ::close(errPipe[0]);
        ::close(errPipe[1]);
        if (logFd >= 0) ::close(logFd);
        return Error::make(ErrorCode::LocalExecFailed, std::string("fork: ") + std::strerror(e));
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls from here on.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);  // parent died between fork and prctl
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);  // paydeskd blocks signals in its threads
        int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
        if (logFd >= 0) {
            ::dup2(logFd, STDOUT_FILENO);
            ::dup2(logFd, STDERR_FILENO);
        }
        // Nothing of paydeskd's but stdio reaches the server: not its listening socket (a restarted
        // paydeskd could not bind while a child held it), nor its connections or files. The error
        // pipe is close-on-exec already and must stay open until execv.
        ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
        if (!spec.workingDirectory.empty() && ::chdir(spec.workingDirectory.c_str()) != 0) {
            int e = errno;
            (void)!::write(errPipe[1], &e, sizeof e);
            ::_exit(127);
        }
        ::execv(argv[0], argv.data());
        int e = errno;
        (void)!::write(errPipe[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(errPipe[1]);
    if (logFd >= 0) ::close(logFd);
    int childErrno = 0;
    ssize_t n;
    do {
        n = ::read(errPipe[0], &childErrno, sizeof childErrno);
    } while (n < 0 && errno == EINTR);
    ::close(errPipe[0]);
    ChildProcess child;
    child.pid_ = pid;
    if (n == static_cast<ssize_t>(sizeof childErrno)) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        child.pid_ = -1;
        return Error::make(ErrorCode::LocalExecFailed, "cannot start " + *exe + ": " + std::strerror(childErrno));
    }
    assert(child.pid_ > 0);
    return child;
}

void ChildProcess::reaped(int status) {
    if (WIFEXITED(status)) exitDescription_ = "exited with status " + std::to_string(WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) exitDescription_ = "killed by signal " + std::to_string(WTERMSIG(status));
    else exitDescription_ = "stopped";
    pid_ = -1;
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    if (r == pid_) {
        reaped(status);
    } else {
        exitDescription_ = "lost (" + std::string(std::strerror(errno)) + ")";
        pid_ = -1;
    }
    return false;
}

bool ChildProcess::waitForExit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        sleepBriefly();
    }
    return true;
}

bool ChildProcess::terminate(std::chrono::milliseconds grace) {
    if (!running()) return true;
    ::kill(pid_, SIGTERM);
    if (waitForExit(grace)) return true;
    ::kill(pid_, SIGKILL);
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) reaped(status);
    pid_ = -1;
    return false;
}

bool ChildProcess::isAlive(pid_t pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    // A zombie is not alive for our purposes.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const std::size_t close = line.rfind(')');
    return !(close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z');
}

std::string ChildProcess::commandLine(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (char& c : s)
        if (c == '\0') c = ' ';
    return s;
}

bool ChildProcess::terminateForeign(pid_t pid, std::chrono::milliseconds grace) {
    if (!isAlive(pid)) return true;
    ::kill(pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (isAlive(pid)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            for (int i = 0; i < 250 && isAlive(pid); ++i) sleepBriefly();
            return false;
        }
        sleepBriefly();
    }
    return true;
}

}  // namespace paydesk::local
