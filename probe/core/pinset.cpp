#include "core/pinset.hpp"

#include <algorithm>

namespace probe::core {

std::string_view to_string(PinRole role) noexcept {
  switch (role) {
    case PinRole::leaf:
      return "leaf";
    case PinRole::intermediate:
      return "intermediate";
    case PinRole::root:
      return "root";
  }
  return "leaf";
}

std::optional<PinRole> parse_pin_role(std::string_view text) noexcept {
  for (const auto role : {PinRole::leaf, PinRole::intermediate, PinRole::root}) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

PinRole certificate_role(const CertFacts& facts) noexcept {
  if (!facts.is_ca) return PinRole::leaf;
  return facts.self_signed ? PinRole::root : PinRole::intermediate;
}

std::vector<std::string> Pinset::anchors() const {
  std::vector<std::string> out;
  for (const auto& pin : pins) {
    if (!pin.anchor_der.empty()) out.push_back(pin.anchor_der);
  }
  return out;
}

const Pin* Pinset::find_pin(std::string_view sha256) const noexcept {
  const auto it =
      std::find_if(pins.begin(), pins.end(), [sha256](const Pin& p) { return p.sha256 == sha256; });
  return it == pins.end() ? nullptr : &*it;
}

const Pinset* PinsetCatalog::find(std::string_view name) const noexcept {
  const auto it = std::find_if(pinsets.begin(), pinsets.end(),
                               [name](const Pinset& p) { return p.name == name; });
  return it == pinsets.end() ? nullptr : &*it;
}

}  // namespace probe::core
