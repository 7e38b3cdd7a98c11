// Merchant signature checks, the local replay guard and the JSON depth bound, without servers.
#include <QtTest>

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/ApiKeyStore.h"
#include "auth/MerchantAuth.h"
#include "auth/RequestAdmission.h"
#include "auth/RequestSignature.h"
#include "core/BoundedJson.h"
#include "core/Clock.h"

using namespace paydesk;
using namespace paydesk::auth;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string kSecret = "secret-one-0123456789";

http::HttpRequest signedRequest(const Clock& clock, const std::string& timestamp, const std::string& keyId = "k1",
                                const std::string& secret = kSecret) {
    http::HttpRequest r;
    r.method = "POST";
    r.target = "/api/payments/void/pay_1";
    r.path = r.target;
    r.body = R"({"merchantId":"m1"})";
    r.headers["X-Api-Key"] = keyId;
    r.headers["X-Timestamp"] = timestamp;
    r.headers["X-Signature"] = RequestSignature::sign(secret, r.method, r.target, timestamp, r.body);
    (void)clock;
    return r;
}

struct Answer {
    std::optional<http::HttpResponse> response;
    http::Responder responder() {
        return [this](http::HttpResponse r) { response = std::move(r); };
    }
    [[nodiscard]] std::string code() const {
        if (!response) return {};
        return json::parse(response->body)["code"].get<std::string>();
    }
};

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

AdmissionRequest admissionFor(const std::string& nonce) {
    return AdmissionRequest{"m1", "k1", nonce, "", "test", ""};
}

}  // namespace

class TestMerchantAuth : public QObject {
    Q_OBJECT
    MockClock clock_;
    ApiKeyStore keys_;

private slots:
    void initTestCase() { QVERIFY(keys_.add(ApiKey{"k1", kSecret, "m1"}).ok()); }

    void timestampsInSecondsOrMilliseconds() {
        QCOMPARE(MerchantAuth::timestampMillis("1700000000"), std::optional<std::int64_t>(1'700'000'000'000));
        QCOMPARE(MerchantAuth::timestampMillis("1700000000123"), std::optional<std::int64_t>(1'700'000'000'123));
        QCOMPARE(MerchantAuth::timestampMillis(""), std::nullopt);
        QCOMPARE(MerchantAuth::timestampMillis("-5"), std::nullopt);
        QCOMPARE(MerchantAuth::timestampMillis("-0"), std::nullopt);
        QCOMPARE(MerchantAuth::timestampMillis("+17"), std::nullopt);
        QCOMPARE(MerchantAuth::timestampMillis("17e8"), std::nullopt);
        QCOMPARE(MerchantAuth::timestampMillis("99999999999999"), std::nullopt);  // 14 digits
        QCOMPARE(MerchantAuth::timestampMillis("-9223372036854775808"), std::nullopt);
    }

    // Upper- and lower-case spellings of one signature authenticate the same caller with the same
    // replay nonce, so the replay guard sees them as one request.
    void signatureSpellingsShareOneNonce() {
        RequestAdmission admission(nullptr, clock_, RateLimit{});
        MerchantAuth auth(true, clock_, keys_, admission);
        http::HttpRequest r = signedRequest(clock_, std::to_string(clock_.unixMillis()));
        Answer a;
        const auto lower = auth.authenticate(r, a.responder());
        QVERIFY(lower.has_value());
        QCOMPARE(lower->merchantId, std::string("m1"));
        r.headers["X-Signature"] = upper(r.headers["X-Signature"]);
        const auto up = auth.authenticate(r, a.responder());
        QVERIFY(up.has_value());
        QCOMPARE(up->nonce, lower->nonce);
        QVERIFY(auth.admit(*lower, "test", a.responder()));
        QVERIFY(!auth.admit(*up, "test", a.responder()));
        QCOMPARE(a.code(), std::string("REPLAYED_REQUEST"));
    }

    void unknownKeyAndWrongSignatureLookAlike() {
        RequestAdmission admission(nullptr, clock_, RateLimit{});
        MerchantAuth auth(true, clock_, keys_, admission);
        const std::string ts = std::to_string(clock_.unixSeconds());
        Answer unknown;
        Answer wrong;
        QVERIFY(!auth.authenticate(signedRequest(clock_, ts, "nope"), unknown.responder()));
        QVERIFY(!auth.authenticate(signedRequest(clock_, ts, "k1", "another-secret-000000"), wrong.responder()));
        QVERIFY(unknown.response && wrong.response);
        QCOMPARE(unknown.response->body, wrong.response->body);
        // Timestamps are judged first, whatever the key.
        const std::string old = std::to_string(clock_.unixSeconds() - 301);
        Answer oldUnknown;
        QVERIFY(!auth.authenticate(signedRequest(clock_, old, "nope"), oldUnknown.responder()));
        QCOMPARE(oldUnknown.code(), std::string("SIGNATURE_EXPIRED"));
        // A timestamp near INT64_MIN or junk is a clean refusal, not an overflow.
        Answer junk;
        QVERIFY(!auth.authenticate(signedRequest(clock_, "-9223372036854775808"), junk.responder()));
        QCOMPARE(junk.code(), std::string("INVALID_SIGNATURE"));
    }

    void checkHeadNeedsNoBody() {
        RequestAdmission admission(nullptr, clock_, RateLimit{});
        MerchantAuth auth(true, clock_, keys_, admission);
        http::HttpRequest head = signedRequest(clock_, std::to_string(clock_.unixSeconds()));
        head.body.clear();
        QVERIFY(!auth.checkHead(head).has_value());
        head.headers.erase("X-Signature");
        QCOMPARE(json::parse(auth.checkHead(head)->body)["code"].get<std::string>(), std::string("MISSING_SIGNATURE"));
        head.headers["X-Signature"] = "not-hex";
        QCOMPARE(auth.checkHead(head)->status, 401);
    }

    // With Redis down, a full local replay guard refuses (503) instead of evicting a live nonce,
    // which would make that request replayable; once nonces expire it admits again.
    void fullLocalReplayGuardRefusesInsteadOfEvicting() {
        MockClock clock;
        RequestAdmission admission(nullptr, clock, RateLimit{}, 3);
        for (const char* n : {"a", "b", "c"})
            QCOMPARE(admission.admit(admissionFor(n)).verdict, Admission::Verdict::Admitted);
        QCOMPARE(admission.admit(admissionFor("d")).verdict, Admission::Verdict::Unavailable);
        QCOMPARE(admission.admit(admissionFor("a")).verdict, Admission::Verdict::Replayed);  // still remembered
        clock.advance(std::chrono::seconds(2 * RequestSignature::kWindowSeconds + 1));
        QCOMPARE(admission.admit(admissionFor("d")).verdict, Admission::Verdict::Admitted);
        Answer a;
        Admission full;
        full.verdict = Admission::Verdict::Unavailable;
        QVERIFY(!MerchantAuth::answer(full, a.responder()));
        QCOMPARE(a.response->status, 503);
    }

    void jsonDepthIsBounded() {
        const std::string nested = "{\"a\":[1,{\"b\":2}]}";
        QVERIFY(jsonDepthWithin(nested, 3));
        QVERIFY(!jsonDepthWithin(nested, 2));
        QVERIFY(jsonDepthWithin("{\"a\":\"[[[[[[[[[[[[[[\"}", 1));       // brackets inside strings do not count
        QVERIFY(jsonDepthWithin("{\"a\":\"\\\"[[[[[[[[[[[\"}", 1));      // nor after an escaped quote
        QVERIFY(!jsonDepthWithin(std::string(33, '['), kMaxJsonDepth));  // unterminated still counts
        QVERIFY(jsonDepthWithin(std::string(32, '[') + std::string(32, ']')));
        QVERIFY(parseBoundedJson(std::string(100'000, '[') + std::string(100'000, ']')).is_discarded());
        QCOMPARE(parseBoundedJson("{\"x\":[[1]]}")["x"][0][0].get<int>(), 1);
        // A NUL byte does not end the document early (nlohmann would read up to it and stop).
        QVERIFY(parseBoundedJson(std::string("{\"a\":1}\0{{{", 10)).is_discarded());
    }
};

QTEST_GUILESS_MAIN(TestMerchantAuth)
#include "tst_MerchantAuth.moc"
