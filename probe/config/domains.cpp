#include "config/domains.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "config/yaml_reader.hpp"
#include "core/text.hpp"

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
  if (!url.starts_with("http://")) return false;
  auto rest = url.substr(7);
  const auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  return core::is_dns_name(authority);
}

class DomainsParser {
 public:
  DomainsParser(std::string source, const std::set<std::string, std::less<>>& pinsets)
      : m_yaml(std::move(source)), m_pinsets(pinsets) {}

  core::Result<DomainsConfig> parse(std::string_view text) {
    auto root = m_yaml.parse(text, "a mapping with 'version' and 'groups'");
    if (!root) return unexpected(root.error());
    if (auto ok = m_yaml.check_map(*root, "domains file", {"version", "groups", "revocation"});
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
      const int line = node.Mark().line + 1;
      if (auto [it, inserted] = names.emplace(group->name, line); !inserted) {
        return unexpected(m_yaml.error_at(
            node["name"], fmt::format("duplicate group name '{}' (first defined at line {})",
                                      group->name, it->second)));
      }
      config.groups.push_back(std::move(*group));
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
    if (auto ok = m_yaml.check_map(
            node, "group",
            {"name", "allowlist", "pins", "ports", "hosts", "expect_client_cert_request"});
        !ok) {
      return unexpected(ok.error());
    }
    GroupConfig group;
    auto name = required_string(node, "name", "group");
    if (!name) return unexpected(name.error());
    if (!valid_group_name(*name)) {
      return unexpected(m_yaml.error_at(
          node["name"], fmt::format("group name '{}' must be lower-case letters, digits and '-'",
                                    core::escape_control(*name, 64))));
    }
    group.name = *name;
    auto allowlist = required_string(node, "allowlist", "group");
    if (!allowlist) return unexpected(allowlist.error());
    if (!core::is_dns_name(*allowlist, true)) {
      return unexpected(m_yaml.error_at(
          node["allowlist"], fmt::format("allowlist '{}' is not a domain or a '*.domain' pattern",
                                         core::escape_control(*allowlist, 64))));
    }
    group.allowlist = core::to_lower(*allowlist);
    auto pins = required_string(node, "pins", "group");
    if (!pins) return unexpected(pins.error());
    if (*pins != "none" && !m_pinsets.contains(*pins)) {
      std::string known;
      for (const auto& p : m_pinsets) known += (known.empty() ? "" : ", ") + p;
      return unexpected(
          m_yaml.error_at(node["pins"], fmt::format("unknown pinset '{}' (known: {}, or none)",
                                                    core::escape_control(*pins, 64), known)));
    }
    group.pins = *pins;
    if (auto ports = node["ports"]) {
      auto parsed = parse_ports(ports);
      if (!parsed) return unexpected(parsed.error());
      group.ports = std::move(*parsed);
    }
    auto hosts = m_yaml.required(node, "hosts", "group");
    if (!hosts) return unexpected(hosts.error());
    if (auto ok = m_yaml.sequence(*hosts, "hosts", false); !ok) return unexpected(ok.error());
    for (const auto& host_node : *hosts) {
      auto host = m_yaml.string(host_node, "hosts");
      if (!host) return unexpected(host.error());
      if (auto ok = check_host(host_node, *host, group.allowlist); !ok) {
        return unexpected(ok.error());
      }
      group.hosts.push_back(core::to_lower(*host));
    }
    if (auto mtls = node["expect_client_cert_request"]) {
      auto value = m_yaml.boolean(mtls, "expect_client_cert_request");
      if (!value) return unexpected(value.error());
      group.expect_client_cert_request = *value;
    }
    return group;
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

core::Result<core::Plan> build_plan(const DomainsConfig& config, const PlanOptions& options) {
  if (!options.org.empty() &&
      (options.org.find('.') != std::string::npos || !core::is_dns_name(options.org + ".x"))) {
    return unexpected(ErrorKind::usage,
                      fmt::format("--org '{}' is not a valid DNS label (the subdomain only, "
                                  "e.g. 'acme' for acme.okta.com)",
                                  core::escape_control(options.org, 80)));
  }
  core::Plan plan;
  plan.revocation_from_chain = config.revocation.from_chain;
  for (const auto& group : config.groups) {
    for (const auto& host : group.hosts) {
      const bool org_host = host.starts_with(k_org);
      std::string concrete = host;
      if (org_host) {
        if (options.org.empty()) {
          if (selected(options.only, group, host)) {
            plan.skipped.push_back(core::SkippedHost{
                host, group.name, group.allowlist,
                "org-specific host not probed: give --org NAME or set PINPROBE_ORG"});
          }
          continue;
        }
        concrete = core::to_lower(options.org) + host.substr(k_org.size());
      }
      if (!selected(options.only, group, concrete)) continue;
      for (auto port : group.ports) {
        plan.targets.push_back(core::Target{concrete, port, group.name, group.allowlist, group.pins,
                                            group.expect_client_cert_request});
      }
    }
  }
  if (!options.only.empty() && plan.targets.empty() && plan.skipped.empty()) {
    std::string globs;
    for (const auto& g : options.only) globs += (globs.empty() ? "" : ", ") + g;
    return unexpected(ErrorKind::usage,
                      fmt::format("--only {} matches no host, group or allowlist in {}",
                                  core::escape_control(globs, 200), config.source));
  }
  for (const auto& url : config.revocation.urls) {
    plan.revocation_urls.push_back(
        core::RevocationUrl{url, classify_revocation_url(url), core::UrlSource::config, {}});
  }
  for (const auto& url : config.revocation.ca_issuers) {
    plan.revocation_urls.push_back(
        core::RevocationUrl{url, core::RevocationKind::ca_issuers, core::UrlSource::config, {}});
  }
  return plan;
}

}  // namespace probe::config
