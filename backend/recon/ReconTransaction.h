#pragma once

#include <cassert>

#include "core/Error.h"
#include "store/Database.h"

namespace paydesk::recon {

// Rolls back unless committed, so every early return leaves the pooled connection clean.
class ReconTransaction {
public:
    explicit ReconTransaction(store::DbConnection& conn) : conn_(conn) {}
    ~ReconTransaction() {
        if (open_) (void)conn_.rollback();  // best effort: the pool drops a broken connection anyway
    }
    ReconTransaction(const ReconTransaction&) = delete;
    ReconTransaction& operator=(const ReconTransaction&) = delete;

    Status begin() {
        assert(!open_);
        auto s = conn_.begin();
        open_ = s.ok();
        return s;
    }
    Status commit() {
        assert(open_);
        open_ = false;
        return conn_.commit();
    }

private:
    store::DbConnection& conn_;
    bool open_ = false;
};

}  // namespace paydesk::recon
