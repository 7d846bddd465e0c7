// The configuration a run uses: the embedded defaults, or --domains / --pins overrides.
#pragma once

#include <optional>
#include <string>

#include "config/domains.hpp"
#include "config/pinset.hpp"
#include "core/result.hpp"

namespace probe::config {

struct LoadedConfig {
  PinsetCatalog pinsets;
  DomainsConfig domains;
};

// Loads pinsets from `pins_dir` (or the embedded pins/) and then domains.yaml from
// `domains_file` (or the embedded one), validating the pinset names it uses.
core::Result<LoadedConfig> load_config(const std::optional<std::string>& domains_file,
                                       const std::optional<std::string>& pins_dir);

// Only the pinsets (for `pins show`, `cert`).
core::Result<PinsetCatalog> load_pinset_catalog(const std::optional<std::string>& pins_dir);

}  // namespace probe::config
