#include "config/inspection_products.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/yaml_reader.hpp"
#include "core/assert.hpp"
#include "core/embedded.hpp"
#include "core/text.hpp"
#include "tls/certificate.hpp"

namespace probe::config {

using core::unexpected;
using detail::YamlReader;

namespace {

core::Result<void> parse_globs(const YamlReader& yaml, const YAML::Node& node,
                               InspectionProduct& product) {
  const auto match = node["match"];
  if (!match) return {};
  if (auto ok = yaml.sequence(match, "match", false); !ok) return unexpected(ok.error());
  for (const auto& item : match) {
    auto glob = yaml.string(item, "match");
    if (!glob) return unexpected(glob.error());
    if (glob->empty() || std::all_of(glob->begin(), glob->end(), [](char c) { return c == '*'; })) {
      return unexpected(yaml.error_at(item, "a match glob must name something"));
    }
    product.match.push_back(*glob);
  }
  return {};
}

core::Result<void> parse_pins(const YamlReader& yaml, const YAML::Node& node,
                              InspectionProduct& product) {
  const auto pins = node["pins"];
  if (!pins) return {};
  if (auto ok = yaml.sequence(pins, "pins", false); !ok) return unexpected(ok.error());
  for (const auto& item : pins) {
    auto pin = yaml.string(item, "pins");
    if (!pin) return unexpected(pin.error());
    if (!tls::is_sha256_base64(*pin)) {
      return unexpected(
          yaml.error_at(item, fmt::format("pin '{}' is not base64 of a 32-byte SHA-256 digest",
                                          core::escape_control(*pin, 80))));
    }
    product.pins.push_back(*pin);
  }
  return {};
}

core::Result<InspectionProduct> parse_product(const YamlReader& yaml, const YAML::Node& node) {
  if (auto ok = yaml.check_map(node, "product", {"name", "match", "pins", "note"}); !ok) {
    return unexpected(ok.error());
  }
  InspectionProduct product;
  auto name = yaml.required(node, "name", "product");
  if (!name) return unexpected(name.error());
  auto name_text = yaml.string(*name, "name");
  if (!name_text) return unexpected(name_text.error());
  product.name = *name_text;
  if (auto ok = parse_globs(yaml, node, product); !ok) return unexpected(ok.error());
  if (auto ok = parse_pins(yaml, node, product); !ok) return unexpected(ok.error());
  if (product.match.empty() && product.pins.empty()) {
    return unexpected(yaml.error_at(node, "product needs 'match' globs or 'pins'"));
  }
  if (node["note"]) {
    auto note = yaml.string(node["note"], "note");
    if (!note) return unexpected(note.error());
    product.note = *note;
  }
  return product;
}

}  // namespace

core::Result<std::vector<InspectionProduct>> parse_inspection_products(std::string_view text,
                                                                       std::string_view source) {
  const YamlReader yaml{std::string(source)};
  auto root = yaml.parse(text, "an inspection-products file");
  if (!root) return unexpected(root.error());
  if (auto ok = yaml.check_map(*root, "inspection-products file", {"version", "products"}); !ok) {
    return unexpected(ok.error());
  }
  auto version = yaml.required(*root, "version", "inspection-products file");
  if (!version) return unexpected(version.error());
  auto number = yaml.integer(*version, "version");
  if (!number) return unexpected(number.error());
  if (*number != 1) return unexpected(yaml.error_at(*version, "unsupported version (expected 1)"));
  auto products = yaml.required(*root, "products", "inspection-products file");
  if (!products) return unexpected(products.error());
  if (auto ok = yaml.sequence(*products, "products", false); !ok) return unexpected(ok.error());
  std::vector<InspectionProduct> out;
  for (const auto& node : *products) {
    auto product = parse_product(yaml, node);
    if (!product) return unexpected(product.error());
    out.push_back(std::move(*product));
  }
  return out;
}

const std::vector<InspectionProduct>& builtin_inspection_products() {
  static const std::vector<InspectionProduct> k_products = [] {
    auto bytes = core::embedded_file("data/inspection_products.yaml");
    PROBE_ASSERT(bytes.has_value());
    auto parsed = parse_inspection_products(*bytes, "<built-in>/data/inspection_products.yaml");
    PROBE_ASSERT(parsed.has_value());
    return std::move(parsed).value();
  }();
  return k_products;
}

}  // namespace probe::config
