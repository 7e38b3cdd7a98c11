#pragma once

#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// What went wrong with one request. httpStatus is 0 when no HTTP response arrived at all (connection
// refused, timeout, DNS failure); then code is one of the client-side codes below. Otherwise code is
// the backend's stable error code from its {"code":..., "message":...} body, or "HTTP_<status>" when
// the body carried none.
struct BackendError {
    int httpStatus = 0;
    QString code;
    QString message;

    // Client-side codes, used when the backend could not be asked or its answer could not be read.
    static constexpr QLatin1StringView ConnectionRefused{"CONNECTION_REFUSED"};
    static constexpr QLatin1StringView HostNotFound{"HOST_NOT_FOUND"};
    static constexpr QLatin1StringView Timeout{"TIMEOUT"};
    static constexpr QLatin1StringView NetworkError{"NETWORK_ERROR"};
    static constexpr QLatin1StringView InvalidJson{"INVALID_JSON"};
    // The answer was JSON but a row in it lacked a member or had one of another type.
    static constexpr QLatin1StringView InvalidRow{"INVALID_ROW"};
};

// The outcome of one request. json holds the parsed body whenever the body was JSON, including on
// error statuses: /health/ready answers 503 with the same health document it sends with 200, and
// the caller still wants to show it.
struct BackendResponse {
    int httpStatus = 0;
    QJsonDocument json;
    QByteArray body;  // the raw body (text answers: /metrics, CSV exports)
    std::optional<BackendError> error;

    bool ok() const { return !error.has_value(); }
};

// Asynchronous JSON-over-HTTP client for paydeskd's operator API. Every call returns at once; the
// callback runs later on the thread that owns the client (the UI thread), so the window never blocks
// on the network.
class BackendClient : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const BackendResponse&)>;

    static constexpr int DefaultTimeoutMs = 5000;
    static QUrl defaultBaseUrl();

    explicit BackendClient(QObject* parent = nullptr);
    explicit BackendClient(const QUrl& baseUrl, QObject* parent = nullptr);
    ~BackendClient() override;

    QUrl baseUrl() const { return m_baseUrl; }
    void setBaseUrl(const QUrl& url);

    // Sent as "Authorization: Bearer <token>" when non-empty. Never logged.
    void setBearerToken(const QString& token) { m_token = token; }
    bool hasBearerToken() const { return !m_token.isEmpty(); }

    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // path is relative to the base URL and may carry a query, e.g. "/admin/payments?page=2".
    // When context is given and has been destroyed by the time the answer arrives, callback is not
    // called: panels pass themselves so a late reply never touches a deleted widget.
    void getJson(const QString& path, Callback callback, QObject* context = nullptr);
    void postJson(const QString& path, const QJsonDocument& body, Callback callback, QObject* context = nullptr);
    void sendJson(const QByteArray& verb, const QString& path, const std::optional<QJsonDocument>& body,
                  Callback callback, QObject* context = nullptr);

    // Any verb with a raw body and extra headers (merchant-signed calls, CSV uploads). The answer's raw
    // body is in BackendResponse::body; json is filled when it parses. uploadProgress, when given, is
    // called with (sent, total) while the body goes out.
    using Progress = std::function<void(qint64, qint64)>;
    void sendRaw(const QByteArray& verb, const QString& path, const QByteArray& body, const QByteArray& contentType,
                 const QList<QPair<QByteArray, QByteArray>>& headers, Callback callback, QObject* context = nullptr,
                 Progress uploadProgress = {});
    // GET of a text resource (/metrics, CSV): a non-JSON 2xx body is not an error here.
    void getText(const QString& path, Callback callback, QObject* context = nullptr);
    void patchJson(const QString& path, const QJsonDocument& body, Callback callback, QObject* context = nullptr) {
        sendJson(QByteArrayLiteral("PATCH"), path, body, std::move(callback), context);
    }
    void deleteResource(const QString& path, Callback callback, QObject* context = nullptr) {
        sendJson(QByteArrayLiteral("DELETE"), path, std::nullopt, std::move(callback), context);
    }

    // The full URL a path resolves to; keeps any path prefix of the base URL (reverse proxies).
    QUrl urlFor(const QString& path) const;

    int requestsInFlight() const { return m_inFlight; }

    // Interprets a finished reply; public so it can be unit-tested without a server.
    static BackendResponse interpret(int httpStatus, const QByteArray& body, const QString& reasonPhrase,
                                     bool textAllowed = false);

    // A one-line, translated description of an error for status bars: "CODE (HTTP 409): message".
    static QString describe(const BackendError& error);

Q_SIGNALS:
    // Every failed request, for the window's status bar.
    void requestFailed(const BackendError& error);

private:
    QNetworkRequest makeRequest(const QString& path) const;
    void track(QNetworkReply* reply, Callback callback, QObject* context, bool textAllowed);
    void finish(QNetworkReply* reply, const Callback& callback, const QPointer<QObject>& context, bool hasContext,
                bool textAllowed);

    QNetworkAccessManager* m_nam;
    QUrl m_baseUrl;
    QString m_token;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_inFlight = 0;
};
