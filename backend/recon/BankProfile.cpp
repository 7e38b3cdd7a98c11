#include "recon/BankProfile.h"

#include <algorithm>
#include <cctype>

#include "core/Currency.h"
#include "recon/TextEncoding.h"

namespace paydesk::recon {

using nlohmann::json;

namespace {

struct ColumnRole {
    const char* key;
    std::vector<std::string> BankProfile::*names;
};

const std::vector<ColumnRole>& roles() {
    static const std::vector<ColumnRole> kRoles = {
        {"date", &BankProfile::date},       {"time", &BankProfile::time},       {"memo", &BankProfile::memo},
        {"amount", &BankProfile::amount},   {"credit", &BankProfile::credit},   {"debit", &BankProfile::debit},
        {"balance", &BankProfile::balance}, {"reference", &BankProfile::reference}, {"branch", &BankProfile::branch},
    };
    return kRoles;
}

Error invalid(const std::string& field, const std::string& message) {
    return Error::make(ErrorCode::ValidationError, field + ": " + message);
}

int findColumn(const std::vector<std::string>& normalizedHeader, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const std::string wanted = BankProfile::normalizeHeader(name);
        for (std::size_t i = 0; i < normalizedHeader.size(); ++i) {
            if (normalizedHeader[i] == wanted) return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

bool validProfileName(std::string_view name) {
    if (name.empty() || name.size() > BankProfile::kMaxNameLength) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

std::string BankProfile::normalizeHeader(std::string_view name) {
    std::string_view t = trimText(name);
    if (t.substr(0, 3) == "\xEF\xBB\xBF") t = trimText(t.substr(3));  // a BOM left on the first header
    // Drop a trailing "(unit)": "입금액(원)", "Amount (KRW)".
    if (!t.empty() && t.back() == ')') {
        if (const std::size_t open = t.rfind('('); open != std::string_view::npos && open > 0) t = trimText(t.substr(0, open));
    }
    std::string out;
    out.reserve(t.size());
    for (char c : t) {
        if (c == ' ' || c == '\t' || c == '_' || c == '-') continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

BankProfile BankProfile::generic() {
    BankProfile p;
    p.name = "generic";
    p.description = "Generic English statement: Date, Description/Memo, Amount or Credit/Debit, Balance, Reference";
    p.encoding = "auto";
    p.builtIn = true;
    p.date = {"Date", "Transaction Date", "Posting Date", "Value Date", "Booking Date"};
    p.time = {"Time", "Transaction Time"};
    p.memo = {"Description", "Memo", "Details", "Narrative", "Payee"};
    p.amount = {"Amount", "Transaction Amount"};
    p.credit = {"Credit", "Credit Amount", "Deposit", "Deposits", "Money In", "Paid In"};
    p.debit = {"Debit", "Debit Amount", "Withdrawal", "Withdrawals", "Money Out", "Paid Out"};
    p.balance = {"Balance", "Running Balance"};
    p.reference = {"Reference", "Ref", "Reference Number", "Transaction ID"};
    p.branch = {"Branch"};
    return p;
}

BankProfile BankProfile::koreanBank() {
    BankProfile p;
    p.name = "kr-bank";
    p.description = "Korean bank export: 거래일자, 거래시간, 적요/내용, 입금액, 출금액, 잔액, 거래점 (CP949 or UTF-8)";
    p.encoding = "auto";
    p.currency = "KRW";
    p.builtIn = true;
    p.date = {"거래일자", "거래일", "거래일시", "일자"};
    p.time = {"거래시간", "시간"};
    p.memo = {"적요", "내용", "기재내용", "거래내용", "메모"};
    p.amount = {"거래금액"};
    p.credit = {"입금액", "입금", "입금금액", "맡기신금액"};
    p.debit = {"출금액", "출금", "출금금액", "찾으신금액"};
    p.balance = {"잔액", "거래후잔액"};
    p.reference = {"참조번호", "거래번호"};
    p.branch = {"거래점", "취급점", "거래점명"};
    return p;
}

const std::vector<BankProfile>& BankProfile::builtIns() {
    static const std::vector<BankProfile> kBuiltIns = {koreanBank(), generic()};
    return kBuiltIns;
}

const BankProfile* BankProfile::findBuiltIn(std::string_view name) {
    for (const BankProfile& p : builtIns()) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

std::optional<ColumnMap> BankProfile::resolve(const std::vector<std::string>& header, std::string& problem) const {
    std::vector<std::string> normalized;
    normalized.reserve(header.size());
    for (const std::string& h : header) normalized.push_back(normalizeHeader(h));
    ColumnMap map;
    map.columns = header.size();
    map.date = findColumn(normalized, date);
    map.time = findColumn(normalized, time);
    map.credit = findColumn(normalized, credit);
    map.debit = findColumn(normalized, debit);
    // A signed amount column only when there is no credit/debit pair to read instead.
    if (map.credit < 0 && map.debit < 0) map.amount = findColumn(normalized, amount);
    map.balance = findColumn(normalized, balance);
    map.reference = findColumn(normalized, reference);
    map.branch = findColumn(normalized, branch);
    for (const std::string& memoName : memo) {
        const int column = findColumn(normalized, {memoName});
        if (column >= 0 && std::find(map.memo.begin(), map.memo.end(), column) == map.memo.end()) map.memo.push_back(column);
    }
    if (map.date < 0) {
        problem = "no date column (one of: " + (date.empty() ? std::string() : date.front()) + (date.size() > 1 ? ", ..." : "") + ")";
        return std::nullopt;
    }
    if (map.amount < 0 && map.credit < 0 && map.debit < 0) {
        problem = "no amount, credit or debit column";
        return std::nullopt;
    }
    return map;
}

Result<BankProfile> BankProfile::fromJson(const json& j) {
    if (!j.is_object()) return invalid("profile", "must be a JSON object");
    BankProfile p;
    const auto name = j.find("name");
    if (name == j.end() || !name->is_string() || !validProfileName(name->get<std::string>())) {
        return invalid("name", "name is required: 1 to 64 characters of a-z, 0-9, '.', '_', '-'");
    }
    p.name = name->get<std::string>();
    if (findBuiltIn(p.name) != nullptr) return invalid("name", "'" + p.name + "' is a built-in profile");
    if (auto it = j.find("description"); it != j.end() && !it->is_null()) {
        if (!it->is_string() || it->get<std::string>().size() > 512) return invalid("description", "must be a string of at most 512 bytes");
        p.description = it->get<std::string>();
    }
    if (auto it = j.find("encoding"); it != j.end() && !it->is_null()) {
        if (!it->is_string()) return invalid("encoding", "must be auto, UTF-8 or CP949");
        const std::string e = it->get<std::string>();
        if (e == "auto") {
            p.encoding = "auto";
        } else if (auto parsed = parseEncoding(e)) {
            p.encoding = std::string(encodingName(*parsed));
        } else {
            return invalid("encoding", "must be auto, UTF-8 or CP949 (EUC-KR is read as CP949)");
        }
    }
    if (auto it = j.find("currency"); it != j.end() && !it->is_null()) {
        if (!it->is_string() || !findCurrency(it->get<std::string>()))
            return invalid("currency", "unknown or unsupported currency");
        p.currency = it->get<std::string>();
    }
    if (auto it = j.find("dateOrder"); it != j.end() && !it->is_null()) {
        const auto order = it->is_string() ? parseDateOrder(it->get<std::string>()) : std::nullopt;
        if (!order) return invalid("dateOrder", "must be YMD, MDY or DMY");
        p.dateOrder = *order;
    }
    auto readChar = [&](const char* field, char& out, bool emptyAllowed, std::string_view allowed) -> Status {
        auto it = j.find(field);
        if (it == j.end() || it->is_null()) return Status::success();
        if (!it->is_string()) return invalid(field, "must be a one-character string");
        const std::string v = it->get<std::string>();
        if (v.empty() && emptyAllowed) {
            out = '\0';
            return Status::success();
        }
        if (v.size() != 1 || allowed.find(v[0]) == std::string_view::npos) {
            return invalid(field, "must be one of \"" + std::string(allowed) + "\"" + (emptyAllowed ? " or empty" : ""));
        }
        out = v[0];
        return Status::success();
    };
    if (auto s = readChar("decimalPoint", p.decimalPoint, false, ".,"); !s.ok()) return s.error();
    if (auto s = readChar("groupSeparator", p.groupSeparator, true, ",. '"); !s.ok()) return s.error();
    if (p.decimalPoint == p.groupSeparator) return invalid("groupSeparator", "must differ from decimalPoint");
    if (auto it = j.find("headerSearchRows"); it != j.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > static_cast<std::int64_t>(kMaxHeaderSearchRows)) {
            return invalid("headerSearchRows", "must be an integer from 1 to " + std::to_string(kMaxHeaderSearchRows));
        }
        p.headerSearchRows = static_cast<std::size_t>(it->get<std::int64_t>());
    }
    if (auto it = j.find("matching"); it != j.end() && !it->is_null()) {
        if (!it->is_object()) return invalid("matching", "must be an object");
        auto readInt = [&](const char* field, std::int64_t max, std::int64_t& out) -> Status {
            auto f = it->find(field);
            if (f == it->end() || f->is_null()) return Status::success();
            if (!f->is_number_integer() || f->get<std::int64_t>() < 0 || f->get<std::int64_t>() > max) {
                return invalid(std::string("matching.") + field, "must be an integer from 0 to " + std::to_string(max));
            }
            out = f->get<std::int64_t>();
            return Status::success();
        };
        std::int64_t tolerance = p.matching.amountTolerance;
        std::int64_t window = p.matching.dateWindowDays;
        std::int64_t lag = p.matching.settlementLagDays;
        if (auto s = readInt("amountTolerance", MatchSettings::kMaxAmountTolerance, tolerance); !s.ok()) return s.error();
        if (auto s = readInt("dateWindowDays", MatchSettings::kMaxDays, window); !s.ok()) return s.error();
        if (auto s = readInt("settlementLagDays", MatchSettings::kMaxDays, lag); !s.ok()) return s.error();
        p.matching.amountTolerance = tolerance;
        p.matching.dateWindowDays = static_cast<int>(window);
        p.matching.settlementLagDays = static_cast<int>(lag);
    }
    const auto columns = j.find("columns");
    if (columns == j.end() || !columns->is_object()) return invalid("columns", "columns is required: an object of header-name lists");
    for (auto it = columns->begin(); it != columns->end(); ++it) {
        const auto role = std::find_if(roles().begin(), roles().end(), [&](const ColumnRole& r) { return it.key() == r.key; });
        if (role == roles().end()) return invalid("columns." + it.key(), "unknown column role");
        const json& v = it.value();
        std::vector<std::string> names;
        if (v.is_string()) {
            names.push_back(v.get<std::string>());
        } else if (v.is_array()) {
            for (const json& n : v) {
                if (!n.is_string()) return invalid("columns." + it.key(), "must be a header name or a list of them");
                names.push_back(n.get<std::string>());
            }
        } else if (!v.is_null()) {
            return invalid("columns." + it.key(), "must be a header name or a list of them");
        }
        if (names.size() > kMaxHeaderNames) return invalid("columns." + it.key(), "at most " + std::to_string(kMaxHeaderNames) + " names");
        for (const std::string& n : names) {
            if (normalizeHeader(n).empty() || n.size() > 128 || !isValidUtf8(n)) {
                return invalid("columns." + it.key(), "header names must be non-empty UTF-8 of at most 128 bytes");
            }
        }
        p.*(role->names) = std::move(names);
    }
    if (p.date.empty()) return invalid("columns.date", "a date column is required");
    if (p.amount.empty() && p.credit.empty() && p.debit.empty()) return invalid("columns.amount", "an amount, credit or debit column is required");
    return p;
}

json BankProfile::toJson() const {
    json columns = json::object();
    for (const ColumnRole& r : roles()) columns[r.key] = this->*(r.names);
    json j = {{"name", name},
              {"description", description},
              {"builtIn", builtIn},
              {"encoding", encoding},
              {"currency", currency.empty() ? json(nullptr) : json(currency)},
              {"dateOrder", toString(dateOrder)},
              {"decimalPoint", std::string(1, decimalPoint)},
              {"groupSeparator", groupSeparator == '\0' ? std::string() : std::string(1, groupSeparator)},
              {"headerSearchRows", headerSearchRows},
              {"matching",
               {{"amountTolerance", matching.amountTolerance},
                {"dateWindowDays", matching.dateWindowDays},
                {"settlementLagDays", matching.settlementLagDays}}},
              {"columns", columns}};
    return j;
}

}  // namespace paydesk::recon
