#include "config/pinset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "config/yaml_reader.hpp"
#include "core/text.hpp"
#include "tls/certificate.hpp"

namespace probe::config {

using core::ErrorKind;
using core::unexpected;
using detail::YamlReader;

namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
}

core::Result<void> read_anchor(const YamlReader& yaml, const YAML::Node& node, Pin& pin,
                               const FileSource& files) {
  auto bytes = files.read(pin.cert_path);
  if (!bytes) {
    return unexpected(yaml.error_at(node, fmt::format("anchor certificate '{}' cannot be read: {}",
                                                      pin.cert_path, bytes.error().message)));
  }
  auto certs = tls::load_certificates(*bytes, files.display(pin.cert_path));
  if (!certs) {
    return unexpected(yaml.error_at(node, fmt::format("anchor '{}' is not a certificate: {}",
                                                      pin.cert_path, certs.error().message)));
  }
  if (certs->size() != 1) {
    return unexpected(
        yaml.error_at(node, fmt::format("anchor '{}' holds {} certificates; expected exactly one",
                                        pin.cert_path, certs->size())));
  }
  auto actual = tls::spki_pin_of(certs->front());
  if (!actual || *actual != pin.sha256) {
    return unexpected(
        yaml.error_at(node, fmt::format("anchor '{}' has SPKI pin {}, not the listed {}",
                                        pin.cert_path, actual ? *actual : "?", pin.sha256)));
  }
  pin.anchor_der = std::move(certs->front());
  return {};
}

// What `role` means for a certificate, for the contradiction message.
std::string_view role_reason(core::PinRole role) noexcept {
  switch (role) {
    case core::PinRole::root:
      return "a self-signed CA certificate (a root)";
    case core::PinRole::intermediate:
      return "a CA certificate that is not self-signed (an intermediate)";
    case core::PinRole::leaf:
      break;
  }
  return "not a CA certificate (a leaf)";
}

// The pin's optional `role`: empty when absent; fails on a value outside the three roles.
core::Result<std::optional<core::PinRole>> parse_role(const YamlReader& yaml,
                                                      const YAML::Node& node) {
  const auto role = node["role"];
  if (!role) return std::optional<core::PinRole>();
  auto text = yaml.string(role, "role");
  if (!text) return unexpected(text.error());
  const auto parsed = core::parse_pin_role(*text);
  if (!parsed) {
    return unexpected(
        yaml.error_at(role, fmt::format("role '{}' is not one of root, intermediate, leaf",
                                        core::escape_control(*text, 64))));
  }
  return parsed;
}

// Reads the pin's `cert:` anchor and settles its role: inferred from the certificate when the
// file gives none, an error at `role:` when the file's role contradicts the certificate.
core::Result<void> read_cert(const YamlReader& yaml, const YAML::Node& node, Pin& pin,
                             const FileSource& files) {
  const auto cert = node["cert"];
  auto path = yaml.string(cert, "cert");
  if (!path) return unexpected(path.error());
  pin.cert_path = *path;
  if (auto ok = read_anchor(yaml, cert, pin, files); !ok) return unexpected(ok.error());
  auto facts = tls::describe_certificate(pin.anchor_der);
  if (!facts) {
    return unexpected(yaml.error_at(cert, fmt::format("anchor '{}' is not a certificate: {}",
                                                      pin.cert_path, facts.error().message)));
  }
  const auto inferred = core::certificate_role(*facts);
  if (!pin.role) {
    pin.role = inferred;
  } else if (*pin.role != inferred) {
    return unexpected(yaml.error_at(
        node["role"],
        fmt::format("role '{}' contradicts anchor '{}', {}", core::to_string(*pin.role),
                    pin.cert_path, role_reason(inferred))));
  }
  return {};
}

core::Result<Pin> parse_pin(const YamlReader& yaml, const YAML::Node& node,
                            const FileSource& files) {
  if (auto ok = yaml.check_map(node, "pin", {"sha256", "label", "role", "cert"}); !ok) {
    return unexpected(ok.error());
  }
  Pin pin;
  auto sha = yaml.required(node, "sha256", "pin");
  if (!sha) return unexpected(sha.error());
  auto sha_text = yaml.string(*sha, "sha256");
  if (!sha_text) return unexpected(sha_text.error());
  if (!tls::is_sha256_base64(*sha_text)) {
    return unexpected(
        yaml.error_at(*sha, fmt::format("pin '{}' is not base64 of a 32-byte SHA-256 digest",
                                        core::escape_control(*sha_text, 80))));
  }
  pin.sha256 = *sha_text;
  auto label = yaml.required(node, "label", "pin");
  if (!label) return unexpected(label.error());
  auto label_text = yaml.string(*label, "label");
  if (!label_text) return unexpected(label_text.error());
  pin.label = *label_text;
  auto role = parse_role(yaml, node);
  if (!role) return unexpected(role.error());
  pin.role = *role;
  if (node["cert"]) {
    if (auto ok = read_cert(yaml, node, pin, files); !ok) return unexpected(ok.error());
  }
  return pin;
}

}  // namespace

core::Result<Pinset> parse_pinset(std::string_view text, std::string_view path,
                                  const FileSource& files) {
  const YamlReader yaml(files.display(path));
  auto root = yaml.parse(text, "a pinset with 'name' and 'pins'");
  if (!root) return unexpected(root.error());
  if (auto ok = yaml.check_map(*root, "pinset", {"name", "description", "pins"}); !ok) {
    return unexpected(ok.error());
  }
  Pinset set;
  set.source = yaml.source();
  auto name = yaml.required(*root, "name", "pinset");
  if (!name) return unexpected(name.error());
  auto name_text = yaml.string(*name, "name");
  if (!name_text) return unexpected(name_text.error());
  if (!valid_name(*name_text) || *name_text == "none") {
    return unexpected(yaml.error_at(
        *name, fmt::format("pinset name '{}' must be lower-case letters, digits, '-' or '_' "
                           "and not 'none'",
                           core::escape_control(*name_text, 64))));
  }
  set.name = *name_text;
  if (auto description = (*root)["description"]) {
    auto text_value = yaml.string(description, "description");
    if (!text_value) return unexpected(text_value.error());
    set.description = *text_value;
  }
  auto pins = yaml.required(*root, "pins", "pinset");
  if (!pins) return unexpected(pins.error());
  if (auto ok = yaml.sequence(*pins, "pins", false); !ok) return unexpected(ok.error());
  std::set<std::string, std::less<>> seen;
  for (const auto& node : *pins) {
    auto pin = parse_pin(yaml, node, files);
    if (!pin) return unexpected(pin.error());
    if (!seen.insert(pin->sha256).second) {
      return unexpected(yaml.error_at(node, fmt::format("pin {} is listed twice", pin->sha256)));
    }
    set.pins.push_back(std::move(*pin));
  }
  if (set.anchors().empty()) {
    return unexpected(yaml.error_at(
        *pins, fmt::format("pinset '{}' names no anchor certificate: give a root pin a 'cert'",
                           set.name)));
  }
  return set;
}

core::Result<PinsetCatalog> load_pinsets(const FileSource& files) {
  auto names = files.list(".yaml");
  if (!names) return unexpected(names.error());
  PinsetCatalog catalog;
  for (const auto& path : *names) {
    auto text = files.read(path);
    if (!text) return unexpected(text.error());
    auto set = parse_pinset(*text, path, files);
    if (!set) return unexpected(set.error());
    if (const auto* other = catalog.find(set->name)) {
      return unexpected(ErrorKind::config, fmt::format("{}: pinset '{}' is also defined in {}",
                                                       set->source, set->name, other->source));
    }
    catalog.pinsets.push_back(std::move(*set));
  }
  if (catalog.pinsets.empty()) {
    return unexpected(ErrorKind::config,
                      fmt::format("{}: no pinset (*.yaml) found", files.display("")));
  }
  std::sort(catalog.pinsets.begin(), catalog.pinsets.end(),
            [](const Pinset& a, const Pinset& b) { return a.name < b.name; });
  return catalog;
}

}  // namespace probe::config
