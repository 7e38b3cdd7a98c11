#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"

namespace paydesk::recon {

struct MultipartPart {
    std::string name;         // Content-Disposition name
    std::string fileName;     // Content-Disposition filename (empty for plain fields)
    std::string contentType;  // the part's Content-Type (empty when absent)
    std::string_view body;    // points into the request body
};

// A bounded multipart/form-data reader (RFC 7578): the parts are views into the request body, so a
// 500 MiB file part costs no copy. Limits: kMaxParts parts, kMaxPartHeaderBytes of headers per part,
// boundaries of 1..70 characters. Accepts CRLF and bare LF line ends. Error code MALFORMED_MULTIPART
// says what is wrong.
class MultipartForm {
public:
    static constexpr std::size_t kMaxParts = 16;
    static constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;
    static constexpr std::size_t kMaxBoundary = 70;

    static Result<std::vector<MultipartPart>> parse(std::string_view contentType, std::string_view body);
    // The boundary parameter of a multipart Content-Type, or nullopt.
    static std::optional<std::string> boundaryOf(std::string_view contentType);
};

}  // namespace paydesk::recon
