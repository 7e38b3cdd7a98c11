#include "store/Lease.h"

#include <cassert>

#include "store/Database.h"
#include "store/LeaseStatements.h"

namespace paydesk::store {

Result<bool> Lease::tryAcquire(DbConnection& conn, const std::string& name, const std::string& holder, std::chrono::milliseconds ttl) {
    assert(!name.empty() && !holder.empty() && ttl.count() > 0);
    // Take it if free or expired, renew it if ours; otherwise leave it alone.
    if (auto s = conn.execute(lease_sql::kTake, {name, holder, ttl.count() * 1000}); !s.ok()) return s.error();
    auto rows = conn.query(lease_sql::kHolder, {name});
    if (!rows.ok()) return rows.error();
    return !rows->rows.empty() && rows->text(0, 0) == holder;
}

Status Lease::release(DbConnection& conn, const std::string& name, const std::string& holder) {
    return conn.execute(lease_sql::kRelease, {name, holder});
}

}  // namespace paydesk::store
