#include "http/SpooledBody.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace paydesk::http {

namespace {

Error spoolError(const std::string& what, int err) {
    return Error::make(ErrorCode::SpoolUnavailable, what + ": " + std::strerror(err));
}

std::string spoolDirectory(const std::string& directory) {
    if (!directory.empty()) return directory;
    std::error_code ec;
    const auto tmp = std::filesystem::temp_directory_path(ec);
    return ec ? std::string("/tmp") : tmp.string();
}

// O_TMPFILE where the file system has it; otherwise a named file removed at once.
int openUnnamed(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return fd;
    std::string pattern = dir + "/upload-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.data());
    return fd;
}

}  // namespace

Result<std::shared_ptr<SpooledBody>> SpooledBody::create(const std::string& directory) {
    const std::string dir = spoolDirectory(directory);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return spoolError("cannot create " + dir, errno);
    const int fd = openUnnamed(dir);
    if (fd < 0) return spoolError("cannot create an upload file in " + dir, errno);
    return std::shared_ptr<SpooledBody>(new SpooledBody(fd));
}

SpooledBody::~SpooledBody() {
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
}

Result<int> SpooledBody::writer() const {
    assert(fd_ >= 0 && !mapped_);
    const int fd = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return spoolError("cannot open the upload file for writing", errno);
    return fd;
}

Status SpooledBody::finish() {
    assert(fd_ >= 0 && !mapped_);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return spoolError("cannot read the upload file back", errno);
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) return Status::success();
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p == MAP_FAILED) {
        const int err = errno;
        size_ = 0;
        return spoolError("cannot map the upload file", err);
    }
    ::madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
    mapped_ = true;
    return Status::success();
}

}  // namespace paydesk::http
