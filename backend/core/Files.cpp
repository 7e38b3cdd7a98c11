#include "core/Files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <sstream>
#include <string_view>

namespace paydesk::files {

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

}  // namespace paydesk::files
