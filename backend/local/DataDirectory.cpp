#include "local/DataDirectory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace paydesk::local {

namespace fs = std::filesystem;

std::string DataDirectory::defaultPath() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/paydesk";
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') return std::string(home) + "/.local/share/paydesk";
    return "/var/lib/paydesk";
}

Result<DataDirectory> DataDirectory::open(const std::string& path) {
    assert(!path.empty());
    std::error_code ec;
    const fs::path root = fs::absolute(path, ec);
    if (ec) return Error::make(ErrorCode::DataDirInvalid, "cannot resolve data folder " + path + ": " + ec.message());
    for (const char* sub : {"", "run", "logs", "mariadb", "redis"}) {
        fs::create_directories(root / sub, ec);
        if (ec)
            return Error::make(ErrorCode::DataDirInvalid,
                               "cannot create " + (root / sub).string() + ": " + ec.message());
    }
    // Sockets and secrets live here: nobody else may even list them.
    ::chmod(root.c_str(), 0700);
    ::chmod((root / "run").c_str(), 0700);

    const std::string lockPath = (root / "paydeskd.lock").string();
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Error::make(ErrorCode::DataDirInvalid, "cannot open " + lockPath + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const std::string holder = files::read(lockPath);
        ::close(fd);
        return Error::make(ErrorCode::DataDirLocked, "data folder " + root.string() + " is in use by another paydeskd" +
                                                         (holder.empty() ? std::string() : " (pid " + holder + ")"));
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // Only informational; the flock is what protects the folder.
    }
    return DataDirectory(root.string(), fd);
}

DataDirectory::~DataDirectory() {
    if (lockFd_ >= 0) ::close(lockFd_);
}

DataDirectory::DataDirectory(DataDirectory&& other) noexcept : root_(std::move(other.root_)), lockFd_(std::exchange(other.lockFd_, -1)) {}

namespace files {

bool writeAtomically(const std::string& path, const std::string& content, unsigned mode) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return false;
    ::fchmod(fd, mode);
    std::string_view rest(content);
    while (!rest.empty()) {
        const ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n <= 0) {
            ::close(fd);
            return false;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced && ::rename(tmp.c_str(), path.c_str()) == 0;
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string tail(const std::string& path, std::size_t maxLines) {
    std::ifstream in(path);
    std::deque<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(std::move(line));
        if (lines.size() > maxLines) lines.pop_front();
    }
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

}  // namespace files

}  // namespace paydesk::local
