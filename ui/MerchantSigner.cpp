#include "MerchantSigner.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QUuid>
#include <QFile>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

std::optional<MerchantCredentials> MerchantCredentials::fromJson(const QJsonObject& object) {
    MerchantCredentials credentials;
    credentials.merchantId = object.value(QStringLiteral("merchantId")).toString();
    credentials.apiKey = object.value(QStringLiteral("apiKey")).toString();
    credentials.secret = object.value(QStringLiteral("secret")).toString();
    if (!credentials.isValid()) {
        return std::nullopt;
    }
    return credentials;
}

std::optional<MerchantCredentials> MerchantCredentials::loadFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return fromJson(QJsonDocument::fromJson(file.readAll()).object());
}

QByteArray MerchantSigner::signature(const QByteArray& secret, const QByteArray& method,
                                     const QByteArray& pathAndQuery, qint64 timestamp, const QByteArray& body) {
    const QByteArray bodyHash = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
    const QByteArray message = method + '\n' + pathAndQuery + '\n' + QByteArray::number(timestamp) + '\n' + bodyHash;
    return QMessageAuthenticationCode::hash(message, secret, QCryptographicHash::Sha256).toHex();
}

QList<QPair<QByteArray, QByteArray>> MerchantSigner::headers(const MerchantCredentials& credentials,
                                                             const QByteArray& method,
                                                             const QByteArray& pathAndQuery, const QByteArray& body,
                                                             qint64 timestamp) {
    return {
        {QByteArrayLiteral("X-Api-Key"), credentials.apiKey.toUtf8()},
        {QByteArrayLiteral("X-Timestamp"), QByteArray::number(timestamp)},
        {QByteArrayLiteral("X-Signature"),
         signature(credentials.secret.toUtf8(), method, pathAndQuery, timestamp, body)},
    };
}

void MerchantSigner::call(BackendClient* client, const MerchantCredentials& credentials, const QByteArray& method,
                          const QString& path, const std::optional<QJsonObject>& body,
                          BackendClient::Callback callback, QObject* context) {
    const QByteArray payload = body ? QJsonDocument(*body).toJson(QJsonDocument::Compact) : QByteArray();
    // The server signs the path it receives, which includes any prefix of the base URL.
    const QUrl url = client->urlFor(path);
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery()) {
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    }
    // Milliseconds, so that two identical calls within one second are distinct requests, not replays.
    auto headers = MerchantSigner::headers(credentials, method, target, payload,
                                           QDateTime::currentMSecsSinceEpoch());
    headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    if (method == "POST" && path.startsWith(QLatin1String("/api/payments/")) &&
        !path.startsWith(QLatin1String("/api/payments/authorize"))) {
        // Capture, refund and void carry an idempotency key (the backend requires one on refunds).
        headers.append({QByteArrayLiteral("Idempotency-Key"), QUuid::createUuid().toByteArray(QUuid::WithoutBraces)});
    }
    client->sendRaw(method, path, payload, body ? QByteArrayLiteral("application/json") : QByteArray(), headers,
                    std::move(callback), context);
}
