#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"
#include "recon/BankProfile.h"
#include "recon/CsvReader.h"
#include "recon/ReconTypes.h"
#include "recon/TextEncoding.h"

namespace paydesk::recon {

struct StatementOptions {
    // Profiles to try, in order: the header row decides which one reads the file. One entry means
    // the caller chose it.
    std::vector<const BankProfile*> profiles;
    std::optional<TextEncoding> encoding;  // forced by the upload; else the profile's; else detected
    std::string currency;                  // forced by the upload; else the profile's; else KRW
    std::size_t maxRows = 2'000'000;
    CsvLimits csv;

    static constexpr std::size_t kMaxMemoChars = 512;
    static constexpr std::size_t kMaxReferenceChars = 128;
    static constexpr std::size_t kMaxBranchChars = 64;
};

// Reads a bank statement file into compact BankLines, row by row: decoding (UTF-8 or CP949, chunk
// by chunk), CSV records, the header row (searched among the first records, so a title or account
// block above it is fine), then each row through the profile. A row that cannot be read becomes a
// RowError with its line number and reason; the others are kept.
//
// Errors for the file as a whole: EMPTY_FILE, UNRECOGNIZED_FORMAT (no header row any candidate
// profile recognises; the message says what was missing), TOO_MANY_ROWS, VALIDATION_ERROR (currency).
class StatementReader {
public:
    static Result<BankStatement> read(std::string_view bytes, const StatementOptions& options, const BankProfile** chosen = nullptr);
};

}  // namespace paydesk::recon
