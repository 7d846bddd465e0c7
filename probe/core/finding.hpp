// Findings: what pinprobe concluded, each with a stable wire code (SPEC §4) that outside
// tooling relies on. The codes, severities, default messages, remediations and device
// symptoms live in ONE table (finding.cpp); nothing else spells a wire name.
#pragma once

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
};

// One row of the finding table.
struct FindingSpec {
  FindingCode code;
  std::string_view wire;                       // "TLS_INTERCEPTED"
  Severity severity;                           // default severity of the code
  std::string_view message;                    // default one-line message
  std::string_view remediation;                // what to do about it
  std::span<const std::string_view> symptoms;  // what a device logs when this is the cause
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

struct Finding {
  FindingCode code = FindingCode::probe_incomplete;
  Severity severity = Severity::fail;
  std::string message;
  Evidence evidence;

  [[nodiscard]] std::string_view wire() const noexcept { return spec_of(code).wire; }
  [[nodiscard]] std::string_view remediation() const noexcept { return spec_of(code).remediation; }
  [[nodiscard]] std::span<const std::string_view> symptoms() const noexcept {
    return spec_of(code).symptoms;
  }
};

// A finding with the table's severity; `message` defaults to the table's message.
Finding make_finding(FindingCode code, std::string message = {}, Evidence evidence = {});

// The worst severity among `findings`; pass when empty.
Severity worst(std::span<const Finding> findings) noexcept;

}  // namespace probe::core
