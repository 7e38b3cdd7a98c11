#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "recon/BankFields.h"

namespace paydesk::recon {

// Where each field of a bank line is, once a header row was recognised. -1: no such column.
struct ColumnMap {
    int date = -1;
    int time = -1;
    int amount = -1;   // signed amount (used only when the file has neither credit nor debit)
    int credit = -1;   // deposits
    int debit = -1;    // withdrawals
    int balance = -1;
    int reference = -1;
    int branch = -1;
    std::vector<int> memo;  // joined with a space, in the profile's order
    std::size_t columns = 0;
};

// Matching settings a profile may carry (a bank's settlement lag is the bank's), each overridable
// per upload.
struct MatchSettings {
    std::int64_t amountTolerance = 0;  // minor units
    int dateWindowDays = 3;
    int settlementLagDays = 2;

    static constexpr std::int64_t kMaxAmountTolerance = 1'000'000'000'000;
    static constexpr int kMaxDays = 60;
};

// How to read one bank's CSV export: which header names mean what, the encoding, the date order and
// the number format. Two are built in ("generic": English headers; "kr-bank": Korean headers, CP949
// or UTF-8, amounts like 1,234,000); more are defined by operators as JSON (see docs/RECONCILIATION.md).
struct BankProfile {
    std::string name;
    std::string description;
    std::string encoding = "auto";  // auto, UTF-8 or CP949
    std::string currency;           // ISO 4217; empty = the upload's currency parameter, else KRW
    DateOrder dateOrder = DateOrder::YMD;
    char decimalPoint = '.';
    char groupSeparator = ',';
    std::size_t headerSearchRows = 20;  // the header is the first of these records naming the required columns
    bool builtIn = false;
    MatchSettings matching;

    std::vector<std::string> date;
    std::vector<std::string> time;
    std::vector<std::string> memo;
    std::vector<std::string> amount;
    std::vector<std::string> credit;
    std::vector<std::string> debit;
    std::vector<std::string> balance;
    std::vector<std::string> reference;
    std::vector<std::string> branch;

    static constexpr std::size_t kMaxNameLength = 64;
    static constexpr std::size_t kMaxHeaderNames = 16;
    static constexpr std::size_t kMaxHeaderSearchRows = 100;

    static BankProfile generic();
    static BankProfile koreanBank();
    static const std::vector<BankProfile>& builtIns();
    static const BankProfile* findBuiltIn(std::string_view name);

    // A user-defined profile from its JSON definition; error VALIDATION_ERROR naming the field.
    static Result<BankProfile> fromJson(const nlohmann::json& definition);
    [[nodiscard]] nlohmann::json toJson() const;

    // The columns of a header record; nullopt (and `problem`) when a required one is missing.
    [[nodiscard]] std::optional<ColumnMap> resolve(const std::vector<std::string>& header, std::string& problem) const;

    // Header names compare trimmed, case-insensitively, without inner spaces and without a
    // trailing unit in parentheses: "입금액(원)" is "입금액", "Transaction Date" is "transactiondate".
    static std::string normalizeHeader(std::string_view name);
};

// Profile names: [a-z0-9._-], 1..64 characters.
bool validProfileName(std::string_view name);

}  // namespace paydesk::recon
