#pragma once

#include "BackendClient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// A merchant's API key, used by the console for capture/refund/void and demo traffic. The merchant
// API is signed (README "Merchant API"), so these calls cannot use the operator's bearer token.
struct MerchantCredentials {
    QString merchantId;
    QString apiKey;
    QString secret;

    bool isValid() const { return !merchantId.isEmpty() && !apiKey.isEmpty() && !secret.isEmpty(); }

    // DIR/demo-credentials.json as the embedded backend writes it: {merchantId, apiKey, secret}.
    static std::optional<MerchantCredentials> fromJson(const QJsonObject& object);
    static std::optional<MerchantCredentials> loadFile(const QString& path);
};

// HMAC-SHA256 request signing for the merchant API:
// X-Signature = hex(HMAC-SHA256(secret, METHOD \n PATH \n TIMESTAMP \n hex(SHA256(body)))).
class MerchantSigner {
public:
    static QByteArray signature(const QByteArray& secret, const QByteArray& method, const QByteArray& pathAndQuery,
                                qint64 timestamp, const QByteArray& body);
    static QList<QPair<QByteArray, QByteArray>> headers(const MerchantCredentials& credentials,
                                                        const QByteArray& method, const QByteArray& pathAndQuery,
                                                        const QByteArray& body, qint64 timestamp);

    // Sends one signed JSON call through client (POST with a body, GET without).
    static void call(BackendClient* client, const MerchantCredentials& credentials, const QByteArray& method,
                     const QString& path, const std::optional<QJsonObject>& body, BackendClient::Callback callback,
                     QObject* context = nullptr);
};
