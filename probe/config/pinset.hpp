// Pinsets (SPEC §2 "pins/"): SPKI pins and the anchor certificates a chain must verify to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/file_source.hpp"
#include "core/result.hpp"

namespace probe::config {

struct Pin {
  std::string sha256;  // RFC 7469 pin-sha256, base64 of 32 bytes
  std::string label;
  std::string role;        // "root", "intermediate" or "leaf"
  std::string cert_path;   // anchor certificate, relative to the pins directory; may be empty
  std::string anchor_der;  // that certificate's DER when cert_path is set
};

struct Pinset {
  std::string name;
  std::string description;
  std::string source;  // file it came from, for messages
  std::vector<Pin> pins;

  // DER of every anchor certificate (pins with a cert), in file order.
  [[nodiscard]] std::vector<std::string> anchors() const;
  // The pin with hash `sha256`, or nullptr.
  [[nodiscard]] const Pin* find_pin(std::string_view sha256) const noexcept;
};

struct PinsetCatalog {
  std::vector<Pinset> pinsets;  // sorted by name
  // The pinset called `name`, or nullptr.
  [[nodiscard]] const Pinset* find(std::string_view name) const noexcept;
};

// Parses one pinset file `path` of `files`. Anchor `cert:` paths are read from `files` too.
// Fails (config) with "file:line:col: message": unknown or duplicate keys, a pin that is not
// base64 of 32 bytes, a bad role, an anchor that is missing, not a certificate, or whose key
// does not hash to its pin, a pinset without any anchor.
core::Result<Pinset> parse_pinset(std::string_view text, std::string_view path,
                                  const FileSource& files);

// Loads every "*.yaml" pinset of `files`. Fails on the first bad file, on two pinsets with
// one name, on a pinset called "none" (reserved), and when there is no pinset at all.
core::Result<PinsetCatalog> load_pinsets(const FileSource& files);

}  // namespace probe::config
