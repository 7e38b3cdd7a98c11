#include "DemoTraffic.h"

#include "BackendClient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace {

constexpr int TickMs = 100;

}  // namespace

DemoTraffic::DemoTraffic(BackendClient* client, QObject* parent)
    : QObject(parent), m_client(client), m_timer(new QTimer(this)) {
    m_timer->setInterval(TickMs);
    connect(m_timer, &QTimer::timeout, this, &DemoTraffic::tick);
}

void DemoTraffic::setRate(int perSecond) {
    m_rate = std::max(1, perSecond);
}

bool DemoTraffic::isRunning() const {
    return m_timer->isActive();
}

void DemoTraffic::start() {
    if (!m_credentials || isRunning()) {
        return;
    }
    m_carry = 0;
    m_timer->start();
    Q_EMIT runningChanged(true);
}

void DemoTraffic::stop() {
    if (!isRunning()) {
        return;
    }
    m_timer->stop();
    Q_EMIT runningChanged(false);
}

void DemoTraffic::tick() {
    m_carry += m_rate * TickMs / 1000.0;
    while (m_carry >= 1.0) {
        m_carry -= 1.0;
        if (m_inFlight < MaxInFlight) {
            authorize();
        }
    }
}

void DemoTraffic::authorize() {
    QRandomGenerator* random = QRandomGenerator::global();
    const qint64 amount = 1000 * random->bounded(1, 200);
    QJsonObject body{
        {QStringLiteral("merchantId"), m_credentials->merchantId},
        {QStringLiteral("amount"), amount},
        {QStringLiteral("currency"), QStringLiteral("KRW")},
        {QStringLiteral("idempotencyKey"), QStringLiteral("demo-") + QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    ++m_inFlight;
    MerchantSigner::call(
        m_client, *m_credentials, QByteArrayLiteral("POST"), QStringLiteral("/api/payments/authorize"), body,
        [this, amount](const BackendResponse& response) {
            done(response);
            const QJsonObject payment = response.json.object();
            if (response.ok() && payment.value(QStringLiteral("status")).toString() == QLatin1String("AUTHORIZED")) {
                followUp(payment.value(QStringLiteral("paymentId")).toString(), amount);
            }
        },
        this);
}

void DemoTraffic::followUp(const QString& paymentId, qint64 amount) {
    if (!m_credentials) {
        return;
    }
    const int roll = static_cast<int>(QRandomGenerator::global()->bounded(100));
    const QJsonObject merchant{{QStringLiteral("merchantId"), m_credentials->merchantId}};
    if (roll < 10) {
        ++m_inFlight;
        MerchantSigner::call(m_client, *m_credentials, QByteArrayLiteral("POST"),
                             QStringLiteral("/api/payments/void/") + paymentId, merchant,
                             [this](const BackendResponse& r) { done(r); }, this);
        return;
    }
    if (roll >= 80) {
        return;  // left authorized: shows up as AUTHORIZED in Payments, expires later
    }
    ++m_inFlight;
    MerchantSigner::call(
        m_client, *m_credentials, QByteArrayLiteral("POST"), QStringLiteral("/api/payments/capture/") + paymentId,
        merchant,
        [this, paymentId, amount, roll](const BackendResponse& response) {
            done(response);
            if (response.ok() && roll < 30 && m_credentials) {
                QJsonObject refund{{QStringLiteral("merchantId"), m_credentials->merchantId},
                                   {QStringLiteral("amount"), amount / 2},
                                   {QStringLiteral("reason"), QStringLiteral("demo: customer changed their mind")}};
                ++m_inFlight;
                MerchantSigner::call(m_client, *m_credentials, QByteArrayLiteral("POST"),
                                     QStringLiteral("/api/payments/refund/") + paymentId, refund,
                                     [this](const BackendResponse& r) { done(r); }, this);
            }
        },
        this);
}

void DemoTraffic::done(const BackendResponse& response) {
    --m_inFlight;
    ++m_sent;
    if (!response.ok()) {
        ++m_failures;
        m_lastError = BackendClient::describe(*response.error);
    }
    Q_EMIT counted();
}
