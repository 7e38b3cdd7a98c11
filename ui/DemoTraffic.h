#pragma once

#include "MerchantSigner.h"

#include <QObject>

class BackendClient;
class QTimer;

// Drives signed merchant traffic so a demo shows motion: authorizations at the chosen rate, most of
// them captured, some of those refunded, a few voided. Uses the merchant credentials it is given
// (the embedded backend's demo merchant).
class DemoTraffic : public QObject {
    Q_OBJECT

public:
    static constexpr int MaxInFlight = 64;

    DemoTraffic(BackendClient* client, QObject* parent = nullptr);

    void setCredentials(const std::optional<MerchantCredentials>& credentials) { m_credentials = credentials; }
    bool hasCredentials() const { return m_credentials.has_value(); }
    void setRate(int perSecond);
    int rate() const { return m_rate; }
    bool isRunning() const;

    qint64 sent() const { return m_sent; }
    qint64 failures() const { return m_failures; }
    QString lastError() const { return m_lastError; }

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void runningChanged(bool running);
    void counted();

private:
    void tick();
    void authorize();
    void followUp(const QString& paymentId, qint64 amount);
    void done(const BackendResponse& response);

    BackendClient* m_client;
    QTimer* m_timer;
    std::optional<MerchantCredentials> m_credentials;
    int m_rate = 5;
    double m_carry = 0;
    int m_inFlight = 0;
    qint64 m_sent = 0;
    qint64 m_failures = 0;
    QString m_lastError;
};
