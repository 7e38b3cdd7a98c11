#include "settlement/CsvWriter.h"

namespace paydesk::settlement {

namespace {

bool isInteger(std::string_view v) {
    if (!v.empty() && (v.front() == '-' || v.front() == '+')) v.remove_prefix(1);
    if (v.empty()) return false;
    for (char c : v) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::string CsvWriter::field(std::string_view value) {
    std::string text(value);
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' ||
                          text.front() == '\t' || text.front() == '\r') &&
        !isInteger(text)) {
        text.insert(text.begin(), '\'');
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (std::string_view f : fields) {
        if (!first) out_ += ',';
        first = false;
        out_ += field(f);
    }
    out_ += "\r\n";
}

}  // namespace paydesk::settlement
