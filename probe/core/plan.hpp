// The plan: what one run will probe. Built by config::build_plan from domains.yaml; the
// stages after it only read it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace probe::core {

class VendorProfile;  // core/finding.hpp

// One host:port to resolve, connect to and judge.
struct Target {
  std::string host;  // a DNS name, {org} already substituted
  std::uint16_t port = 443;
  std::string group;                  // domains.yaml group name
  std::string allowlist;              // the firewall rule the group proves: "*.okta.com"
  std::optional<std::string> pinset;  // pinset name; nullopt: not pinned ("pins: none")
  bool expect_client_cert_request = false;
  // The vendor wording of this target's findings (domains.yaml `vendor`); null: the built-in.
  std::shared_ptr<const VendorProfile> vendor;
};

// A host of the configuration that this run does not probe, and why (for example an
// {org} host without --org): reported, never silently dropped.
struct SkippedHost {
  std::string host;  // as written: "{org}.okta.com"
  std::string group;
  std::string allowlist;
  std::string reason;
};

enum class RevocationKind { crl, ocsp, ca_issuers };
enum class UrlSource { chain, config };

// A port-80 URL to fetch: a CRL, an OCSP responder, or an informational caIssuers URL.
struct RevocationUrl {
  std::string url;
  RevocationKind kind = RevocationKind::crl;
  UrlSource source = UrlSource::config;
  std::vector<std::string> cited_by;  // subjects of the certificates citing it
};

struct Plan {
  std::vector<Target> targets;
  std::vector<SkippedHost> skipped;
  std::vector<RevocationUrl> revocation_urls;  // static ones from the configuration
  bool revocation_from_chain = true;           // also probe URLs found in presented chains
};

std::string_view to_string(RevocationKind kind) noexcept;
std::string_view to_string(UrlSource source) noexcept;

}  // namespace probe::core
