#include <QtTest>

#include <chrono>
#include <limits>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "recon/BankFields.h"
#include "recon/ReconMatcher.h"
#include "recon/ReconTypes.h"

using namespace paydesk::recon;
using nlohmann::json;

namespace {

const std::int32_t kDay = daysFromCivil(2026, 11, 20);

// Builds statements and expected sets in memory, the way the importer's loaders do.
struct Fixture {
    BankStatement statement;
    ExpectedSet expected;

    Fixture() {
        statement.currency = "KRW";
        statement.exponent = 0;
    }

    std::size_t line(std::int64_t amount, std::int32_t day, std::string memo = {}, std::string reference = {}) {
        BankLine b;
        b.amount = amount;
        b.day = day;
        b.lineNo = static_cast<std::uint32_t>(statement.lines.size() + 2);
        b.memo = statement.text.add(memo);
        b.reference = statement.text.add(reference);
        if (statement.lines.empty() || day < statement.firstDay) statement.firstDay = day;
        if (statement.lines.empty() || day > statement.lastDay) statement.lastDay = day;
        statement.lines.push_back(b);
        return statement.lines.size() - 1;
    }

    std::uint32_t payment(const std::string& id, std::int64_t amount, std::int32_t day, std::string acq = {}, std::string status = "CAPTURED",
                          Readiness readiness = Readiness::Ready, bool inWindow = true, std::int64_t priorLine = 0) {
        ExpectedItem item;
        item.id = this->expected.text.add(id);
        item.altId = this->expected.text.add(acq);
        item.amount = amount;
        item.day = day;
        item.merchant = this->expected.merchantIndex("m1");
        item.status = this->expected.statusIndex(status);
        item.kind = ItemKind::Payment;
        item.readiness = readiness;
        item.expected = inWindow;
        item.priorLineId = priorLine;
        this->expected.items.push_back(item);
        return static_cast<std::uint32_t>(this->expected.items.size() - 1);
    }

    std::uint32_t batch(const std::string& id, std::int64_t amount, std::int32_t day, std::string state = "APPROVED",
                        Readiness readiness = Readiness::Ready) {
        const std::uint32_t i = payment(id, amount, day, {}, state, readiness);
        expected.items[i].kind = ItemKind::Batch;
        return i;
    }

    ReconMatcher run(ReconOptions options = {}) {
        ReconMatcher m(statement, expected, std::move(options));
        m.run();
        return m;
    }
};

std::string messages(const json& reasons) {
    std::string out;
    for (const json& r : reasons) out += r["field"].get<std::string>() + ": " + r["message"].get<std::string>() + "\n";
    return out;
}

std::string name(Outcome o) { return std::string(toString(o)); }
std::string name(MatchKind k) { return std::string(toString(k)); }

bool says(const json& reasons, const std::string& text) { return messages(reasons).find(text) != std::string::npos; }

}  // namespace

class TestReconMatcher : public QObject {
    Q_OBJECT
private slots:
    void referenceToPaymentAcquirerTxnAndBatch() {
        Fixture f;
        const auto p1 = f.payment("pay_aaaaaaaaaaaaaaaaaaaaaaaa", 50'000, kDay);
        const auto p2 = f.payment("pay_bbbbbbbbbbbbbbbbbbbbbbbb", 20'000, kDay, "acq_0123456789abcdef0123");
        const auto b1 = f.batch("stl_cccccccccccccccccccccccc", 990'000, kDay - 1);
        f.line(50'000, kDay + 1, "card settlement pay_aaaaaaaaaaaaaaaaaaaaaaaa");
        f.line(20'000, kDay + 1, "ACQ REF acq_0123456789abcdef0123 / merchant m1");
        f.line(990'000, kDay + 1, {}, "stl_cccccccccccccccccccccccc");
        auto m = f.run();
        for (std::size_t l = 0; l < 3; ++l) {
            QCOMPARE(name(m.lines()[l].outcome), name(Outcome::Matched));
            QCOMPARE(name(m.lines()[l].kind), name(MatchKind::Reference));
            QCOMPARE(m.lines()[l].score, std::uint8_t(100));
            QVERIFY(m.lineReasons(l).empty());
        }
        QCOMPARE(m.lines()[0].target, p1);
        QCOMPARE(m.lines()[1].target, p2);
        QCOMPARE(m.lines()[2].target, b1);
        QCOMPARE(m.claimedBy(p1), 0U);
        QVERIFY(!m.itemOutcome(p1).has_value());
        QCOMPARE(m.stats().byReference, std::size_t(3));
    }

    void referenceWithAnotherAmountIsAmountMismatch() {
        Fixture f;
        f.payment("pay_aaaaaaaaaaaaaaaaaaaaaaaa", 50'000, kDay);
        f.line(49'500, kDay, "pay_aaaaaaaaaaaaaaaaaaaaaaaa");
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::AmountMismatch));
        const json reasons = m.lineReasons(0);
        QVERIFY2(says(reasons, "amount differs: 50,000 vs 49,500"), messages(reasons).c_str());
        QCOMPARE(reasons[0]["expected"].get<std::int64_t>(), std::int64_t(50'000));
        QCOMPARE(reasons[0]["actual"].get<std::int64_t>(), std::int64_t(49'500));
    }

    void batchNetPayoutByAmountAndDate() {
        Fixture f;
        f.batch("stl_early", 700'000, kDay - 30);  // same amount, far outside the window
        const auto b = f.batch("stl_right", 700'000, kDay - 2);
        f.line(700'000, kDay, "SETTLEMENT PAYOUT");
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Matched));
        QCOMPARE(name(m.lines()[0].kind), name(MatchKind::Batch));
        QCOMPARE(m.lines()[0].target, b);
    }

    void batchesInOtherStatesAreNotMatchedByAmount() {
        Fixture f;
        f.batch("stl_closed", 700'000, kDay, "CLOSED", Readiness::Early);
        f.line(700'000, kDay);
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::UnmatchedBank));
    }

    void amountAndDateTakeTheClosestDay() {
        Fixture f;
        const auto far = f.payment("pay_far", 30'000, kDay - 4);
        const auto near = f.payment("pay_near", 30'000, kDay - 1);
        f.line(30'000, kDay, "transfer");
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Matched));
        QCOMPARE(name(m.lines()[0].kind), name(MatchKind::AmountDate));
        QCOMPARE(m.lines()[0].target, near);
        QCOMPARE(m.claimedBy(far), kNone);
    }

    void toleranceMatchesAreAmountMismatches() {
        Fixture f;
        f.payment("pay_a", 10'000, kDay);
        f.line(10'050, kDay);
        ReconOptions tight;
        auto strict = f.run(tight);
        QCOMPARE(name(strict.lines()[0].outcome), name(Outcome::UnmatchedBank));
        ReconOptions loose;
        loose.settings.amountTolerance = 100;
        auto m = f.run(loose);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::AmountMismatch));
        QVERIFY(says(m.lineReasons(0), "amount differs: 10,000 vs 10,050"));
    }

    void amountsAtTheInt64LimitsNeitherOverflowNorMatchWrongly() {
        constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
        constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
        Fixture f;
        const auto big = f.payment("pay_big", kMax, kDay);
        const auto half1 = f.payment("pay_half1", kMax / 2 + 1, kDay);  // the two halves sum to kMax + 1
        const auto half2 = f.payment("pay_half2", kMax / 2 + 1, kDay);
        f.line(kMax, kDay);      // amount + tolerance is past the int64 range
        f.line(kMax - 1, kDay);  // the halves' sum "wraps" to a negative number close to nothing
        f.line(kMin, kDay);      // a withdrawal whose magnitude has no int64
        f.line(kMin + 1, kDay);
        ReconOptions o;
        o.settings.amountTolerance = 1'000;
        auto m = f.run(o);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Matched));
        QCOMPARE(m.lines()[0].target, big);
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::UnmatchedBank));
        QCOMPARE(name(m.lines()[1].proposalKind), name(MatchKind::None));  // no subset of more than kMax
        QCOMPARE(m.claimedBy(half1), kNone);
        QCOMPARE(m.claimedBy(half2), kNone);
        QVERIFY2(says(m.lineReasons(2), "withdrawal of 9,223,372,036,854,775,808"), messages(m.lineReasons(2)).c_str());
        QVERIFY(says(m.lineReasons(3), "withdrawal of 9,223,372,036,854,775,807"));
        QVERIFY(says(m.lineReasons(1), "no payment or settlement batch of 9,223,372,036,854,775,806"));
        QCOMPARE(m.stats().subsetProposals, std::size_t(0));
    }

    void aToleranceAsLargeAsInt64Saturates() {
        constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
        Fixture f;
        const auto p = f.payment("pay_small", 5, kDay);
        f.payment("pay_other", kMax - 10, kDay);
        f.line(7, kDay);
        f.line(3, kDay);
        ReconOptions o;
        o.settings.amountTolerance = kMax;  // every amount is within it: line + tolerance must not wrap
        auto m = f.run(o);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::AmountMismatch));
        QCOMPARE(m.lines()[0].target, p);  // the closest amount
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::AmountMismatch));
        for (std::size_t l = 0; l < 2; ++l) QVERIFY(!m.lineReasons(l).empty());
    }

    void subsetSumsNearTheLimitStayExact() {
        constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
        Fixture f;
        const std::int64_t third = kMax / 3;
        const auto a = f.payment("pay_t1", third, kDay);
        const auto b = f.payment("pay_t2", third, kDay);
        const auto c = f.payment("pay_t3", third, kDay);
        f.line(kMax - 1, kDay);  // = 3 * third: the three of them, found without an intermediate overflow
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].proposalKind), name(MatchKind::Subset));
        std::set<std::uint32_t> proposed(m.proposalItems().begin(), m.proposalItems().end());
        QCOMPARE(proposed, (std::set<std::uint32_t>{a, b, c}));
        QVERIFY2(says(m.lineReasons(0), "3 payments sum to 9,223,372,036,854,775,806"),
                 messages(m.lineReasons(0)).c_str());
    }

    void dateOutsideTheWindowIsNotMatched() {
        Fixture f;
        f.payment("pay_old", 10'000, kDay - 20, {}, "CAPTURED", Readiness::Ready, false);
        f.line(10'000, kDay);
        ReconOptions o;
        o.suggestionMinScore = 101;  // no suggestions in this test
        auto m = f.run(o);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::UnmatchedBank));
        const json reasons = m.lineReasons(0);
        QVERIFY2(says(reasons, "no payment or settlement batch of 10,000 between 2026-11-15 and 2026-11-23"), messages(reasons).c_str());
    }

    void unknownReferencesAreExplained() {
        Fixture f;
        f.line(5'000, kDay, "transfer", "P-1234");
        f.line(6'000, kDay, "see pay_ffffffffffffffffffffffff");
        auto m = f.run();
        QVERIFY2(says(m.lineReasons(0), "no payment with reference P-1234"), messages(m.lineReasons(0)).c_str());
        QVERIFY(says(m.lineReasons(1), "no payment with reference pay_ffffffffffffffffffffffff"));
        // The importer asks the database about id-shaped tokens it did not load (not P-1234).
        const auto unknown = ReconMatcher::unknownReferences(f.statement, f.expected, ReconOptions{}, 100);
        QCOMPARE(unknown.size(), std::size_t(1));
        QCOMPARE(unknown[0], std::string("pay_ffffffffffffffffffffffff"));
    }

    void unmatchedSystemAndAwaiting() {
        Fixture f;
        f.line(1'000, kDay - 5);
        f.line(2'000, kDay);  // the statement runs to kDay
        const auto old = f.payment("pay_old", 77'000, kDay - 4);
        const auto recent = f.payment("pay_recent", 88'000, kDay - 1);  // lag 2: due kDay + 1, after the statement
        const auto notExpected = f.payment("pay_elsewhere", 99'000, kDay - 1, {}, "CAPTURED", Readiness::Ready, false);
        ReconOptions o;
        o.suggestionMinScore = 101;
        auto m = f.run(o);
        QVERIFY(m.itemOutcome(old) == Outcome::UnmatchedSystem);
        QVERIFY(says(m.itemReasons(old), "no bank line of 77,000 between"));
        QVERIFY(m.itemOutcome(recent) == Outcome::Awaiting);
        QVERIFY2(says(m.itemReasons(recent), "expected in the bank by 2026-11-21; the statement ends 2026-11-20"), messages(m.itemReasons(recent)).c_str());
        QVERIFY(!m.itemOutcome(notExpected).has_value());
        QCOMPARE(m.stats().unmatchedSystem, std::size_t(1));
        QCOMPARE(m.stats().awaitingItems, std::size_t(1));
    }

    void earlyDeadAndWithdrawals() {
        Fixture f;
        f.payment("pay_auth", 5'000, kDay, {}, "AUTHORIZED", Readiness::Early, false);
        f.payment("pay_void", 6'000, kDay, {}, "VOIDED", Readiness::Dead, false);
        f.batch("stl_closed", 7'000, kDay, "CLOSED", Readiness::Early);
        f.line(5'000, kDay, "pay_auth");
        f.line(6'000, kDay, "pay_void");
        f.line(7'000, kDay, "stl_closed");
        f.line(-3'000, kDay, "ATM");
        auto m = f.run();
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Awaiting));
        QVERIFY(says(m.lineReasons(0), "payment pay_auth is AUTHORIZED: not captured yet"));
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::UnmatchedBank));
        QVERIFY(says(m.lineReasons(1), "payment pay_void is VOIDED"));
        QCOMPARE(name(m.lines()[2].outcome), name(Outcome::Awaiting));
        QVERIFY(says(m.lineReasons(2), "settlement batch stl_closed is CLOSED: not approved yet"));
        QCOMPARE(name(m.lines()[3].outcome), name(Outcome::UnmatchedBank));
        QVERIFY(says(m.lineReasons(3), "withdrawal of 3,000"));
    }

    void duplicates() {
        Fixture f;
        f.payment("pay_once", 40'000, kDay);
        f.payment("pay_before", 41'000, kDay, {}, "CAPTURED", Readiness::Ready, true, 12345);
        f.payment("pay_prior_amount", 42'000, kDay, {}, "CAPTURED", Readiness::Ready, true, 777);
        f.line(40'000, kDay, "pay_once");
        f.line(40'000, kDay, "pay_once again");       // the same payment named twice
        f.line(41'000, kDay, "pay_before");           // matched by an earlier import
        f.line(42'000, kDay, "no reference");         // an overlapping statement
        f.line(43'000, kDay, "same row");
        f.line(43'000, kDay, "same row");             // an identical copy
        ReconOptions o;
        o.suggestionMinScore = 101;
        auto m = f.run(o);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Matched));
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::Duplicate));
        QVERIFY(says(m.lineReasons(1), "already matched by line 2 of this file"));
        QCOMPARE(name(m.lines()[2].outcome), name(Outcome::Duplicate));
        QVERIFY(says(m.lineReasons(2), "already matched by an earlier import"));
        QCOMPARE(name(m.lines()[3].outcome), name(Outcome::Duplicate));
        QVERIFY(says(m.lineReasons(3), "overlapping statement"));
        QCOMPARE(name(m.lines()[4].outcome), name(Outcome::UnmatchedBank));
        QCOMPARE(name(m.lines()[5].outcome), name(Outcome::Duplicate));
        QVERIFY(says(m.lineReasons(5), "identical to line 6 of this file"));
    }

    void referencesWinOverAmountsWhateverTheOrder() {
        Fixture f;
        const auto p = f.payment("pay_named", 25'000, kDay);
        f.line(25'000, kDay, "no reference");       // would take pay_named by amount if it went first
        f.line(25'000, kDay, "pay_named");
        auto m = f.run();
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::Matched));
        QCOMPARE(m.lines()[1].target, p);
        QVERIFY(name(m.lines()[0].outcome) != "MATCHED");
    }

    void subsetSumIsProposedNotMatched() {
        Fixture f;
        const auto a = f.payment("pay_1", 12'000, kDay - 1);
        const auto b = f.payment("pay_2", 30'000, kDay - 1);
        const auto c = f.payment("pay_3", 8'000, kDay);
        f.payment("pay_4", 99'999, kDay);
        f.line(50'000, kDay, "BULK TRANSFER");
        auto m = f.run();
        const LineResult& r = m.lines()[0];
        QCOMPARE(name(r.outcome), name(Outcome::UnmatchedBank));
        QCOMPARE(name(r.proposalKind), name(MatchKind::Subset));
        QCOMPARE(r.proposalCount, std::uint16_t(3));
        std::set<std::uint32_t> proposed(m.proposalItems().begin() + r.proposalBegin, m.proposalItems().begin() + r.proposalBegin + r.proposalCount);
        QCOMPARE(proposed, (std::set<std::uint32_t>{a, b, c}));
        QCOMPARE(m.claimedBy(a), kNone);  // proposed, not matched
        QVERIFY(says(m.lineReasons(0), "3 payments sum to 50,000"));
        QCOMPARE(m.stats().subsetProposals, std::size_t(1));
    }

    void subsetSearchIsBounded() {
        Fixture f;
        // 30 odd amounts can never sum to an even deposit: the search must stop at its step cap.
        for (int i = 0; i < 30; ++i) f.payment("pay_odd_" + std::to_string(i), 1'001 + 2 * i, kDay);
        f.line(1'000'000, kDay);
        ReconOptions o;
        o.subsetMaxCandidates = 30;
        o.subsetMaxItems = 30;
        o.subsetMaxStepsPerLine = 5'000;
        o.suggestionMinScore = 101;
        const auto start = std::chrono::steady_clock::now();
        auto m = f.run(o);
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
        QCOMPARE(name(m.lines()[0].proposalKind), name(MatchKind::None));
        QVERIFY(m.stats().subsetSteps <= 5'000);
        // And the per-file budget stops rule 4 altogether.
        Fixture g;
        for (int i = 0; i < 20; ++i) g.payment("pay_even_" + std::to_string(i), 1'000 * (i + 1), kDay);
        for (int i = 0; i < 10; ++i) g.line(100'001 + 2 * i, kDay);  // odd: never a sum of these
        ReconOptions budget;
        budget.subsetMaxStepsTotal = 10;
        budget.suggestionMinScore = 101;
        auto n = g.run(budget);
        QVERIFY(n.stats().subsetBudgetExhausted);
        QVERIFY(n.stats().subsetSteps <= 10);
    }

    void suggestionsCarryAScore() {
        Fixture f;
        const auto p = f.payment("pay_close", 100'000, kDay - 1);
        f.line(98'000, kDay, "m1 transfer");
        auto m = f.run();
        const LineResult& r = m.lines()[0];
        QCOMPARE(name(r.outcome), name(Outcome::UnmatchedBank));
        QCOMPARE(name(r.proposalKind), name(MatchKind::Suggestion));
        QCOMPARE(m.proposalItems()[r.proposalBegin], p);
        QVERIFY(r.proposalScore >= 40 && r.proposalScore <= 100);
        QVERIFY(says(m.lineReasons(0), "suggested payment pay_close"));
    }

    void eachExpectedItemIsMatchedOnce() {
        Fixture f;
        f.payment("pay_one", 10'000, kDay);
        f.line(10'000, kDay, "first");
        f.line(10'000, kDay, "second");
        ReconOptions o;
        o.suggestionMinScore = 101;
        auto m = f.run(o);
        QCOMPARE(name(m.lines()[0].outcome), name(Outcome::Matched));
        QCOMPARE(name(m.lines()[1].outcome), name(Outcome::UnmatchedBank));
    }

    void aHundredThousandLinesMatchQuickly() {
        Fixture f;
        const int n = 100'000;
        f.statement.text.reserve(std::size_t(n) * 40);
        for (int i = 0; i < n; ++i) {
            const std::string id = "pay_" + std::to_string(1'000'000 + i);
            f.payment(id, 1'000 + (i % 5'000) * 10, kDay + i % 28, "acq_" + std::to_string(i));
            if (i % 3 == 0) f.line(1'000 + (i % 5'000) * 10, kDay + i % 28 + 1, "deposit " + id);
            else if (i % 3 == 1) f.line(1'000 + (i % 5'000) * 10, kDay + i % 28 + 1, "acq_" + std::to_string(i));
            else f.line(1'000 + (i % 5'000) * 10, kDay + i % 28 + 1, "card");
        }
        const auto start = std::chrono::steady_clock::now();
        auto m = f.run();
        const auto took = std::chrono::steady_clock::now() - start;
        QCOMPARE(m.stats().matched, std::size_t(n));
        QCOMPARE(m.stats().unmatchedSystem, std::size_t(0));
        QVERIFY2(took < std::chrono::seconds(20), std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()).c_str());
    }
};

QTEST_APPLESS_MAIN(TestReconMatcher)
#include "tst_ReconMatcher.moc"
