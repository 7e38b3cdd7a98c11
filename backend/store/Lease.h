#pragma once

#include <chrono>
#include <string>

#include "core/Error.h"

namespace paydesk::store {

class DbConnection;

// A named lease in the database: with several paydeskd instances on one database, a scheduled
// job runs where the lease is held. Time is the database's (NOW(6)), so instances with skewed
// clocks still agree. A holder renews before expiry; when it dies, another takes over once the
// lease has expired.
class Lease {
public:
    // True if `holder` holds the lease for `ttl` from now (newly acquired or renewed).
    static Result<bool> tryAcquire(DbConnection& conn, const std::string& name, const std::string& holder, std::chrono::milliseconds ttl);
    static Status release(DbConnection& conn, const std::string& name, const std::string& holder);
};

}  // namespace paydesk::store
