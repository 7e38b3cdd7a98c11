#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "http/HttpTypes.h"
#include "admin/Paging.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::operators {

struct PaymentSearch {
    enum class SortKey { RequestedAt, UpdatedAt, Amount };

    std::string merchantId;
    std::string status;
    std::string fromSql;  // requested_at bounds (SQL DATETIME literal bodies)
    std::string toSql;
    std::string q;  // payment id prefix, or exactly an acquirer transaction id, idempotency key or card last 4
    SortKey sort = SortKey::RequestedAt;
    bool descending = true;

    // ?merchantId=&status=&from=&to=&q=&sort= with sort one of requestedAt, updatedAt, amount,
    // each optionally prefixed with '-' for descending (default -requestedAt).
    static std::optional<FieldProblem> fromQuery(const http::HttpRequest& request, PaymentSearch& out);
};

// Read-only queries for the console: payment search, one payment with everything that happened to
// it, and the overview's numbers. Searches are index-friendly: the default order (requested_at
// desc) walks ix_payments_requested, or ix_payments_merchant_time with a merchant; the keyset
// cursor keeps deep pages as cheap as the first.
class PaymentQueries {
public:
    static constexpr std::size_t kTotalCap = 10'000;

    // {"items", "limit", "offset", "total", "totalCapped", "nextCursor", "nextOffset"}; total counts
    // at most kTotalCap matches (totalCapped says the real number is larger).
    static Result<nlohmann::json> search(store::DbConnection& c, const PaymentSearch& search, const Page& page);
    // The payment (as the merchant API shows it; NOT_FOUND when there is none) plus "refunds", "ledger", "events" (its
    // outbox events, oldest first, with publishedAt) and "deadLetters".
    static Result<nlohmann::json> detail(store::DbConnection& c, const std::string& paymentId);
    // {"generatedAt", "payments24h": {"total", "byStatus": {...}}, "outbox": {"backlog",
    // "oldestAgeSeconds"}, "deadLetters": {"open", "replayed", "discarded"}}
    static Result<nlohmann::json> stats(store::DbConnection& c);
};

}  // namespace paydesk::operators
