#pragma once

#include "ApiRows.h"
#include "AreaApi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <variant>

// The typed clients of the operator API, one per backend area. Reads answer typed rows; actions on
// one row answer the changed row, typed, for the panels to merge.

// A payment or a settlement batch, as a reconciliation line refers to it.
using MatchedItem = std::variant<PaymentRow, SettlementBatch>;

class PaymentsApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    static QString listPath();
    void payment(const QString& paymentId, ApiCallback<PaymentRow> done, QObject* context) const;
    // Merchant-signed capture / refund / void; its path for MerchantSigner.
    static QString merchantActionPath(const QString& verb, const QString& paymentId);
};

class SettlementsApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    static QString listPath();
    void batch(const QString& batchId, ApiCallback<SettlementBatch> done, QObject* context) const;
    void closeDay(const QString& businessDay, BackendClient::Callback done, QObject* context) const;
    void approve(const QString& batchId, ApiCallback<SettlementBatch> done, QObject* context) const;
    void reject(const QString& batchId, const QString& reason, ApiCallback<SettlementBatch> done,
                QObject* context) const;
    void markPaid(const QString& batchId, const QString& bankReference, ApiCallback<SettlementBatch> done,
                  QObject* context) const;
    void payoutsCsv(BackendClient::Callback done, QObject* context) const;
};

class ReconApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    static QString filesPath();
    static QString exceptionsPath();
    static QString fileLinesPath(const QString& fileId);
    void file(const QString& fileId, ApiCallback<ReconFileSummaryRow> done, QObject* context) const;
    void line(qint64 lineId, ApiCallback<ReconLine> done, QObject* context) const;
    // approve, reject, accept, unmatch, match
    void decide(qint64 lineId, const QString& verb, const QJsonObject& body, ApiCallback<ReconLine> done,
                QObject* context) const;
    void resolve(const QJsonObject& body, BackendClient::Callback done, QObject* context) const;
    void resultsCsv(const QString& fileId, BackendClient::Callback done, QObject* context) const;
    void exceptionsCsv(const QUrlQuery& filter, BackendClient::Callback done, QObject* context) const;
    void profiles(BackendClient::Callback done, QObject* context) const;
    // POST of a statement (dry run or import) with its query (profile, encoding, dryRun, ...).
    void upload(const QUrlQuery& query, const QByteArray& csv, BackendClient::Callback done, QObject* context,
                BackendClient::Progress progress) const;
    // A payment or a settlement batch by id (stl_ prefix), as the detail of a line shows it.
    void matchedItem(const QString& id, ApiCallback<MatchedItem> done, QObject* context) const;
    static bool isBatchId(const QString& id);
};

class DeadLettersApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    static QString listPath();
    void deadLetter(const QString& id, ApiCallback<DeadLetterRow> done, QObject* context) const;
    void savePayload(const QString& id, const QJsonObject& body, ApiCallback<DeadLetterRow> done,
                     QObject* context) const;
    void replay(const QString& id, ApiCallback<DeadLetterRow> done, QObject* context) const;
    void discard(const QString& id, const QJsonObject& body, ApiCallback<DeadLetterRow> done, QObject* context) const;
    // How many match filter (a page of one).
    void countMatching(const QUrlQuery& filter, BackendClient::Callback done, QObject* context) const;
    void replayMatching(const QJsonObject& filter, int limit, BackendClient::Callback done, QObject* context) const;
};

class AuditApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    static QString listPath();
};

class HealthApi : public AreaApi {
public:
    using AreaApi::AreaApi;
    void whoami(ApiCallback<SignedInOperator> done, QObject* context) const;
    static QString readyPath();
    static QString livePath();
    static QString metricsPath();
};
