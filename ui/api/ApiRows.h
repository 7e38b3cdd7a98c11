#pragma once

#include "ApiResult.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The rows of the operator API as typed values: money in integer minor units, times as QDateTime,
// states as enums (Unknown keeps a state this console does not know yet, with its text). Each row
// keeps the JSON it was read from (`source`) for the raw views (detail trees, JSON editors) and for
// the models' ObjectRole. Every row type is read in exactly one place: its parse() below.

enum class PaymentStatus { Authorized, Captured, PartiallyRefunded, Refunded, Voided, Expired, Declined, Unknown };
enum class BatchState { Open, Closed, Approved, Paid, Rejected, Unknown };
enum class DeadLetterStatus { Open, Replayed, Discarded, Unknown };
enum class ReconOutcome { Matched, AmountMismatch, UnmatchedBank, UnmatchedSystem, Duplicate, Awaiting, Unknown };
enum class ReconStatus { Auto, Open, Approved, Manual, Resolved, Unknown };
enum class ReconSide { Bank, System, Unknown };

struct PaymentRow {
    QString paymentId;
    QString merchantId;
    PaymentStatus status = PaymentStatus::Unknown;
    QString statusText;
    qint64 amount = 0;
    QString currency;
    qint64 capturedAmount = 0;
    qint64 refundedAmount = 0;
    QDateTime requestedAt;
    std::optional<QDateTime> updatedAt;
    QJsonObject source;

    static ApiResult<PaymentRow> parse(const QJsonObject& object);
};

struct SettlementBatch {
    QString batchId;
    QString merchantId;
    QDate businessDay;
    QString currency;
    BatchState state = BatchState::Unknown;
    QString stateText;
    qint64 captureCount = 0;
    qint64 grossAmount = 0;
    qint64 refundAmount = 0;
    qint64 feeAmount = 0;
    qint64 carryIn = 0;
    qint64 net = 0;
    qint64 payoutAmount = 0;
    std::optional<QString> closedBy;
    std::optional<QString> approvedBy;
    QJsonObject source;

    static ApiResult<SettlementBatch> parse(const QJsonObject& object);
};

struct DeadLetterRow {
    QString id;
    QString eventType;
    QString originalTopic;
    QString consumerGroup;
    QString messageKey;
    QString errorClass;
    QString errorMessage;
    qint64 attempts = 0;
    DeadLetterStatus status = DeadLetterStatus::Unknown;
    QString statusText;
    QDateTime deadLetteredAt;
    qint64 replayCount = 0;
    QJsonObject source;

    static ApiResult<DeadLetterRow> parse(const QJsonObject& object);
};

struct AuditEntry {
    qint64 auditId = 0;
    QDateTime at;
    QString actor;
    QString role;
    QString action;
    QString targetType;
    QString targetId;
    QJsonValue before;
    QJsonValue after;
    std::optional<QString> note;
    std::optional<QString> correlationId;
    QJsonObject source;

    static ApiResult<AuditEntry> parse(const QJsonObject& object);
};

// Counts of one import as it was written (`imported` of a statement file).
struct ReconImportCounts {
    qint64 rows = 0;
    qint64 errors = 0;
    qint64 matched = 0;
    qint64 unmatchedBank = 0;
    qint64 unmatchedSystem = 0;
};

struct ReconFile {
    QString fileId;
    QString fileName;
    QString profile;
    QString encoding;
    QString currency;
    std::optional<QDate> statementFrom;
    std::optional<QDate> statementTo;
    QString uploadedBy;
    ReconImportCounts imported;
    QDateTime createdAt;
    QJsonObject source;

    static ApiResult<ReconFile> parse(const QJsonObject& object);
};

struct ReconReason {
    QString field;
    QString message;
    std::optional<qint64> expected;
    std::optional<qint64> actual;
};

struct ReconProposalItem {
    QString type;
    QString id;
    qint64 amount = 0;
    QString date;
};

struct ReconProposal {
    QString kind;  // SUGGESTION, SUBSET
    qint64 score = 0;
    QList<ReconProposalItem> items;
};

struct ReconLine {
    qint64 lineId = 0;  // 0 for the lines of a dry-run preview
    QString fileId;     // empty for the lines of a dry-run preview
    ReconSide side = ReconSide::Unknown;
    QString sideText;
    std::optional<qint64> lineNo;
    QString date;
    QString time;
    qint64 amount = 0;
    std::optional<qint64> balance;
    QString currency;
    QString memo;
    QString reference;
    QString branch;
    QString itemType;  // payment, batch (Paydesk side)
    ReconOutcome outcome = ReconOutcome::Unknown;
    QString outcomeText;
    ReconStatus status = ReconStatus::Unknown;
    QString statusText;
    QString matchType;
    qint64 score = 0;
    QStringList matchedIds;
    std::optional<qint64> matchedAmount;
    QList<ReconReason> reasons;
    std::optional<ReconProposal> proposal;
    std::optional<QString> itemId;
    std::optional<QString> note;
    std::optional<QString> reviewedBy;
    std::optional<QDateTime> reviewedAt;
    QJsonObject source;

    static ApiResult<ReconLine> parse(const QJsonObject& object);
};

// A statement row the backend could not read ({line, reason}), of a preview or an imported file.
struct ReconRowError {
    qint64 line = 0;
    QString reason;
    QJsonObject source;

    static ApiResult<ReconRowError> parse(const QJsonObject& object);
};

// GET /admin/recon/files/{id}: the file as listed, its lines per outcome as they are now (after
// reviews) and the first of its row errors.
struct ReconFileSummaryRow {
    ReconFile file;
    QHash<QString, qint64> currentByOutcome;  // MATCHED, UNMATCHED_BANK, ... (missing: none)
    QList<ReconRowError> errorLines;

    static ApiResult<ReconFileSummaryRow> parse(const QJsonObject& object);
};

struct SignedInOperator {
    QString name;
    QString role;

    static ApiResult<SignedInOperator> parse(const QJsonObject& object);
};

// One page of a list ({items, total, totalCapped, nextCursor, nextOffset}); the rows stay JSON here
// and are read by the row type of the list.
struct ListPage {
    QList<QJsonObject> items;
    int total = 0;
    bool totalCapped = false;
    QString nextCursor;
    int nextOffset = -1;

    static ApiResult<ListPage> parse(const QJsonObject& object);
};

// Reads every object of array as Row; the first row that does not read is the error (INVALID_ROW).
template <typename Row>
ApiResult<QList<Row>> parseRows(const QJsonArray& array) {
    QList<Row> rows;
    rows.reserve(array.size());
    for (const QJsonValue& value : array) {
        ApiResult<Row> row = Row::parse(value.toObject());
        if (!row.ok()) {
            return row.error();
        }
        rows.append(row.value());
    }
    return rows;
}

// base with the members an answer carries (an action may answer only what changed), read as Row.
template <typename Row>
ApiResult<Row> mergeRow(const Row& base, const QJsonObject& changes) {
    QJsonObject merged = base.source;
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
        merged.insert(it.key(), it.value());
    }
    return Row::parse(merged);
}

namespace ApiEnums {
PaymentStatus paymentStatus(const QString& text);
BatchState batchState(const QString& text);
DeadLetterStatus deadLetterStatus(const QString& text);
ReconOutcome reconOutcome(const QString& text);
ReconStatus reconStatus(const QString& text);
ReconSide reconSide(const QString& text);
}  // namespace ApiEnums
