// libFuzzer target for the multipart/form-data reader behind bank statement uploads
// (recon::MultipartForm). The input's first line is the Content-Type (boundary included), the rest
// the request body, so the fuzzer varies both.
//
// Whatever the bytes, parsing must not crash and must stay within its limits: a boundary of 1 to 70
// allowed characters, at most kMaxParts parts, each with a name, each body a view inside the request
// body, in order and without overlap. What parsed must parse again to the same parts once written
// back out in canonical form (CRLF line ends, quoted parameters), and parsing must be deterministic.
//
//   build/fuzz/tests/fuzz/fuzz_Multipart -max_total_time=60 tests/fuzz/corpus/fuzz_Multipart

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "FuzzCheck.h"
#include "recon/MultipartForm.h"

using paydesk::recon::MultipartForm;
using paydesk::recon::MultipartPart;

namespace {

bool sameParts(const std::vector<MultipartPart>& a, const std::vector<MultipartPart>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].fileName != b[i].fileName || a[i].contentType != b[i].contentType ||
            a[i].body != b[i].body) {
            return false;
        }
    }
    return true;
}

// A parameter value the canonical writer can quote without escapes, and that the reader returns as
// it was (the reader drops a backslash before any character, and trims the part header line).
bool plainValue(std::string_view v) {
    return v.find_first_of("\"\\\n") == std::string_view::npos;
}

bool writable(const MultipartPart& p) {
    const bool typeTrimmed = p.contentType.empty() || (p.contentType.front() != ' ' && p.contentType.front() != '\t' &&
                                                       p.contentType.back() != ' ' && p.contentType.back() != '\t' &&
                                                       p.contentType.back() != '\r');
    // The canonical header lines may be longer than the original ones (quotes, spaces): stay clear
    // of the per-part header limit.
    const bool small =
        p.name.size() + p.fileName.size() + p.contentType.size() + 128 < MultipartForm::kMaxPartHeaderBytes;
    return plainValue(p.name) && plainValue(p.fileName) && p.contentType.find('\n') == std::string::npos &&
           typeTrimmed && small;
}

std::string write(const std::string& boundary, const std::vector<MultipartPart>& parts) {
    std::string out;
    for (const MultipartPart& p : parts) {
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.fileName.empty()) out += "; filename=\"" + p.fileName + "\"";
        out += "\r\n";
        if (!p.contentType.empty()) out += "Content-Type: " + p.contentType + "\r\n";
        out += "\r\n";
        out.append(p.body);
        out += "\r\n";
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view contentType = input.substr(0, newline);
    const std::string_view body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

    const auto boundary = MultipartForm::boundaryOf(contentType);
    if (boundary) {
        FUZZ_CHECK(!boundary->empty() && boundary->size() <= MultipartForm::kMaxBoundary);
        FUZZ_CHECK(boundary->find_first_of("\r\n\"") == std::string::npos);
    }
    const auto parsed = MultipartForm::parse(contentType, body);
    if (!parsed.ok()) {
        FUZZ_CHECK(parsed.error().code == "MALFORMED_MULTIPART" && !parsed.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(boundary.has_value());
    const std::vector<MultipartPart>& parts = parsed.value();
    FUZZ_CHECK(parts.size() <= MultipartForm::kMaxParts);
    const char* previousEnd = body.data();
    for (const MultipartPart& p : parts) {
        FUZZ_CHECK(!p.name.empty());
        FUZZ_CHECK(p.body.data() >= previousEnd && p.body.data() + p.body.size() <= body.data() + body.size());
        previousEnd = p.body.data() + p.body.size();
    }

    const auto again = MultipartForm::parse(contentType, body);
    FUZZ_CHECK(again.ok() && sameParts(again.value(), parts));

    for (const MultipartPart& p : parts) {
        if (!writable(p)) return 0;
    }
    const std::string canonical = write(*boundary, parts);
    const auto reread = MultipartForm::parse("multipart/form-data; boundary=\"" + *boundary + "\"", canonical);
    FUZZ_CHECK(reread.ok() && sameParts(reread.value(), parts));
    return 0;
}
