#include "ChaosAudit.h"

#include <set>
#include <thread>

#include "store/Database.h"

namespace paydesk::chaos {

namespace {

using namespace std::chrono_literals;

constexpr const char* kConsumedTopics =
    "('payment.authorized','payment.captured','payment.refunded','payment.voided','settlement.closed','settlement."
    "approved')";

struct Payment {
    std::string merchant;
    std::string idempotencyKey;
    std::string status;
    std::int64_t captured = 0;
};

// What the database holds, loaded once.
struct Snapshot {
    std::map<std::string, Payment> payments;
    std::map<std::pair<std::string, std::string>, int> byIdempotencyKey;  // (merchant, key) -> payments
    std::map<std::pair<std::string, std::string>, int> journal;           // (payment, kind) -> entries
    std::map<std::string, int> refundEntries;                             // refund id -> REFUND entries
    std::map<std::pair<std::string, std::string>, int> events;            // (payment, topic) -> outbox events
    std::map<std::string, int> refunds;                                   // payment -> refunds
    std::set<std::string> refundIds;
};

void finding(AuditResult& r, const std::string& what) {
    if (r.findings.size() < 12) r.findings.push_back(what);
}

Result<Snapshot> load(store::DbConnection& c) {
    Snapshot s;
    auto p = c.query("SELECT payment_id, merchant_id, idempotency_key, status, captured_amount FROM payments");
    if (!p.ok()) return p.error();
    for (std::size_t r = 0; r < p->rows.size(); ++r) {
        s.payments[p->text(r, 0)] = {p->text(r, 1), p->text(r, 2), p->text(r, 3), p->integer(r, 4)};
        ++s.byIdempotencyKey[{p->text(r, 1), p->text(r, 2)}];
    }
    auto j = c.query(
        "SELECT payment_id, kind, reference, COUNT(*) FROM journal_entries WHERE payment_id IS NOT NULL GROUP BY 1, 2, "
        "3");
    if (!j.ok()) return j.error();
    for (std::size_t r = 0; r < j->rows.size(); ++r) {
        s.journal[{j->text(r, 0), j->text(r, 1)}] += static_cast<int>(j->integer(r, 3));
        if (j->text(r, 1) == "REFUND") s.refundEntries[j->text(r, 2)] += static_cast<int>(j->integer(r, 3));
    }
    auto e = c.query("SELECT aggregate_id, topic, COUNT(*) FROM outbox WHERE aggregate_type = 'payment' GROUP BY 1, 2");
    if (!e.ok()) return e.error();
    for (std::size_t r = 0; r < e->rows.size(); ++r)
        s.events[{e->text(r, 0), e->text(r, 1)}] = static_cast<int>(e->integer(r, 2));
    auto f = c.query("SELECT payment_id, refund_id FROM refunds");
    if (!f.ok()) return f.error();
    for (std::size_t r = 0; r < f->rows.size(); ++r) {
        ++s.refunds[f->text(r, 0)];
        s.refundIds.insert(f->text(r, 1));
    }
    return s;
}

template <typename Map, typename Key>
int countOf(const Map& m, const Key& k) {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
}

// 0 when the count is as expected; otherwise adds to lost or duplicated.
void expectCount(AuditResult& r, std::int64_t& lost, std::int64_t& duplicated, int actual, int expected,
                 const std::string& what) {
    if (actual == expected) return;
    (actual < expected ? lost : duplicated) += 1;
    finding(r, what + ": " + std::to_string(actual) + " instead of " + std::to_string(expected));
}

// Every acknowledged request has its effect exactly once.
void checkAcknowledged(AuditResult& r, const Snapshot& s, const std::vector<Record>& records,
                       const std::vector<bench::MerchantCredentials>& merchants) {
    for (const Record& rec : records) {
        if (rec.httpStatus != 200) continue;
        const std::string& merchant = merchants[static_cast<std::size_t>(rec.merchant)].merchantId;
        const auto p = s.payments.find(rec.paymentId);
        const std::string label = std::string(opName(rec.op)) + " " + rec.paymentId;
        if (p == s.payments.end()) {
            ++r.lost;
            finding(r, label + " answered 200 but the payment is not in the database");
            continue;
        }
        switch (rec.op) {
            case Op::Authorize:
                if (p->second.merchant != merchant || p->second.idempotencyKey != rec.idempotencyKey) {
                    ++r.lost;
                    finding(r, label + " answered 200 but the payment belongs to another request");
                }
                expectCount(r, r.lost, r.duplicated,
                            countOf(s.byIdempotencyKey, std::pair{merchant, rec.idempotencyKey}), 1,
                            label + " payments with its idempotency key");
                break;
            case Op::Capture:
                expectCount(
                    r, r.lost, r.duplicated,
                    p->second.captured > 0 ? countOf(s.journal, std::pair{rec.paymentId, std::string("CAPTURE")}) : 0,
                    1, label + " capture entries");
                break;
            case Op::Refund:
                expectCount(r, r.lost, r.duplicated,
                            s.refundIds.count(rec.refundId) != 0 ? countOf(s.refundEntries, rec.refundId) : 0, 1,
                            label + " refund " + rec.refundId + " entries");
                break;
        }
    }
}

// No state change without its events and ledger entries, and none twice.
void checkConsistency(AuditResult& r, const Snapshot& s) {
    std::int64_t extra = 0;
    for (const auto& [id, p] : s.payments) {
        const bool approved = p.status != "DECLINED";
        const bool captured = p.captured > 0;
        const int refunds = countOf(s.refunds, id);
        const bool ended = p.status == "VOIDED" || p.status == "EXPIRED";
        auto expect = [&](const std::map<std::pair<std::string, std::string>, int>& m, const std::string& k, int n) {
            expectCount(r, r.inconsistent, extra, countOf(m, std::pair{id, k}), n,
                        "payment " + id + " (" + p.status + ") " + k);
        };
        expect(s.events, "payment.authorized", 1);
        expect(s.journal, "AUTHORIZE", approved ? 1 : 0);
        expect(s.events, "payment.captured", captured ? 1 : 0);
        expect(s.journal, "CAPTURE", captured ? 1 : 0);
        expect(s.events, "payment.refunded", refunds);
        expect(s.journal, "REFUND", refunds);
        expect(s.events, "payment.voided", ended ? 1 : 0);
    }
    r.inconsistent += extra;
}

std::int64_t scalar(store::DbConnection& c, const std::string& sql) {
    auto q = c.query(sql);
    return q.ok() && !q->rows.empty() ? q->integer(0, 0) : -1;
}

// Waits until `count` returns 0 or the deadline passes; the last count.
std::int64_t settle(const std::function<std::int64_t()>& count, std::chrono::steady_clock::time_point deadline) {
    std::int64_t n = count();
    while (n != 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(250ms);
        n = count();
    }
    return n;
}

void checkEvents(AuditResult& r, store::DbConnection& c, const std::function<std::map<std::string, int>()>& seenOnKafka,
                 std::chrono::seconds drain) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + drain;
    r.notPublished =
        settle([&] { return scalar(c, "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"); }, deadline);
    r.notConsumed = settle(
        [&] {
            return scalar(
                c, std::string("SELECT COUNT(*) FROM outbox o WHERE o.published_at IS NOT NULL AND o.topic IN ") +
                       kConsumedTopics +
                       " AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = 'webhooks' AND p.event_id "
                       "= o.event_id)"
                       " AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.consumer_group = 'webhooks' AND "
                       "d.event_id = o.event_id)");
        },
        deadline);
    r.settleSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r.notPublished != 0) finding(r, std::to_string(r.notPublished) + " outbox events still unpublished");
    if (r.notConsumed != 0)
        finding(r, std::to_string(r.notConsumed) + " published events not applied by the webhook consumer");
    if (!seenOnKafka) return;
    auto published = c.query(std::string("SELECT event_id FROM outbox WHERE published_at IS NOT NULL AND topic IN ") +
                             kConsumedTopics);
    if (!published.ok()) return;
    auto missing = [&] {
        const auto seen = seenOnKafka();
        std::int64_t n = 0;
        for (std::size_t i = 0; i < published->rows.size(); ++i) n += seen.count(published->text(i, 0)) == 0 ? 1 : 0;
        return n;
    };
    r.notOnKafka = settle(missing, deadline);
    r.settleSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& [id, times] : seenOnKafka()) r.wireDuplicates += times > 1 ? times - 1 : 0;
    if (r.notOnKafka != 0) finding(r, std::to_string(r.notOnKafka) + " published events never seen on their topic");
}

}  // namespace

AuditResult audit(const DbEndpoint& database, const std::vector<Record>& records,
                  const std::vector<bench::MerchantCredentials>& merchants,
                  const std::function<std::map<std::string, int>()>& seenOnKafka, std::chrono::seconds drain) {
    AuditResult r;
    for (const Record& rec : records) {
        ++r.sent;
        r.acknowledged += rec.httpStatus == 200 ? 1 : 0;
        r.unanswered += rec.httpStatus == 0 ? 1 : 0;
    }
    auto conn = store::DbConnection::open(database, store::DbTimeouts{5s, 300s, 300s});
    if (!conn.ok()) {
        r.lost = r.acknowledged;  // nothing can be shown to exist
        finding(r, "cannot open the database for the audit: " + conn.error().message);
        return r;
    }
    store::DbConnection& c = *conn.value();
    checkEvents(r, c, seenOnKafka, drain);
    auto snapshot = load(c);
    if (!snapshot.ok()) {
        r.lost = r.acknowledged;
        finding(r, "cannot read the database for the audit: " + snapshot.error().message);
        return r;
    }
    checkAcknowledged(r, *snapshot, records, merchants);
    checkConsistency(r, *snapshot);
    return r;
}

}  // namespace paydesk::chaos
