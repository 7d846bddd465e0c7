#include "config/domains.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "config/yaml_reader.hpp"
#include "core/text.hpp"
#include "lib/curl/url.hpp"

namespace probe::config {

using core::ErrorKind;
using core::unexpected;
using detail::YamlReader;

namespace {

constexpr std::string_view k_org = "{org}";

bool valid_group_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
  });
}

// "{org}.okta.com" -> "org.okta.com", for validation only.
std::string with_sample_org(std::string_view host) {
  std::string out(host);
  if (out.starts_with(k_org)) out.replace(0, k_org.size(), "org");
  return out;
}

bool valid_http_url(std::string_view url) {
  const auto parsed = lib::curl::parse_url(url);
  return parsed && parsed->scheme == "http" && !parsed->has_credentials() &&
         core::is_dns_name(parsed->host);
}

class DomainsParser {
 public:
  DomainsParser(std::string source, const std::set<std::string, std::less<>>& pinsets)
      : m_yaml(std::move(source)), m_pinsets(pinsets) {}

  core::Result<DomainsConfig> parse(std::string_view text) {
    auto root = m_yaml.parse(text, "a mapping with 'version' and 'groups'");
    if (!root) return unexpected(root.error());
    if (auto ok =
            m_yaml.check_map(*root, "domains file", {"version", "groups", "revocation", "vendor"});
        !ok) {
      return unexpected(ok.error());
    }
    DomainsConfig config;
    config.source = m_yaml.source();
    auto version = m_yaml.required(*root, "version", "domains file");
    if (!version) return unexpected(version.error());
    auto number = m_yaml.integer(*version, "version");
    if (!number) return unexpected(number.error());
    if (*number != 1) {
      return unexpected(m_yaml.error_at(
          *version, fmt::format("unsupported version {}: this pinprobe reads version 1", *number)));
    }
    auto groups = m_yaml.required(*root, "groups", "domains file");
    if (!groups) return unexpected(groups.error());
    if (auto ok = m_yaml.sequence(*groups, "groups", false); !ok) return unexpected(ok.error());
    std::map<std::string, int, std::less<>> names;
    for (const auto& node : *groups) {
      auto group = parse_group(node);
      if (!group) return unexpected(group.error());
      if (auto vendor = node["vendor"]) {
        auto parsed = parse_vendor(vendor);
        if (!parsed) return unexpected(parsed.error());
        group->vendor = std::move(*parsed);
      }
      const int line = node.Mark().line + 1;
      if (auto [it, inserted] = names.emplace(group->name, line); !inserted) {
        return unexpected(m_yaml.error_at(
            node["name"], fmt::format("duplicate group name '{}' (first defined at line {})",
                                      group->name, it->second)));
      }
      config.groups.push_back(std::move(*group));
    }
    if (auto vendor = (*root)["vendor"]) {
      auto parsed = parse_vendor(vendor);
      if (!parsed) return unexpected(parsed.error());
      config.vendor = std::move(*parsed);
    }
    if (auto revocation = (*root)["revocation"]) {
      auto parsed = parse_revocation(revocation);
      if (!parsed) return unexpected(parsed.error());
      config.revocation = std::move(*parsed);
    }
    return config;
  }

 private:
  core::Result<std::string> required_string(const YAML::Node& node, std::string_view key,
                                            std::string_view what) {
    auto value = m_yaml.required(node, key, what);
    if (!value) return unexpected(value.error());
    return m_yaml.string(*value, key);
  }

  core::Result<GroupConfig> parse_group(const YAML::Node& node) {
    if (auto ok = m_yaml.check_map(node, "group",
                                   {"name", "allowlist", "pins", "ports", "hosts",
                                    "expect_client_cert_request", "vendor"});
        !ok) {
      return unexpected(ok.error());
    }
    GroupConfig group;
    auto name = parse_group_name(node);
    if (!name) return unexpected(name.error());
    group.name = std::move(*name);
    auto allowlist = parse_allowlist(node);
    if (!allowlist) return unexpected(allowlist.error());
    group.allowlist = std::move(*allowlist);
    auto pins = parse_pins_name(node);
    if (!pins) return unexpected(pins.error());
    group.pins = std::move(*pins);
    if (auto ports = node["ports"]) {
      auto parsed = parse_ports(ports);
      if (!parsed) return unexpected(parsed.error());
      group.ports = std::move(*parsed);
    }
    auto hosts = parse_hosts(node, group.allowlist);
    if (!hosts) return unexpected(hosts.error());
    group.hosts = std::move(*hosts);
    if (auto mtls = node["expect_client_cert_request"]) {
      auto value = m_yaml.boolean(mtls, "expect_client_cert_request");
      if (!value) return unexpected(value.error());
      group.expect_client_cert_request = *value;
    }
    return group;
  }

  core::Result<std::string> parse_group_name(const YAML::Node& node) {
    auto name = required_string(node, "name", "group");
    if (!name) return unexpected(name.error());
    if (!valid_group_name(*name)) {
      return unexpected(m_yaml.error_at(
          node["name"], fmt::format("group name '{}' must be lower-case letters, digits and '-'",
                                    core::escape_control(*name, 64))));
    }
    return name;
  }

  core::Result<std::string> parse_allowlist(const YAML::Node& node) {
    auto allowlist = required_string(node, "allowlist", "group");
    if (!allowlist) return unexpected(allowlist.error());
    if (!core::is_dns_name(*allowlist, true)) {
      return unexpected(m_yaml.error_at(
          node["allowlist"], fmt::format("allowlist '{}' is not a domain or a '*.domain' pattern",
                                         core::escape_control(*allowlist, 64))));
    }
    return core::to_lower(*allowlist);
  }

  // The group's pinset name: one of the loaded pinsets; "none" (not pinned) is nullopt.
  core::Result<std::optional<std::string>> parse_pins_name(const YAML::Node& node) {
    auto pins = required_string(node, "pins", "group");
    if (!pins) return unexpected(pins.error());
    if (*pins != "none" && !m_pinsets.contains(*pins)) {
      std::string known;
      for (const auto& p : m_pinsets) known += (known.empty() ? "" : ", ") + p;
      return unexpected(
          m_yaml.error_at(node["pins"], fmt::format("unknown pinset '{}' (known: {}, or none)",
                                                    core::escape_control(*pins, 64), known)));
    }
    if (*pins == "none") return std::optional<std::string>();
    return std::optional<std::string>(std::move(*pins));
  }

  // The group's `hosts:` sequence, each a DNS name covered by `allowlist`, lower-cased.
  core::Result<std::vector<std::string>> parse_hosts(const YAML::Node& node,
                                                     const std::string& allowlist) {
    auto hosts = m_yaml.required(node, "hosts", "group");
    if (!hosts) return unexpected(hosts.error());
    if (auto ok = m_yaml.sequence(*hosts, "hosts", false); !ok) return unexpected(ok.error());
    std::vector<std::string> out;
    for (const auto& host_node : *hosts) {
      auto host = m_yaml.string(host_node, "hosts");
      if (!host) return unexpected(host.error());
      if (auto ok = check_host(host_node, *host, allowlist); !ok) return unexpected(ok.error());
      out.push_back(core::to_lower(*host));
    }
    return out;
  }

  core::Result<void> check_host(const YAML::Node& node, const std::string& host,
                                const std::string& allowlist) {
    const auto sample = with_sample_org(host);
    if (sample.find('{') != std::string::npos || !core::is_dns_name(sample)) {
      return unexpected(m_yaml.error_at(
          node, fmt::format("host '{}' is not a valid DNS name ('{{org}}' may only be the "
                            "first label)",
                            core::escape_control(host, 80))));
    }
    if (!core::glob_match(allowlist, sample) && core::to_lower(sample) != allowlist) {
      return unexpected(m_yaml.error_at(
          node, fmt::format("host '{}' is not covered by the group's allowlist '{}'",
                            core::escape_control(host, 80), allowlist)));
    }
    return {};
  }

  core::Result<std::vector<std::uint16_t>> parse_ports(const YAML::Node& node) {
    if (auto ok = m_yaml.sequence(node, "ports", false); !ok) return unexpected(ok.error());
    std::vector<std::uint16_t> ports;
    for (const auto& port_node : node) {
      auto port = m_yaml.integer(port_node, "ports");
      if (!port) return unexpected(port.error());
      if (*port < 1 || *port > 65535) {
        return unexpected(
            m_yaml.error_at(port_node, fmt::format("port {} is outside 1-65535", *port)));
      }
      ports.push_back(static_cast<std::uint16_t>(*port));
    }
    return ports;
  }

  core::Result<std::vector<std::string>> parse_urls(const YAML::Node& node, std::string_view key) {
    if (auto ok = m_yaml.sequence(node, key, true); !ok) return unexpected(ok.error());
    std::vector<std::string> urls;
    for (const auto& url_node : node) {
      auto url = m_yaml.string(url_node, key);
      if (!url) return unexpected(url.error());
      if (!valid_http_url(*url)) {
        return unexpected(m_yaml.error_at(
            url_node, fmt::format("'{}' is not an http:// URL with a host name (revocation "
                                  "is plain HTTP on port 80)",
                                  core::escape_control(*url, 120))));
      }
      urls.push_back(*url);
    }
    return urls;
  }

  // `vendor: {name, client, symptoms: {CODE: text | [text...]}, remediation: {CODE: text}}`.
  core::Result<std::shared_ptr<const core::VendorProfile>> parse_vendor(const YAML::Node& node) {
    if (auto ok = m_yaml.check_map(node, "vendor", {"name", "client", "symptoms", "remediation"});
        !ok) {
      return unexpected(ok.error());
    }
    auto name = required_string(node, "name", "vendor");
    if (!name) return unexpected(name.error());
    std::string client;
    if (auto client_node = node["client"]) {
      auto value = m_yaml.string(client_node, "client");
      if (!value) return unexpected(value.error());
      client = *value;
    }
    core::VendorProfile::Symptoms symptoms;
    if (auto map = node["symptoms"]) {
      auto ok = per_code(map, "symptoms", [&](core::FindingCode code, const YAML::Node& value) {
        return symptom_lines(value, symptoms[code]);
      });
      if (!ok) return unexpected(ok.error());
    }
    core::VendorProfile::Remediations remediations;
    if (auto map = node["remediation"]) {
      auto ok =
          per_code(map, "remediation",
                   [&](core::FindingCode code, const YAML::Node& value) -> core::Result<void> {
                     auto text = m_yaml.string(value, "remediation");
                     if (!text) return unexpected(text.error());
                     remediations[code] = std::move(*text);
                     return {};
                   });
      if (!ok) return unexpected(ok.error());
    }
    return std::make_shared<const core::VendorProfile>(*name, client, std::move(symptoms),
                                                       std::move(remediations));
  }

  // Calls `each` for every `CODE: value` of map `node`; fails on a key that is no finding code.
  template <class Each>
  core::Result<void> per_code(const YAML::Node& node, std::string_view key, Each each) {
    if (!node.IsMap()) {
      return unexpected(
          m_yaml.error_at(node, fmt::format("'{}' must be a mapping of finding codes", key)));
    }
    std::set<core::FindingCode> seen;
    for (const auto& item : node) {
      auto wire = m_yaml.string(item.first, key);
      if (!wire) return unexpected(wire.error());
      const auto code = core::code_from_wire(*wire);
      if (!code) {
        return unexpected(m_yaml.error_at(
            item.first, fmt::format("'{}' is not a finding code (SPEC section 4: e.g. "
                                    "TLS_INTERCEPTED)",
                                    core::escape_control(*wire, 64))));
      }
      if (!seen.insert(*code).second) {
        return unexpected(m_yaml.error_at(
            item.first, fmt::format("duplicate finding code '{}' in '{}'", *wire, key)));
      }
      if (auto ok = each(*code, item.second); !ok) return unexpected(ok.error());
    }
    return {};
  }

  // One log line, or a sequence of them.
  core::Result<void> symptom_lines(const YAML::Node& node, std::vector<std::string>& out) {
    if (!node.IsSequence()) {
      auto line = m_yaml.string(node, "symptoms");
      if (!line) return unexpected(line.error());
      out.push_back(std::move(*line));
      return {};
    }
    for (const auto& item : node) {
      auto line = m_yaml.string(item, "symptoms");
      if (!line) return unexpected(line.error());
      out.push_back(std::move(*line));
    }
    return {};
  }

  core::Result<RevocationConfig> parse_revocation(const YAML::Node& node) {
    if (auto ok = m_yaml.check_map(node, "revocation", {"from_chain", "urls", "ca_issuers"}); !ok) {
      return unexpected(ok.error());
    }
    RevocationConfig config;
    if (auto from_chain = node["from_chain"]) {
      auto value = m_yaml.boolean(from_chain, "from_chain");
      if (!value) return unexpected(value.error());
      config.from_chain = *value;
    }
    if (auto urls = node["urls"]) {
      auto parsed = parse_urls(urls, "urls");
      if (!parsed) return unexpected(parsed.error());
      config.urls = std::move(*parsed);
    }
    if (auto urls = node["ca_issuers"]) {
      auto parsed = parse_urls(urls, "ca_issuers");
      if (!parsed) return unexpected(parsed.error());
      config.ca_issuers = std::move(*parsed);
    }
    return config;
  }

  YamlReader m_yaml;
  const std::set<std::string, std::less<>>& m_pinsets;
};

bool selected(const std::vector<std::string>& only, const GroupConfig& group,
              std::string_view host) {
  if (only.empty()) return true;
  return std::any_of(only.begin(), only.end(), [&](const std::string& glob) {
    return core::glob_match(glob, host) || core::glob_match(glob, group.name) ||
           core::glob_match(glob, group.allowlist);
  });
}

}  // namespace

core::Result<DomainsConfig> parse_domains(std::string_view text, std::string_view source,
                                          const std::set<std::string, std::less<>>& pinsets) {
  DomainsParser parser{std::string(source), pinsets};
  return parser.parse(text);
}

core::RevocationKind classify_revocation_url(std::string_view url) noexcept {
  const auto lower = core::to_lower(url);
  if (lower.ends_with(".crl") || lower.find(".crl?") != std::string::npos ||
      lower.find("/crl") != std::string::npos || lower.find("crl.") != std::string::npos) {
    return core::RevocationKind::crl;
  }
  return core::RevocationKind::ocsp;
}

namespace {

core::Result<void> check_org(const std::string& org) {
  if (!org.empty() && (org.find('.') != std::string::npos || !core::is_dns_name(org + ".x"))) {
    return unexpected(ErrorKind::usage,
                      fmt::format("--org '{}' is not a valid DNS label (the subdomain only, "
                                  "e.g. 'acme' for acme.okta.com)",
                                  core::escape_control(org, 80)));
  }
  return {};
}

// Adds `host` of `group` to `plan`: one target per port when selected, or a skipped entry for
// an org-specific host without --org.
void plan_host(core::Plan& plan, const DomainsConfig& config, const GroupConfig& group,
               const std::string& host, const PlanOptions& options) {
  std::string concrete = host;
  if (host.starts_with(k_org)) {
    if (options.org.empty()) {
      if (selected(options.only, group, host)) {
        plan.skipped.push_back(
            core::SkippedHost{host, group.name, group.allowlist,
                              "org-specific host not probed: give --org NAME or set PINPROBE_ORG"});
      }
      return;
    }
    concrete = core::to_lower(options.org) + host.substr(k_org.size());
  }
  if (!selected(options.only, group, concrete)) return;
  for (auto port : group.ports) {
    plan.targets.push_back(core::Target{concrete, port, group.name, group.allowlist, group.pins,
                                        group.expect_client_cert_request,
                                        group.vendor ? group.vendor : config.vendor});
  }
}

void plan_revocation_urls(core::Plan& plan, const RevocationConfig& revocation) {
  for (const auto& url : revocation.urls) {
    plan.revocation_urls.push_back(
        core::RevocationUrl{url, classify_revocation_url(url), core::UrlSource::config, {}});
  }
  for (const auto& url : revocation.ca_issuers) {
    plan.revocation_urls.push_back(
        core::RevocationUrl{url, core::RevocationKind::ca_issuers, core::UrlSource::config, {}});
  }
}

}  // namespace

core::Result<core::Plan> build_plan(const DomainsConfig& config, const PlanOptions& options) {
  if (auto ok = check_org(options.org); !ok) return unexpected(ok.error());
  core::Plan plan;
  plan.revocation_from_chain = config.revocation.from_chain;
  for (const auto& group : config.groups) {
    for (const auto& host : group.hosts) plan_host(plan, config, group, host, options);
  }
  if (!options.only.empty() && plan.targets.empty() && plan.skipped.empty()) {
    std::string globs;
    for (const auto& g : options.only) globs += (globs.empty() ? "" : ", ") + g;
    return unexpected(ErrorKind::usage,
                      fmt::format("--only {} matches no host, group or allowlist in {}",
                                  core::escape_control(globs, 200), config.source));
  }
  plan_revocation_urls(plan, config.revocation);
  return plan;
}

}  // namespace probe::config
