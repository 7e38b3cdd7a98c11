#include <QtTest>

#include "auth/ApiKeyStore.h"
#include "auth/RequestSignature.h"
#include "core/Crypto.h"
#include "core/Currency.h"
#include "payments/PaymentStatus.h"

using namespace paydesk;
using namespace paydesk::payments;
using namespace paydesk::auth;

// The pure rules of the payments core: the state machine table, currencies, key provisioning and
// the signing string.
class TestPaymentRules : public QObject {
    Q_OBJECT
private slots:
    void stateMachineTable_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("action");
        QTest::addColumn<bool>("allowed");
        const PaymentStatus all[] = {PaymentStatus::Authorized, PaymentStatus::Captured, PaymentStatus::PartiallyRefunded, PaymentStatus::Refunded,
                                     PaymentStatus::Voided,     PaymentStatus::Expired,  PaymentStatus::Declined};
        const PaymentAction actions[] = {PaymentAction::Capture, PaymentAction::Refund, PaymentAction::Void, PaymentAction::Expire};
        for (PaymentStatus s : all) {
            for (PaymentAction a : actions) {
                bool expected = false;
                if (s == PaymentStatus::Authorized) expected = a != PaymentAction::Refund;
                if (s == PaymentStatus::Captured || s == PaymentStatus::PartiallyRefunded) expected = a == PaymentAction::Refund;
                const std::string name = std::string(toString(s)) + " " + std::string(toString(a));
                QTest::newRow(name.c_str()) << static_cast<int>(s) << static_cast<int>(a) << expected;
            }
        }
    }
    void stateMachineTable() {
        QFETCH(int, from);
        QFETCH(int, action);
        QFETCH(bool, allowed);
        QCOMPARE(isAllowed(static_cast<PaymentStatus>(from), static_cast<PaymentAction>(action)), allowed);
    }
    void statusNamesRoundTrip() {
        for (auto s : {PaymentStatus::Authorized, PaymentStatus::Captured, PaymentStatus::PartiallyRefunded, PaymentStatus::Refunded,
                       PaymentStatus::Voided, PaymentStatus::Expired, PaymentStatus::Declined}) {
            QVERIFY(parsePaymentStatus(toString(s)) == s);
        }
        QVERIFY(!parsePaymentStatus("PAID").has_value());
    }
    void currencies() {
        QCOMPARE(findCurrency("KRW")->exponent, 0);
        QCOMPARE(findCurrency("USD")->exponent, 2);
        QVERIFY(findCurrency("KRW")->maxAmount > 0);
        QVERIFY(!findCurrency("XXX").has_value());
        QVERIFY(!findCurrency("krw").has_value());
    }
    void apiKeySpec() {
        auto keys = ApiKeyStore::parse("k1:0123456789abcdef01:m1, k2:abcdefabcdefabcdef:m2");
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), std::size_t(2));
        QCOMPARE(keys->at(1).merchantId, std::string("m2"));
        QVERIFY(!ApiKeyStore::parse("k1:short:m1").ok());
        QVERIFY(!ApiKeyStore::parse("k1-only").ok());
        QVERIFY(!ApiKeyStore::parse("k 1:0123456789abcdef01:m1").ok());
        ApiKeyStore store;
        QVERIFY(store.add(keys->at(0)).ok());
        QVERIFY(!store.add(keys->at(0)).ok());  // twice
        QVERIFY(store.find("k1") != nullptr);
        QVERIFY(store.find("nope") == nullptr);
    }
    void signingString() {
        const std::string body = R"({"a":1})";
        const std::string canonical = RequestSignature::canonical("POST", "/api/payments/authorize?x=1", "1700000000", body);
        QCOMPARE(canonical, "POST\n/api/payments/authorize?x=1\n1700000000\n" + paydesk::crypto::sha256Hex(body));
        // Independently computed: printf 'POST\n/p\n1\n<sha256("")>' | openssl dgst -sha256 -hmac s
        QCOMPARE(RequestSignature::sign("s", "POST", "/p", "1", ""),
                 paydesk::crypto::hmacSha256Hex("s", "POST\n/p\n1\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(paydesk::crypto::hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"),
                 std::string("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));  // RFC 4231-style known vector
    }
};

QTEST_GUILESS_MAIN(TestPaymentRules)
#include "tst_PaymentRules.moc"
