// Findings: what pinprobe concluded, each with a stable wire code (SPEC §4) that outside
// tooling relies on. The codes, severities, default messages, remediations and device
// symptoms live in ONE table (finding.cpp); nothing else spells a wire name.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace probe::core {

// Ordered by how bad: a verdict is the worst severity among a target's findings.
enum class Severity { pass, info, warn, fail };

enum class FindingCode {
  dns_nxdomain,
  dns_servfail,
  dns_timeout,
  dns_no_address,
  dns_sinkhole,
  dns_private_address,
  tcp_refused,
  tcp_timeout,
  tcp_unreachable,
  proxy_unreachable,
  proxy_auth_required,
  proxy_connect_denied,
  tls_handshake_failed,
  tls_intercepted,
  tls_pin_mismatch,
  cert_expired,
  cert_not_yet_valid,
  cert_hostname_mismatch,
  cert_chain_incomplete,
  cert_expires_soon,
  cert_weak,
  mtls_not_requested,
  revocation_dns_failed,
  revocation_unreachable,
  revocation_blocked_by_proxy,
  revocation_bad_response,
  revocation_signature_invalid,
  revocation_stale,
  cert_revoked,
  scep_unreachable,
  scep_bad_response,
  scep_ca_thumbprint_mismatch,
  scep_trusted_ca_not_root,
  tpm_absent,
  tpm_unsupported_version,
  tpm_key_create_failed,
  tls_ok,
  revocation_ok,
  scep_ok,
  tpm_ok,
  mtls_requested,
  dns_resolved_by_proxy,
  ca_issuers_host,
  // Extensions beyond SPEC §4 (codes are added, never renamed).
  probe_incomplete,
  scep_caps_weak,
  revocation_unverified,
  tls_server_config,     // the server's TLS configuration (version, cipher, key/DH size) refused
  tls_probe_limit,       // the handshake exceeded one of pinprobe's own bounds
  pac_fetch_failed,      // the PAC (--pac URL, WPAD) could not be fetched
  pac_invalid,           // the PAC does not parse or defines no FindProxyForURL
  pac_eval_failed,       // FindProxyForURL failed or answered nothing usable for this URL
  path_verdict_differs,  // --compare-paths: DIRECT and the device's route disagree
};

// The check a code belongs to: the column the HTML report's matrix shows it in (other: none).
// A new code takes its category in its table row; no renderer lists codes.
enum class FindingCategory { dns, tcp_proxy, tls_pins, mtls, revocation, other };

// One row of the finding table.
struct FindingSpec {
  FindingCode code;
  std::string_view wire;                       // "TLS_INTERCEPTED"
  FindingCategory category;                    // the check it belongs to
  Severity severity;                           // default severity of the code
  std::string_view message;                    // default one-line message
  std::string_view remediation;                // what to do about it (the default vendor's words)
  std::span<const std::string_view> symptoms;  // what the default vendor's client logs
  // The remediation for any other vendor, with "{vendor}" and "{client}" placeholders; empty
  // when `remediation` already names no vendor.
  std::string_view neutral_remediation = {};
};

// The whole table, in FindingCode order.
std::span<const FindingSpec> finding_table() noexcept;
// The row of `code`; never fails.
const FindingSpec& spec_of(FindingCode code) noexcept;
// The code whose wire name is `wire`, or nullopt.
std::optional<FindingCode> code_from_wire(std::string_view wire) noexcept;
// "pass", "info", "warn", "fail".
std::string_view to_string(Severity severity) noexcept;
std::optional<Severity> severity_from_string(std::string_view text) noexcept;

// Evidence: the data a finding was decided on, as ordered key/value pairs. Values may
// come from the network: renderers escape them.
using Evidence = std::vector<std::pair<std::string, std::string>>;

// The certificate a finding is about, by serial and issuer: control data for the pipeline
// (which target's chain a revocation finding belongs to), never read back from the evidence.
struct CertificateId {
  std::string serial_hex;
  std::string issuer;
  bool operator==(const CertificateId&) const = default;
};

struct Finding {
  FindingCode code = FindingCode::probe_incomplete;
  Severity severity = Severity::fail;
  std::string message;
  Evidence evidence;
  // Set when the finding concerns one certificate (CERT_REVOKED, an OCSP answer about one
  // certificate); nullopt otherwise.
  std::optional<CertificateId> certificate;

  [[nodiscard]] std::string_view wire() const noexcept { return spec_of(code).wire; }
  [[nodiscard]] std::string_view remediation() const noexcept { return spec_of(code).remediation; }
  [[nodiscard]] std::span<const std::string_view> symptoms() const noexcept {
    return spec_of(code).symptoms;
  }
};

// The vendor wording of findings: whose client the device runs, what it logs (symptoms) and
// the remediation per code. The built-in default is Okta's (Okta Verify), the finding table's
// own text; any other vendor gets the table's vendor-neutral remediations with its names
// filled in, its own overrides, and only the symptoms its configuration lists.
class VendorProfile {
 public:
  using Symptoms = std::map<FindingCode, std::vector<std::string>>;
  using Remediations = std::map<FindingCode, std::string>;

  // `name` and `client` may be empty ("the vendor", "the vendor's client").
  VendorProfile(std::string name, std::string client, Symptoms symptoms = {},
                Remediations remediations = {});

  // The built-in default profile (Okta); lives for the whole program.
  static const VendorProfile& builtin() noexcept;
  // A profile that names no vendor ("the vendor"), for findings shared by several vendors.
  static const VendorProfile& neutral() noexcept;

  [[nodiscard]] const std::string& name() const noexcept { return m_name; }
  [[nodiscard]] const std::string& client() const noexcept { return m_client; }
  // What to do about `code`, in this vendor's words.
  [[nodiscard]] std::string_view remediation(FindingCode code) const noexcept;
  // What this vendor's client logs when `code` is the cause; empty when unknown.
  [[nodiscard]] std::span<const std::string> symptoms(FindingCode code) const noexcept;

 private:
  VendorProfile() = default;  // the builtin, filled from the table

  std::string m_name;
  std::string m_client;
  std::vector<std::string> m_remediation;            // per FindingCode
  std::vector<std::vector<std::string>> m_symptoms;  // per FindingCode
};

// `vendor`, or the built-in profile when it is null.
const VendorProfile& vendor_or_builtin(const VendorProfile* vendor) noexcept;

// A finding with the table's severity; `message` defaults to the table's message.
Finding make_finding(FindingCode code, std::string message = {}, Evidence evidence = {});

// The worst severity among `findings`; pass when empty.
Severity worst(std::span<const Finding> findings) noexcept;

}  // namespace probe::core
