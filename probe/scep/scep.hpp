// pinprobe scep: what a SCEP endpoint (RFC 8894) serves, and whether the CA certificate in
// the MDM's trusted-certificate profile is that CA. Fetching goes through core::HttpClient;
// judging is pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/http.hpp"
#include "core/result.hpp"

namespace probe::scep {

// The two GET URLs of RFC 8894 §3.5 built from an MDM profile's SCEP URL.
struct ScepUrls {
  std::string base;     // the URL as given, without query or fragment
  std::string caps;     // base?operation=GetCACaps&message=CAIdentifier
  std::string ca_cert;  // base?operation=GetCACert&message=CAIdentifier
};

// Accepts http:// and https:// URLs, Okta's https://<org>.okta.com/pki/<40 hex>/scep/<token>
// with or without the /pkiclient.exe that Windows appends, and any other SCEP path. An
// existing query or fragment is dropped. Fails (usage) naming the URL when it is not an
// http(s) URL with a host.
core::Result<ScepUrls> scep_urls(std::string_view url);

// A thumbprint as typed: SHA-1 (40 hex) or SHA-256 (64 hex); colons, spaces and case ignored.
struct Thumbprint {
  std::string hex;  // upper-case, no separators
  [[nodiscard]] bool is_sha256() const { return hex.size() == 64; }
};
// Fails (usage) with "--thumbprint: ..." when the text is not 40 or 64 hex digits.
core::Result<Thumbprint> parse_thumbprint(std::string_view text);

// What the profile says the CA is: a certificate file, a thumbprint, or nothing.
struct Expectation {
  std::optional<core::CertFacts> trusted_ca;  // first certificate of --trusted-ca
  std::string trusted_ca_source;
  std::optional<Thumbprint> thumbprint;
};

// What the endpoint answered.
struct Observation {
  ScepUrls urls;
  core::HttpResponse caps;
  core::HttpResponse ca_cert;
  std::vector<std::string> capabilities;      // GetCACaps keywords (parse_caps_list)
  std::size_t capabilities_ignored = 0;       // GetCACaps lines that were not keywords
  std::vector<core::CertFacts> certificates;  // GetCACert, in response order
  std::string parse_error;                    // GetCACert body not a certificate / PKCS#7
};

// Bounds on GetCACaps: RFC 8894 §3.5.2 keywords ("AES", "POSTPKIOperation", "SHA-256", ...)
// are short ASCII tokens, so a report keeps at most k_max_capabilities of them, each at most
// k_max_capability_bytes of [A-Za-z0-9.+_-], never the raw body (a proxy or portal may
// answer with megabytes of HTML).
inline constexpr std::size_t k_max_capabilities = 32;
inline constexpr std::size_t k_max_capability_bytes = 64;

struct CapsList {
  std::vector<std::string> keywords;  // in body order, duplicates kept once
  std::size_t ignored = 0;            // non-empty lines that are not keywords, or over the cap
};

// GetCACaps lines (RFC 8894 §3.5.2), trimmed, empty lines dropped, within the bounds above.
CapsList parse_caps_list(std::string_view body);
// parse_caps_list(body).keywords.
std::vector<std::string> parse_caps(std::string_view body);

// Fetches GetCACaps and GetCACert through `client` (SCEP over HTTPS allowed) and parses
// both answers. Network failures are left in the responses, never thrown.
// Both fetches run at once on `client`'s loop, bounded by `budget` (the run's deadline).
Observation fetch(core::HttpClient& client, const ScepUrls& urls, std::uint64_t max_bytes,
                  core::Millis budget, const core::Clock& clock);

// SCEP_UNREACHABLE, SCEP_BAD_RESPONSE, SCEP_CA_THUMBPRINT_MISMATCH (both thumbprints, and a
// hint when a SHA-256 value was given where Windows expects SHA-1), SCEP_TRUSTED_CA_NOT_ROOT,
// SCEP_CAPS_WEAK (no SHA-256 or no AES), and SCEP_OK naming the matching CA (or, without an
// expectation, the CA served).
std::vector<core::Finding> judge_scep(const Observation& observed, const Expectation& expected);

}  // namespace probe::scep
