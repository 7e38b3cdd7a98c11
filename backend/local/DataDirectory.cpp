#include "local/DataDirectory.h"

#include "core/Files.h"

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

}  // namespace paydesk::local
