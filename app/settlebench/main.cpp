// settlebench: closes one settlement business day over N captured payments and reports how long
// it took, next to this machine's ceiling for the same amount of set-based work.
//
//   settlebench [--payments 1000000] [--merchants 100] [--refund-every 20] [--data-dir DIR] [--keep]
//
// It starts the embedded MariaDB (exactly as paydeskd configures it) in a temporary folder,
// applies the migrations, generates the day's captured payments and refunds inside the server
// (MariaDB's sequence engine, so loading is not what is measured), then times
//   1. the close: SettlementCloser::closeDay for every merchant, as the scheduler runs it;
//   2. closing the same day again (must change nothing);
//   3. the ceiling: copying the same window's payment ids into a table with a unique key, the
//      least any set-based close has to do.
// Prints one line per step and a JSON summary; exits 1 if the batches do not add up.

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "BenchDatabase.h"

#include "core/Clock.h"
#include "core/Logger.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/MerchantCalendars.h"
#include "settlement/SettlementCloser.h"
#include "store/Database.h"
#include "store/WriteBatcher.h"

using namespace paydesk;
using Steady = std::chrono::steady_clock;

namespace {

}  // namespace

int main(int argc, char** argv) {
    long payments = 1'000'000;
    long merchants = 100;
    long refundEvery = 20;  // one refund of half the amount per this many payments
    std::string dataDir;
    bool keep = false;
    CLI::App app{"settlebench: time closing a settlement business day over N captured payments", "settlebench"};
    app.add_option("--payments", payments, "Captured payments in the day")->check(CLI::Range(1L, 50'000'000L));
    app.add_option("--merchants", merchants, "Merchants they are spread over")->check(CLI::Range(1L, 100'000L));
    app.add_option("--refund-every", refundEvery, "One refund per this many payments (0: none)")->check(CLI::Range(0L, 1'000'000L));
    app.add_option("--data-dir", dataDir, "Folder for the embedded MariaDB (default: a new temporary folder)");
    app.add_flag("--keep", keep, "Keep the folder afterwards");
    CLI11_PARSE(app, argc, argv);
    Logger::setLevel(LogLevel::Warn);

    bench::BenchDatabase db("settlebench", dataDir, keep);
    store::DbConnection& c = db.connection();

    // The day before today in Seoul, the default calendar.
    auto seoul = settlement::BusinessCalendar::create("Asia/Seoul", 0);
    if (!seoul.ok()) db.die(seoul.error().message);
    const settlement::BusinessDay day = seoul->dayOf(std::chrono::system_clock::now()) - std::chrono::days{1};
    const auto window = seoul->window(day);
    const std::string ws = "'" + store::sqlTimestamp(window.start) + "'";
    const std::string we = "'" + store::sqlTimestamp(window.end) + "'";
    const long long spanMicros = std::chrono::duration_cast<std::chrono::microseconds>(window.end - window.start).count() - 1;

    // Payment ids hash the sequence number, so they arrive in random order as real ids do.
    const auto loadStart = Steady::now();
    constexpr long kChunk = 100'000;
    const std::string n = std::to_string(payments);
    for (long first = 1; first <= payments; first += kChunk) {
        const long last = std::min(payments, first + kChunk - 1);
        db.run("INSERT INTO payments (payment_id, merchant_id, idempotency_key, status, amount, currency, captured_amount, message, "
               "requested_at, updated_at, captured_at) SELECT CONCAT('pay_', LEFT(MD5(seq), 24)), CONCAT('bench-m', seq MOD " +
                   std::to_string(merchants) + "), CONCAT('idem-', seq), 'CAPTURED', 1000 + (seq * 7919) MOD 99000, 'KRW', "
                   "1000 + (seq * 7919) MOD 99000, 'bench', t, t, t FROM (SELECT seq, " + ws + " + INTERVAL FLOOR((seq - 1) * " +
                   std::to_string(spanMicros) + " / " + n + ") MICROSECOND AS t FROM seq_" + std::to_string(first) + "_to_" +
                   std::to_string(last) + ") s");
    }
    if (refundEvery > 0) {
        db.run("INSERT INTO refunds (refund_id, payment_id, merchant_id, amount, currency, reason, created_at) "
               "SELECT CONCAT('rfd_', LEFT(MD5(CONCAT('r', p.payment_id)), 24)), p.payment_id, p.merchant_id, p.captured_amount DIV 2, "
               "'KRW', 'bench', p.captured_at FROM payments p WHERE p.captured_at >= " + ws + " AND p.captured_at < " + we +
                   " AND CRC32(p.payment_id) MOD " + std::to_string(refundEvery) + " = 0");
    }
    db.run("ANALYZE TABLE payments, refunds");
    const auto loaded = Steady::now() - loadStart;
    const std::int64_t refunds = db.scalar("SELECT COUNT(*) FROM refunds");
    const std::int64_t gross = db.scalar("SELECT SUM(captured_amount) FROM payments WHERE captured_at >= " + ws + " AND captured_at < " + we);
    std::printf("loaded %ld captured payments and %lld refunds over %ld merchants for %s in %.1f s (not part of the measurement)\n", payments,
                static_cast<long long>(refunds), merchants, settlement::BusinessCalendar::formatDay(day).c_str(), bench::secondsOf(loaded));

    settlement::SettlementOptions options;
    options.fee = {250, 10};
    settlement::MerchantCalendars calendars(*seoul);
    settlement::SettlementCloser closer(options, calendars, SystemClock::instance());
    const settlement::CloseActor actor{"settlebench", "system", "settlebench"};

    const auto closeStart = Steady::now();
    auto closed = closer.closeDay(c, day, std::nullopt, actor);
    const auto closeTime = Steady::now() - closeStart;
    if (!closed.ok()) db.die("close failed: " + closed.error().message);
    std::int64_t closedGross = 0;
    std::int64_t closedCaptures = 0;
    std::int64_t closedRefunds = 0;
    for (const auto& b : closed->closed) {
        closedGross += b.captureAmount;
        closedCaptures += b.captureCount;
        closedRefunds += b.refundCount;
    }
    const std::int64_t lines = db.scalar("SELECT COUNT(*) FROM settlement_lines");
    std::printf("close:    %.2f s  (%zu batches, %lld lines, %.0f lines/s)\n", bench::secondsOf(closeTime), closed->closed.size(),
                static_cast<long long>(lines), static_cast<double>(lines) / bench::secondsOf(closeTime));

    for (const auto& [name, ms] : closed->stepMillis) std::printf("          %8.0f ms  %s\n", ms, name.c_str());

    const auto againStart = Steady::now();
    auto again = closer.closeDay(c, day, std::nullopt, actor);
    const auto againTime = Steady::now() - againStart;
    if (!again.ok()) db.die("second close failed: " + again.error().message);
    std::printf("re-close: %.2f s  (%zu batches closed, %lld already closed: nothing changed)\n", bench::secondsOf(againTime), again->closed.size(),
                static_cast<long long>(again->alreadyClosed));

    // The ceiling: the same window's ids into a table with a unique key, one statement.
    db.run("CREATE TABLE IF NOT EXISTS bench_copy (source_id VARCHAR(40) NOT NULL PRIMARY KEY, amount BIGINT NOT NULL) ENGINE=InnoDB");
    db.run("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    const auto copyStart = Steady::now();
    db.run("INSERT INTO bench_copy SELECT payment_id, captured_amount FROM payments WHERE captured_at >= " + ws + " AND captured_at < " + we);
    const auto copyTime = Steady::now() - copyStart;
    db.run("DROP TABLE bench_copy");
    std::printf("ceiling:  %.2f s  (copy %ld ids of the window into a uniquely keyed table)\n", bench::secondsOf(copyTime), payments);

    const bool ok = closedCaptures == payments && closedGross == gross && closedRefunds == refunds && again->closed.empty() &&
                    lines == payments + refunds;
    nlohmann::json summary = {{"payments", payments},
                              {"refunds", refunds},
                              {"merchants", merchants},
                              {"batches", closed->closed.size()},
                              {"lines", lines},
                              {"closeSeconds", bench::secondsOf(closeTime)},
                              {"closeStepMillis", closed->stepMillis},
                              {"recloseSeconds", bench::secondsOf(againTime)},
                              {"ceilingCopySeconds", bench::secondsOf(copyTime)},
                              {"loadSeconds", bench::secondsOf(loaded)},
                              {"addsUp", ok}};
    std::printf("%s\n", summary.dump().c_str());
    if (!ok) {
        std::fprintf(stderr, "settlebench: the batches do not add up to the day's payments\n");
        return 1;
    }
    return 0;
}
