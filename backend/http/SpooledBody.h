#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/Error.h"

namespace paydesk::http {

// A request body received into an unnamed file instead of memory (uploads): the file has no name
// from the start, so nothing is left behind however the process ends, and the bytes cost page
// cache, not heap. After finish(), bytes() is a read-only mapping of the whole body.
class SpooledBody {
public:
    // An empty unnamed file in `directory` (created 0700 when missing; empty = the system's temp
    // folder). SPOOL_UNAVAILABLE when no file can be made there.
    static Result<std::shared_ptr<SpooledBody>> create(const std::string& directory);
    ~SpooledBody();
    SpooledBody(const SpooledBody&) = delete;
    SpooledBody& operator=(const SpooledBody&) = delete;

    // A descriptor for the receiving side to write through (a duplicate: the caller owns it).
    [[nodiscard]] Result<int> writer() const;
    // The body is complete: maps it. SPOOL_UNAVAILABLE when the file cannot be read back.
    Status finish();

    [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }
    [[nodiscard]] std::size_t size() const { return size_; }

private:
    explicit SpooledBody(int fd) : fd_(fd) {}

    int fd_ = -1;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
};

}  // namespace paydesk::http
