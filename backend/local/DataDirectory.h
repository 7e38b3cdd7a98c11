#pragma once

#include <string>

#include "core/Error.h"

namespace paydesk::local {

// The folder the embedded stack lives in, and the exclusive lock that keeps two paydeskd
// processes from running on it at once. The lock is an flock(2), released by the kernel when
// the holder dies, so a `kill -9` never leaves it stuck.
//
//   DIR/paydeskd.lock      the lock (holds the owner's pid, for messages)
//   DIR/secrets.json       generated local credentials (0600)
//   DIR/run/               sockets and pid files (0700: only this user may connect)
//   DIR/logs/              server logs
//   DIR/mariadb/data/      MariaDB datadir
//   DIR/redis/             Redis append-only file
class DataDirectory {
public:
    static Result<DataDirectory> open(const std::string& path);
    ~DataDirectory();
    DataDirectory(DataDirectory&& other) noexcept;
    DataDirectory& operator=(DataDirectory&&) = delete;
    DataDirectory(const DataDirectory&) = delete;
    DataDirectory& operator=(const DataDirectory&) = delete;

    [[nodiscard]] const std::string& root() const { return root_; }
    [[nodiscard]] std::string path(const std::string& relative) const { return root_ + "/" + relative; }
    [[nodiscard]] std::string runDir() const { return path("run"); }
    [[nodiscard]] std::string logDir() const { return path("logs"); }

    // The platform's per-user data folder: $XDG_DATA_HOME/paydesk or ~/.local/share/paydesk.
    static std::string defaultPath();

private:
    DataDirectory(std::string root, int lockFd) : root_(std::move(root)), lockFd_(lockFd) {}
    std::string root_;
    int lockFd_ = -1;
};

}  // namespace paydesk::local
