// Pinsets as plain data (SPEC §2 "pins/"): SPKI pins and the anchor certificates a chain must
// verify to. config/ parses them (config/pinset.hpp), tls/ judges against them; neither
// includes the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cert_facts.hpp"

namespace probe::core {

// Where a certificate sits on a path.
enum class PinRole { leaf, intermediate, root };

// "leaf", "intermediate", "root": the words of pinset files and reports.
std::string_view to_string(PinRole role) noexcept;
// The role named `text`, nullopt for any other word.
std::optional<PinRole> parse_pin_role(std::string_view text) noexcept;

// The role a certificate can play on a path: a self-signed CA is a root, any other CA an
// intermediate, anything else (basicConstraints CA:FALSE or absent on a v3 certificate) a
// leaf.
PinRole certificate_role(const CertFacts& facts) noexcept;

struct Pin {
  std::string sha256;  // RFC 7469 pin-sha256, base64 of 32 bytes
  std::string label;
  // As written, else inferred from `cert:` (certificate_role). nullopt when the file gives
  // neither: the role is then where the pin matched on the verified path (the judge reports
  // that position for every hit).
  std::optional<PinRole> role;
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

}  // namespace probe::core
