#pragma once

#include "store/Statement.h"

// The SQL of idempotency records: stored answers, one per (merchant, scope, key).
namespace paydesk::store::idempotency_sql {

inline constexpr RowInsert kInsert{"idempotency.insert", "idempotency_records",
                                   "merchant_id, scope, idem_key, request_hash, http_status, response_body, created_at",
                                   7};

// (merchant_id, scope, idem_key) -> request_hash, http_status, response_body
inline constexpr SqlStatement kSelectStored{"idempotency.select",
                                            "SELECT request_hash, http_status, response_body FROM idempotency_records "
                                            "WHERE merchant_id = ? AND scope = ? AND idem_key = ?"};

}  // namespace paydesk::store::idempotency_sql
