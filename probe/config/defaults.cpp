#include "config/defaults.hpp"

#include <memory>

#include "config/file_source.hpp"
#include "core/embedded.hpp"

namespace probe::config {

core::Result<PinsetCatalog> load_pinset_catalog(const std::optional<std::string>& pins_dir) {
  if (pins_dir) return load_pinsets(DiskSource(*pins_dir));
  // The built-in pinsets are part of the binary: parsed (PEM, pins checked) once per process.
  static const core::Result<PinsetCatalog> k_embedded = load_pinsets(EmbeddedSource("pins/"));
  return k_embedded;
}

core::Result<LoadedConfig> load_config(const std::optional<std::string>& domains_file,
                                       const std::optional<std::string>& pins_dir) {
  auto catalog = load_pinset_catalog(pins_dir);
  if (!catalog) return core::unexpected(catalog.error());
  std::set<std::string, std::less<>> names;
  for (const auto& set : catalog->pinsets) names.insert(set.name);
  std::string text;
  std::string source;
  if (domains_file) {
    auto bytes = read_file(*domains_file, k_config_limit);
    if (!bytes) return core::unexpected(bytes.error());
    text = std::move(*bytes);
    source = *domains_file;
  } else {
    auto bytes = core::embedded_file("domains.yaml");
    PROBE_ASSERT(bytes.has_value());
    text = std::string(*bytes);
    source = "<built-in>/domains.yaml";
  }
  auto domains = parse_domains(text, source, names);
  if (!domains) return core::unexpected(domains.error());
  return LoadedConfig{std::move(*catalog), std::move(*domains)};
}

}  // namespace probe::config
