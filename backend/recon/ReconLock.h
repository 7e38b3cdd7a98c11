#pragma once

#include <chrono>
#include <string>

#include "core/Error.h"
#include "store/Database.h"

namespace paydesk::recon {

// The database-wide lock (GET_LOCK, held by the connection's session) that serializes whatever
// creates matches: imports and the review actions match/accept. An import loads "what is free" and
// writes its matches later; without the lock a manual match in between would collide with it. The
// server frees the lock if the connection dies; the destructor frees it otherwise, before the
// connection goes back to the pool.
class ReconLock {
public:
    static constexpr const char* kName = "paydesk.recon.matching";

    explicit ReconLock(store::DbConnection& conn) : conn_(conn) {}
    ~ReconLock() {
        if (held_) (void)conn_.query(std::string("SELECT RELEASE_LOCK('") + kName + "')");
    }
    ReconLock(const ReconLock&) = delete;
    ReconLock& operator=(const ReconLock&) = delete;

    // Error LOCK_TIMEOUT when another holder kept it for `timeout`.
    Status acquire(std::chrono::seconds timeout) {
        auto r = conn_.query(std::string("SELECT GET_LOCK('") + kName + "', " + std::to_string(timeout.count()) + ")");
        if (!r.ok()) return r.error();
        if (r->rows.empty() || r->text(0, 0) != "1") {
            return Error::make(ErrorCode::LockTimeout, "another reconciliation import is running; retry in a moment");
        }
        held_ = true;
        return Status::success();
    }

private:
    store::DbConnection& conn_;
    bool held_ = false;
};

}  // namespace paydesk::recon
