#include "config/signatures.hpp"

#include <fmt/format.h>

#include <set>

#include "config/yaml_reader.hpp"
#include "core/embedded.hpp"
#include "lib/pcre2/regex.hpp"

namespace probe::config {

using core::ErrorKind;
using core::unexpected;
using detail::YamlReader;

namespace {

constexpr std::string_view k_embedded_path = "data/explain-signatures.yaml";

core::Result<std::vector<std::string>> string_list(const YamlReader& reader, const YAML::Node& node,
                                                   std::string_view key) {
  if (auto ok = reader.sequence(node, key, false); !ok) return unexpected(ok.error());
  std::vector<std::string> out;
  for (const auto& item : node) {
    auto text = reader.string(item, key);
    if (!text) return unexpected(text.error());
    out.push_back(std::move(*text));
  }
  return out;
}

core::Result<SignaturePattern> parse_pattern(const YamlReader& reader, const YAML::Node& node) {
  if (auto ok = reader.check_map(node, "pattern", {"contains", "regex"}); !ok) {
    return unexpected(ok.error());
  }
  if (node.size() != 1) {
    return unexpected(reader.error_at(node, "pattern needs exactly one of 'contains' or 'regex'"));
  }
  const bool is_regex = static_cast<bool>(node["regex"]);
  const auto key = is_regex ? "regex" : "contains";
  auto text = reader.string(node[key], key);
  if (!text) return unexpected(text.error());
  if (is_regex) {
    if (auto compiled = lib::pcre2::Regex::compile(*text); !compiled) {
      return unexpected(
          reader.error_at(node[key], fmt::format("invalid regex: {}", compiled.error().message)));
    }
  }
  return SignaturePattern{is_regex, std::move(*text)};
}

// `event_id: 32` or `event_id: [32, 307]`: Windows event IDs are 16-bit.
core::Result<std::vector<std::uint32_t>> parse_event_ids(const YamlReader& reader,
                                                         const YAML::Node& node) {
  std::vector<YAML::Node> items;
  if (node.IsSequence()) {
    if (auto ok = reader.sequence(node, "event_id", false); !ok) return unexpected(ok.error());
    for (const auto& item : node) items.push_back(item);
  } else {
    items.push_back(node);
  }
  std::vector<std::uint32_t> out;
  for (const auto& item : items) {
    auto number = reader.integer(item, "event_id");
    if (!number) return unexpected(number.error());
    if (*number < 0 || *number > 65535) {
      return unexpected(reader.error_at(
          item, fmt::format("event_id {} is not a Windows event ID (0..65535)", *number)));
    }
    out.push_back(static_cast<std::uint32_t>(*number));
  }
  return out;
}

core::Result<std::vector<core::FindingCode>> parse_findings(const YamlReader& reader,
                                                            const YAML::Node& node) {
  if (auto ok = reader.sequence(node, "findings", false); !ok) return unexpected(ok.error());
  std::vector<core::FindingCode> out;
  for (const auto& item : node) {
    auto wire = reader.string(item, "findings");
    if (!wire) return unexpected(wire.error());
    auto code = core::code_from_wire(*wire);
    if (!code) {
      return unexpected(reader.error_at(item, fmt::format("unknown finding code '{}'", *wire)));
    }
    out.push_back(*code);
  }
  return out;
}

// The keys a signature may have, and those it must have.
core::Result<void> check_signature_keys(const YamlReader& reader, const YAML::Node& node) {
  if (auto ok = reader.check_map(
          node, "signature",
          {"id", "patterns", "event_id", "channel", "provider", "captures", "superseded_by",
           "cause", "remediation", "article", "findings", "confirm"});
      !ok) {
    return unexpected(ok.error());
  }
  for (auto key : {"id", "patterns", "cause", "remediation", "article", "findings", "confirm"}) {
    if (auto present = reader.required(node, key, "signature"); !present) {
      return unexpected(present.error());
    }
  }
  return {};
}

core::Result<std::vector<SignaturePattern>> parse_patterns(const YamlReader& reader,
                                                           const YAML::Node& patterns) {
  if (auto ok = reader.sequence(patterns, "patterns", false); !ok) return unexpected(ok.error());
  std::vector<SignaturePattern> out;
  for (const auto& item : patterns) {
    auto pattern = parse_pattern(reader, item);
    if (!pattern) return unexpected(pattern.error());
    out.push_back(std::move(*pattern));
  }
  return out;
}

// The optional event_id, channel and provider a signature is limited to.
core::Result<void> parse_event_scope(const YamlReader& reader, const YAML::Node& node,
                                     Signature& sig) {
  if (const auto ids = node["event_id"]) {
    auto parsed = parse_event_ids(reader, ids);
    if (!parsed) return unexpected(parsed.error());
    sig.event_ids = std::move(*parsed);
  }
  for (auto [key, target] :
       {std::pair{"channel", &sig.channel}, std::pair{"provider", &sig.provider}}) {
    if (!node[key]) continue;
    auto text = reader.string(node[key], key);
    if (!text) return unexpected(text.error());
    if (text->empty())
      return unexpected(reader.error_at(node[key], fmt::format("'{}' is empty", key)));
    *target = std::move(*text);
  }
  return {};
}

// The optional captures and superseded_by lists.
core::Result<void> parse_name_lists(const YamlReader& reader, const YAML::Node& node,
                                    Signature& sig) {
  for (auto [key, target] :
       {std::pair{"captures", &sig.captures}, std::pair{"superseded_by", &sig.superseded_by}}) {
    if (!node[key]) continue;
    auto list = string_list(reader, node[key], key);
    if (!list) return unexpected(list.error());
    *target = std::move(*list);
  }
  return {};
}

// The cause, remediation, article and confirming command (which must be a pinprobe one).
core::Result<void> parse_explanation(const YamlReader& reader, const YAML::Node& node,
                                     Signature& sig) {
  for (auto [key, target] :
       {std::pair{"cause", &sig.cause}, std::pair{"remediation", &sig.remediation},
        std::pair{"article", &sig.article}, std::pair{"confirm", &sig.confirm}}) {
    auto text = reader.string(node[key], key);
    if (!text) return unexpected(text.error());
    *target = std::move(*text);
  }
  if (sig.confirm.rfind("pinprobe ", 0) != 0 && sig.confirm != "pinprobe") {
    return unexpected(
        reader.error_at(node["confirm"], "'confirm' must be a pinprobe command ('pinprobe ...')"));
  }
  return {};
}

core::Result<Signature> parse_signature(const YamlReader& reader, const YAML::Node& node) {
  if (auto ok = check_signature_keys(reader, node); !ok) return unexpected(ok.error());
  Signature sig;
  auto id = reader.string(node["id"], "id");
  if (!id) return unexpected(id.error());
  sig.id = std::move(*id);
  auto patterns = parse_patterns(reader, node["patterns"]);
  if (!patterns) return unexpected(patterns.error());
  sig.patterns = std::move(*patterns);
  if (auto ok = parse_event_scope(reader, node, sig); !ok) return unexpected(ok.error());
  if (auto ok = parse_name_lists(reader, node, sig); !ok) return unexpected(ok.error());
  if (auto ok = parse_explanation(reader, node, sig); !ok) return unexpected(ok.error());
  auto findings = parse_findings(reader, node["findings"]);
  if (!findings) return unexpected(findings.error());
  sig.findings = std::move(*findings);
  return sig;
}

}  // namespace

core::Result<std::vector<Signature>> parse_signatures(std::string_view text,
                                                      const std::string& source) {
  const YamlReader reader(source);
  try {
    auto root = reader.parse(text, "a signature file ('version: 1', 'signatures: [...]')");
    if (!root) return unexpected(root.error());
    if (auto ok = reader.check_map(*root, "signature file", {"version", "signatures"}); !ok) {
      return unexpected(ok.error());
    }
    auto version = reader.required(*root, "version", "signature file");
    if (!version) return unexpected(version.error());
    auto number = reader.integer(*version, "version");
    if (!number) return unexpected(number.error());
    if (*number != 1) {
      return unexpected(reader.error_at(*version, fmt::format("unsupported version {}", *number)));
    }
    auto list = reader.required(*root, "signatures", "signature file");
    if (!list) return unexpected(list.error());
    if (auto ok = reader.sequence(*list, "signatures", false); !ok) return unexpected(ok.error());
    std::vector<Signature> out;
    std::set<std::string, std::less<>> ids;
    for (const auto& node : *list) {
      auto sig = parse_signature(reader, node);
      if (!sig) return unexpected(sig.error());
      if (!ids.insert(sig->id).second) {
        return unexpected(
            reader.error_at(node["id"], fmt::format("duplicate signature id '{}'", sig->id)));
      }
      out.push_back(std::move(*sig));
    }
    std::size_t index = 0;
    for (const auto& node : *list) {
      for (const auto& other : out[index].superseded_by) {
        if (!ids.contains(other)) {
          return unexpected(
              reader.error_at(node["superseded_by"],
                              fmt::format("superseded_by names unknown signature '{}'", other)));
        }
      }
      ++index;
    }
    return out;
  } catch (const YAML::Exception& e) {
    return unexpected(ErrorKind::config, fmt::format("{}:{}:{}: invalid YAML: {}", source,
                                                     e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

core::Result<std::vector<Signature>> default_signatures() {
  auto bytes = core::embedded_file(k_embedded_path);
  if (!bytes) {
    return unexpected(ErrorKind::internal,
                      fmt::format("<built-in>/{}: not embedded in this build", k_embedded_path));
  }
  return parse_signatures(*bytes, fmt::format("<built-in>/{}", k_embedded_path));
}

}  // namespace probe::config
