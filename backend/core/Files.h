#pragma once

#include <cstddef>
#include <string>

// Small file helpers: private files written atomically (secrets, identities), whole-file reads and
// the last lines of a log.
namespace paydesk::files {

// Writes `content` to path.tmp with `mode`, fsyncs it and renames it over `path`.
bool writeAtomically(const std::string& path, const std::string& content, unsigned mode);
// The whole file; empty when it cannot be read.
std::string read(const std::string& path);
// Its last maxLines lines, joined by newlines.
std::string tail(const std::string& path, std::size_t maxLines);

}  // namespace paydesk::files
