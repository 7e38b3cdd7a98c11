#include "http/HttpTypes.h"

#include <algorithm>
#include <cassert>

#include "http/SpooledBody.h"

namespace paydesk::http {

namespace {

char lowerAscii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int hexValue(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// application/x-www-form-urlencoded decoding. A malformed escape ("%zz", a trailing "%") is kept
// literally: rejecting the whole query over one bad byte would only hide the parameter.
std::string formDecode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < in.size()) {
            const int hi = hexValue(in[i + 1]);
            const int lo = hexValue(in[i + 2]);
            if (hi < 0 || lo < 0) {
                out.push_back(c);
                continue;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const noexcept {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return lowerAscii(x) < lowerAscii(y); });
}

std::string HttpRequest::header(std::string_view name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

std::string HttpRequest::param(const std::string& name) const {
    const auto it = pathParams.find(name);
    return it == pathParams.end() ? std::string{} : it->second;
}

std::string_view HttpRequest::bodyBytes() const { return spooled ? spooled->bytes() : std::string_view(body); }

std::string HttpRequest::queryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        const std::string_view rawKey = pair.substr(0, eq);
        if (formDecode(rawKey) != name) continue;
        return eq == std::string_view::npos ? std::string{} : formDecode(pair.substr(eq + 1));
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json";
    // replace: a stray invalid UTF-8 byte in some field must not turn an answer into an exception.
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string contentType) {
    HttpResponse r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view message,
                                 const nlohmann::json& extra) {
    assert(extra.is_object() || extra.is_null());
    nlohmann::json body = nlohmann::json::object();
    if (extra.is_object()) {
        for (const auto& [key, value] : extra.items()) body[key] = value;
    }
    // code and message are the contract every client parses; extra fields never override them.
    body["code"] = std::string(code);
    body["message"] = std::string(message);
    return json(status, body);
}

}  // namespace paydesk::http
