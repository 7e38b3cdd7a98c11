// WriteBatcher against a real MariaDB (the embedded one, in a temporary folder): authorizations in
// one batch are written with one combined INSERT; a duplicate idempotency key inside the batch, or
// one already committed, makes the batch run again one insert at a time, so only the duplicate is
// refused (or answered with its stored result) and its neighbours commit normally.
#include <QtTest>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "TestSupport.h"
#include "payments/PaymentApi.h"
#include "payments/PaymentCommands.h"
#include "store/Database.h"
#include "store/Ledger.h"
#include "store/WriteBatcher.h"

using namespace paydesk;
using namespace std::chrono_literals;

namespace {

// Collects the answers of submitted commands.
class Answers {
public:
    store::WriteDone slot(std::size_t index) {
        {
            std::lock_guard lock(mutex_);
            if (results_.size() <= index) results_.resize(index + 1);
        }
        return [this, index](store::WriteResult r) {
            std::lock_guard lock(mutex_);
            results_[index] = std::move(r);
            ++done_;
            changed_.notify_all();
        };
    }
    bool waitFor(std::size_t count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 30s, [&] { return done_ >= count; });
    }
    // The answer the merchant API gives for the command's outcome.
    struct Answer {
        int httpStatus = 0;
        nlohmann::json body;
    };
    Answer at(std::size_t index) {
        std::lock_guard lock(mutex_);
        const http::HttpResponse r = payments::PaymentApi::answer(results_.at(index).value());
        return Answer{r.status, nlohmann::json::parse(r.body)};
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::optional<store::WriteResult>> results_;
    std::size_t done_ = 0;
};

payments::AuthorizeInput authorization(const std::string& paymentId, const std::string& key, std::int64_t amount) {
    payments::AuthorizeInput in;
    in.paymentId = paymentId;
    in.merchantId = "wb-merchant";
    in.idempotencyKey = key;
    in.requestHash = "hash-" + key + "-" + std::to_string(amount);
    in.amount = amount;
    in.currency = "KRW";
    in.message = "approved";
    in.acquirerTxnId = "acq-" + paymentId;
    in.requestedAt = std::chrono::system_clock::now();
    in.expiresAt = in.requestedAt + 7 * 24h;
    in.correlationId = "corr-" + paymentId;
    return in;
}

}  // namespace

class TestWriteBatcher : public QObject {
    Q_OBJECT

    std::int64_t scalar(const std::string& sql) {
        auto c = pool_->acquire(2000ms);
        if (!c.ok()) qFatal("db: %s", c.error().message.c_str());
        auto r = (*c.value()).query(sql);
        if (!r.ok()) qFatal("query: %s", r.error().message.c_str());
        return r->rows.empty() ? 0 : r->integer(0, 0);
    }
    std::unique_ptr<store::WriteBatcher> batcher() {
        store::WriteBatcherOptions options;
        options.shards = 1;
        options.maxBatch = 256;
        options.maxWait = std::chrono::microseconds(300'000);  // everything submitted at once shares one batch
        return std::make_unique<store::WriteBatcher>(*pool_, options);
    }

private Q_SLOTS:
    void initTestCase() {
        const std::string failed = db_.start(4, "tst_WriteBatcher");
        QVERIFY2(failed.empty(), failed.c_str());
        pool_ = &db_.pool();
    }
    void cleanupTestCase() { db_.stop(); }

    void authorizationsInOneBatchCommitTogether() {
        auto writer = batcher();
        Answers answers;
        constexpr std::size_t kCount = 40;
        for (std::size_t i = 0; i < kCount; ++i) {
            const std::string n = std::to_string(i);
            QVERIFY(writer->submit(
                "shard", payments::PaymentCommands::authorize(authorization("pay_wb_a" + n, "a" + n, 1000 + i)),
                answers.slot(i)));
        }
        QVERIFY(answers.waitFor(kCount));
        for (std::size_t i = 0; i < kCount; ++i) QCOMPARE(answers.at(i).httpStatus, 200);
        QCOMPARE(scalar("SELECT COUNT(*) FROM payments WHERE payment_id LIKE 'pay_wb_a%'"), std::int64_t(kCount));
        QCOMPARE(scalar("SELECT COUNT(*) FROM journal_entries WHERE payment_id LIKE 'pay_wb_a%'"),
                 std::int64_t(kCount));
        QCOMPARE(scalar("SELECT COUNT(*) FROM outbox WHERE aggregate_id LIKE 'pay_wb_a%'"), std::int64_t(kCount));
        QCOMPARE(
            scalar("SELECT COUNT(*) FROM idempotency_records WHERE idem_key LIKE 'a%' AND merchant_id = 'wb-merchant'"),
            std::int64_t(kCount));
        // One batch: the histogram of batches saw them all at once is not observable here, but the
        // ledger chain must be intact either way.
        auto c = pool_->acquire(2000ms);
        QVERIFY(c.ok());
        auto report = store::Ledger::verify(*c.value());
        QVERIFY(report.ok());
        QVERIFY2(report->ok, report->problem.c_str());
    }

    void duplicateInsideABatchIsRefusedAlone() {
        auto writer = batcher();
        Answers answers;
        // Ten authorizations; the 4th and the 8th carry the same idempotency key (a client's retry
        // racing its original through one batch).
        for (std::size_t i = 0; i < 10; ++i) {
            const std::string n = std::to_string(i);
            const std::string key = (i == 7) ? "b3" : "b" + n;
            QVERIFY(writer->submit("shard",
                                   payments::PaymentCommands::authorize(authorization("pay_wb_b" + n, key, 2000)),
                                   answers.slot(i)));
        }
        QVERIFY(answers.waitFor(10));
        for (std::size_t i = 0; i < 10; ++i) {
            if (i == 7) continue;
            QCOMPARE(answers.at(i).httpStatus, 200);
        }
        const Answers::Answer duplicate = answers.at(7);
        QCOMPARE(duplicate.httpStatus, 409);
        QCOMPARE(duplicate.body["code"].get<std::string>(), std::string("REQUEST_IN_PROGRESS"));
        QCOMPARE(scalar("SELECT COUNT(*) FROM payments WHERE payment_id LIKE 'pay_wb_b%'"), std::int64_t(9));
        QCOMPARE(scalar("SELECT COUNT(*) FROM payments WHERE payment_id = 'pay_wb_b7'"), std::int64_t(0));
        QCOMPARE(scalar("SELECT COUNT(*) FROM outbox WHERE aggregate_id LIKE 'pay_wb_b%'"), std::int64_t(9));
    }

    void committedDuplicateIsAnsweredFromTheStore() {
        auto writer = batcher();
        Answers answers;
        // "a5" was committed by the first test (payment pay_wb_a5): the same request again, with a new
        // payment id, is answered with the original; its batch neighbours commit.
        auto again = authorization("pay_wb_c0", "a5", 1005);
        QVERIFY(writer->submit("shard", payments::PaymentCommands::authorize(again), answers.slot(0)));
        for (std::size_t i = 1; i < 6; ++i) {
            const std::string n = std::to_string(i);
            QVERIFY(writer->submit("shard",
                                   payments::PaymentCommands::authorize(authorization("pay_wb_c" + n, "c" + n, 3000)),
                                   answers.slot(i)));
        }
        QVERIFY(answers.waitFor(6));
        const Answers::Answer replayed = answers.at(0);
        QCOMPARE(replayed.httpStatus, 200);
        QCOMPARE(replayed.body["paymentId"].get<std::string>(), std::string("pay_wb_a5"));
        for (std::size_t i = 1; i < 6; ++i) QCOMPARE(answers.at(i).httpStatus, 200);
        QCOMPARE(scalar("SELECT COUNT(*) FROM payments WHERE payment_id LIKE 'pay_wb_c%'"), std::int64_t(5));
        QCOMPARE(scalar("SELECT COUNT(*) FROM payments WHERE payment_id = 'pay_wb_c0'"), std::int64_t(0));
    }

private:
    test::TestDatabase db_;
    store::DbPool* pool_ = nullptr;
};

QTEST_GUILESS_MAIN(TestWriteBatcher)
#include "tst_WriteBatcher.moc"
