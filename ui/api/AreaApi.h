#pragma once

#include "ApiResult.h"
#include "BackendClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <utility>

// What the typed clients of the operator API share: the BackendClient they wrap and the reading of a
// single-row answer into its row type (errors stay BackendError: HTTP status, stable code, message).
// Each area (payments, settlements, reconciliation, dead letters, audit, health) is one subclass that
// owns its paths; panels never spell an /admin path.
class AreaApi {
public:
    explicit AreaApi(BackendClient* client) : m_client(client) {}

    BackendClient* client() const { return m_client; }

    // One path segment, percent-encoded (ids may carry any character).
    static QString segment(const QString& id) { return QString::fromUtf8(QUrl::toPercentEncoding(id)); }
    // path?query, with the query percent-encoded except its separators ('+' in a timestamp survives).
    static QString withQuery(const QString& path, const QUrlQuery& query);

    // Reads a BackendResponse as one row of type Row.
    template <typename Row>
    static ApiResult<Row> readRow(const BackendResponse& response) {
        if (!response.ok()) {
            return *response.error;
        }
        if (!response.json.isObject()) {
            return BackendError{response.httpStatus, BackendError::InvalidRow,
                                QStringLiteral("the answer is not a JSON object")};
        }
        ApiResult<Row> row = Row::parse(response.json.object());
        if (!row.ok()) {
            BackendError error = row.error();
            error.httpStatus = response.httpStatus;
            return error;
        }
        return row;
    }

protected:
    template <typename Row>
    void getRow(const QString& path, ApiCallback<Row> done, QObject* context) const {
        m_client->getJson(
            path, [done = std::move(done)](const BackendResponse& response) { done(readRow<Row>(response)); }, context);
    }

    // POST (PATCH) of body to path, answering the changed row as Row.
    template <typename Row>
    void postRow(const QString& path, const QJsonObject& body, ApiCallback<Row> done, QObject* context) const {
        m_client->postJson(
            path, QJsonDocument(body),
            [done = std::move(done)](const BackendResponse& response) { done(readRow<Row>(response)); }, context);
    }
    template <typename Row>
    void patchRow(const QString& path, const QJsonObject& body, ApiCallback<Row> done, QObject* context) const {
        m_client->patchJson(
            path, QJsonDocument(body),
            [done = std::move(done)](const BackendResponse& response) { done(readRow<Row>(response)); }, context);
    }

private:
    BackendClient* m_client;
};
