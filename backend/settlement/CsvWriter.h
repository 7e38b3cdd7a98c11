#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace paydesk::settlement {

// RFC 4180 CSV: fields separated by commas, records by CRLF; a field containing a comma, a double
// quote, CR or LF is enclosed in double quotes with its quotes doubled. A field that a
// spreadsheet would run as a formula (leading =, +, -, @, tab or CR) and that is not a number is
// prefixed with a single quote, so an exported merchant name cannot execute anything.
class CsvWriter {
public:
    void row(std::initializer_list<std::string_view> fields);
    [[nodiscard]] const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

    static std::string field(std::string_view value);
    static std::string number(std::int64_t value) { return std::to_string(value); }

private:
    std::string out_;
};

}  // namespace paydesk::settlement
