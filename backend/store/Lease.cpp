#include "store/Lease.h"

#include <cassert>

#include "store/Database.h"

namespace paydesk::store {

Result<bool> Lease::tryAcquire(DbConnection& conn, const std::string& name, const std::string& holder, std::chrono::milliseconds ttl) {
    assert(!name.empty() && !holder.empty() && ttl.count() > 0);
    const std::string n = conn.quote(name);
    const std::string h = conn.quote(holder);
    const std::string micros = std::to_string(ttl.count() * 1000);
    // Take it if free or expired, renew it if ours; otherwise leave it alone.
    auto s = conn.execute(
        "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (" + n + ", " + h + ", NOW(6), NOW(6) + INTERVAL " + micros +
        " MICROSECOND) ON DUPLICATE KEY UPDATE "
        "acquired_at = IF(expires_at < NOW(6) AND holder <> VALUES(holder), NOW(6), acquired_at), "
        "holder = IF(expires_at < NOW(6) OR holder = VALUES(holder), VALUES(holder), holder), "
        "expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)");
    if (!s.ok()) return s.error();
    auto rows = conn.query("SELECT holder FROM leases WHERE name = " + n);
    if (!rows.ok()) return rows.error();
    return !rows->rows.empty() && rows->text(0, 0) == holder;
}

Status Lease::release(DbConnection& conn, const std::string& name, const std::string& holder) {
    return conn.execute("UPDATE leases SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE name = " + conn.quote(name) +
                        " AND holder = " + conn.quote(holder));
}

}  // namespace paydesk::store
