#include "BackendClient.h"

#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace {

// Bodies of non-JSON error pages can be whole HTML documents; the status line only needs a hint.
constexpr qsizetype MaxPlainErrorChars = 200;

bool isSuccess(int status) {
    return status >= 200 && status < 300;
}

}  // namespace

QUrl BackendClient::defaultBaseUrl() {
    return QUrl(QStringLiteral("http://127.0.0.1:8080"));
}

BackendClient::BackendClient(QObject* parent) : BackendClient(defaultBaseUrl(), parent) {}

BackendClient::BackendClient(const QUrl& baseUrl, QObject* parent)
    : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_baseUrl(baseUrl) {
    // The operator API is plain HTTP on loopback or behind the operator's own proxy; a system proxy
    // configured for web browsing must not swallow requests to 127.0.0.1.
    m_nam->setProxy(QNetworkProxy::NoProxy);
}

// Replies still running when the client goes away are aborted by the manager's destructor. QObject
// drops this client's connections before it deletes its children, so their callbacks never run.
BackendClient::~BackendClient() = default;

void BackendClient::setBaseUrl(const QUrl& url) {
    m_baseUrl = url;
}

QUrl BackendClient::urlFor(const QString& path) const {
    const QUrl relative(path);
    QUrl url = m_baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/'))) {
        prefix.chop(1);
    }
    QString rest = relative.path();
    if (!rest.startsWith(QLatin1Char('/'))) {
        rest.prepend(QLatin1Char('/'));
    }
    url.setPath(prefix + rest);
    url.setQuery(relative.query());
    return url;
}

void BackendClient::getJson(const QString& path, Callback callback, QObject* context) {
    sendJson(QByteArrayLiteral("GET"), path, std::nullopt, std::move(callback), context);
}

void BackendClient::postJson(const QString& path, const QJsonDocument& body, Callback callback, QObject* context) {
    sendJson(QByteArrayLiteral("POST"), path, body, std::move(callback), context);
}

QNetworkRequest BackendClient::makeRequest(const QString& path) const {
    QNetworkRequest request(urlFor(path));
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("paydesk/" PAYDESK_VERSION));
    if (!m_token.isEmpty()) {
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_token.toUtf8());
    }
    return request;
}

void BackendClient::sendJson(const QByteArray& verb, const QString& path, const std::optional<QJsonDocument>& body,
                             Callback callback, QObject* context) {
    QNetworkRequest request = makeRequest(path);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    QByteArray payload;
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        payload = body->toJson(QJsonDocument::Compact);
    }
    QNetworkReply* reply =
        body ? m_nam->sendCustomRequest(request, verb, payload) : m_nam->sendCustomRequest(request, verb);
    track(reply, std::move(callback), context, false);
}

void BackendClient::sendRaw(const QByteArray& verb, const QString& path, const QByteArray& body,
                            const QByteArray& contentType, const QList<QPair<QByteArray, QByteArray>>& headers,
                            Callback callback, QObject* context, Progress uploadProgress) {
    QNetworkRequest request = makeRequest(path);
    if (!contentType.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    }
    for (const auto& header : headers) {
        request.setRawHeader(header.first, header.second);
    }
    QNetworkReply* reply = m_nam->sendCustomRequest(request, verb, body);
    if (uploadProgress) {
        connect(reply, &QNetworkReply::uploadProgress, this, [uploadProgress](qint64 sent, qint64 total) {
            uploadProgress(sent, total);
        });
    }
    track(reply, std::move(callback), context, true);
}

void BackendClient::getText(const QString& path, Callback callback, QObject* context) {
    QNetworkRequest request = makeRequest(path);
    track(m_nam->get(request), std::move(callback), context, true);
}

void BackendClient::track(QNetworkReply* reply, Callback callback, QObject* context, bool textAllowed) {
    ++m_inFlight;
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, callback = std::move(callback), guard, hasContext, textAllowed]() {
                finish(reply, callback, guard, hasContext, textAllowed);
            });
}

void BackendClient::finish(QNetworkReply* reply, const Callback& callback, const QPointer<QObject>& context,
                           bool hasContext, bool textAllowed) {
    --m_inFlight;
    reply->deleteLater();

    BackendResponse response;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (statusAttribute.isValid()) {
        // An HTTP answer arrived, whatever its status: the body decides what went wrong.
        response = interpret(statusAttribute.toInt(), reply->readAll(),
                             reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), textAllowed);
    } else {
        BackendError error;
        switch (reply->error()) {
            case QNetworkReply::ConnectionRefusedError:
                error.code = BackendError::ConnectionRefused;
                error.message = tr("Connection refused");
                break;
            case QNetworkReply::HostNotFoundError:
                error.code = BackendError::HostNotFound;
                error.message = tr("Host not found: %1").arg(reply->url().host());
                break;
            case QNetworkReply::TimeoutError:
            case QNetworkReply::OperationCanceledError:
                // Qt reports an expired transfer timeout as a cancelled operation; the client never aborts
                // a request for any other reason.
                error.code = BackendError::Timeout;
                error.message = tr("No answer within %1 s").arg(QLocale().toString(m_timeoutMs / 1000.0, 'g', 3));
                break;
            default:
                error.code = BackendError::NetworkError;
                error.message = reply->errorString();
                break;
        }
        response.error = error;
    }

    if (response.error) {
        Q_EMIT requestFailed(*response.error);
    }
    if (hasContext && context.isNull()) {
        return;
    }
    if (callback) {
        callback(response);
    }
}

QString BackendClient::describe(const BackendError& error) {
    if (error.httpStatus == 0) {
        return tr("%1: %2").arg(error.code, error.message);
    }
    return tr("%1 (HTTP %2): %3").arg(error.code).arg(error.httpStatus).arg(error.message);
}

BackendResponse BackendClient::interpret(int httpStatus, const QByteArray& body, const QString& reasonPhrase,
                                         bool textAllowed) {
    BackendResponse response;
    response.httpStatus = httpStatus;
    response.body = body;

    QJsonParseError parseError{};
    const QByteArray trimmed = body.trimmed();
    if (!trimmed.isEmpty()) {
        response.json = QJsonDocument::fromJson(trimmed, &parseError);
    }
    const bool parsed = !trimmed.isEmpty() && parseError.error == QJsonParseError::NoError;

    if (isSuccess(httpStatus)) {
        if (!trimmed.isEmpty() && !parsed && !textAllowed) {
            response.error = BackendError{
                httpStatus, BackendError::InvalidJson,
                tr("The backend sent a response that is not valid JSON: %1").arg(parseError.errorString())};
        }
        return response;
    }

    BackendError error;
    error.httpStatus = httpStatus;
    const QJsonObject object = response.json.object();
    if (parsed && object.value(QStringLiteral("code")).isString()) {
        error.code = object.value(QStringLiteral("code")).toString();
        error.message = object.value(QStringLiteral("message")).toString();
    } else {
        error.code = QStringLiteral("HTTP_%1").arg(httpStatus);
        if (!parsed && !trimmed.isEmpty()) {
            error.message = QString::fromUtf8(trimmed.left(MaxPlainErrorChars)).simplified();
        }
    }
    if (error.message.isEmpty()) {
        error.message = reasonPhrase.isEmpty() ? tr("HTTP status %1").arg(httpStatus) : reasonPhrase;
    }
    response.error = error;
    return response;
}
