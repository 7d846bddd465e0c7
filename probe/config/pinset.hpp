// Pinset files (SPEC §2 "pins/"): parsing and loading into core::Pinset values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/file_source.hpp"
#include "core/cert_facts.hpp"
#include "core/pinset.hpp"
#include "core/result.hpp"

namespace probe::config {

// The data types live in core (core/pinset.hpp); config parses them.
using core::certificate_role;
using core::Pin;
using core::Pinset;
using core::PinsetCatalog;

// Parses one pinset file `path` of `files` (SPEC §2: a pin needs `sha256` and `label`; `role`
// and `cert` are optional). Anchor `cert:` paths are read from `files` too. Fails (config) with
// "file:line:col: message": unknown or duplicate keys, a pin that is not base64 of 32 bytes, a
// bad role, a role that contradicts its certificate, an anchor that is missing, not a
// certificate, or whose key does not hash to its pin, a pinset without any anchor.
core::Result<Pinset> parse_pinset(std::string_view text, std::string_view path,
                                  const FileSource& files);

// Loads every "*.yaml" pinset of `files`. Fails on the first bad file, on two pinsets with
// one name, on a pinset called "none" (reserved), and when there is no pinset at all.
core::Result<PinsetCatalog> load_pinsets(const FileSource& files);

}  // namespace probe::config
