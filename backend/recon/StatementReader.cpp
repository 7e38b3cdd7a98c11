#include "recon/StatementReader.h"

#include <algorithm>
#include <cassert>
#include <memory>

#include "core/Utf8.h"
#include "core/Currency.h"
#include "recon/BankFields.h"
#include "recon/ByteSource.h"
#include "recon/DecodingSource.h"

namespace paydesk::recon {

namespace {

bool blankRecord(const CsvRecord& r) {
    return std::all_of(r.fields.begin(), r.fields.end(), [](std::string_view f) { return trimText(f).empty(); });
}

bool hasReplacement(std::string_view text) { return text.find("\xEF\xBF\xBD") != std::string_view::npos; }

std::string_view field(const CsvRecord& r, int column) {
    if (column < 0 || static_cast<std::size_t>(column) >= r.fields.size()) return {};
    return trimText(r.fields[static_cast<std::size_t>(column)]);
}

// Reads one data row into `line`; the reason when it cannot.
std::optional<std::string> readRow(const CsvRecord& r, const ColumnMap& map, const BankProfile& profile, const AmountFormat& format,
                                   const std::string& encoding, BankStatement& out, BankLine& line) {
    if (r.fields.size() != map.columns) {
        const bool onlyBlankExtras = r.fields.size() > map.columns &&
                                     std::all_of(r.fields.begin() + static_cast<std::ptrdiff_t>(map.columns), r.fields.end(),
                                                 [](std::string_view f) { return trimText(f).empty(); });
        if (!onlyBlankExtras) {
            return "expected " + std::to_string(map.columns) + " columns, found " + std::to_string(r.fields.size());
        }
    }
    line.lineNo = r.line;
    const std::string_view dateText = field(r, map.date);
    if (hasReplacement(dateText)) return "date contains bytes that are not valid " + encoding;
    auto date = parseDateTime(dateText, profile.dateOrder);
    if (!date.ok()) return date.error().message;
    line.day = date->day;
    line.seconds = date->seconds;
    if (map.time >= 0) {
        const std::string_view timeText = field(r, map.time);
        if (!timeText.empty()) {
            auto t = parseTimeOfDay(timeText);
            if (!t.ok()) return t.error().message;
            line.seconds = t.value();
        }
    }
    std::int64_t amount = 0;
    if (map.credit >= 0 || map.debit >= 0) {
        auto credit = parseAmount(field(r, map.credit), format);
        if (!credit.ok()) return "deposit " + credit.error().message;
        auto debit = parseAmount(field(r, map.debit), format);
        if (!debit.ok()) return "withdrawal " + debit.error().message;
        const std::int64_t in = credit->value_or(0);
        const std::int64_t outAmount = debit->value_or(0);
        if (in < 0 || outAmount < 0) {
            // A negative deposit is a reversal: count it as money out (and vice versa).
            if (in != 0 && outAmount != 0) return "both deposit and withdrawal are filled in";
        } else if (in != 0 && outAmount != 0) {
            return "both deposit and withdrawal are filled in";
        }
        amount = in != 0 ? in : -outAmount;
    } else {
        auto a = parseAmount(field(r, map.amount), format);
        if (!a.ok()) return a.error().message;
        amount = a->value_or(0);
    }
    if (amount == 0) return "no amount (deposit and withdrawal are empty or zero)";
    line.amount = amount;
    if (map.balance >= 0) {
        auto b = parseAmount(field(r, map.balance), format);
        if (!b.ok()) return "balance " + b.error().message;
        line.hasBalance = b->has_value();
        line.balance = b->value_or(0);
    }
    std::string memo;
    for (int column : map.memo) {
        const std::string_view part = field(r, column);
        if (part.empty()) continue;
        if (!memo.empty()) memo.push_back(' ');
        memo.append(part);
    }
    line.memo = out.text.add(truncateUtf8(memo, StatementOptions::kMaxMemoChars));
    line.reference = out.text.add(truncateUtf8(field(r, map.reference), StatementOptions::kMaxReferenceChars));
    line.branch = out.text.add(truncateUtf8(field(r, map.branch), StatementOptions::kMaxBranchChars));
    return std::nullopt;
}

}  // namespace

Result<BankStatement> StatementReader::read(std::string_view bytes, const StatementOptions& options, const BankProfile** chosen) {
    assert(!options.profiles.empty());
    if (trimText(bytes).empty() || trimText(bytes) == "\xEF\xBB\xBF")
        return Error::make(ErrorCode::EmptyFile, "the file is empty");

    // The encoding: forced, else the (single) profile's, else what the bytes look like.
    TextEncoding encoding = TextEncoding::Utf8;
    if (options.encoding) {
        encoding = *options.encoding;
    } else if (options.profiles.size() == 1 && options.profiles.front()->encoding != "auto") {
        encoding = parseEncoding(options.profiles.front()->encoding).value_or(TextEncoding::Utf8);
    } else {
        encoding = detectEncoding(bytes);
    }
    const bool repair = encoding == TextEncoding::Cp949 || !isValidUtf8(bytes);
    MemorySource raw(bytes);
    std::unique_ptr<DecodingSource> decoder;
    if (repair) decoder = std::make_unique<DecodingSource>(raw, encoding);
    ByteSource& source = repair ? static_cast<ByteSource&>(*decoder) : static_cast<ByteSource&>(raw);
    CsvReader reader(source, options.csv);

    BankStatement out;
    out.encoding = std::string(encodingName(encoding));
    out.text.reserve(std::min<std::size_t>(bytes.size() / 2, std::size_t{256} << 20));

    // The header: the first record one of the profiles recognises.
    std::size_t searchRows = 0;
    for (const BankProfile* p : options.profiles) searchRows = std::max(searchRows, p->headerSearchRows);
    const BankProfile* profile = nullptr;
    ColumnMap map;
    std::string firstProblem;
    CsvRecord record;
    std::size_t seen = 0;
    while (profile == nullptr && seen < searchRows && reader.next(record)) {
        if (!record.error.empty() || blankRecord(record)) continue;
        ++seen;
        std::vector<std::string> header(record.fields.begin(), record.fields.end());
        for (const BankProfile* candidate : options.profiles) {
            if (seen > candidate->headerSearchRows) continue;
            std::string problem;
            if (auto m = candidate->resolve(header, problem)) {
                profile = candidate;
                map = std::move(*m);
                out.headerLine = record.line;
                break;
            }
            if (firstProblem.empty()) firstProblem = problem;
        }
    }
    if (profile == nullptr) {
        std::string names;
        for (const BankProfile* p : options.profiles) names += (names.empty() ? "" : ", ") + p->name;
        return Error::make(ErrorCode::UnrecognizedFormat,
                           "no header row in the first " + std::to_string(searchRows) + " rows matches profile " +
                               names + (firstProblem.empty() ? std::string() : " (" + firstProblem + ")"));
    }
    if (chosen != nullptr) *chosen = profile;
    out.profile = profile->name;
    out.currency = !options.currency.empty() ? options.currency : !profile->currency.empty() ? profile->currency : "KRW";
    const auto currency = findCurrency(out.currency);
    if (!currency)
        return Error::make(ErrorCode::ValidationError,
                           "currency: unknown or unsupported currency '" + out.currency + "'");
    out.exponent = currency->exponent;
    const AmountFormat format{currency->exponent, profile->decimalPoint, profile->groupSeparator};

    bool anyDay = false;
    while (reader.next(record)) {
        if (record.error.empty() && blankRecord(record)) continue;
        if (++out.rows > options.maxRows) {
            return Error::make(ErrorCode::TooManyRows,
                               "the file has more than " + std::to_string(options.maxRows) + " rows");
        }
        if (!record.error.empty()) {
            out.addError(record.line, record.error);
            continue;
        }
        BankLine line;
        if (auto problem = readRow(record, map, *profile, format, out.encoding, out, line)) {
            out.addError(record.line, std::move(*problem));
            continue;
        }
        if (!anyDay || line.day < out.firstDay) out.firstDay = line.day;
        if (!anyDay || line.day > out.lastDay) out.lastDay = line.day;
        anyDay = true;
        out.lines.push_back(line);
    }
    return out;
}

}  // namespace paydesk::recon
