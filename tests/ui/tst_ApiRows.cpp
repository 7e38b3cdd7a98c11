// The typed rows of the operator API: each parser with a full row, missing optional members, members
// of the wrong type (a typed INVALID_ROW error, never a silently wrong value), amounts beyond 2^53
// (exact whether sent as JSON integers or as strings); and the typed clients' paths and errors
// against canned answers (FakeHttpServer).
#include "ApiRows.h"
#include "Apis.h"
#include "FakeHttpServer.h"
#include "Formatting.h"
#include "JsonFields.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTest>

#include <limits>
#include <optional>

namespace {

QJsonObject json(const QByteArray& text) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        qFatal("test JSON does not parse: %s", qPrintable(error.errorString()));
    }
    return document.object();
}

const QByteArray FullPayment = R"json({"paymentId":"pay_01HZX4A3","merchantId":"shop-7","status":"PARTIALLY_REFUNDED",
 "amount":9900,"currency":"USD","capturedAmount":9900,"refundedAmount":2500,"message":"",
 "requestedAt":"2026-11-24T00:59:00.000Z","updatedAt":"2026-11-24T01:00:00.000Z","card":{"bin":"411111","last4":"1111"}})json";

const QByteArray FullLine = R"json({"lineId":16777219,"fileId":"rf_1","side":"BANK","lineNo":6,"date":"2026-11-24",
 "time":null,"amount":123457,"balance":null,"currency":"KRW","memo":"ACME TRADING","reference":"P-1234",
 "outcome":"UNMATCHED_BANK","matchType":"NONE","status":"OPEN","score":0,"matchedIds":[],"matchedAmount":null,
 "reasons":[{"field":"amount","message":"amount differs","expected":50000,"actual":49500}],
 "proposal":{"kind":"SUGGESTION","score":62,"items":[{"type":"payment","id":"pay_01HZX4A3","amount":120000,"date":"2026-11-23"}]},
 "note":null,"reviewedBy":null,"reviewedAt":null})json";

}  // namespace

class tst_ApiRows : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paymentFullRow() {
        const ApiResult<PaymentRow> parsed = PaymentRow::parse(json(FullPayment));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        const PaymentRow& p = parsed.value();
        QCOMPARE(p.paymentId, QStringLiteral("pay_01HZX4A3"));
        QCOMPARE(p.merchantId, QStringLiteral("shop-7"));
        QCOMPARE(p.status, PaymentStatus::PartiallyRefunded);
        QCOMPARE(p.amount, qint64(9900));
        QCOMPARE(p.capturedAmount, qint64(9900));
        QCOMPARE(p.refundedAmount, qint64(2500));
        QCOMPARE(p.requestedAt, QDateTime(QDate(2026, 11, 24), QTime(0, 59), Qt::UTC));
        QVERIFY(p.updatedAt.has_value());
        // The raw row stays available to the detail views.
        QCOMPARE(p.source.value(QStringLiteral("card")).toObject().value(QStringLiteral("last4")).toString(),
                 QStringLiteral("1111"));
    }

    void paymentMissingOptionalMembers() {
        const ApiResult<PaymentRow> parsed = PaymentRow::parse(
            json(R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","amount":1,"currency":"KRW"})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().capturedAmount, qint64(0));
        QVERIFY(!parsed.value().requestedAt.isValid());
        QVERIFY(!parsed.value().updatedAt.has_value());
    }

    void paymentUnknownStatusKeepsItsText() {
        const ApiResult<PaymentRow> parsed = PaymentRow::parse(
            json(R"json({"paymentId":"p1","merchantId":"m","status":"CHARGED_BACK","amount":1,"currency":"KRW"})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().status, PaymentStatus::Unknown);
        QCOMPARE(parsed.value().statusText, QStringLiteral("CHARGED_BACK"));
    }

    void wrongTypesAreTypedErrors_data() {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("member");
        QTest::newRow("amount as text")
            << QByteArray(
                   R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","amount":"12x","currency":"KRW"})json")
            << QStringLiteral("amount");
        QTest::newRow("amount with a fraction")
            << QByteArray(
                   R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","amount":12.5,"currency":"KRW"})json")
            << QStringLiteral("amount");
        QTest::newRow("id as number")
            << QByteArray(
                   R"json({"paymentId":7,"merchantId":"m","status":"AUTHORIZED","amount":1,"currency":"KRW"})json")
            << QStringLiteral("paymentId");
        QTest::newRow("required amount missing")
            << QByteArray(R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","currency":"KRW"})json")
            << QStringLiteral("amount");
        QTest::newRow("time that is no time")
            << QByteArray(
                   R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","amount":1,"currency":"KRW","requestedAt":"yesterday"})json")
            << QStringLiteral("requestedAt");
        QTest::newRow("optional amount of the wrong type")
            << QByteArray(
                   R"json({"paymentId":"p1","merchantId":"m","status":"AUTHORIZED","amount":1,"currency":"KRW","refundedAmount":true})json")
            << QStringLiteral("refundedAmount");
    }

    void wrongTypesAreTypedErrors() {
        QFETCH(QByteArray, row);
        QFETCH(QString, member);
        const ApiResult<PaymentRow> parsed = PaymentRow::parse(json(row));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, QString(BackendError::InvalidRow));
        QVERIFY2(parsed.error().message.contains(QLatin1Char('"') + member + QLatin1Char('"')),
                 qPrintable(parsed.error().message));
    }

    void amountsBeyondTwoToThe53StayExact() {
        // 2^53 + 1 is the first integer a double cannot hold.
        const qint64 big = (qint64(1) << 53) + 1;
        const ApiResult<PaymentRow> asNumber = PaymentRow::parse(json(
            R"json({"paymentId":"p1","merchantId":"m","status":"CAPTURED","amount":9007199254740993,"currency":"KRW","capturedAmount":9223372036854775807})json"));
        QVERIFY(asNumber.ok());
        QCOMPARE(asNumber.value().amount, big);
        QCOMPARE(asNumber.value().capturedAmount, std::numeric_limits<qint64>::max());
        const ApiResult<PaymentRow> asText = PaymentRow::parse(json(
            R"json({"paymentId":"p1","merchantId":"m","status":"CAPTURED","amount":"9007199254740993","currency":"KRW"})json"));
        QVERIFY(asText.ok());
        QCOMPARE(asText.value().amount, big);
        QCOMPARE(JsonFields::moneyValue(QJsonValue(QStringLiteral("-42"))), std::optional<qint64>(-42));
        QVERIFY(!JsonFields::moneyValue(QJsonValue(QStringLiteral("1e3"))).has_value());
        QVERIFY(!JsonFields::moneyValue(QJsonValue(QStringLiteral("99999999999999999999"))).has_value());
    }

    void settlementBatch() {
        const ApiResult<SettlementBatch> parsed = SettlementBatch::parse(json(
            R"json({"batchId":"stl_a2","merchantId":"shop-7","businessDay":"2026-11-23","currency":"KRW","state":"APPROVED",
             "captureCount":10,"grossAmount":640000,"refundAmount":0,"feeAmount":16000,"payoutAmount":624000,
             "closedBy":"system:settlement-scheduler","approvedBy":"sup-kim"})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().state, BatchState::Approved);
        QCOMPARE(parsed.value().businessDay, QDate(2026, 11, 23));
        QCOMPARE(parsed.value().payoutAmount, qint64(624000));
        QCOMPARE(parsed.value().approvedBy, std::optional<QString>(QStringLiteral("sup-kim")));
        const ApiResult<SettlementBatch> missing = SettlementBatch::parse(json(
            R"json({"batchId":"stl_a3","merchantId":"m","businessDay":"2026-11-22","currency":"KRW","state":"PAID"})json"));
        QVERIFY(missing.ok());
        QVERIFY(!missing.value().closedBy.has_value());
        const ApiResult<SettlementBatch> badDay = SettlementBatch::parse(json(
            R"json({"batchId":"stl_a3","merchantId":"m","businessDay":"23.11.2026","currency":"KRW","state":"PAID"})json"));
        QVERIFY(!badDay.ok());
        QCOMPARE(badDay.error().code, QString(BackendError::InvalidRow));
    }

    void deadLetter() {
        const ApiResult<DeadLetterRow> parsed = DeadLetterRow::parse(json(
            R"json({"id":"dl_1","eventId":"e9","eventType":"payment.captured","originalTopic":"payment.captured",
             "consumerGroup":"webhooks","errorClass":"WEBHOOK_HTTP_500","errorMessage":"endpoint answered 500","attempts":4,
             "deadLetteredAt":"2026-11-24T01:00:05.000Z","status":"OPEN","statusReason":null,"replayCount":0})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().status, DeadLetterStatus::Open);
        QCOMPARE(parsed.value().attempts, qint64(4));
        QVERIFY(!DeadLetterRow::parse(json(R"json({"id":"dl_1","status":"OPEN","attempts":"four"})json")).ok());
        QVERIFY(!DeadLetterRow::parse(json(R"json({"status":"OPEN"})json")).ok());
    }

    void auditEntry() {
        const ApiResult<AuditEntry> parsed = AuditEntry::parse(json(
            R"json({"auditId":3,"at":"2026-11-24T01:05:00.000Z","actor":"local-admin","role":"admin","action":"dead_letter.replay",
             "targetType":"dead_letter","targetId":"dl_1","before":{"status":"OPEN"},"after":{"status":"REPLAYED"},"note":null})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().auditId, qint64(3));
        QCOMPARE(parsed.value().after.toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("REPLAYED"));
        QVERIFY(!parsed.value().note.has_value());
        QVERIFY(
            !AuditEntry::parse(json(R"json({"auditId":"3","at":"2026-11-24T01:05:00Z","actor":"a","action":"x"})json"))
                 .ok());
    }

    void reconFile() {
        const ApiResult<ReconFile> parsed = ReconFile::parse(json(
            R"json({"fileId":"rf_1","fileName":"kb.csv","profile":"kr-bank","encoding":"CP949","currency":"KRW","merchantId":null,
             "statementFrom":"2026-11-23","statementTo":"2026-11-24","uploadedBy":"local-admin",
             "imported":{"rows":6,"errors":1,"matched":2,"unmatchedBank":1,"unmatchedSystem":1},"createdAt":"2026-11-24T03:00:00.000Z"})json"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().imported.rows, qint64(6));
        QCOMPARE(parsed.value().imported.unmatchedSystem, qint64(1));
        QCOMPARE(parsed.value().statementTo, std::optional<QDate>(QDate(2026, 11, 24)));
        const ApiResult<ReconFile> badCounts =
            ReconFile::parse(json(R"json({"fileId":"rf_1","imported":{"rows":"six"}})json"));
        QVERIFY(!badCounts.ok());
        QVERIFY(badCounts.error().message.contains(QStringLiteral("rows")));
    }

    void reconLine() {
        const ApiResult<ReconLine> parsed = ReconLine::parse(json(FullLine));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        const ReconLine& l = parsed.value();
        QCOMPARE(l.lineId, qint64(16777219));
        QCOMPARE(l.side, ReconSide::Bank);
        QCOMPARE(l.outcome, ReconOutcome::UnmatchedBank);
        QCOMPARE(l.status, ReconStatus::Open);
        QVERIFY(!l.balance.has_value());
        QCOMPARE(l.reasons.size(), 1);
        QCOMPARE(l.reasons.constFirst().expected, std::optional<qint64>(50000));
        QVERIFY(l.proposal.has_value());
        QCOMPARE(l.proposal->items.constFirst().id, QStringLiteral("pay_01HZX4A3"));
        QCOMPARE(l.proposal->items.constFirst().amount, qint64(120000));
        // A dry-run preview line has no id yet; a matched expected item names bank line ids as numbers.
        const ApiResult<ReconLine> preview = ReconLine::parse(json(
            R"json({"lineId":null,"side":"SYSTEM","amount":30000,"outcome":"MATCHED","matchedIds":[16777217]})json"));
        QVERIFY(preview.ok());
        QCOMPARE(preview.value().lineId, qint64(0));
        QCOMPARE(preview.value().matchedIds, QStringList{QStringLiteral("16777217")});
        QVERIFY(!ReconLine::parse(json(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","matchedIds":"p1"})json"))
                     .ok());
        QVERIFY(
            !ReconLine::parse(
                 json(
                     R"json({"side":"BANK","amount":1,"outcome":"MATCHED","proposal":{"items":[{"id":"p","amount":"x"}]}})json"))
                 .ok());
        QVERIFY(
            !ReconLine::parse(
                 json(
                     R"json({"side":"BANK","amount":1,"outcome":"MATCHED","reasons":[{"field":"amount","expected":1.5}]})json"))
                 .ok());
    }

    // The members of a line the review table and the detail show: bank data, the Paydesk item, the review.
    void reconLineBankItemAndReview() {
        const ApiResult<ReconLine> bank = ReconLine::parse(json(FullLine));
        QVERIFY(bank.ok());
        QCOMPARE(bank.value().fileId, QStringLiteral("rf_1"));
        QCOMPARE(bank.value().sideText, QStringLiteral("BANK"));
        QCOMPARE(bank.value().memo, QStringLiteral("ACME TRADING"));
        QCOMPARE(bank.value().reference, QStringLiteral("P-1234"));
        QVERIFY(bank.value().time.isEmpty());    // null
        QVERIFY(bank.value().branch.isEmpty());  // missing
        QVERIFY(!bank.value().reviewedAt.has_value());
        QVERIFY(!bank.value().note.has_value());

        const ApiResult<ReconLine> reviewed = ReconLine::parse(json(
            R"json({"lineId":16777301,"fileId":"rf_2","side":"SYSTEM","date":"2026-11-24","time":"09:15:00","amount":"9007199254740993",
             "currency":"KRW","branch":"Gangnam","itemType":"batch","itemId":"stl_a2","outcome":"MATCHED","status":"MANUAL",
             "matchedIds":["16777217"],"matchedAmount":9007199254740995,"note":"checked with the bank",
             "reviewedBy":"local-admin","reviewedAt":"2026-11-24T03:04:05.678Z"})json"));
        QVERIFY2(reviewed.ok(), qPrintable(reviewed.ok() ? QString() : reviewed.error().message));
        const ReconLine& l = reviewed.value();
        QCOMPARE(l.side, ReconSide::System);
        QCOMPARE(l.time, QStringLiteral("09:15:00"));
        QCOMPARE(l.branch, QStringLiteral("Gangnam"));
        QCOMPARE(l.itemType, QStringLiteral("batch"));
        QCOMPARE(l.itemId, std::optional<QString>(QStringLiteral("stl_a2")));
        QCOMPARE(l.note, std::optional<QString>(QStringLiteral("checked with the bank")));
        QCOMPARE(l.reviewedAt, std::optional<QDateTime>(QDateTime(QDate(2026, 11, 24), QTime(3, 4, 5, 678), Qt::UTC)));
        // Beyond 2^53: exact as a digit string and as a JSON integer.
        QCOMPARE(l.amount, qint64(9007199254740993));
        QCOMPARE(l.matchedAmount, std::optional<qint64>(9007199254740995));

        for (const QByteArray& wrong : {
                 QByteArray(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","memo":5})json"),
                 QByteArray(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","fileId":["rf_1"]})json"),
                 QByteArray(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","reviewedAt":"yesterday"})json"),
                 QByteArray(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","note":false})json"),
                 QByteArray(R"json({"side":"BANK","amount":1,"outcome":"MATCHED","itemType":{}})json"),
             }) {
            const ApiResult<ReconLine> refused = ReconLine::parse(json(wrong));
            QVERIFY2(!refused.ok(), wrong.constData());
            QCOMPARE(refused.error().code, QString(BackendError::InvalidRow));
        }
    }

    void reconRowError() {
        const ApiResult<ReconRowError> full =
            ReconRowError::parse(json(R"json({"line":4,"reason":"amount is not a number"})json"));
        QVERIFY(full.ok());
        QCOMPARE(full.value().line, qint64(4));
        QCOMPARE(full.value().reason, QStringLiteral("amount is not a number"));
        const ApiResult<ReconRowError> noReason = ReconRowError::parse(json(R"json({"line":7})json"));
        QVERIFY(noReason.ok());
        QVERIFY(noReason.value().reason.isEmpty());
        QCOMPARE(ReconRowError::parse(json(R"json({"line":"4","reason":"x"})json")).error().code,
                 QString(BackendError::InvalidRow));
        QVERIFY(!ReconRowError::parse(json(R"json({"reason":"x"})json")).ok());
        QVERIFY(!ReconRowError::parse(json(R"json({"line":4,"reason":1})json")).ok());
        // A list of them: the first that does not read refuses the list.
        const ApiResult<QList<ReconRowError>> rows =
            parseRows<ReconRowError>(json(R"json({"a":[{"line":1,"reason":"x"},{"line":2,"reason":"y"}]})json")
                                         .value(QStringLiteral("a"))
                                         .toArray());
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), 2);
        QVERIFY(!parseRows<ReconRowError>(
                     json(R"json({"a":[{"line":1},{"line":2.5}]})json").value(QStringLiteral("a")).toArray())
                     .ok());
    }

    void reconFileSummary() {
        const ApiResult<ReconFileSummaryRow> full = ReconFileSummaryRow::parse(json(
            R"json({"fileId":"rf_1","fileName":"kb.csv","profile":"kr-bank","encoding":"CP949","currency":"KRW",
             "statementFrom":"2026-11-23","statementTo":"2026-11-24","uploadedBy":"local-admin",
             "imported":{"rows":6,"errors":1,"matched":2,"unmatchedBank":1,"unmatchedSystem":1},
             "current":{"byOutcome":{"MATCHED":3,"UNMATCHED_BANK":9007199254740993},"byStatus":{"AUTO":3},"groups":[]},
             "errorLines":[{"line":4,"reason":"amount is not a number"}]})json"));
        QVERIFY2(full.ok(), qPrintable(full.ok() ? QString() : full.error().message));
        QCOMPARE(full.value().file.fileName, QStringLiteral("kb.csv"));
        QCOMPARE(full.value().file.imported.errors, qint64(1));
        QCOMPARE(full.value().currentByOutcome.value(QStringLiteral("MATCHED")), qint64(3));
        QCOMPARE(full.value().currentByOutcome.value(QStringLiteral("UNMATCHED_BANK")), qint64(9007199254740993));
        QVERIFY(!full.value().currentByOutcome.contains(QStringLiteral("DUPLICATE")));
        QCOMPARE(full.value().errorLines.size(), 1);
        QCOMPARE(full.value().errorLines.constFirst().line, qint64(4));

        const ApiResult<ReconFileSummaryRow> bare = ReconFileSummaryRow::parse(json(R"json({"fileId":"rf_1"})json"));
        QVERIFY(bare.ok());
        QVERIFY(bare.value().currentByOutcome.isEmpty());
        QVERIFY(bare.value().errorLines.isEmpty());

        for (const QByteArray& wrong : {
                 QByteArray(R"json({"fileId":"rf_1","current":{"byOutcome":{"MATCHED":"three"}}})json"),
                 QByteArray(R"json({"fileId":"rf_1","current":{"byOutcome":[]}})json"),
                 QByteArray(R"json({"fileId":"rf_1","current":5})json"),
                 QByteArray(R"json({"fileId":"rf_1","errorLines":{}})json"),
                 QByteArray(R"json({"fileId":"rf_1","errorLines":[{"line":"4"}]})json"),
                 QByteArray(R"json({"fileName":"kb.csv"})json"),
             }) {
            const ApiResult<ReconFileSummaryRow> refused = ReconFileSummaryRow::parse(json(wrong));
            QVERIFY2(!refused.ok(), wrong.constData());
            QCOMPARE(refused.error().code, QString(BackendError::InvalidRow));
        }
    }

    // Money is formatted from integer minor units without a double: exact beyond 2^53 and at the ends.
    void moneyFormattingIsExact() {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(Formatting::money(9007199254740993, QStringLiteral("USD")),
                 QStringLiteral("90,071,992,547,409.93 USD"));
        QCOMPARE(Formatting::money(std::numeric_limits<qint64>::max(), QStringLiteral("EUR")),
                 QStringLiteral("92,233,720,368,547,758.07 EUR"));
        QCOMPARE(Formatting::money(std::numeric_limits<qint64>::min(), QStringLiteral("EUR")),
                 QStringLiteral("-92,233,720,368,547,758.08 EUR"));
        QCOMPARE(Formatting::money(123456, QStringLiteral("USD")), QStringLiteral("1,234.56 USD"));
        QCOMPARE(Formatting::money(-5, QStringLiteral("USD")), QStringLiteral("-0.05 USD"));
        QCOMPARE(Formatting::money(0, QStringLiteral("USD")), QStringLiteral("0.00 USD"));
        QCOMPARE(Formatting::money(9007199254740993, QStringLiteral("KRW")),
                 QStringLiteral("9,007,199,254,740,993 KRW"));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(Formatting::money(123456, QStringLiteral("EUR")), QStringLiteral("1.234,56 EUR"));
        QLocale::setDefault(previous);
    }

    // Actions on one row answer the changed row, typed; a summary and a line's items read typed too.
    void actionsAnswerTypedRows() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("POST /admin/settlements/stl_a2/approve", 200,
                     R"json({"batchId":"stl_a2","merchantId":"shop-7","businessDay":"2026-11-23","currency":"KRW",
                      "state":"APPROVED","payoutAmount":"9007199254740993","approvedBy":"local-checker"})json");
        server.route("POST /admin/settlements/stl_a3/reject", 200,
                     R"json({"batchId":"stl_a3","state":"REJECTED"})json");
        server.route("POST /admin/dead-letters/dl_1/replay", 200,
                     R"json({"id":"dl_1","status":"REPLAYED","replayCount":1,"payload":{"a":1}})json");
        server.route("POST /admin/recon/lines/16777219/approve", 200, FullLine);
        server.route("/admin/recon/files/rf_1", 200,
                     R"json({"fileId":"rf_1","current":{"byOutcome":{"MATCHED":2}},"errorLines":[]})json");
        server.route(
            "/admin/settlements/stl_a2", 200,
            R"json({"batchId":"stl_a2","merchantId":"shop-7","businessDay":"2026-11-23","currency":"KRW","state":"PAID"})json");
        server.route("/admin/payments/pay_01HZX4A3", 200, FullPayment);
        BackendClient client(server.baseUrl());

        std::optional<ApiResult<SettlementBatch>> approved;
        SettlementsApi(&client).approve(
            QStringLiteral("stl_a2"), [&](const ApiResult<SettlementBatch>& r) { approved = r; }, nullptr);
        QTRY_VERIFY(approved.has_value());
        QVERIFY(approved->ok());
        QCOMPARE(approved->value().state, BatchState::Approved);
        QCOMPARE(approved->value().payoutAmount, qint64(9007199254740993));

        std::optional<ApiResult<SettlementBatch>> rejected;  // an answer missing required members
        SettlementsApi(&client).reject(
            QStringLiteral("stl_a3"), QStringLiteral("why"), [&](const ApiResult<SettlementBatch>& r) { rejected = r; },
            nullptr);
        QTRY_VERIFY(rejected.has_value());
        QVERIFY(!rejected->ok());
        QCOMPARE(rejected->error().code, QString(BackendError::InvalidRow));

        std::optional<ApiResult<DeadLetterRow>> replayed;
        DeadLettersApi(&client).replay(
            QStringLiteral("dl_1"), [&](const ApiResult<DeadLetterRow>& r) { replayed = r; }, nullptr);
        QTRY_VERIFY(replayed.has_value());
        QVERIFY(replayed->ok());
        QCOMPARE(replayed->value().status, DeadLetterStatus::Replayed);
        QVERIFY(replayed->value().source.contains(QStringLiteral("payload")));

        std::optional<ApiResult<ReconLine>> decided;
        ReconApi(&client).decide(
            16777219, QStringLiteral("approve"), QJsonObject(), [&](const ApiResult<ReconLine>& r) { decided = r; },
            nullptr);
        QTRY_VERIFY(decided.has_value());
        QVERIFY(decided->ok());
        QCOMPARE(decided->value().lineId, qint64(16777219));

        std::optional<ApiResult<ReconFileSummaryRow>> summary;
        ReconApi(&client).file(
            QStringLiteral("rf_1"), [&](const ApiResult<ReconFileSummaryRow>& r) { summary = r; }, nullptr);
        QTRY_VERIFY(summary.has_value());
        QVERIFY(summary->ok());
        QCOMPARE(summary->value().currentByOutcome.value(QStringLiteral("MATCHED")), qint64(2));

        std::optional<ApiResult<MatchedItem>> batch;
        std::optional<ApiResult<MatchedItem>> payment;
        ReconApi(&client).matchedItem(
            QStringLiteral("stl_a2"), [&](const ApiResult<MatchedItem>& r) { batch = r; }, nullptr);
        ReconApi(&client).matchedItem(
            QStringLiteral("pay_01HZX4A3"), [&](const ApiResult<MatchedItem>& r) { payment = r; }, nullptr);
        QTRY_VERIFY(batch.has_value() && payment.has_value());
        QVERIFY(batch->ok() && payment->ok());
        QCOMPARE(std::get<SettlementBatch>(batch->value()).state, BatchState::Paid);
        QCOMPARE(std::get<PaymentRow>(payment->value()).refundedAmount, qint64(2500));
    }

    // An action may answer only the members that changed: merged onto the row, then read as a whole.
    void mergeRowReadsTheMergedRow() {
        const PaymentRow before = PaymentRow::parse(json(FullPayment)).value();
        const ApiResult<PaymentRow> captured = mergeRow(
            before,
            json(R"json({"paymentId":"pay_01HZX4A3","status":"REFUNDED","refundedAmount":"9007199254740993"})json"));
        QVERIFY(captured.ok());
        QCOMPARE(captured.value().status, PaymentStatus::Refunded);
        QCOMPARE(captured.value().refundedAmount, qint64(9007199254740993));
        QCOMPARE(captured.value().merchantId, QStringLiteral("shop-7"));  // kept from before
        QCOMPARE(mergeRow(before, json(R"json({"status":7})json")).error().code, QString(BackendError::InvalidRow));
    }

    void listPage() {
        const ApiResult<ListPage> page = ListPage::parse(json(
            R"json({"items":[{"a":1},{"a":2}],"total":7,"totalCapped":true,"nextCursor":"c2","nextOffset":null})json"));
        QVERIFY(page.ok());
        QCOMPARE(page.value().items.size(), 2);
        QCOMPARE(page.value().total, 7);
        QVERIFY(page.value().totalCapped);
        QCOMPARE(page.value().nextCursor, QStringLiteral("c2"));
        QCOMPARE(page.value().nextOffset, -1);
        QVERIFY(!ListPage::parse(json(R"json({"items":{}})json")).ok());
        QVERIFY(!ListPage::parse(json(R"json({"items":[],"total":"many"})json")).ok());
    }

    // The typed clients: their paths, typed rows from an answer, typed errors for refusals (the 401
    // and 403 banners read httpStatus and code) and for answers that do not parse.
    void clientsOwnPathsAndTypeErrors() {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route("/admin/payments/pay%201", 200, FullPayment);
        server.route("/admin/dead-letters/dl_9", 403,
                     R"json({"code":"FORBIDDEN_ROLE","message":"needs supervisor"})json");
        server.route("/admin/recon/lines/5", 200,
                     R"json({"lineId":5,"side":"BANK","amount":"1.5","outcome":"MATCHED"})json");
        server.route("/admin/whoami", 200, R"json({"name":"local-admin","role":"admin"})json");
        BackendClient client(server.baseUrl());

        std::optional<ApiResult<PaymentRow>> payment;
        PaymentsApi(&client).payment(
            QStringLiteral("pay 1"), [&](const ApiResult<PaymentRow>& r) { payment = r; }, nullptr);
        QTRY_VERIFY(payment.has_value());
        QVERIFY(payment->ok());
        QCOMPARE(payment->value().status, PaymentStatus::PartiallyRefunded);

        std::optional<ApiResult<DeadLetterRow>> refused;
        DeadLettersApi(&client).deadLetter(
            QStringLiteral("dl_9"), [&](const ApiResult<DeadLetterRow>& r) { refused = r; }, nullptr);
        QTRY_VERIFY(refused.has_value());
        QVERIFY(!refused->ok());
        QCOMPARE(refused->error().httpStatus, 403);
        QCOMPARE(refused->error().code, QStringLiteral("FORBIDDEN_ROLE"));

        std::optional<ApiResult<ReconLine>> badLine;
        ReconApi(&client).line(
            5, [&](const ApiResult<ReconLine>& r) { badLine = r; }, nullptr);
        QTRY_VERIFY(badLine.has_value());
        QVERIFY(!badLine->ok());
        QCOMPARE(badLine->error().code, QString(BackendError::InvalidRow));
        QCOMPARE(badLine->error().httpStatus, 200);

        std::optional<ApiResult<SignedInOperator>> me;
        HealthApi(&client).whoami([&](const ApiResult<SignedInOperator>& r) { me = r; }, nullptr);
        QTRY_VERIFY(me.has_value());
        QVERIFY(me->ok());
        QCOMPARE(me->value().role, QStringLiteral("admin"));

        QCOMPARE(ReconApi::fileLinesPath(QStringLiteral("rf 1")), QStringLiteral("/admin/recon/files/rf%201/lines"));
        QCOMPARE(PaymentsApi::merchantActionPath(QStringLiteral("capture"), QStringLiteral("p/1")),
                 QStringLiteral("/api/payments/capture/p%2F1"));
        QVERIFY(ReconApi::isBatchId(QStringLiteral("stl_a1")));
        QVERIFY(!ReconApi::isBatchId(QStringLiteral("pay_1")));
    }
};

QTEST_GUILESS_MAIN(tst_ApiRows)
#include "tst_ApiRows.moc"
