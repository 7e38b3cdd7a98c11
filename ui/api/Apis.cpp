#include "Apis.h"

namespace {

const QString Admin = QStringLiteral("/admin");

QJsonDocument document(const QJsonObject& body) {
    return QJsonDocument(body);
}

}  // namespace

// --- Payments ---------------------------------------------------------------------------------------

QString PaymentsApi::listPath() {
    return Admin + QStringLiteral("/payments");
}

void PaymentsApi::payment(const QString& paymentId, ApiCallback<PaymentRow> done, QObject* context) const {
    getRow<PaymentRow>(listPath() + QLatin1Char('/') + segment(paymentId), std::move(done), context);
}

QString PaymentsApi::merchantActionPath(const QString& verb, const QString& paymentId) {
    return QStringLiteral("/api/payments/%1/").arg(verb) + segment(paymentId);
}

// --- Settlements ------------------------------------------------------------------------------------

QString SettlementsApi::listPath() {
    return Admin + QStringLiteral("/settlements");
}

void SettlementsApi::batch(const QString& batchId, ApiCallback<SettlementBatch> done, QObject* context) const {
    getRow<SettlementBatch>(listPath() + QLatin1Char('/') + segment(batchId), std::move(done), context);
}

void SettlementsApi::closeDay(const QString& businessDay, BackendClient::Callback done, QObject* context) const {
    client()->postJson(listPath() + QStringLiteral("/close"),
                       document(QJsonObject{{QStringLiteral("businessDay"), businessDay}}), std::move(done), context);
}

void SettlementsApi::approve(const QString& batchId, ApiCallback<SettlementBatch> done, QObject* context) const {
    postRow<SettlementBatch>(listPath() + QLatin1Char('/') + segment(batchId) + QStringLiteral("/approve"),
                             QJsonObject(), std::move(done), context);
}

void SettlementsApi::reject(const QString& batchId, const QString& reason, ApiCallback<SettlementBatch> done,
                            QObject* context) const {
    postRow<SettlementBatch>(listPath() + QLatin1Char('/') + segment(batchId) + QStringLiteral("/reject"),
                             QJsonObject{{QStringLiteral("reason"), reason}}, std::move(done), context);
}

void SettlementsApi::markPaid(const QString& batchId, const QString& bankReference, ApiCallback<SettlementBatch> done,
                              QObject* context) const {
    postRow<SettlementBatch>(listPath() + QLatin1Char('/') + segment(batchId) + QStringLiteral("/paid"),
                             QJsonObject{{QStringLiteral("bankReference"), bankReference}}, std::move(done), context);
}

void SettlementsApi::payoutsCsv(BackendClient::Callback done, QObject* context) const {
    client()->getText(listPath() + QStringLiteral("/payouts.csv"), std::move(done), context);
}

// --- Reconciliation ---------------------------------------------------------------------------------

QString ReconApi::filesPath() {
    return Admin + QStringLiteral("/recon/files");
}

QString ReconApi::exceptionsPath() {
    return Admin + QStringLiteral("/recon/exceptions");
}

QString ReconApi::fileLinesPath(const QString& fileId) {
    return filesPath() + QLatin1Char('/') + segment(fileId) + QStringLiteral("/lines");
}

void ReconApi::file(const QString& fileId, ApiCallback<ReconFileSummaryRow> done, QObject* context) const {
    getRow<ReconFileSummaryRow>(filesPath() + QLatin1Char('/') + segment(fileId), std::move(done), context);
}

void ReconApi::line(qint64 lineId, ApiCallback<ReconLine> done, QObject* context) const {
    getRow<ReconLine>(Admin + QStringLiteral("/recon/lines/%1").arg(lineId), std::move(done), context);
}

void ReconApi::decide(qint64 lineId, const QString& verb, const QJsonObject& body, ApiCallback<ReconLine> done,
                      QObject* context) const {
    postRow<ReconLine>(Admin + QStringLiteral("/recon/lines/%1/%2").arg(lineId).arg(verb), body, std::move(done),
                       context);
}

void ReconApi::resolve(const QJsonObject& body, BackendClient::Callback done, QObject* context) const {
    client()->postJson(Admin + QStringLiteral("/recon/resolve"), document(body), std::move(done), context);
}

void ReconApi::resultsCsv(const QString& fileId, BackendClient::Callback done, QObject* context) const {
    client()->getText(filesPath() + QLatin1Char('/') + segment(fileId) + QStringLiteral("/results.csv"),
                      std::move(done), context);
}

void ReconApi::exceptionsCsv(const QUrlQuery& filter, BackendClient::Callback done, QObject* context) const {
    client()->getText(exceptionsPath() + QStringLiteral(".csv?") + filter.toString(QUrl::FullyEncoded), std::move(done),
                      context);
}

void ReconApi::profiles(BackendClient::Callback done, QObject* context) const {
    client()->getJson(Admin + QStringLiteral("/recon/profiles"), std::move(done), context);
}

void ReconApi::upload(const QUrlQuery& query, const QByteArray& csv, BackendClient::Callback done, QObject* context,
                      BackendClient::Progress progress) const {
    client()->sendRaw(QByteArrayLiteral("POST"), filesPath() + QLatin1Char('?') + query.toString(QUrl::FullyEncoded),
                      csv, QByteArrayLiteral("text/csv"), {}, std::move(done), context, std::move(progress));
}

bool ReconApi::isBatchId(const QString& id) {
    return id.startsWith(QLatin1String("stl_"));
}

void ReconApi::matchedItem(const QString& id, ApiCallback<MatchedItem> done, QObject* context) const {
    const bool batch = isBatchId(id);
    client()->getJson(
        (batch ? SettlementsApi::listPath() : PaymentsApi::listPath()) + QLatin1Char('/') + segment(id),
        [batch, done = std::move(done)](const BackendResponse& response) {
            if (batch) {
                const ApiResult<SettlementBatch> row = readRow<SettlementBatch>(response);
                done(row.ok() ? ApiResult<MatchedItem>(MatchedItem(row.value())) : ApiResult<MatchedItem>(row.error()));
            } else {
                const ApiResult<PaymentRow> row = readRow<PaymentRow>(response);
                done(row.ok() ? ApiResult<MatchedItem>(MatchedItem(row.value())) : ApiResult<MatchedItem>(row.error()));
            }
        },
        context);
}

// --- Dead letters -----------------------------------------------------------------------------------

QString DeadLettersApi::listPath() {
    return Admin + QStringLiteral("/dead-letters");
}

void DeadLettersApi::deadLetter(const QString& id, ApiCallback<DeadLetterRow> done, QObject* context) const {
    getRow<DeadLetterRow>(listPath() + QLatin1Char('/') + segment(id), std::move(done), context);
}

void DeadLettersApi::savePayload(const QString& id, const QJsonObject& body, ApiCallback<DeadLetterRow> done,
                                 QObject* context) const {
    patchRow<DeadLetterRow>(listPath() + QLatin1Char('/') + segment(id), body, std::move(done), context);
}

void DeadLettersApi::replay(const QString& id, ApiCallback<DeadLetterRow> done, QObject* context) const {
    postRow<DeadLetterRow>(listPath() + QLatin1Char('/') + segment(id) + QStringLiteral("/replay"), QJsonObject(),
                           std::move(done), context);
}

void DeadLettersApi::discard(const QString& id, const QJsonObject& body, ApiCallback<DeadLetterRow> done,
                             QObject* context) const {
    postRow<DeadLetterRow>(listPath() + QLatin1Char('/') + segment(id) + QStringLiteral("/discard"), body,
                           std::move(done), context);
}

void DeadLettersApi::countMatching(const QUrlQuery& filter, BackendClient::Callback done, QObject* context) const {
    client()->getJson(listPath() + QLatin1Char('?') + filter.toString(QUrl::FullyEncoded), std::move(done), context);
}

void DeadLettersApi::replayMatching(const QJsonObject& filter, int limit, BackendClient::Callback done,
                                    QObject* context) const {
    client()->postJson(listPath() + QStringLiteral("/replay"),
                       document(QJsonObject{{QStringLiteral("filter"), filter}, {QStringLiteral("limit"), limit}}),
                       std::move(done), context);
}

// --- Audit, health ----------------------------------------------------------------------------------

QString AuditApi::listPath() {
    return Admin + QStringLiteral("/audit");
}

void HealthApi::whoami(ApiCallback<SignedInOperator> done, QObject* context) const {
    getRow<SignedInOperator>(Admin + QStringLiteral("/whoami"), std::move(done), context);
}

QString HealthApi::readyPath() {
    return QStringLiteral("/health/ready");
}

QString HealthApi::livePath() {
    return QStringLiteral("/health/live");
}

QString HealthApi::metricsPath() {
    return QStringLiteral("/metrics");
}
