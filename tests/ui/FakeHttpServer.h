#pragma once

// A tiny canned-response HTTP/1.1 server on 127.0.0.1 for the console tests: enough of HTTP for
// QNetworkAccessManager (one request per connection, Content-Length bodies), nothing more.

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

class FakeHttpServer {
public:
    struct Response {
        int status = 200;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("application/json");
        bool hang = false;  // read the request, never answer: exercises client timeouts
    };

    struct Request {
        QByteArray method;
        QByteArray target;                      // path and query as sent
        QHash<QByteArray, QByteArray> headers;  // names lower-cased
        QByteArray body;
    };

    FakeHttpServer() {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this]() { accept(); });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())); }

    // path is "/some/path" (any method) or "POST /some/path" (that method only, preferred).
    void route(const QByteArray& path, const Response& response) { m_routes.insert(path, response); }
    void route(const QByteArray& path, int status, const QByteArray& body) {
        Response r;
        r.status = status;
        r.body = body;
        m_routes.insert(path, r);
    }

    const QList<Request>& requests() const { return m_requests; }

private:
    void accept() {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [this, socket, buffer]() { read(socket, *buffer); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket* socket, QByteArray& buffer) {
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        Request request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.headers.value(QByteArrayLiteral("content-length"), "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return;
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        m_requests.append(request);

        const QByteArray path = request.target.split('?').value(0);
        const QByteArray methodAndPath = request.method + ' ' + path;
        Response response;
        if (m_routes.contains(methodAndPath)) {
            response = m_routes.value(methodAndPath);
        } else if (m_routes.contains(path)) {
            response = m_routes.value(path);
        } else {
            response.status = 404;
            response.body = QByteArrayLiteral(R"({"code":"NOT_FOUND","message":"no such route"})");
        }
        if (response.hang) {
            return;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason(response.status) + "\r\n";
        out += "Content-Type: " + response.contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n";
        out += response.body;
        socket->write(out);
        socket->disconnectFromHost();
    }

    static QByteArray reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 201:
                return "Created";
            case 400:
                return "Bad Request";
            case 409:
                return "Conflict";
            case 404:
                return "Not Found";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return "Status";
        }
    }

    QTcpServer m_server;
    QHash<QByteArray, Response> m_routes;
    QList<Request> m_requests;
};
