// domains.yaml (SPEC §2): the groups of hosts a run probes and the static revocation URLs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/plan.hpp"
#include "core/result.hpp"

namespace probe::config {

struct GroupConfig {
  std::string name;
  std::string allowlist;            // "*.okta.com"
  std::optional<std::string> pins;  // pinset name; nullopt for "none" (not pinned)
  std::vector<std::uint16_t> ports{443};
  std::vector<std::string> hosts;  // may hold "{org}" as the first label
  bool expect_client_cert_request = false;
  std::shared_ptr<const core::VendorProfile> vendor;  // the group's own `vendor`, or null
};

struct RevocationConfig {
  bool from_chain = true;
  std::vector<std::string> urls;        // CRL or OCSP URLs, http://
  std::vector<std::string> ca_issuers;  // informational caIssuers URLs, http://
};

struct DomainsConfig {
  std::string source;
  std::vector<GroupConfig> groups;
  RevocationConfig revocation;
  // The top-level `vendor`: the wording of every group without its own; null: the built-in
  // (Okta) wording.
  std::shared_ptr<const core::VendorProfile> vendor;
};

// Parses domains.yaml named `source`. `pinsets` are the known pinset names ("none" is
// always allowed). Fails (config) with "source:line:col: message" on anything not in the
// schema: unknown or duplicate keys, wrong types, version other than 1, duplicate group
// names, unknown pinset, invalid host names, hosts outside their allowlist pattern, ports
// outside 1-65535, non-http revocation URLs, an empty file; a `vendor` (top level or per
// group: {name, client, symptoms: {CODE: [line...]}, remediation: {CODE: text}}) with an
// unknown key or finding code.
core::Result<DomainsConfig> parse_domains(std::string_view text, std::string_view source,
                                          const std::set<std::string, std::less<>>& pinsets);

// What to probe: --org, --only.
struct PlanOptions {
  std::string org;                // empty: {org} hosts are skipped
  std::vector<std::string> only;  // globs over host, group or allowlist; empty: everything
};

// Expands groups x hosts x ports into targets, substituting {org}, and lists the {org}
// hosts it skipped. Each target carries its group's vendor, else the file's. Fails (usage) when
// `org` is not a valid DNS label, or when --only matches nothing.
core::Result<core::Plan> build_plan(const DomainsConfig& config, const PlanOptions& options);

// Classifies a revocation URL by its shape: an OCSP responder or a CRL.
core::RevocationKind classify_revocation_url(std::string_view url) noexcept;

}  // namespace probe::config
