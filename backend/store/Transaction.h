#pragma once

#include <cassert>

#include "core/Error.h"
#include "store/Database.h"

namespace paydesk::store {

// Rolls back unless committed, so every early return leaves the pooled connection clean.
class Transaction {
public:
    explicit Transaction(DbConnection& conn) : conn_(conn) {}
    ~Transaction() {
        if (open_) (void)conn_.rollback();  // best effort: the pool drops a broken connection anyway
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // readCommitted: each statement reads the newest committed rows without locking them (the
    // set-based close reads payments that keep changing); otherwise the server default.
    Status begin(bool readCommitted = false) {
        assert(!open_);
        if (readCommitted) {
            if (auto s = conn_.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"); !s.ok()) return s;
        }
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
    DbConnection& conn_;
    bool open_ = false;
};

}  // namespace paydesk::store
