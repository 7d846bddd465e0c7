#include "core/finding.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "core/assert.hpp"

namespace probe::core {
namespace {

using std::string_view_literals::operator""sv;

// Device log lines, quoted from the knowledge-base articles (shared/seeds).
constexpr std::array k_symptoms_pinning{
    "[CertificatePinningValidator.ValidateConnection]: Certificate domain .oktapreview.com/.okta.com did not match pinned keys/certs, validation failed."sv,
    "An error occurred while sending the request.: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.: The remote certificate is invalid according to the validation procedure."sv,
    "Okta Verify: The sign-in URL is not secure"sv,
    "Okta Verify: Generic enrollment error"sv,
};
constexpr std::array k_symptoms_chain{
    "X509ChainValidator.ValidateCertificateChain: Cert chain validation for CN=*.okta.com failed."sv,
    "[CertificatePinningValidator.ValidateConnection]: Cannot validate certificate chain, validation failed."sv,
    "Okta Verify: Something went wrong. Please try again."sv,
};
constexpr std::array k_symptoms_revocation{
    "X509ChainValidator.ValidateCertificateChain: Chain validation failed due to the following error(s): RevocationStatusUnknown: The revocation function was unable to check revocation for the certificate."sv,
    "X509ChainValidator.ValidateCertificateChain: Cert chain validation for CN=*.okta.com failed."sv,
    "[CertificatePinningValidator.ValidateConnection]: Cannot validate certificate chain, validation failed."sv,
    "Okta Verify: Something went wrong. Please try again."sv,
};
constexpr std::array k_symptoms_connect{
    "ClientAccountManager.CheckOrganizationStatus: An error occured when getting the organization status. Exception: An error occurred while sending the request."sv,
    "Okta Verify: Something went wrong. Please try again."sv,
};
constexpr std::array k_symptoms_scep{
    "SCEP: Certificate enroll failed. Result: (The hash value is not correct.)."sv,
    "SCEP: Failed LogError Message : (SCEPInstallCertificateWithScepHelper:Failed to Initialize SCEP enrollment with NDES Server '<url>/pkiclient.exe', CA cert thumbprint <thumbprint>)"sv,
};
constexpr std::array k_symptoms_tpm{
    "Encountered a cryptographic error while enrolling:. Exception: Failed call to native method CreateSilentKeyPair, HResult: 0x80290407., ErrorCode=UnknownError"sv,
    "Failed to finalize key: An unexpected internal error has occurred in the Platform Crypto Provider. [0x80290407]"sv,
};
constexpr std::span<const std::string_view> k_none{};

constexpr std::string_view k_fix_dns =
    "Make the name resolvable from this network: check the DNS forwarders, any DNS filtering "
    "or security service, and split-horizon zones for the vendor's domains."sv;
constexpr std::string_view k_fix_firewall =
    "Allow outbound TCP 443 to this allowlist pattern on the firewall (by domain, or by the "
    "vendor's published IP ranges)."sv;
constexpr std::string_view k_fix_proxy =
    "Allow the vendor's domains on the proxy (CONNECT to port 443), or configure devices to "
    "bypass the proxy for them."sv;
constexpr std::string_view k_fix_inspection =
    "Exclude this allowlist pattern from SSL/TLS inspection on the proxy or firewall (or bypass "
    "the proxy for it): Okta Verify pins Okta's certificates and FastPass refuses re-signed TLS."sv;
constexpr std::string_view k_fix_revocation =
    "Allow plain HTTP (port 80) to the CRL and OCSP hosts without inspection or authentication: "
    "ocsp.digicert.com, crl3.digicert.com, crl4.digicert.com (and cacerts.digicert.com)."sv;
constexpr std::string_view k_fix_scep =
    "Download the CA certificate again (Okta Admin Console > Security > Device integrations > "
    "Certificate Authority > Download x509 certificate), save it as .cer and upload it to the "
    "MDM's trusted-certificate profile; the profile needs the root CA, not an intermediate."sv;
constexpr std::string_view k_fix_tpm =
    "Open Windows Security > Device security > Security processor details > Security processor "
    "troubleshooting: update the TPM firmware if asked, or clear the TPM after backing up what "
    "it protects (virtual smart cards, sign-in PINs), then enroll again."sv;
constexpr std::string_view k_fix_none = "No action needed."sv;

// The same advice for any other vendor ({vendor}, {client}: VendorProfile's names).
constexpr std::string_view k_neutral_inspection =
    "Exclude this allowlist pattern from SSL/TLS inspection on the proxy or firewall (or bypass "
    "the proxy for it): {client} expects {vendor}'s own certificates and fails on re-signed "
    "TLS."sv;
constexpr std::string_view k_neutral_revocation =
    "Allow plain HTTP (port 80) to the CRL and OCSP hosts of {vendor}'s certificate chain (the "
    "URL is in the evidence) without inspection or authentication."sv;
constexpr std::string_view k_neutral_scep =
    "Download the CA certificate again from {vendor}'s admin console, save it as .cer and upload "
    "it to the MDM's trusted-certificate profile; the profile needs the root CA, not an "
    "intermediate."sv;

constexpr std::array<FindingSpec, 52> k_table{{
    {FindingCode::dns_nxdomain, "DNS_NXDOMAIN", FindingCategory::dns, Severity::fail,
     "the name does not exist (NXDOMAIN)", k_fix_dns, k_symptoms_connect},
    {FindingCode::dns_servfail, "DNS_SERVFAIL", FindingCategory::dns, Severity::fail,
     "the resolver failed to answer (SERVFAIL)", k_fix_dns, k_symptoms_connect},
    {FindingCode::dns_timeout, "DNS_TIMEOUT", FindingCategory::dns, Severity::fail,
     "no DNS answer in time", k_fix_dns, k_symptoms_connect},
    {FindingCode::dns_no_address, "DNS_NO_ADDRESS", FindingCategory::dns, Severity::fail,
     "the name exists but has no A or AAAA record", k_fix_dns, k_symptoms_connect},
    {FindingCode::dns_sinkhole, "DNS_SINKHOLE", FindingCategory::dns, Severity::fail,
     "the name resolves to a sinkhole address: DNS filtering blocks it",
     "Remove the vendor's domains from the DNS filter or security service's block list.",
     k_symptoms_connect},
    {FindingCode::dns_private_address, "DNS_PRIVATE_ADDRESS", FindingCategory::dns, Severity::warn,
     "a public name resolves to a private address (split horizon or an internal proxy)",
     "Check that the private address is an intended internal proxy or split-horizon record; a "
     "stale internal zone sends devices to the wrong place.",
     k_none},
    {FindingCode::tcp_refused, "TCP_REFUSED", FindingCategory::tcp_proxy, Severity::fail,
     "the connection was refused (RST)", k_fix_firewall, k_symptoms_connect},
    {FindingCode::tcp_timeout, "TCP_TIMEOUT", FindingCategory::tcp_proxy, Severity::fail,
     "no answer to the connection attempt (dropped by a firewall?)", k_fix_firewall,
     k_symptoms_connect},
    {FindingCode::tcp_unreachable, "TCP_UNREACHABLE", FindingCategory::tcp_proxy, Severity::fail,
     "the address is unreachable (ICMP unreachable or no route)", k_fix_firewall,
     k_symptoms_connect},
    {FindingCode::proxy_unreachable, "PROXY_UNREACHABLE", FindingCategory::tcp_proxy,
     Severity::fail, "the proxy could not be reached",
     "Check the proxy address and port (--proxy, HTTPS_PROXY) and that it accepts connections "
     "from this network.",
     k_symptoms_connect},
    {FindingCode::proxy_auth_required, "PROXY_AUTH_REQUIRED", FindingCategory::tcp_proxy,
     Severity::fail, "the proxy requires authentication (407)",
     "Exempt the vendor's domains from proxy authentication (devices enroll before a user signs "
     "in), or give pinprobe --proxy-user to prove the rule with credentials.",
     k_symptoms_connect},
    {FindingCode::proxy_connect_denied, "PROXY_CONNECT_DENIED", FindingCategory::tcp_proxy,
     Severity::fail, "the proxy refused to open a tunnel (CONNECT)", k_fix_proxy,
     k_symptoms_connect},
    {FindingCode::tls_handshake_failed, "TLS_HANDSHAKE_FAILED", FindingCategory::tls_pins,
     Severity::fail, "the TLS handshake did not complete",
     "Something between this device and the vendor ends TLS early (the evidence's cause says "
     "how): a reset or an alert right after the ClientHello comes from a firewall, IPS or proxy "
     "that filters TLS by name; silence (timeout) from one that drops it; a non-TLS answer from "
     "a captive portal or a proxy. Allow TLS to this allowlist pattern on that device.",
     k_symptoms_chain},
    {FindingCode::tls_intercepted, "TLS_INTERCEPTED", FindingCategory::tls_pins, Severity::fail,
     "a device in the path re-signed the connection (TLS inspection)", k_fix_inspection,
     k_symptoms_pinning, k_neutral_inspection},
    {FindingCode::tls_pin_mismatch, "TLS_PIN_MISMATCH", FindingCategory::tls_pins, Severity::fail,
     "the chain is publicly trusted but matches no pin: the vendor changed CA or the pins are "
     "stale",
     "Update the pinset (pinprobe pins learn HOST) after confirming from another network that the "
     "vendor changed its certificate chain; this is not a firewall problem.",
     k_symptoms_pinning},
    {FindingCode::cert_expired, "CERT_EXPIRED", FindingCategory::tls_pins, Severity::fail,
     "the certificate has expired",
     "The server presents an expired certificate: report it to the vendor, and check the "
     "device clock.",
     k_symptoms_chain},
    {FindingCode::cert_not_yet_valid, "CERT_NOT_YET_VALID", FindingCategory::tls_pins,
     Severity::fail, "the certificate is not valid yet",
     "Check this machine's clock (and NTP), then the server's.", k_symptoms_chain},
    {FindingCode::cert_hostname_mismatch, "CERT_HOSTNAME_MISMATCH", FindingCategory::tls_pins,
     Severity::fail, "the certificate does not name this host",
     "The host is served with another name's certificate: check DNS (a CNAME to the wrong "
     "service) or the allowlist host list.",
     k_symptoms_chain},
    {FindingCode::cert_chain_incomplete, "CERT_CHAIN_INCOMPLETE", FindingCategory::tls_pins,
     Severity::warn,
     "the server did not send its intermediate certificate; it was fetched from caIssuers",
     "Devices must reach the caIssuers host (port 80) to complete the chain: allow it.", k_none},
    {FindingCode::cert_expires_soon, "CERT_EXPIRES_SOON", FindingCategory::tls_pins, Severity::warn,
     "the certificate expires soon",
     "Expect the vendor to renew it; re-run pinprobe after the renewal to confirm the pins.",
     k_none},
    {FindingCode::cert_weak, "CERT_WEAK", FindingCategory::tls_pins, Severity::warn,
     "a SHA-1 signature or an RSA key under 2048 bits on the presented chain",
     "A certificate on the presented chain is weak (which one and why is in the evidence). "
     "Beside TLS_OK the chain is the vendor's own: ask the vendor to replace it, since current "
     "clients refuse weak chains. Beside TLS_INTERCEPTED the inspection device signs with it: "
     "fix the interception first.",
     k_none},
    {FindingCode::mtls_not_requested, "MTLS_NOT_REQUESTED", FindingCategory::mtls, Severity::fail,
     "the server did not ask for a client certificate: something terminated TLS in between",
     "Exclude the mTLS domains from TLS inspection: device-bound sign-in (FastPass) needs the "
     "client certificate to reach the vendor.",
     k_symptoms_pinning,
     "Exclude the mTLS domains from TLS inspection: device-bound sign-in with {client} needs the "
     "client certificate to reach {vendor}."},
    {FindingCode::revocation_dns_failed, "REVOCATION_DNS_FAILED", FindingCategory::revocation,
     Severity::fail, "the revocation host does not resolve", k_fix_revocation,
     k_symptoms_revocation, k_neutral_revocation},
    {FindingCode::revocation_unreachable, "REVOCATION_UNREACHABLE", FindingCategory::revocation,
     Severity::fail, "the revocation endpoint could not be reached on port 80", k_fix_revocation,
     k_symptoms_revocation, k_neutral_revocation},
    {FindingCode::revocation_blocked_by_proxy, "REVOCATION_BLOCKED_BY_PROXY",
     FindingCategory::revocation, Severity::fail,
     "port 80 answered with a proxy's page instead of a CRL or OCSP response", k_fix_revocation,
     k_symptoms_revocation, k_neutral_revocation},
    {FindingCode::revocation_bad_response, "REVOCATION_BAD_RESPONSE", FindingCategory::revocation,
     Severity::fail, "the CRL or OCSP response could not be parsed", k_fix_revocation,
     k_symptoms_revocation, k_neutral_revocation},
    {FindingCode::revocation_signature_invalid, "REVOCATION_SIGNATURE_INVALID",
     FindingCategory::revocation, Severity::fail,
     "the CRL or OCSP response is not signed by the certificate's issuer",
     "Something in the path rewrites revocation data: allow port 80 to the revocation hosts "
     "without inspection.",
     k_symptoms_revocation},
    {FindingCode::revocation_stale, "REVOCATION_STALE", FindingCategory::revocation, Severity::fail,
     "the revocation data is past its nextUpdate",
     "A cache in the path serves old revocation data: exempt the revocation hosts from caching.",
     k_symptoms_revocation},
    {FindingCode::cert_revoked, "CERT_REVOKED", FindingCategory::revocation, Severity::fail,
     "a presented certificate is revoked",
     "The chain presented is revoked: if the vendor's real chain is not, something in the path "
     "presents an old certificate.",
     k_symptoms_chain},  // a revoked chain fails validation; the status is known, not unknown
    {FindingCode::scep_unreachable, "SCEP_UNREACHABLE", FindingCategory::other, Severity::fail,
     "the SCEP endpoint could not be reached", k_fix_proxy, k_symptoms_scep},
    {FindingCode::scep_bad_response, "SCEP_BAD_RESPONSE", FindingCategory::other, Severity::fail,
     "the SCEP endpoint did not answer with CA certificates",
     "Check the SCEP URL in the MDM profile (it ends in /pkiclient.exe on Windows).",
     k_symptoms_scep},
    {FindingCode::scep_ca_thumbprint_mismatch, "SCEP_CA_THUMBPRINT_MISMATCH",
     FindingCategory::other, Severity::fail,
     "the trusted CA in the MDM profile is not the CA the SCEP endpoint serves", k_fix_scep,
     k_symptoms_scep, k_neutral_scep},
    {FindingCode::scep_trusted_ca_not_root, "SCEP_TRUSTED_CA_NOT_ROOT", FindingCategory::other,
     Severity::fail,
     "the trusted-certificate profile holds an intermediate where the root CA is needed",
     k_fix_scep, k_symptoms_scep, k_neutral_scep},
    {FindingCode::tpm_absent, "TPM_ABSENT", FindingCategory::other, Severity::fail,
     "no TPM was found",
     "Enable the TPM in the firmware settings (it may be called PTT or fTPM); device-bound keys "
     "need it.",
     k_symptoms_tpm},
    {FindingCode::tpm_unsupported_version, "TPM_UNSUPPORTED_VERSION", FindingCategory::other,
     Severity::fail, "the TPM is version 1.2; version 2.0 is required",
     "Switch the TPM to 2.0 in the firmware if it supports it, or use a device with TPM 2.0.",
     k_symptoms_tpm},
    {FindingCode::tpm_key_create_failed, "TPM_KEY_CREATE_FAILED", FindingCategory::other,
     Severity::fail, "the Platform Crypto Provider could not create a key in the TPM", k_fix_tpm,
     k_symptoms_tpm},
    {FindingCode::tls_ok, "TLS_OK", FindingCategory::tls_pins, Severity::pass,
     "the vendor's real chain: verified to a pinned anchor with a matching pin", k_fix_none,
     k_none},
    {FindingCode::revocation_ok, "REVOCATION_OK", FindingCategory::revocation, Severity::pass,
     "revocation data fetched, verified and current", k_fix_none, k_none},
    {FindingCode::scep_ok, "SCEP_OK", FindingCategory::other, Severity::pass,
     "the trusted CA matches the CA the SCEP endpoint serves", k_fix_none, k_none},
    {FindingCode::tpm_ok, "TPM_OK", FindingCategory::other, Severity::pass,
     "a usable TPM 2.0 is present", k_fix_none, k_none},
    {FindingCode::mtls_requested, "MTLS_REQUESTED", FindingCategory::mtls, Severity::info,
     "the server asked for a client certificate", k_fix_none, k_none},
    {FindingCode::dns_resolved_by_proxy, "DNS_RESOLVED_BY_PROXY", FindingCategory::dns,
     Severity::info, "the proxy resolves this name; local resolution is shown for information",
     k_fix_none, k_none},
    {FindingCode::ca_issuers_host, "CA_ISSUERS_HOST", FindingCategory::revocation, Severity::info,
     "the chain's caIssuers host, where Windows completes chains",
     "Allow port 80 to the caIssuers host too: the vendor's allowlist omits it.", k_none},
    {FindingCode::probe_incomplete, "PROBE_INCOMPLETE", FindingCategory::other, Severity::fail,
     "the run's deadline passed before this check finished",
     "Raise --deadline, lower the number of targets, or look for a step that hangs (its phase is "
     "in the evidence).",
     k_none},
    {FindingCode::scep_caps_weak, "SCEP_CAPS_WEAK", FindingCategory::other, Severity::warn,
     "the SCEP server does not advertise SHA-256 or AES",
     "Enable SHA-256 and AES on the SCEP server; Windows falls back to weak algorithms without "
     "them.",
     k_none},
    {FindingCode::revocation_unverified, "REVOCATION_UNVERIFIED", FindingCategory::revocation,
     Severity::warn, "revocation data could not be verified: its issuer is not known",
     "Nothing here proves the revocation path either way: the answer's signature could not be "
     "checked (its issuer is in none of the chain, the pinsets, the public roots or the system "
     "store), or no certificate with a known issuer could be asked about. Add the issuing CA to "
     "the pinset (pins/*.yaml) if this URL matters.",
     k_none},
    {FindingCode::tls_server_config, "TLS_SERVER_CONFIG", FindingCategory::tls_pins, Severity::fail,
     "the server offers only TLS parameters that current clients refuse",
     "The server, or a TLS-terminating device in front of it, accepts only a protocol version, "
     "cipher or key size that current clients refuse (the evidence names what pinprobe offered "
     "and what the server sent or wanted): its operator must enable TLS 1.2 or 1.3 with ECDHE "
     "and AES-GCM or ChaCha20 suites and keys of 2048 bits or more (DH groups too). If the "
     "vendor's endpoint is fine from another network, a device in this path terminates TLS with "
     "this configuration: exempt the allowlist pattern from it. A firewall rule is not the cause.",
     k_symptoms_connect},
    {FindingCode::tls_probe_limit, "TLS_PROBE_LIMIT", FindingCategory::tls_pins, Severity::fail,
     "the handshake exceeded a limit of pinprobe itself: nothing was proven about this target",
     "This is pinprobe's own bound, not a network fault (the evidence names the limit): inspect "
     "the server with openssl s_client -connect HOST:PORT -showcerts. A certificate list this "
     "large also fails on clients with smaller limits.",
     k_none},
    {FindingCode::pac_fetch_failed, "PAC_FETCH_FAILED", FindingCategory::tcp_proxy, Severity::fail,
     "the proxy auto-config (PAC) file could not be fetched",
     "Devices that cannot fetch their PAC fall back to DIRECT (or fail where DIRECT is "
     "blocked): check the PAC URL (--pac, the WPAD name wpad.<domain>) resolves and answers 200 "
     "from this network, without a proxy and without authentication.",
     k_symptoms_connect},
    {FindingCode::pac_invalid, "PAC_INVALID", FindingCategory::tcp_proxy, Severity::fail,
     "the PAC file is not a valid script defining FindProxyForURL(url, host)",
     "Fix the PAC script (the evidence has the JavaScript error and its line); browsers and "
     "WinHTTP ignore a PAC that does not parse and go DIRECT.",
     k_symptoms_connect},
    {FindingCode::pac_eval_failed, "PAC_EVAL_FAILED", FindingCategory::tcp_proxy, Severity::fail,
     "FindProxyForURL failed for this URL or answered no usable route",
     "Fix the PAC's rule for this host (the evidence has the answer or the error): a device "
     "gets no proxy decision for it.",
     k_symptoms_connect},
    {FindingCode::path_verdict_differs, "PATH_VERDICT_DIFFERS", FindingCategory::other,
     Severity::info, "the verdict along the device's route differs from the verdict DIRECT",
     "The difference is the path: when the device's route (PAC, WPAD or proxy settings) is "
     "intercepted and DIRECT is clean, send the vendor's domains DIRECT in the PAC or exclude "
     "them from inspection; when DIRECT fails and the route passes, devices depend on the PAC "
     "being applied.",
     k_none},
}};

constexpr bool table_is_in_code_order() {
  for (std::size_t i = 0; i < k_table.size(); ++i) {
    if (static_cast<std::size_t>(k_table[i].code) != i) return false;
  }
  return true;
}
static_assert(table_is_in_code_order(), "k_table rows must follow FindingCode order");
static_assert(static_cast<std::size_t>(FindingCode::path_verdict_differs) + 1 == k_table.size(),
              "every FindingCode needs a row");

// `text` with "{vendor}" and "{client}" replaced by `vendor`'s names.
std::string fill_names(std::string_view text, const std::string& vendor,
                       const std::string& client) {
  const std::string vendor_name = vendor.empty() ? "the vendor" : vendor;
  const std::string client_name = client.empty() ? vendor_name + "'s client" : client;
  std::string out;
  out.reserve(text.size() + 32);
  while (!text.empty()) {
    const auto open = text.find('{');
    out.append(text.substr(0, open));
    if (open == std::string_view::npos) break;
    text.remove_prefix(open);
    if (text.starts_with("{vendor}")) {
      out += vendor_name;
      text.remove_prefix(8);
    } else if (text.starts_with("{client}")) {
      out += client_name;
      text.remove_prefix(8);
    } else {
      out += '{';
      text.remove_prefix(1);
    }
  }
  return out;
}

}  // namespace

VendorProfile::VendorProfile(std::string name, std::string client, Symptoms symptoms,
                             Remediations remediations)
    : m_name(std::move(name)), m_client(std::move(client)) {
  m_remediation.reserve(k_table.size());
  m_symptoms.resize(k_table.size());
  for (const auto& row : k_table) {
    const auto i = static_cast<std::size_t>(row.code);
    if (auto it = remediations.find(row.code); it != remediations.end()) {
      m_remediation.push_back(std::move(it->second));
    } else {
      m_remediation.push_back(
          fill_names(row.neutral_remediation.empty() ? row.remediation : row.neutral_remediation,
                     m_name, m_client));
    }
    if (auto it = symptoms.find(row.code); it != symptoms.end()) {
      m_symptoms[i] = std::move(it->second);
    }
  }
}

const VendorProfile& VendorProfile::builtin() noexcept {
  static const VendorProfile k_builtin = [] {
    VendorProfile p;
    p.m_name = "Okta";
    p.m_client = "Okta Verify";
    for (const auto& row : k_table) {
      p.m_remediation.emplace_back(row.remediation);
      p.m_symptoms.emplace_back(row.symptoms.begin(), row.symptoms.end());
    }
    return p;
  }();
  return k_builtin;
}

const VendorProfile& VendorProfile::neutral() noexcept {
  static const VendorProfile k_no_vendor{std::string(), std::string()};
  return k_no_vendor;
}

std::string_view VendorProfile::remediation(FindingCode code) const noexcept {
  const auto index = static_cast<std::size_t>(code);
  PROBE_ASSERT(index < m_remediation.size());
  return m_remediation[index];
}

std::span<const std::string> VendorProfile::symptoms(FindingCode code) const noexcept {
  const auto index = static_cast<std::size_t>(code);
  PROBE_ASSERT(index < m_symptoms.size());
  return m_symptoms[index];
}

const VendorProfile& vendor_or_builtin(const VendorProfile* vendor) noexcept {
  return vendor != nullptr ? *vendor : VendorProfile::builtin();
}

std::span<const FindingSpec> finding_table() noexcept { return k_table; }

const FindingSpec& spec_of(FindingCode code) noexcept {
  const auto index = static_cast<std::size_t>(code);
  PROBE_ASSERT(index < k_table.size());
  return k_table[index];
}

std::optional<FindingCode> code_from_wire(std::string_view wire) noexcept {
  const auto* it = std::find_if(k_table.begin(), k_table.end(),
                                [wire](const FindingSpec& row) { return row.wire == wire; });
  if (it == k_table.end()) return std::nullopt;
  return it->code;
}

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::pass:
      return "pass";
    case Severity::info:
      return "info";
    case Severity::warn:
      return "warn";
    case Severity::fail:
      return "fail";
  }
  return "fail";
}

std::optional<Severity> severity_from_string(std::string_view text) noexcept {
  for (auto s : {Severity::pass, Severity::info, Severity::warn, Severity::fail}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

Finding make_finding(FindingCode code, std::string message, Evidence evidence) {
  const auto& row = spec_of(code);
  if (message.empty()) message = std::string(row.message);
  return Finding{code, row.severity, std::move(message), std::move(evidence), std::nullopt};
}

Severity worst(std::span<const Finding> findings) noexcept {
  auto result = Severity::pass;
  for (const auto& f : findings) result = std::max(result, f.severity);
  return result;
}

}  // namespace probe::core
