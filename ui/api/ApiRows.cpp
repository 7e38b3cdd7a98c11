#include "ApiRows.h"

#include "JsonFields.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace {

template <typename Enum, std::size_t N>
Enum lookup(const QString& text, const std::array<std::pair<const char*, Enum>, N>& names, Enum unknown) {
    for (const auto& [name, value] : names) {
        if (text == QLatin1String(name)) {
            return value;
        }
    }
    return unknown;
}

template <typename Row>
ApiResult<Row> finish(const JsonFields& fields, Row row) {
    if (!fields.ok()) {
        return fields.error();
    }
    return row;
}

QList<ReconReason> readReasons(const QJsonArray& array, bool& ok) {
    QList<ReconReason> list;
    for (const QJsonValue& value : array) {
        const QJsonObject object = value.toObject();
        JsonFields fields(object, QStringLiteral("reason"));
        list.append({fields.optionalText(QStringLiteral("field")).value_or(QString()),
                     fields.optionalText(QStringLiteral("message")).value_or(QString()),
                     fields.optionalMoney(QStringLiteral("expected")), fields.optionalMoney(QStringLiteral("actual"))});
        ok = ok && fields.ok();
    }
    return list;
}

std::optional<ReconProposal> readProposal(const QJsonObject& object, bool& ok) {
    if (object.isEmpty()) {
        return std::nullopt;
    }
    JsonFields fields(object, QStringLiteral("proposal"));
    ReconProposal result;
    result.kind = fields.optionalText(QStringLiteral("kind")).value_or(QString());
    result.score = fields.optionalInteger(QStringLiteral("score")).value_or(0);
    const QJsonArray items = object.value(QStringLiteral("items")).toArray();
    for (const QJsonValue& value : items) {
        const QJsonObject item = value.toObject();
        JsonFields itemFields(item, QStringLiteral("proposal item"));
        result.items.append({itemFields.optionalText(QStringLiteral("type")).value_or(QString()),
                             itemFields.text(QStringLiteral("id")), itemFields.money(QStringLiteral("amount")),
                             itemFields.optionalText(QStringLiteral("date")).value_or(QString())});
        ok = ok && itemFields.ok();
    }
    ok = ok && fields.ok();
    return result;
}

}  // namespace

namespace ApiEnums {

PaymentStatus paymentStatus(const QString& text) {
    static constexpr std::array<std::pair<const char*, PaymentStatus>, 7> Names{{
        {"AUTHORIZED", PaymentStatus::Authorized},
        {"CAPTURED", PaymentStatus::Captured},
        {"PARTIALLY_REFUNDED", PaymentStatus::PartiallyRefunded},
        {"REFUNDED", PaymentStatus::Refunded},
        {"VOIDED", PaymentStatus::Voided},
        {"EXPIRED", PaymentStatus::Expired},
        {"DECLINED", PaymentStatus::Declined},
    }};
    return lookup(text, Names, PaymentStatus::Unknown);
}

BatchState batchState(const QString& text) {
    static constexpr std::array<std::pair<const char*, BatchState>, 5> Names{{
        {"OPEN", BatchState::Open},
        {"CLOSED", BatchState::Closed},
        {"APPROVED", BatchState::Approved},
        {"PAID", BatchState::Paid},
        {"REJECTED", BatchState::Rejected},
    }};
    return lookup(text, Names, BatchState::Unknown);
}

DeadLetterStatus deadLetterStatus(const QString& text) {
    static constexpr std::array<std::pair<const char*, DeadLetterStatus>, 3> Names{{
        {"OPEN", DeadLetterStatus::Open},
        {"REPLAYED", DeadLetterStatus::Replayed},
        {"DISCARDED", DeadLetterStatus::Discarded},
    }};
    return lookup(text, Names, DeadLetterStatus::Unknown);
}

ReconOutcome reconOutcome(const QString& text) {
    static constexpr std::array<std::pair<const char*, ReconOutcome>, 6> Names{{
        {"MATCHED", ReconOutcome::Matched},
        {"AMOUNT_MISMATCH", ReconOutcome::AmountMismatch},
        {"UNMATCHED_BANK", ReconOutcome::UnmatchedBank},
        {"UNMATCHED_SYSTEM", ReconOutcome::UnmatchedSystem},
        {"DUPLICATE", ReconOutcome::Duplicate},
        {"AWAITING", ReconOutcome::Awaiting},
    }};
    return lookup(text, Names, ReconOutcome::Unknown);
}

ReconStatus reconStatus(const QString& text) {
    static constexpr std::array<std::pair<const char*, ReconStatus>, 5> Names{{
        {"AUTO", ReconStatus::Auto},
        {"OPEN", ReconStatus::Open},
        {"APPROVED", ReconStatus::Approved},
        {"MANUAL", ReconStatus::Manual},
        {"RESOLVED", ReconStatus::Resolved},
    }};
    return lookup(text, Names, ReconStatus::Unknown);
}

ReconSide reconSide(const QString& text) {
    static constexpr std::array<std::pair<const char*, ReconSide>, 2> Names{{
        {"BANK", ReconSide::Bank},
        {"SYSTEM", ReconSide::System},
    }};
    return lookup(text, Names, ReconSide::Unknown);
}

}  // namespace ApiEnums

ApiResult<PaymentRow> PaymentRow::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("payment"));
    PaymentRow row;
    row.paymentId = fields.text(QStringLiteral("paymentId"));
    row.merchantId = fields.text(QStringLiteral("merchantId"));
    row.statusText = fields.text(QStringLiteral("status"));
    row.status = ApiEnums::paymentStatus(row.statusText);
    row.amount = fields.money(QStringLiteral("amount"));
    row.currency = fields.text(QStringLiteral("currency"));
    row.capturedAmount = fields.optionalMoney(QStringLiteral("capturedAmount")).value_or(0);
    row.refundedAmount = fields.optionalMoney(QStringLiteral("refundedAmount")).value_or(0);
    row.requestedAt = fields.optionalTime(QStringLiteral("requestedAt")).value_or(QDateTime());
    row.updatedAt = fields.optionalTime(QStringLiteral("updatedAt"));
    row.source = object;
    return finish(fields, std::move(row));
}

ApiResult<SettlementBatch> SettlementBatch::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("settlement batch"));
    SettlementBatch row;
    row.batchId = fields.text(QStringLiteral("batchId"));
    row.merchantId = fields.text(QStringLiteral("merchantId"));
    row.businessDay = fields.date(QStringLiteral("businessDay"));
    row.currency = fields.text(QStringLiteral("currency"));
    row.stateText = fields.text(QStringLiteral("state"));
    row.state = ApiEnums::batchState(row.stateText);
    row.captureCount = fields.optionalInteger(QStringLiteral("captureCount")).value_or(0);
    row.grossAmount = fields.optionalMoney(QStringLiteral("grossAmount")).value_or(0);
    row.refundAmount = fields.optionalMoney(QStringLiteral("refundAmount")).value_or(0);
    row.feeAmount = fields.optionalMoney(QStringLiteral("feeAmount")).value_or(0);
    row.carryIn = fields.optionalMoney(QStringLiteral("carryIn")).value_or(0);
    row.net = fields.optionalMoney(QStringLiteral("net")).value_or(0);
    row.payoutAmount = fields.optionalMoney(QStringLiteral("payoutAmount")).value_or(0);
    row.closedBy = fields.optionalText(QStringLiteral("closedBy"));
    row.approvedBy = fields.optionalText(QStringLiteral("approvedBy"));
    row.source = object;
    return finish(fields, std::move(row));
}

ApiResult<DeadLetterRow> DeadLetterRow::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("dead letter"));
    DeadLetterRow row;
    row.id = fields.text(QStringLiteral("id"));
    row.eventType = fields.optionalText(QStringLiteral("eventType")).value_or(QString());
    row.originalTopic = fields.optionalText(QStringLiteral("originalTopic")).value_or(QString());
    row.consumerGroup = fields.optionalText(QStringLiteral("consumerGroup")).value_or(QString());
    row.messageKey = fields.optionalText(QStringLiteral("messageKey")).value_or(QString());
    row.errorClass = fields.optionalText(QStringLiteral("errorClass")).value_or(QString());
    row.errorMessage = fields.optionalText(QStringLiteral("errorMessage")).value_or(QString());
    row.attempts = fields.optionalInteger(QStringLiteral("attempts")).value_or(0);
    row.statusText = fields.text(QStringLiteral("status"));
    row.status = ApiEnums::deadLetterStatus(row.statusText);
    row.deadLetteredAt = fields.optionalTime(QStringLiteral("deadLetteredAt")).value_or(QDateTime());
    row.replayCount = fields.optionalInteger(QStringLiteral("replayCount")).value_or(0);
    row.source = object;
    return finish(fields, std::move(row));
}

ApiResult<AuditEntry> AuditEntry::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("audit entry"));
    AuditEntry row;
    row.auditId = fields.integer(QStringLiteral("auditId"));
    row.at = fields.time(QStringLiteral("at"));
    row.actor = fields.text(QStringLiteral("actor"));
    row.role = fields.optionalText(QStringLiteral("role")).value_or(QString());
    row.action = fields.text(QStringLiteral("action"));
    row.targetType = fields.optionalText(QStringLiteral("targetType")).value_or(QString());
    row.targetId = fields.optionalText(QStringLiteral("targetId")).value_or(QString());
    row.before = object.value(QStringLiteral("before"));
    row.after = object.value(QStringLiteral("after"));
    row.note = fields.optionalText(QStringLiteral("note"));
    row.correlationId = fields.optionalText(QStringLiteral("correlationId"));
    row.source = object;
    return finish(fields, std::move(row));
}

ApiResult<ReconFile> ReconFile::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("statement file"));
    ReconFile row;
    row.fileId = fields.text(QStringLiteral("fileId"));
    row.fileName = fields.optionalText(QStringLiteral("fileName")).value_or(QString());
    row.profile = fields.optionalText(QStringLiteral("profile")).value_or(QString());
    row.encoding = fields.optionalText(QStringLiteral("encoding")).value_or(QString());
    row.currency = fields.optionalText(QStringLiteral("currency")).value_or(QString());
    row.statementFrom = fields.optionalDate(QStringLiteral("statementFrom"));
    row.statementTo = fields.optionalDate(QStringLiteral("statementTo"));
    row.uploadedBy = fields.optionalText(QStringLiteral("uploadedBy")).value_or(QString());
    const QJsonObject imported = fields.object(QStringLiteral("imported"));
    JsonFields counts(imported, QStringLiteral("statement file counts"));
    row.imported = {counts.optionalInteger(QStringLiteral("rows")).value_or(0),
                    counts.optionalInteger(QStringLiteral("errors")).value_or(0),
                    counts.optionalInteger(QStringLiteral("matched")).value_or(0),
                    counts.optionalInteger(QStringLiteral("unmatchedBank")).value_or(0),
                    counts.optionalInteger(QStringLiteral("unmatchedSystem")).value_or(0)};
    row.createdAt = fields.optionalTime(QStringLiteral("createdAt")).value_or(QDateTime());
    row.source = object;
    if (!counts.ok()) {
        return counts.error();
    }
    return finish(fields, std::move(row));
}

ApiResult<ReconLine> ReconLine::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("reconciliation line"));
    ReconLine row;
    row.lineId = fields.optionalInteger(QStringLiteral("lineId")).value_or(0);
    row.fileId = fields.optionalText(QStringLiteral("fileId")).value_or(QString());
    row.sideText = fields.text(QStringLiteral("side"));
    row.side = ApiEnums::reconSide(row.sideText);
    row.lineNo = fields.optionalInteger(QStringLiteral("lineNo"));
    row.date = fields.optionalText(QStringLiteral("date")).value_or(QString());
    row.time = fields.optionalText(QStringLiteral("time")).value_or(QString());
    row.amount = fields.money(QStringLiteral("amount"));
    row.balance = fields.optionalMoney(QStringLiteral("balance"));
    row.currency = fields.optionalText(QStringLiteral("currency")).value_or(QString());
    row.memo = fields.optionalText(QStringLiteral("memo")).value_or(QString());
    row.reference = fields.optionalText(QStringLiteral("reference")).value_or(QString());
    row.branch = fields.optionalText(QStringLiteral("branch")).value_or(QString());
    row.itemType = fields.optionalText(QStringLiteral("itemType")).value_or(QString());
    row.outcomeText = fields.text(QStringLiteral("outcome"));
    row.outcome = ApiEnums::reconOutcome(row.outcomeText);
    row.statusText = fields.optionalText(QStringLiteral("status")).value_or(QString());
    row.status = ApiEnums::reconStatus(row.statusText);
    row.matchType = fields.optionalText(QStringLiteral("matchType")).value_or(QString());
    row.score = fields.optionalInteger(QStringLiteral("score")).value_or(0);
    row.matchedIds = fields.textList(QStringLiteral("matchedIds"));
    row.matchedAmount = fields.optionalMoney(QStringLiteral("matchedAmount"));
    row.itemId = fields.optionalText(QStringLiteral("itemId"));
    row.note = fields.optionalText(QStringLiteral("note"));
    row.reviewedBy = fields.optionalText(QStringLiteral("reviewedBy"));
    row.reviewedAt = fields.optionalTime(QStringLiteral("reviewedAt"));
    row.source = object;
    bool nestedOk = true;
    row.reasons = readReasons(object.value(QStringLiteral("reasons")).toArray(), nestedOk);
    row.proposal = readProposal(fields.object(QStringLiteral("proposal")), nestedOk);
    if (!nestedOk) {
        return BackendError{0, BackendError::InvalidRow,
                            QStringLiteral("reconciliation line: a reason or proposal has a member of another type")};
    }
    return finish(fields, std::move(row));
}

ApiResult<ReconRowError> ReconRowError::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("row error"));
    ReconRowError row;
    row.line = fields.integer(QStringLiteral("line"));
    row.reason = fields.optionalText(QStringLiteral("reason")).value_or(QString());
    row.source = object;
    return finish(fields, std::move(row));
}

ApiResult<ReconFileSummaryRow> ReconFileSummaryRow::parse(const QJsonObject& object) {
    ApiResult<ReconFile> file = ReconFile::parse(object);
    if (!file.ok()) {
        return file.error();
    }
    ReconFileSummaryRow summary{file.value(), {}, {}};
    JsonFields fields(object, QStringLiteral("statement file summary"));
    const QJsonObject current = fields.object(QStringLiteral("current"));
    JsonFields currentFields(current, QStringLiteral("statement file summary"));
    const QJsonObject byOutcome = currentFields.object(QStringLiteral("byOutcome"));
    JsonFields counts(byOutcome, QStringLiteral("lines per outcome"));
    for (auto it = byOutcome.constBegin(); it != byOutcome.constEnd(); ++it) {
        summary.currentByOutcome.insert(it.key(), counts.integer(it.key()));
    }
    const QJsonValue errors = object.value(QStringLiteral("errorLines"));
    if (!errors.isUndefined() && !errors.isNull() && !errors.isArray()) {
        return BackendError{0, BackendError::InvalidRow,
                            QStringLiteral("statement file summary: \"errorLines\" is not a list")};
    }
    ApiResult<QList<ReconRowError>> errorLines = parseRows<ReconRowError>(errors.toArray());
    if (!errorLines.ok()) {
        return errorLines.error();
    }
    summary.errorLines = errorLines.value();
    for (const JsonFields* part : {&fields, &currentFields, &counts}) {
        if (!part->ok()) {
            return part->error();
        }
    }
    return summary;
}

ApiResult<SignedInOperator> SignedInOperator::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("operator"));
    SignedInOperator who{fields.text(QStringLiteral("name")), fields.text(QStringLiteral("role"))};
    return finish(fields, std::move(who));
}

ApiResult<ListPage> ListPage::parse(const QJsonObject& object) {
    JsonFields fields(object, QStringLiteral("list page"));
    ListPage page;
    const QJsonValue items = object.value(QStringLiteral("items"));
    if (!items.isUndefined() && !items.isNull() && !items.isArray()) {
        return BackendError{0, BackendError::InvalidRow, QStringLiteral("list page: \"items\" is not a list")};
    }
    const QJsonArray array = items.toArray();
    for (const QJsonValue& item : array) {
        page.items.append(item.toObject());
    }
    page.nextCursor = fields.optionalText(QStringLiteral("nextCursor")).value_or(QString());
    page.nextOffset = static_cast<int>(fields.optionalInteger(QStringLiteral("nextOffset")).value_or(-1));
    page.total = static_cast<int>(fields.optionalInteger(QStringLiteral("total")).value_or(array.size()));
    page.totalCapped = fields.flag(QStringLiteral("totalCapped"));
    return finish(fields, std::move(page));
}
