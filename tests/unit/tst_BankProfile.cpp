#include <QtTest>

#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "recon/BankFields.h"
#include "recon/BankProfile.h"
#include "recon/StatementReader.h"
#include "recon/TextEncoding.h"

using namespace paydesk::recon;
using nlohmann::json;

namespace {

std::string fixture(const char* name) {
    std::ifstream in(std::string(PAYDESK_SOURCE_DIR) + "/tests/fixtures/recon/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::int64_t amount(const char* text, int exponent = 0, char point = '.', char group = ',') {
    auto r = parseAmount(text, AmountFormat{exponent, point, group});
    if (!r.ok()) qFatal("amount '%s' failed: %s", text, r.error().message.c_str());
    if (!r->has_value()) qFatal("amount '%s' is blank", text);
    return **r;
}

std::string amountError(const char* text, int exponent = 0) {
    auto r = parseAmount(text, AmountFormat{exponent, '.', ','});
    return r.ok() ? std::string() : r.error().message;
}

std::string date(const char* text, DateOrder order = DateOrder::YMD) {
    auto r = parseDateTime(text, order);
    if (!r.ok()) return "error: " + r.error().message;
    return formatDate(r->day) + (r->seconds >= 0 ? " " + formatTime(r->seconds) : std::string());
}

paydesk::Result<BankStatement> readWith(const std::string& bytes, std::vector<const BankProfile*> profiles, std::string currency = {}) {
    StatementOptions o;
    o.profiles = std::move(profiles);
    o.currency = std::move(currency);
    return StatementReader::read(bytes, o);
}

std::vector<const BankProfile*> allBuiltIns() {
    std::vector<const BankProfile*> out;
    for (const BankProfile& p : BankProfile::builtIns()) out.push_back(&p);
    return out;
}

}  // namespace

class TestBankProfile : public QObject {
    Q_OBJECT
private slots:
    void amountsAreExactMinorUnits() {
        QCOMPARE(amount("1,234,000"), std::int64_t(1'234'000));
        QCOMPARE(amount("1234000"), std::int64_t(1'234'000));
        QCOMPARE(amount(" 50,000 "), std::int64_t(50'000));
        QCOMPARE(amount("1,234.50", 2), std::int64_t(123'450));
        QCOMPARE(amount("0.10", 2), std::int64_t(10));
        QCOMPARE(amount("12", 2), std::int64_t(1200));
        QCOMPARE(amount("1.5", 2), std::int64_t(150));
        QCOMPARE(amount("1.500", 2), std::int64_t(150));  // trailing zeros beyond the exponent are harmless
        QCOMPARE(amount("1,234.00"), std::int64_t(1234));  // KRW with zero decimals
        QCOMPARE(amount("0.000001", 6), std::int64_t(1));
        QCOMPARE(amount("999,999,999,999,999"), std::int64_t(999'999'999'999'999));  // every digit kept
    }

    void debitsAreNegative() {
        QCOMPARE(amount("(5,000)"), std::int64_t(-5000));
        QCOMPARE(amount("-5,000"), std::int64_t(-5000));
        QCOMPARE(amount("5,000-"), std::int64_t(-5000));
        QCOMPARE(amount("\xE2\x88\x92" "5,000"), std::int64_t(-5000));  // U+2212 MINUS SIGN
        QCOMPARE(amount("+12"), std::int64_t(12));
        QCOMPARE(amount("(1,234.50)", 2), std::int64_t(-123'450));
    }

    void currencyMarksAreIgnored() {
        QCOMPARE(amount("\xE2\x82\xA9" "1,234"), std::int64_t(1234));  // ₩
        QCOMPARE(amount("1,234\xEC\x9B\x90"), std::int64_t(1234));     // 원
        QCOMPARE(amount("KRW 1,234"), std::int64_t(1234));
        QCOMPARE(amount("1,234.50 USD", 2), std::int64_t(123'450));
        QCOMPARE(amount("$1,234.50", 2), std::int64_t(123'450));
        QCOMPARE(amount("(\xE2\x82\xA9" "5,000)"), std::int64_t(-5000));
    }

    void europeanFormat() {
        QCOMPARE(amount("1.234,50", 2, ',', '.'), std::int64_t(123'450));
        QCOMPARE(amount("-99,99", 2, ',', '.'), std::int64_t(-9999));
    }

    void blankAmountsAreAbsent() {
        for (const char* blank : {"", "   ", "-"}) {
            auto r = parseAmount(blank, AmountFormat{});
            QVERIFY(r.ok());
            QVERIFY(!r->has_value());
        }
    }

    void badAmountsSayWhy() {
        QVERIFY(amountError("1,23").find("misplaced thousands separator") != std::string::npos);
        QVERIFY(amountError("12,3456").find("misplaced") != std::string::npos);
        QVERIFY(amountError(",123").find("misplaced") != std::string::npos);
        QVERIFY(amountError("1.5").find("no minor unit") != std::string::npos);
        QVERIFY(amountError("1.505", 2).find("more than 2 decimal places") != std::string::npos);
        QVERIFY(amountError("12abc").find("not a number") != std::string::npos);
        QVERIFY(amountError("1.2.3", 2).find("more than one decimal point") != std::string::npos);
        QVERIFY(amountError("9223372036854775808").find("beyond the limit") != std::string::npos);
        QVERIFY(amountError("99999999999999999.99", 2).find("beyond the limit") != std::string::npos);
        QVERIFY(amountError("-(5)").find("two signs") != std::string::npos);
        QVERIFY(amountError("-5-").find("two signs") != std::string::npos);
        QVERIFY(amountError("1.").size() > 0);
        QCOMPARE(parseAmount("abc", AmountFormat{}).error().code, std::string("BAD_AMOUNT"));
    }

    void amountsAreBoundedToTenToTheFifteenMinorUnits() {
        // The bound itself, either sign, in both currency shapes.
        QCOMPARE(amount("1,000,000,000,000,000"), kMaxStatementAmount);
        QCOMPARE(amount("-1,000,000,000,000,000"), -kMaxStatementAmount);
        QCOMPARE(amount("10,000,000,000,000.00", 2), kMaxStatementAmount);
        // One minor unit more, and everything up to and past the int64 range, is refused with the reason.
        for (const char* text : {"1,000,000,000,000,001", "-1000000000000001", "(1,000,000,000,000,001)",
                                 "9223372036854775807", "-9223372036854775807", "-9223372036854775808",
                                 "9223372036854775808", "99999999999999999999999", "5,000,000,000,000,000-"}) {
            const std::string why = amountError(text);
            QVERIFY2(why.find("is beyond the limit of \xC2\xB1"
                              "1,000,000,000,000,000 (10^15 minor units)") != std::string::npos,
                     (std::string(text) + " -> " + why).c_str());
        }
        QVERIFY(amountError("10,000,000,000,000.01", 2)
                    .find("beyond the limit of \xC2\xB1"
                          "10,000,000,000,000.00") != std::string::npos);
        QVERIFY(amountError("92233720368547758.07", 2).find("beyond the limit") != std::string::npos);
    }

    void outOfRangeAmountsAreRowErrorsNamingTheLine() {
        const BankProfile generic = BankProfile::generic();
        const std::string csv =
            "Date,Description,Amount\n"
            "2026-11-20,fine,1000\n"
            "2026-11-20,too much,9223372036854775807\n"
            "2026-11-20,too little,-9223372036854775808\n"
            "2026-11-20,just in,1000000000000000\n";
        auto s = readWith(csv, {&generic}, "KRW");
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->lines.size(), std::size_t(2));
        QCOMPARE(s->lines[1].amount, kMaxStatementAmount);
        QCOMPARE(s->errorCount, std::size_t(2));
        QCOMPARE(s->errors[0].lineNo, 3U);
        QCOMPARE(s->errors[1].lineNo, 4U);
        for (const auto& e : s->errors)
            QVERIFY2(e.reason.find("beyond the limit") != std::string::npos, e.reason.c_str());
        QVERIFY(s->errors[0].reason.find("9223372036854775807") != std::string::npos);  // which value
    }

    // Error messages quote the start of the field; a cut inside a multi-byte character would put
    // invalid UTF-8 into the row error (stored in utf8mb4 and sent back as JSON).
    void fieldErrorsQuoteWholeCharacters() {
        std::string korean;
        for (int i = 0; i < 20; ++i) korean += "\xEA\xB0\x80";  // 가 x 20: 60 bytes
        for (const std::string& text : {korean, "1" + korean, "12" + korean}) {
            auto a = parseAmount(text, AmountFormat{});
            QVERIFY(!a.ok());
            QVERIFY2(isValidUtf8(a.error().message), a.error().message.c_str());
            auto d = parseDateTime(text);
            QVERIFY(!d.ok());
            QVERIFY2(isValidUtf8(d.error().message), d.error().message.c_str());
            auto t = parseTimeOfDay(text);
            QVERIFY(!t.ok());
            QVERIFY2(isValidUtf8(t.error().message), t.error().message.c_str());
        }
        // And so the row errors of a statement.
        auto r = readWith("Date,Description,Amount\n2026-11-20,memo," + korean + "\n" + korean + ",memo,100\n", allBuiltIns());
        QVERIFY(r.ok());
        QCOMPARE(r->errors.size(), std::size_t{2});
        for (const RowError& e : r->errors) QVERIFY2(isValidUtf8(e.reason), e.reason.c_str());
    }

    void datesInEveryStyle() {
        QCOMPARE(date("2026.11.23"), std::string("2026-11-23"));
        QCOMPARE(date("2026-11-23"), std::string("2026-11-23"));
        QCOMPARE(date("20261123"), std::string("2026-11-23"));
        QCOMPARE(date("2026/11/23"), std::string("2026-11-23"));
        QCOMPARE(date("2026.11.23."), std::string("2026-11-23"));
        QCOMPARE(date("2026.1.5"), std::string("2026-01-05"));
        QCOMPARE(date("2026\xEB\x85\x84 11\xEC\x9B\x94 23\xEC\x9D\xBC"), std::string("2026-11-23"));  // 2026년 11월 23일
        QCOMPARE(date("2026-11-23 14:05:01"), std::string("2026-11-23 14:05:01"));
        QCOMPARE(date("2026-11-23T14:05"), std::string("2026-11-23 14:05:00"));
        QCOMPARE(date("2026.11.23 09:15:02"), std::string("2026-11-23 09:15:02"));
        QCOMPARE(date("11/23/2026", DateOrder::MDY), std::string("2026-11-23"));
        QCOMPARE(date("23/11/2026", DateOrder::DMY), std::string("2026-11-23"));
        QCOMPARE(date("23.11.2026", DateOrder::DMY), std::string("2026-11-23"));
        QCOMPARE(date("2024-02-29"), std::string("2024-02-29"));
        QCOMPARE(date("2000-02-29"), std::string("2000-02-29"));
    }

    void badDatesSayWhy() {
        QVERIFY(date("2026-13-01").find("no month 13") != std::string::npos);
        QVERIFY(date("2026-02-30").find("not a day of the calendar") != std::string::npos);
        QVERIFY(date("2025-02-29").find("not a day") != std::string::npos);
        QVERIFY(date("1900-02-29").find("not a day") != std::string::npos);
        QVERIFY(date("26.11.23").find("four-digit year") != std::string::npos);
        QVERIFY(date("yesterday").find("not a date") != std::string::npos);
        QVERIFY(date("").find("empty") != std::string::npos);
        QVERIFY(date("2026-11-23 25:00").find("bad time") != std::string::npos);
        QVERIFY(date("0001-01-01").find("out of range") != std::string::npos);
    }

    void timesOfDay() {
        QCOMPARE(parseTimeOfDay("09:15:02").value(), 9 * 3600 + 15 * 60 + 2);
        QCOMPARE(parseTimeOfDay("091502").value(), 9 * 3600 + 15 * 60 + 2);
        QCOMPARE(parseTimeOfDay("0915").value(), 9 * 3600 + 15 * 60);
        QCOMPARE(parseTimeOfDay("9:15").value(), 9 * 3600 + 15 * 60);
        QCOMPARE(parseTimeOfDay("23:59:59.999").value(), 86399);
        QVERIFY(!parseTimeOfDay("24:00").ok());
        QVERIFY(!parseTimeOfDay("12:60").ok());
        QVERIFY(!parseTimeOfDay("noon").ok());
    }

    void calendarRoundTrips() {
        for (std::int32_t d = -1000; d < 200'000; d += 37) {
            int y = 0;
            unsigned m = 0;
            unsigned dd = 0;
            civilFromDays(d, y, m, dd);
            QCOMPARE(daysFromCivil(y, m, dd), d);
        }
        QCOMPARE(daysFromCivil(1970, 1, 1), 0);
        QCOMPARE(formatDate(daysFromCivil(2026, 11, 23)), std::string("2026-11-23"));
    }

    void amountsFormatWithThousandsSeparators() {
        QCOMPARE(formatAmount(1'234'000, 0), std::string("1,234,000"));
        QCOMPARE(formatAmount(50'000, 0), std::string("50,000"));
        QCOMPARE(formatAmount(-49'500, 0), std::string("-49,500"));
        QCOMPARE(formatAmount(0, 0), std::string("0"));
        QCOMPARE(formatAmount(999, 0), std::string("999"));
        QCOMPARE(formatAmount(123'450, 2), std::string("1,234.50"));
        QCOMPARE(formatAmount(5, 2), std::string("0.05"));
        QCOMPARE(formatAmount(std::numeric_limits<std::int64_t>::min(), 0), std::string("-9,223,372,036,854,775,808"));
    }

    void encodingsByName() {
        QVERIFY(parseEncoding("UTF-8") == TextEncoding::Utf8);
        QVERIFY(parseEncoding("utf8") == TextEncoding::Utf8);
        QVERIFY(parseEncoding("CP949") == TextEncoding::Cp949);
        QVERIFY(parseEncoding("euc-kr") == TextEncoding::Cp949);
        QVERIFY(parseEncoding("MS949") == TextEncoding::Cp949);
        QVERIFY(!parseEncoding("latin1").has_value());
        QVERIFY(!parseEncoding("auto").has_value());
    }

    void utf8ValidationAndDetection() {
        QVERIFY(isValidUtf8("plain ascii"));
        QVERIFY(isValidUtf8("\xEA\xB1\xB0\xEB\x9E\x98"));            // 거래
        QVERIFY(isValidUtf8("\xF0\x9F\x98\x80"));                    // an emoji
        QVERIFY(!isValidUtf8("\xC0\xAF"));                           // overlong
        QVERIFY(!isValidUtf8("\xED\xA0\x80"));                       // a surrogate
        QVERIFY(!isValidUtf8("\xF4\x90\x80\x80"));                   // past U+10FFFF
        QVERIFY(!isValidUtf8("\xEA\xB1"));                           // truncated
        const std::string cp949 = fixture("kr_bank_cp949.csv");
        QVERIFY(detectEncoding(cp949) == TextEncoding::Cp949);
        QVERIFY(detectEncoding(fixture("kr_bank_utf8_bom.csv")) == TextEncoding::Utf8);
        const std::string decoded = toUtf8(cp949, TextEncoding::Cp949);
        QVERIFY(decoded.find("\xEA\xB1\xB0\xEB\x9E\x98\xEC\x9D\xBC\xEC\x9E\x90") != std::string::npos);  // 거래일자
        // Round trip through CP949 written in code.
        const auto back = utf8ToCp949(decoded);
        QVERIFY(back.has_value());
        QCOMPARE(*back, cp949);
    }

    void headerNamesNormalize() {
        QCOMPARE(BankProfile::normalizeHeader(" Transaction Date "), std::string("transactiondate"));
        QCOMPARE(BankProfile::normalizeHeader("\xEC\x9E\x85\xEA\xB8\x88\xEC\x95\xA1(\xEC\x9B\x90)"), BankProfile::normalizeHeader("\xEC\x9E\x85\xEA\xB8\x88\xEC\x95\xA1"));
        QCOMPARE(BankProfile::normalizeHeader("Amount (KRW)"), std::string("amount"));
        QCOMPARE(BankProfile::normalizeHeader("\xEF\xBB\xBF" "Date"), std::string("date"));
    }

    void genericProfileReadsEnglishStatements() {
        const BankProfile generic = BankProfile::generic();
        auto s = readWith(fixture("generic_en.csv"), {&generic}, "KRW");
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->profile, std::string("generic"));
        QCOMPARE(s->rows, std::size_t(4));
        QCOMPARE(s->errorCount, std::size_t(0));
        QCOMPARE(s->lines.size(), std::size_t(4));
        QCOMPARE(s->lines[0].amount, std::int64_t(50'000));
        QCOMPARE(s->lines[0].lineNo, 2U);
        QCOMPARE(std::string(s->text.view(s->lines[0].memo)), std::string("Card settlement, ACME"));
        QCOMPARE(std::string(s->text.view(s->lines[0].reference)), std::string("pay_000000000000000000000001"));
        QCOMPARE(s->lines[0].balance, std::int64_t(1'050'000));
        QCOMPARE(s->lines[1].amount, std::int64_t(-12'000));
        QCOMPARE(s->lines[2].amount, std::int64_t(-1500));
        QCOMPARE(std::string(s->text.view(s->lines[2].memo)), std::string("Deposit \"batch\" stl_0123"));
        QCOMPARE(s->lines[3].lineNo, 5U);  // the memo spans lines 5 and 6
        QCOMPARE(std::string(s->text.view(s->lines[3].memo)), std::string("Multi\r\nline memo"));
        QCOMPARE(formatDate(s->firstDay), std::string("2026-11-20"));
        QCOMPARE(formatDate(s->lastDay), std::string("2026-11-22"));
    }

    void creditDebitColumnsAndUsDates() {
        BankProfile us = BankProfile::generic();
        us.dateOrder = DateOrder::MDY;
        auto s = readWith(fixture("generic_credit_debit_mdy.csv"), {&us}, "USD");
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->errorCount, std::size_t(0));
        QCOMPARE(s->lines.size(), std::size_t(3));
        QCOMPARE(s->lines[0].amount, std::int64_t(123'450));
        QCOMPARE(s->lines[0].balance, std::int64_t(1'000'000));
        QCOMPARE(s->lines[1].amount, std::int64_t(-200));
        QCOMPARE(s->lines[2].amount, std::int64_t(10));
        QCOMPARE(formatDate(s->lines[0].day), std::string("2026-11-20"));
    }

    void koreanProfileUtf8WithBom() {
        auto s = readWith(fixture("kr_bank_utf8_bom.csv"), allBuiltIns());
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->profile, std::string("kr-bank"));
        QCOMPARE(s->encoding, std::string("UTF-8"));
        QCOMPARE(s->currency, std::string("KRW"));
        QCOMPARE(s->lines.size(), std::size_t(3));
        QCOMPARE(s->lines[0].amount, std::int64_t(1'234'000));
        QCOMPARE(s->lines[0].seconds, 9 * 3600 + 15 * 60 + 2);
        QCOMPARE(s->lines[0].balance, std::int64_t(5'234'000));
        // 적요 and 내용 joined, in the profile's order.
        QCOMPARE(std::string(s->text.view(s->lines[0].memo)), std::string("\xED\x83\x80\xED\x96\x89\xEC\x9D\xB4\xEC\xB2\xB4 \xEC\xA3\xBC\xEC\x8B\x9D\xED\x9A\x8C\xEC\x82\xAC \xEC\x97\x90\xEC\x9D\xB4\xED\x81\xAC\xEB\xAF\xB8"));
        QCOMPARE(std::string(s->text.view(s->lines[0].branch)), std::string("\xEA\xB0\x95\xEB\x82\xA8"));  // 강남
        QCOMPARE(s->lines[2].amount, std::int64_t(-1000));
        QCOMPARE(formatDate(s->lines[2].day), std::string("2026-11-24"));
    }

    void koreanProfileCp949WithTitleBlock() {
        auto s = readWith(fixture("kr_bank_cp949.csv"), allBuiltIns());
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->encoding, std::string("CP949"));
        QCOMPARE(s->profile, std::string("kr-bank"));
        QCOMPARE(s->headerLine, 4U);
        QCOMPARE(s->lines.size(), std::size_t(3));
        QCOMPARE(s->lines[0].lineNo, 5U);
        QCOMPARE(s->lines[1].amount, std::int64_t(50'000));
        QVERIFY(s->text.view(s->lines[1].memo).find("pay_000000000000000000000002") != std::string_view::npos);
        // Forcing the encoding the file is not in reads garbage headers: no profile recognises them.
        StatementOptions wrong;
        wrong.profiles = allBuiltIns();
        wrong.encoding = TextEncoding::Utf8;
        auto garbled = StatementReader::read(fixture("kr_bank_cp949.csv"), wrong);
        QVERIFY(!garbled.ok());
        QCOMPARE(garbled.error().code, std::string("UNRECOGNIZED_FORMAT"));
    }

    void cp949WrittenInCode() {
        const auto bytes = utf8ToCp949("\xEA\xB1\xB0\xEB\x9E\x98\xEC\x9D\xBC\xEC\x9E\x90,\xEC\x9E\x85\xEA\xB8\x88\xEC\x95\xA1,\xEC\xA0\x81\xEC\x9A\x94\n"
                                       "20261123,\"2,500\",pay_000000000000000000000009\n");
        QVERIFY(bytes.has_value());
        const BankProfile kr = BankProfile::koreanBank();
        auto s = readWith(*bytes, {&kr});
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->encoding, std::string("CP949"));
        QCOMPARE(s->lines.at(0).amount, std::int64_t(2500));
    }

    void userDefinedProfileFromJson() {
        auto p = BankProfile::fromJson(json::parse(fixture("custom_eu.profile.json")));
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().message.c_str());
        QCOMPARE(p->name, std::string("eu-bank"));
        QCOMPARE(p->matching.dateWindowDays, 2);
        auto s = readWith(fixture("custom_eu.csv"), {&p.value()});
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->currency, std::string("EUR"));
        QCOMPARE(s->lines.size(), std::size_t(2));
        QCOMPARE(s->lines[0].amount, std::int64_t(123'450));
        QCOMPARE(s->lines[0].balance, std::int64_t(1'000'000));
        QCOMPARE(s->lines[1].amount, std::int64_t(-9999));
        QCOMPARE(formatDate(s->lines[0].day), std::string("2026-11-23"));
        // Round trip.
        auto again = BankProfile::fromJson(p->toJson());
        QVERIFY(again.ok());
        QCOMPARE(again->toJson(), p->toJson());
    }

    void profileValidationNamesTheField() {
        auto check = [](const json& j, const std::string& field) {
            auto p = BankProfile::fromJson(j);
            QVERIFY(!p.ok());
            QCOMPARE(p.error().code, std::string("VALIDATION_ERROR"));
            QVERIFY2(p.error().message.rfind(field + ":", 0) == 0, p.error().message.c_str());
        };
        const json ok = {{"name", "x"}, {"columns", {{"date", "D"}, {"amount", "A"}}}};
        QVERIFY(BankProfile::fromJson(ok).ok());
        json j = ok;
        j["name"] = "Bad Name";
        check(j, "name");
        j = ok;
        j["name"] = "kr-bank";
        check(j, "name");
        j = ok;
        j["columns"].erase("date");
        check(j, "columns.date");
        j = ok;
        j["columns"].erase("amount");
        check(j, "columns.amount");
        j = ok;
        j["columns"]["colour"] = "C";
        check(j, "columns.colour");
        j = ok;
        j["encoding"] = "latin1";
        check(j, "encoding");
        j = ok;
        j["currency"] = "XXX";
        check(j, "currency");
        j = ok;
        j["dateOrder"] = "YDM";
        check(j, "dateOrder");
        j = ok;
        j["decimalPoint"] = ",";
        check(j, "groupSeparator");  // same as the default group separator
        j = ok;
        j["matching"] = {{"dateWindowDays", 999}};
        check(j, "matching.dateWindowDays");
        check(json::array(), "profile");
    }

    void malformedRowsAreReportedWithLineNumbers() {
        const BankProfile generic = BankProfile::generic();
        auto s = readWith(fixture("malformed_values.csv"), {&generic}, "KRW");
        QVERIFY(s.ok());
        QCOMPARE(s->rows, std::size_t(8));
        QCOMPARE(s->lines.size(), std::size_t(1));  // only "good"
        QCOMPARE(s->lines[0].lineNo, 8U);
        QCOMPARE(s->errorCount, std::size_t(7));
        std::map<std::uint32_t, std::string> byLine;
        for (const RowError& e : s->errors) byLine[e.lineNo] = e.reason;
        QVERIFY(byLine[2].find("no month 13") != std::string::npos);
        QVERIFY(byLine[3].find("not a day") != std::string::npos);
        QVERIFY(byLine[4].find("not a date") != std::string::npos);
        QVERIFY(byLine[5].find("not a number") != std::string::npos);
        QVERIFY(byLine[6].find("misplaced thousands separator") != std::string::npos);
        QVERIFY(byLine[7].find("no minor unit") != std::string::npos);
        QVERIFY(byLine[9].find("closing quote") != std::string::npos);
    }

    void wrongColumnCounts() {
        const BankProfile generic = BankProfile::generic();
        auto s = readWith(fixture("malformed_columns.csv"), {&generic}, "KRW");
        QVERIFY(s.ok());
        QCOMPARE(s->lines.size(), std::size_t(2));
        QCOMPARE(s->errorCount, std::size_t(2));
        QCOMPARE(s->errors[0].lineNo, 3U);
        QVERIFY(s->errors[0].reason.find("expected 4 columns, found 3") != std::string::npos);
        QCOMPARE(s->errors[1].lineNo, 4U);
        QVERIFY(s->errors[1].reason.find("found 6") != std::string::npos);
    }

    void unterminatedQuoteKeepsTheOtherRows() {
        const BankProfile generic = BankProfile::generic();
        auto s = readWith(fixture("malformed_unterminated_quote.csv"), {&generic}, "KRW");
        QVERIFY(s.ok());
        QCOMPARE(s->errorCount, std::size_t(1));
        QCOMPARE(s->errors[0].lineNo, 2U);
        QCOMPARE(s->lines.size(), std::size_t(2));
        QCOMPARE(s->lines[0].lineNo, 3U);
        QCOMPARE(s->lines[1].lineNo, 4U);
    }

    void wholeFileProblems() {
        auto empty = readWith(fixture("empty.csv"), allBuiltIns());
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, std::string("EMPTY_FILE"));
        auto junk = readWith(fixture("binary_junk.bin"), allBuiltIns());
        QVERIFY(!junk.ok());
        QCOMPARE(junk.error().code, std::string("UNRECOGNIZED_FORMAT"));
        auto header = readWith(fixture("header_only.csv"), allBuiltIns());
        QVERIFY(header.ok());
        QCOMPARE(header->rows, std::size_t(0));
        QCOMPARE(header->lines.size(), std::size_t(0));
        auto noCurrency = readWith(fixture("generic_en.csv"), allBuiltIns(), "XYZ");
        QVERIFY(!noCurrency.ok());
        QCOMPARE(noCurrency.error().code, std::string("VALIDATION_ERROR"));
        StatementOptions few;
        few.profiles = allBuiltIns();
        few.currency = "KRW";
        few.maxRows = 2;
        auto tooMany = StatementReader::read(fixture("generic_en.csv"), few);
        QVERIFY(!tooMany.ok());
        QCOMPARE(tooMany.error().code, std::string("TOO_MANY_ROWS"));
    }
};

QTEST_APPLESS_MAIN(TestBankProfile)
#include "tst_BankProfile.moc"
