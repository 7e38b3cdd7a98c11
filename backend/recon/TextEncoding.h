#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Character encodings of bank files: UTF-8 (with or without BOM) and CP949 (the Windows superset of
// EUC-KR that Korean banks export). Conversion goes through glibc's iconv.
namespace paydesk::recon {

enum class TextEncoding { Utf8, Cp949 };

// "UTF-8"/"utf8" -> Utf8; "CP949"/"EUC-KR"/"UHC"/"MS949"/"KS_C_5601-1987" -> Cp949 (case-insensitive).
// EUC-KR is read as CP949: every EUC-KR file is valid CP949, and banks labelled EUC-KR often
// contain CP949-only syllables. nullopt for anything else (including "auto").
std::optional<TextEncoding> parseEncoding(std::string_view name);
std::string_view encodingName(TextEncoding encoding);  // "UTF-8" or "CP949"

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view bytes);
// The length of the well-formed UTF-8 sequence at the start of `bytes` (1..4); 0 when it is
// malformed; kIncompleteUtf8 when the bytes so far are a valid prefix that more bytes could complete.
inline constexpr std::size_t kIncompleteUtf8 = static_cast<std::size_t>(-1);
std::size_t utf8SequenceLength(std::string_view bytes);
// Valid UTF-8 is UTF-8; anything else is taken for CP949 (the only legacy encoding supported).
TextEncoding detectEncoding(std::string_view bytes);

// Whole-string conversion to UTF-8 (small texts: headers, tests). Undecodable bytes become U+FFFD.
std::string toUtf8(std::string_view bytes, TextEncoding from);
// UTF-8 to CP949 (for tests and fixtures); nullopt when a character has no CP949 form.
std::optional<std::string> utf8ToCp949(std::string_view utf8);

}  // namespace paydesk::recon
