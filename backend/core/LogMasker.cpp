#include "core/LogMasker.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

namespace paydesk {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string toLower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

constexpr std::size_t kMinPan = 13;
constexpr std::size_t kMaxPan = 19;

// Rewrites the digits of text[begin,end) (which may contain single separators) so that only the
// first six and last four digits stay visible.
void maskDigitsInPlace(std::string& text, std::size_t begin, std::size_t end, std::size_t digitCount) {
    std::size_t seen = 0;
    for (std::size_t i = begin; i < end; ++i) {
        if (!isDigit(text[i])) continue;
        if (seen >= 6 && seen < digitCount - 4) text[i] = '*';
        ++seen;
    }
    assert(seen == digitCount);
}

}  // namespace

LogMasker& LogMasker::global() {
    static LogMasker masker;
    return masker;
}

void LogMasker::addSecret(std::string_view secret) {
    if (secret.size() < kMinSecretLength) return;
    std::unique_lock lock(mutex_);
    secrets_.emplace(secret);
}

void LogMasker::clearSecrets() {
    std::unique_lock lock(mutex_);
    secrets_.clear();
}

bool LogMasker::luhnValid(std::string_view digits) {
    if (digits.size() < 2) return false;
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!isDigit(*it)) return false;
        int d = *it - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

std::string LogMasker::maskPan(std::string_view digits) {
    std::string out(digits);
    if (out.size() <= 10) return std::string(out.size(), '*');
    maskDigitsInPlace(out, 0, out.size(), out.size());
    return out;
}

std::string LogMasker::maskCardNumbers(std::string_view input) {
    std::string text(input);
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1]))) {
            ++i;
            continue;
        }
        // Collect a group: digit runs joined by single ' ' or '-'.
        std::size_t end = i;
        std::string digits;
        std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end) of each pure digit run
        while (end < text.size()) {
            std::size_t runBegin = end;
            while (end < text.size() && isDigit(text[end])) digits.push_back(text[end++]);
            runs.emplace_back(runBegin, end);
            if (end + 1 < text.size() && (text[end] == ' ' || text[end] == '-') && isDigit(text[end + 1])) {
                ++end;
                continue;
            }
            break;
        }
        if (digits.size() >= kMinPan && digits.size() <= kMaxPan && luhnValid(digits)) {
            maskDigitsInPlace(text, i, end, digits.size());
        } else if (runs.size() > 1) {
            // The grouping was not a card number as a whole; any single run still may be.
            for (auto [b, e] : runs) {
                std::size_t n = e - b;
                if (n >= kMinPan && n <= kMaxPan && luhnValid(std::string_view(text).substr(b, n))) {
                    maskDigitsInPlace(text, b, e, n);
                }
            }
        }
        i = end;
    }
    return text;
}

std::string LogMasker::maskSecrets(std::string text) const {
    std::shared_lock lock(mutex_);
    for (const auto& secret : secrets_) {
        std::size_t pos = 0;
        while ((pos = text.find(secret, pos)) != std::string::npos) {
            text.replace(pos, secret.size(), kRedacted);
            pos += kRedacted.size();
        }
    }
    return text;
}

std::string LogMasker::maskPatterns(std::string text) {
    // "Bearer <token>" (any case), up to the next quote, space or comma.
    {
        std::string lower = toLower(text);
        std::size_t pos = 0;
        while ((pos = lower.find("bearer ", pos)) != std::string::npos) {
            std::size_t start = pos + 7;
            std::size_t end = start;
            while (end < text.size() && text[end] != '"' && text[end] != ' ' && text[end] != ',' && text[end] != '\\') ++end;
            if (end > start) {
                text.replace(start, end - start, kRedacted);
                lower.replace(start, end - start, kRedacted);
            }
            pos = start + kRedacted.size();
        }
    }
    // URL userinfo: scheme://user:password@host -> scheme://user:***@host
    {
        std::size_t pos = 0;
        while ((pos = text.find("://", pos)) != std::string::npos) {
            std::size_t start = pos + 3;
            std::size_t at = start;
            while (at < text.size() && text[at] != '@' && text[at] != '/' && text[at] != ' ' && text[at] != '"') ++at;
            if (at < text.size() && text[at] == '@') {
                std::size_t colon = text.find(':', start);
                if (colon != std::string::npos && colon < at && at - colon > 1) {
                    text.replace(colon + 1, at - colon - 1, kRedacted);
                }
            }
            pos = start;
        }
    }
    // key=value pairs such as "password=hunter2" or "secret: abc" in free text.
    {
        static const char* const kKeys[] = {"password=", "passwd=", "secret=", "token=", "password:", "secret:"};
        std::string lower = toLower(text);
        for (const char* key : kKeys) {
            std::size_t pos = 0;
            const std::size_t keyLen = std::char_traits<char>::length(key);
            while ((pos = lower.find(key, pos)) != std::string::npos) {
                std::size_t start = pos + keyLen;
                while (start < text.size() && text[start] == ' ') ++start;
                std::size_t end = start;
                while (end < text.size() && text[end] != '"' && text[end] != ' ' && text[end] != ',' && text[end] != '&' &&
                       text[end] != ';' && text[end] != '\\')
                    ++end;
                if (end > start && text.compare(start, end - start, kRedacted) != 0) {
                    text.replace(start, end - start, kRedacted);
                    lower.replace(start, end - start, kRedacted);
                }
                pos = start + 1;
            }
        }
    }
    return text;
}

std::string LogMasker::mask(std::string_view text) const {
    std::string out = maskSecrets(std::string(text));
    out = maskPatterns(std::move(out));
    return maskCardNumbers(out);
}

bool LogMasker::isSecretKey(std::string_view key) {
    const std::string k = toLower(key);
    static const char* const kNeedles[] = {"password", "passwd", "secret", "token", "authorization", "signature", "apikeysecret", "cvv", "cvc"};
    return std::any_of(std::begin(kNeedles), std::end(kNeedles), [&](const char* n) { return k.find(n) != std::string::npos; });
}

void LogMasker::maskFields(nlohmann::json& fields) {
    if (fields.is_object()) {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (isSecretKey(it.key())) {
                it.value() = std::string(kRedacted);
            } else {
                maskFields(it.value());
            }
        }
    } else if (fields.is_array()) {
        for (auto& v : fields) maskFields(v);
    }
}

}  // namespace paydesk
