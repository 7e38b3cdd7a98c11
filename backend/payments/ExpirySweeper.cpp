#include "payments/ExpirySweeper.h"

#include <atomic>
#include <cassert>
#include <memory>

#include "core/Logger.h"
#include "payments/PaymentCommands.h"
#include "store/Database.h"
#include "store/Lease.h"
#include "store/WriteBatcher.h"

namespace paydesk::payments {

using namespace std::chrono_literals;

ExpirySweeper::ExpirySweeper(Options options, const Clock& clock, store::DbPool& db, store::WriteBatcher& writer, std::string instanceId)
    : options_(options), clock_(clock), db_(db), writer_(writer), instanceId_(std::move(instanceId)) {
    assert(options_.interval.count() > 0 && options_.maxPerRound > 0);
}

ExpirySweeper::~ExpirySweeper() { stop(); }

void ExpirySweeper::start() {
    assert(!thread_.joinable());
    thread_ = std::thread([this] { run(); });
}

void ExpirySweeper::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ExpirySweeper::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        const long n = sweepOnce();
        if (n > 0) Logger::info("payments", "expired authorizations", {{"count", n}});
        lock.lock();
        wake_.wait_for(lock, options_.interval, [&] { return stopping_; });
    }
}

long ExpirySweeper::sweepOnce() {
    std::vector<std::string> ids;
    {
        auto conn = db_.acquire(1000ms);
        if (!conn.ok()) return -1;
        store::DbConnection& c = *conn.value();
        auto held = store::Lease::tryAcquire(c, "payments.expiry", instanceId_, options_.interval * 3);
        if (!held.ok() || !held.value()) return -1;
        auto rows = c.query("SELECT payment_id FROM payments WHERE status = 'AUTHORIZED' AND expires_at < " +
                            c.quote(store::sqlTimestamp(clock_.now())) + " ORDER BY expires_at LIMIT " + std::to_string(options_.maxPerRound));
        if (!rows.ok()) return -1;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) ids.push_back(rows->text(r, 0));
    }
    if (ids.empty()) return 0;
    struct Latch {
        std::mutex m;
        std::condition_variable cv;
        std::size_t pending;
        long expired = 0;
    };
    auto latch = std::make_shared<Latch>();
    latch->pending = ids.size();
    for (const auto& id : ids) {
        ChangeInput in;
        in.kind = ChangeInput::Kind::Expire;
        in.paymentId = id;
        in.at = clock_.now();
        in.correlationId = "expiry-sweeper";
        auto done = [latch](store::WriteResult r) {
            std::lock_guard lock(latch->m);
            if (r.outcome == store::WriteResult::Outcome::Done)
                ++latch->expired;  // refused: captured or voided meanwhile, fine
            if (--latch->pending == 0) latch->cv.notify_all();
        };
        if (!writer_.submit(id, PaymentCommands::change(std::move(in)), done)) {
            std::lock_guard lock(latch->m);
            if (--latch->pending == 0) latch->cv.notify_all();
        }
    }
    std::unique_lock lock(latch->m);
    latch->cv.wait_for(lock, 60s, [&] { return latch->pending == 0; });
    return latch->expired;
}

}  // namespace paydesk::payments
