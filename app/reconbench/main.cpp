// reconbench: imports and reconciles an N-line bank statement against N captured payments, end to
// end, exactly as POST /api/recon/files does it (ReconImporter::run), and reports the time and the
// peak resident memory.
//
//   reconbench [--payments 1000000] [--lines 1000000] [--days 30] [--encoding cp949|utf8] [--dry-run]
//              [--data-dir DIR] [--keep]
//
// It starts the embedded MariaDB (exactly as paydeskd configures it) in a temporary folder, applies
// the migrations, inserts the captured payments inside the server (MariaDB's sequence engine) and
// writes a Korean-bank-style statement for them (CP949 by default): most lines name their payment
// id or acquirer transaction id in the memo, a quarter carry only amount and date, and a few are
// amount mismatches, unknown deposits, repeated lines and unparseable rows, while some payments
// are left out of the file. None of that is measured. Then it times, from the file's bytes in memory
// to the committed transaction: hashing, decoding, parsing, loading the candidate payments once,
// matching in memory, and writing every line, match, outbox event and the file itself. A ceiling
// for the write part is measured too: the server copying the same rows into a table of the same
// shape. Peak RSS is this process's VmHWM (the import runs in it as it would in paydeskd; MariaDB is
// a separate process). Exits 1 when the outcome counts are not what the generator put in the file.

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "BenchDatabase.h"

#include "core/Logger.h"
#include "recon/BankFields.h"
#include "recon/ReconImporter.h"
#include "recon/TextEncoding.h"
#include "store/Database.h"

using namespace paydesk;
using Steady = std::chrono::steady_clock;
using nlohmann::json;

namespace {

std::string grouped(std::int64_t v) { return recon::formatAmount(v, 0); }

}  // namespace

int main(int argc, char** argv) {
    long payments = 1'000'000;
    long lines = -1;
    long days = 30;
    std::string encoding = "cp949";
    bool dryRun = false;
    std::string dataDir;
    bool keep = false;
    CLI::App app{"reconbench: time importing and reconciling an N-line bank statement against N payments", "reconbench"};
    app.add_option("--payments", payments, "Captured payments")->check(CLI::Range(10L, 20'000'000L));
    app.add_option("--lines", lines, "Bank statement lines (default: as many as payments)")->check(CLI::Range(10L, 2'000'000L));
    app.add_option("--days", days, "Business days the payments spread over")->check(CLI::Range(1L, 365L));
    app.add_option("--encoding", encoding, "Statement encoding")->check(CLI::IsMember({"cp949", "utf8"}));
    app.add_flag("--dry-run", dryRun, "Match without writing (the upload's dryRun=true)");
    app.add_option("--data-dir", dataDir, "Folder for the embedded MariaDB (default: a new temporary folder)");
    app.add_flag("--keep", keep, "Keep the folder afterwards");
    CLI11_PARSE(app, argc, argv);
    if (lines < 0) lines = payments;
    Logger::setLevel(LogLevel::Warn);

    bench::BenchDatabase db("reconbench", dataDir, keep);
    store::DbConnection& c = db.connection();

    // Payments: captured over `days` business days ending yesterday (Seoul), ids in random order,
    // amounts distinct up to 9,999,991 payments (7919 is prime to that modulus). With repeating
    // amounts, an amount-only line finds several candidates in its date window and is, rightly, a
    // scored suggestion rather than a match; the expected counts below assume it never happens.
    const auto loadStart = Steady::now();
    const std::string n = std::to_string(payments);
    const std::string span = std::to_string(days * 86'400'000'000LL - 1);
    const std::string start = "(UTC_DATE() - INTERVAL " + std::to_string(days) + " DAY - INTERVAL 9 HOUR)";
    constexpr long kChunk = 100'000;
    for (long first = 1; first <= payments; first += kChunk) {
        const long last = std::min(payments, first + kChunk - 1);
        db.run("INSERT INTO payments (payment_id, merchant_id, idempotency_key, status, amount, currency, captured_amount, acquirer_txn_id, "
               "message, requested_at, updated_at, captured_at) SELECT CONCAT('pay_', LEFT(MD5(seq), 24)), CONCAT('bench-m', seq MOD 100), "
               "CONCAT('idem-', seq), 'CAPTURED', a, 'KRW', a, CONCAT('acq_', LEFT(SHA1(seq), 20)), 'bench', t, t, t FROM (SELECT seq, "
               "1000 + ((seq * 7919) MOD 9999991) * 10 AS a, " + start + " + INTERVAL FLOOR((seq - 1) * " + span + " / " + n +
                   ") MICROSECOND AS t FROM seq_" + std::to_string(first) + "_to_" + std::to_string(last) + ") s");
    }
    db.run("ANALYZE TABLE payments");
    std::printf("inserted %s captured payments over %ld days in %.1f s (not measured)\n", grouped(payments).c_str(), days, bench::secondsOf(Steady::now() - loadStart));

    // The statement, in date order. Per 100 payments: 50 name the payment id, 20 the acquirer
    // transaction id, 25 carry amount and date only, 1 names its payment with another amount,
    // 2 are left out of the file (expected by Paydesk, not in the bank); plus, per 100 lines, one
    // unknown deposit, one line repeated, and one row with a broken date.
    const auto genStart = Steady::now();
    std::string csv = "\xEA\xB1\xB0\xEB\x9E\x98\xEC\x9D\xBC\xEC\x9E\x90,\xEA\xB1\xB0\xEB\x9E\x98\xEC\x8B\x9C\xEA\xB0\x84,\xEC\xA0\x81\xEC\x9A\x94,"
                      "\xEB\x82\xB4\xEC\x9A\xA9,\xEC\x9E\x85\xEA\xB8\x88\xEC\x95\xA1,\xEC\xB6\x9C\xEA\xB8\x88\xEC\x95\xA1,\xEC\x9E\x94\xEC\x95\xA1,"
                      "\xEA\xB1\xB0\xEB\x9E\x98\xEC\xA0\x90\r\n";  // 거래일자,거래시간,적요,내용,입금액,출금액,잔액,거래점
    csv.reserve(static_cast<std::size_t>(lines) * 90);
    long written = 0;
    long expectMatched = 0;
    long expectMismatch = 0;
    long expectUnmatched = 0;
    long expectDuplicates = 0;
    long expectErrors = 0;
    long leftOut = 0;
    std::int64_t balance = 0;
    std::string previous;
    const std::string transfer = "\xED\x83\x80\xED\x96\x89\xEC\x9D\xB4\xEC\xB2\xB4";  // 타행이체
    const std::string branch = "\xEB\xB3\xB8\xEC\xA0\x90";                           // 본점
    // One hour of payments per query, sorted: each query sorts only its own slice.
    for (long seq = 0, hour = 0; written < lines && hour < days * 24; ++hour) {
        const std::string from = start + " + INTERVAL " + std::to_string(hour) + " HOUR";
        const std::string to = start + " + INTERVAL " + std::to_string(hour + 1) + " HOUR";
        auto page = c.query("SELECT payment_id, acquirer_txn_id, captured_amount, DATE_FORMAT(captured_at + INTERVAL 9 HOUR + INTERVAL 1 DAY, "
                            "'%Y.%m.%d') FROM payments WHERE captured_at >= " + from + " AND captured_at < " + to +
                            " ORDER BY captured_at, payment_id");
        if (!page.ok()) db.die(page.error().message);
        for (std::size_t i = 0; i < page->rows.size() && written < lines; ++i, ++seq) {
            const std::string id = page->text(i, 0);
            const std::string acq = page->text(i, 1);
            std::int64_t amount = page->integer(i, 2);
            const std::string date = page->text(i, 3);
            const long kind = seq % 100;
            if (kind >= 98) {
                ++leftOut;
                continue;
            }
            std::string memo;
            if (kind < 50) {
                memo = "CARD " + id;
                ++expectMatched;
            } else if (kind < 70) {
                memo = acq;
                ++expectMatched;
            } else if (kind < 95) {
                memo = "m" + std::to_string(seq % 100);
                ++expectMatched;
            } else if (kind == 95) {
                memo = "CARD " + id;
                amount -= 100;
                ++expectMismatch;
            } else if (kind == 96) {
                memo = "P-" + std::to_string(seq);
                amount = 9'876'543'210 + seq;  // no payment has this amount
                ++expectUnmatched;
            } else {
                // kind 97: this payment's line, then a repeat of it
                memo = "CARD " + id;
                ++expectMatched;
            }
            balance += amount;
            std::string line = date + ",12:00:00," + transfer + "," + memo + ",\"" + grouped(amount) + "\",,\"" + grouped(balance) + "\"," + branch + "\r\n";
            csv += line;
            ++written;
            if (kind == 97 && written < lines) {
                csv += line;  // the very same row again (same balance): a duplicate
                ++written;
                ++expectDuplicates;
            }
            if (kind == 50 && written < lines) {
                csv += "2026.13.45,12:00:00,broken,row,\"1,000\",,\"1,000\"," + branch + "\r\n";
                ++written;
                ++expectErrors;
            }
        }
    }
    if (encoding == "cp949") {
        auto converted = recon::utf8ToCp949(csv);
        if (!converted) db.die("the statement does not convert to CP949");
        csv = std::move(*converted);
    }
    std::printf("generated a %s statement of %s lines (%.1f MiB; %s payments left out) in %.1f s (not measured)\n", encoding.c_str(),
                grouped(written).c_str(), static_cast<double>(csv.size()) / (1024.0 * 1024.0), grouped(leftOut).c_str(),
                bench::secondsOf(Steady::now() - genStart));

    recon::ImportOptions options;
    recon::ReconImporter importer(options);
    recon::ImportRequest request;
    request.bytes = csv;
    request.fileName = "reconbench.csv";
    request.contentType = "text/csv";
    request.profile = "kr-bank";
    request.dryRun = dryRun;
    request.actor = "reconbench";
    request.role = "admin";
    request.via = "operator";
    request.correlationId = "reconbench";
    const long rssBefore = bench::procStatusKb("VmRSS");
    const long hwmBefore = bench::procStatusKb("VmHWM");
    const auto importStart = Steady::now();
    const auto imported = importer.run(c, request);
    const auto importTime = Steady::now() - importStart;
    const long hwm = bench::procStatusKb("VmHWM");
    if (!imported.ok())
        db.die("import refused: " + imported.error().code + ": " + imported.error().message.substr(0, 500));
    const json& body = imported->body;

    double ceiling = 0;
    if (!dryRun) {
        // The least the write needs: the server copying the same rows into a table of the same shape.
        db.run("CREATE TABLE ceiling_lines LIKE recon_lines");
        const auto ceilStart = Steady::now();
        db.run("INSERT INTO ceiling_lines SELECT * FROM recon_lines");
        ceiling = bench::secondsOf(Steady::now() - ceilStart);
        db.run("DROP TABLE ceiling_lines");
    }

    std::printf("\nreconciled %s lines against %s payments (%s loaded as candidates) in %.2f s end to end%s\n", grouped(body["rows"].get<std::int64_t>()).c_str(),
                grouped(payments).c_str(), grouped(body["candidates"].get<std::int64_t>()).c_str(), bench::secondsOf(importTime), dryRun ? " (dry run)" : "");
    std::printf("  phases (ms): %s\n", body["timingsMs"].dump().c_str());
    std::printf("  matched %s (reference %s, amount/date %s), amount mismatch %s, unmatched bank %s, unmatched system %s, awaiting %s, "
                "duplicates %s, row errors %s\n",
                grouped(body["matched"].get<std::int64_t>()).c_str(), grouped(body["matchedBy"]["reference"].get<std::int64_t>()).c_str(),
                grouped(body["matchedBy"]["amountDate"].get<std::int64_t>()).c_str(), grouped(body["amountMismatch"].get<std::int64_t>()).c_str(),
                grouped(body["unmatchedBank"].get<std::int64_t>()).c_str(), grouped(body["unmatchedSystem"].get<std::int64_t>()).c_str(),
                grouped(body["awaiting"].get<std::int64_t>()).c_str(), grouped(body["duplicates"].get<std::int64_t>()).c_str(),
                grouped(body["errors"].get<std::int64_t>()).c_str());
    std::printf("  peak RSS (VmHWM) %.0f MiB; before the import %.0f MiB resident (the statement's bytes included), peak so far %.0f MiB\n",
                static_cast<double>(hwm) / 1024.0, static_cast<double>(rssBefore) / 1024.0, static_cast<double>(hwmBefore) / 1024.0);
    if (!dryRun) std::printf("  ceiling: the server copying the %s written lines into a same-shaped table took %.2f s\n",
                             grouped(db.scalar("SELECT COUNT(*) FROM recon_lines")).c_str(), ceiling);

    json summary = {{"payments", payments},
                          {"lines", written},
                          {"encoding", encoding},
                          {"dryRun", dryRun},
                          {"seconds", bench::secondsOf(importTime)},
                          {"peakRssMiB", hwm / 1024},
                          {"rssBeforeMiB", rssBefore / 1024},
                          {"ceilingWriteSeconds", ceiling},
                          {"result", body}};
    summary["result"].erase("errorLines");  // one entry per broken row: the counts say enough here
    std::printf("%s\n", summary.dump().c_str());

    // The generator knows what it put in: anything else is a bug.
    bool ok = true;
    auto expect = [&](const char* what, std::int64_t got, std::int64_t want) {
        if (got != want) {
            std::fprintf(stderr, "reconbench: %s is %lld, expected %lld\n", what, static_cast<long long>(got), static_cast<long long>(want));
            ok = false;
        }
    };
    expect("matched", body["matched"].get<std::int64_t>(), expectMatched);
    expect("amountMismatch", body["amountMismatch"].get<std::int64_t>(), expectMismatch);
    expect("errors", body["errors"].get<std::int64_t>(), expectErrors);
    expect("duplicates", body["duplicates"].get<std::int64_t>(), expectDuplicates);
    expect("unmatchedBank", body["unmatchedBank"].get<std::int64_t>(), expectUnmatched);
    // Every payment no line claims is expected and missing: left out, replaced by an unknown deposit, or past the last line.
    expect("unmatchedSystem + awaitingItems", body["unmatchedSystem"].get<std::int64_t>() + body["awaitingItems"].get<std::int64_t>(),
           payments - expectMatched - expectMismatch);

    return ok ? 0 : 1;
}
