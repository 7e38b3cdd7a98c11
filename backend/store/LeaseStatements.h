#pragma once

#include "store/Statement.h"

// The SQL of named leases. Time is the database's (NOW(6)).
namespace paydesk::store::lease_sql {

// name, holder, ttl in microseconds: take it if free or expired, renew it if ours, else leave it.
inline constexpr SqlStatement kTake{
    "lease.take",
    "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, NOW(6), NOW(6) + INTERVAL ? "
    "MICROSECOND) ON DUPLICATE KEY UPDATE "
    "acquired_at = IF(expires_at < NOW(6) AND holder <> VALUES(holder), NOW(6), acquired_at), "
    "holder = IF(expires_at < NOW(6) OR holder = VALUES(holder), VALUES(holder), holder), "
    "expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)"};
// name -> holder
inline constexpr SqlStatement kHolder{"lease.holder", "SELECT holder FROM leases WHERE name = ?"};
// name, holder
inline constexpr SqlStatement kRelease{
    "lease.release", "UPDATE leases SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE name = ? AND holder = ?"};

}  // namespace paydesk::store::lease_sql
