#pragma once

// JSON from outside the process (request bodies, Kafka messages) is bounded in nesting before it is
// parsed: nlohmann parses iteratively but serialises (dump) and compares recursively, so an
// unbounded depth is a stack overflow waiting for the first dump() of an attacker's document.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace paydesk {

// Deepest nesting of arrays and objects any accepted JSON document may have.
inline constexpr std::size_t kMaxJsonDepth = 32;

// True when `text`, read as JSON, never nests arrays/objects deeper than maxDepth. A linear scan that
// skips string literals (with their escapes); it does not validate the document, the parser does.
bool jsonDepthWithin(std::string_view text, std::size_t maxDepth = kMaxJsonDepth) noexcept;

// Parses `text` as JSON only when its nesting is within kMaxJsonDepth: a discarded value otherwise,
// exactly as a malformed document gives.
// When tooDeep is given, it tells whether the refusal was for the nesting (one scan serves both).
nlohmann::json parseBoundedJson(std::string_view text, bool* tooDeep = nullptr);

}  // namespace paydesk
