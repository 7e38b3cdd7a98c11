#include "payments/PaymentCommands.h"

#include <cassert>

#include "core/Crypto.h"
#include "payments/PaymentStatements.h"
#include "payments/PaymentStatus.h"
#include "store/IdempotencyStatements.h"

namespace paydesk::payments {

using store::CommandContext;
using store::JournalEntry;
using store::WriteResult;

namespace {

std::string merchantAuthorized(const std::string& m) { return "merchant:" + m + ":authorized"; }
std::string merchantPayable(const std::string& m) { return "merchant:" + m + ":payable"; }
const std::string kAcquirerAuthorized = "acquirer:authorized";
const std::string kAcquirerReceivable = "acquirer:receivable";

WriteResult refusal(ErrorCode code, std::string message, nlohmann::json extra = nullptr) {
    return WriteResult::refused(Error::make(code, std::move(message), std::move(extra)));
}

WriteResult replay(int status, const std::string& body) {
    return WriteResult::replayed(status, nlohmann::json::parse(body, nullptr, false));
}

store::OutboxEvent event(const std::string& topic, const std::string& type, const std::string& paymentId, const std::string& correlationId,
                         const nlohmann::json& payload, const std::string& at) {
    store::OutboxEvent e;
    e.eventId = newId("evt_");
    e.topic = topic;
    e.eventType = type;
    e.aggregateType = "payment";
    e.aggregateId = paymentId;
    e.correlationId = correlationId;
    e.payload = payload.dump();
    e.occurredAt = at;
    return e;
}

// Looks up a stored answer for (merchant, scope, key). Nullopt: none (yet).
Result<std::optional<WriteResult>> storedAnswer(CommandContext& ctx, const std::string& merchant, const std::string& scope,
                                                const std::string& key, const std::string& requestHash) {
    auto rows = ctx.query(store::idempotency_sql::kSelectStored, {merchant, scope, key});
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return std::optional<WriteResult>{};
    if (rows->text(0, 0) != requestHash) {
        return std::optional<WriteResult>{refusal(ErrorCode::IdempotencyKeyMismatch,
                                                "this Idempotency-Key was used with a different request body")};
    }
    return std::optional<WriteResult>{replay(static_cast<int>(rows->integer(0, 1)), rows->text(0, 2))};
}

}  // namespace

std::string newId(const char* prefix) { return std::string(prefix) + crypto::randomHex(12); }

const char* const PaymentCommands::kPaymentColumns = payment_sql::kColumns;

nlohmann::json PaymentCommands::paymentJson(const store::DbResult& rows, std::size_t r) {
    auto iso = [](std::string s) {
        // "...ss.ffffffZ" -> "...ss.fffZ": the API speaks milliseconds
        if (s.size() == 27) s = s.substr(0, 23) + "Z";
        return s;
    };
    nlohmann::json j = {{"paymentId", rows.text(r, 0)},
                        {"merchantId", rows.text(r, 1)},
                        {"status", rows.text(r, 2)},
                        {"amount", rows.integer(r, 3)},
                        {"currency", rows.text(r, 4)},
                        {"capturedAmount", rows.integer(r, 5)},
                        {"refundedAmount", rows.integer(r, 6)},
                        {"message", rows.text(r, 11)},
                        {"requestedAt", iso(rows.text(r, 12))},
                        {"updatedAt", iso(rows.text(r, 13))}};
    if (!rows.text(r, 7).empty()) j["card"] = {{"bin", rows.text(r, 7)}, {"last4", rows.text(r, 8)}};
    if (!rows.text(r, 9).empty()) j["acquirerTransactionId"] = rows.text(r, 9);
    if (!rows.text(r, 10).empty()) j["declineCode"] = rows.text(r, 10);
    if (!rows.text(r, 14).empty()) j["expiresAt"] = iso(rows.text(r, 14));
    return j;
}

std::string PaymentCommands::scopeOf(const ChangeInput& in) {
    static const char* names[] = {"capture", "refund", "void", "expire"};
    return std::string(names[static_cast<int>(in.kind)]) + ":" + in.paymentId;
}

store::WriteCommand PaymentCommands::authorize(AuthorizeInput in) {
    assert(in.amount > 0 && !in.paymentId.empty());
    return [in = std::move(in)](CommandContext& ctx) -> Result<WriteResult> {
        const std::string requestedAt = store::sqlTimestamp(in.requestedAt);
        const std::string status(toString(in.approved ? PaymentStatus::Authorized : PaymentStatus::Declined));
        // A plain row insert: the batch may combine it with its neighbours' (one statement for many
        // authorizations); the unique key (merchant, idempotency key) still decides duplicates.
        store::SqlParams values;
        values.reserve(payment_sql::kInsertPayment.columnCount);
        store::appendRow(values, in.paymentId, in.merchantId, in.idempotencyKey, status, in.amount, in.currency,
                         store::nullIfEmpty(in.cardBin), store::nullIfEmpty(in.cardLast4),
                         store::nullIfEmpty(in.acquirerTxnId), store::nullIfEmpty(in.declineCode), in.message,
                         requestedAt, requestedAt,
                         in.approved ? store::SqlValue(store::sqlTimestamp(in.expiresAt)) : store::SqlValue());
        if (auto s = ctx.insertRow(payment_sql::kInsertPayment, std::move(values)); !s.ok()) {
            if (!s.error().is(ErrorCode::DbDuplicateKey)) return s.error();
            // Same merchant and key: the database decides. A committed answer is replayed; one
            // still in this very batch means a concurrent duplicate.
            if (auto rb = ctx.rollbackToSavepoint(); !rb.ok()) return rb.error();
            auto stored = storedAnswer(ctx, in.merchantId, "authorize", in.idempotencyKey, in.requestHash);
            if (!stored.ok()) return stored.error();
            if (stored->has_value()) return std::move(**stored);
            return refusal(ErrorCode::RequestInProgress, "a request with this idempotency key is still being processed");
        }
        WriteResult r;
        r.body = {{"paymentId", in.paymentId},
                  {"merchantId", in.merchantId},
                  {"status", status},
                  {"amount", in.amount},
                  {"currency", in.currency},
                  {"requestedAt", store::isoTimestamp(in.requestedAt)},
                  {"message", in.message}};
        if (!in.declineCode.empty()) r.body["declineCode"] = in.declineCode;
        if (in.approved) {
            JournalEntry e{"AUTHORIZE", in.paymentId, in.paymentId, in.currency, requestedAt, {}};
            e.lines = {{kAcquirerAuthorized, in.amount, 0}, {merchantAuthorized(in.merchantId), 0, in.amount}};
            ctx.journal.push_back(std::move(e));
        }
        nlohmann::json payload = r.body;
        if (!in.cardBin.empty()) payload["card"] = {{"bin", in.cardBin}, {"last4", in.cardLast4}};
        ctx.events.push_back(event("payment.authorized", in.approved ? "payment.authorized" : "payment.declined", in.paymentId,
                                   in.correlationId, payload, requestedAt));
        ctx.idempotency.push_back({in.merchantId, "authorize", in.idempotencyKey, in.requestHash, 200, r.body.dump(), requestedAt});
        return r;
    };
}

store::WriteCommand PaymentCommands::change(ChangeInput in) {
    assert(!in.paymentId.empty());
    return [in = std::move(in)](CommandContext& ctx) -> Result<WriteResult> {
        const std::string at = store::sqlTimestamp(in.at);
        const std::string scope = scopeOf(in);
        if (!in.idempotencyKey.empty()) {
            auto stored = storedAnswer(ctx, in.merchantId, scope, in.idempotencyKey, in.requestHash);
            if (!stored.ok()) return stored.error();
            if (stored->has_value()) return std::move(**stored);
        }
        auto rows = ctx.query(payment_sql::kLock, {in.paymentId});
        if (!rows.ok()) return rows.error();
        // Another merchant's payment is answered exactly like a missing one: no existence leak.
        if (rows->rows.empty() || (!in.merchantId.empty() && rows->text(0, 1) != in.merchantId)) {
            return refusal(ErrorCode::NotFound, "no payment " + in.paymentId);
        }
        const std::string merchant = rows->text(0, 1);
        const auto status = parsePaymentStatus(rows->text(0, 2));
        const std::int64_t amount = rows->integer(0, 3);
        const std::string currency = rows->text(0, 4);
        const std::int64_t captured = rows->integer(0, 5);
        const std::int64_t refunded = rows->integer(0, 6);
        if (!status) return Error::make(ErrorCode::DbError, "payment " + in.paymentId + " has an unknown status");
        const PaymentAction action = in.kind == ChangeInput::Kind::Capture  ? PaymentAction::Capture
                                     : in.kind == ChangeInput::Kind::Refund ? PaymentAction::Refund
                                     : in.kind == ChangeInput::Kind::Void   ? PaymentAction::Void
                                                                            : PaymentAction::Expire;
        if (!isAllowed(*status, action)) {
            return refusal(ErrorCode::InvalidState,
                         "cannot " + std::string(toString(action)) + " a payment in state " + std::string(toString(*status)),
                         {{"status", toString(*status)}});
        }

        JournalEntry entry{"", in.paymentId, in.paymentId, currency, at, {}};
        PaymentStatus next = *status;
        store::SqlStatement update = payment_sql::kSetStatus;
        store::SqlParams updateValues;  // after status and updated_at, before payment_id
        std::string topic;
        std::string type;
        nlohmann::json extra = nlohmann::json::object();
        switch (in.kind) {
            case ChangeInput::Kind::Capture: {
                const std::int64_t capture = in.amount.value_or(amount);
                if (capture > amount) {
                    return refusal(ErrorCode::ValidationError,
                                 "amount " + std::to_string(capture) + " exceeds the authorized " + std::to_string(amount),
                                 {{"field", "amount"}});
                }
                next = PaymentStatus::Captured;
                update = payment_sql::kCapture;
                store::appendRow(updateValues, capture, at);
                // Release the whole hold, recognise what was captured.
                entry.kind = "CAPTURE";
                entry.lines = {{merchantAuthorized(merchant), amount, 0},
                               {kAcquirerAuthorized, 0, amount},
                               {kAcquirerReceivable, capture, 0},
                               {merchantPayable(merchant), 0, capture}};
                topic = type = "payment.captured";
                extra["capturedAmount"] = capture;
                break;
            }
            case ChangeInput::Kind::Refund: {
                const std::int64_t remaining = captured - refunded;
                const std::int64_t refund = in.amount.value_or(remaining);
                if (refund > remaining) {
                    return refusal(ErrorCode::ValidationError,
                                 "amount " + std::to_string(refund) + " exceeds the refundable " + std::to_string(remaining),
                                 {{"field", "amount"}, {"refundable", remaining}});
                }
                next = refund == remaining ? PaymentStatus::Refunded : PaymentStatus::PartiallyRefunded;
                update = payment_sql::kRefund;
                store::appendRow(updateValues, refund);
                const std::string refundId = newId("rfd_");
                if (auto s = ctx.insertRowNow(payment_sql::kInsertRefund,
                                              {refundId, in.paymentId, merchant, refund, currency, in.reason, at});
                    !s.ok()) {
                    return s.error();
                }
                entry.kind = "REFUND";
                entry.reference = refundId;
                entry.lines = {{merchantPayable(merchant), refund, 0}, {kAcquirerReceivable, 0, refund}};
                topic = type = "payment.refunded";
                extra["refund"] = {{"refundId", refundId}, {"amount", refund}, {"reason", in.reason}};
                break;
            }
            case ChangeInput::Kind::Void:
            case ChangeInput::Kind::Expire: {
                const bool expire = in.kind == ChangeInput::Kind::Expire;
                next = expire ? PaymentStatus::Expired : PaymentStatus::Voided;
                entry.kind = expire ? "EXPIRE" : "VOID";
                entry.lines = {{merchantAuthorized(merchant), amount, 0}, {kAcquirerAuthorized, 0, amount}};
                topic = "payment.voided";
                type = expire ? "payment.expired" : "payment.voided";
                break;
            }
        }
        store::SqlParams params{std::string(toString(next)), at};
        std::move(updateValues.begin(), updateValues.end(), std::back_inserter(params));
        params.emplace_back(in.paymentId);
        if (auto s = ctx.execute(update, params); !s.ok()) return s.error();
        auto after = ctx.query(payment_sql::kSelect, {in.paymentId});
        if (!after.ok()) return after.error();
        WriteResult r;
        r.body = paymentJson(*after, 0);
        for (auto it = extra.begin(); it != extra.end(); ++it) r.body[it.key()] = it.value();
        if (!in.idempotencyKey.empty()) {
            // Written here, not with the batch tail: a second use of the key earlier in this same
            // batch must be caught now, before its effect is applied twice.
            auto s = ctx.insertRowNow(store::idempotency_sql::kInsert,
                                      {merchant, scope, in.idempotencyKey, in.requestHash, 200, r.body.dump(), at});
            if (!s.ok()) {
                if (!s.error().is(ErrorCode::DbDuplicateKey)) return s.error();
                if (auto rb = ctx.rollbackToSavepoint(); !rb.ok()) return rb.error();
                auto stored = storedAnswer(ctx, in.merchantId, scope, in.idempotencyKey, in.requestHash);
                if (!stored.ok()) return stored.error();
                if (stored->has_value()) return std::move(**stored);
                return refusal(ErrorCode::RequestInProgress, "a request with this idempotency key is still being processed");
            }
        }
        ctx.journal.push_back(std::move(entry));
        ctx.events.push_back(event(topic, type, in.paymentId, in.correlationId, r.body, at));
        return r;
    };
}

}  // namespace paydesk::payments
