// The finding table against SPEC §4: wire names, severities, texts and device symptoms.
#include "core/finding.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"

using probe::core::code_from_wire;
using probe::core::finding_table;
using probe::core::FindingCategory;
using probe::core::FindingCode;
using probe::core::Severity;
using probe::core::spec_of;

namespace {

struct SpecRow {
  std::string_view wire;
  Severity severity;
};

// The 43 codes of SPEC §4's table, in its order, with the severity of their row.
constexpr SpecRow k_spec_codes[] = {
    {"DNS_NXDOMAIN", Severity::fail},
    {"DNS_SERVFAIL", Severity::fail},
    {"DNS_TIMEOUT", Severity::fail},
    {"DNS_NO_ADDRESS", Severity::fail},
    {"DNS_SINKHOLE", Severity::fail},
    {"DNS_PRIVATE_ADDRESS", Severity::warn},
    {"TCP_REFUSED", Severity::fail},
    {"TCP_TIMEOUT", Severity::fail},
    {"TCP_UNREACHABLE", Severity::fail},
    {"PROXY_UNREACHABLE", Severity::fail},
    {"PROXY_AUTH_REQUIRED", Severity::fail},
    {"PROXY_CONNECT_DENIED", Severity::fail},
    {"TLS_HANDSHAKE_FAILED", Severity::fail},
    {"TLS_INTERCEPTED", Severity::fail},
    {"TLS_PIN_MISMATCH", Severity::fail},
    {"CERT_EXPIRED", Severity::fail},
    {"CERT_NOT_YET_VALID", Severity::fail},
    {"CERT_HOSTNAME_MISMATCH", Severity::fail},
    {"CERT_CHAIN_INCOMPLETE", Severity::warn},
    {"CERT_EXPIRES_SOON", Severity::warn},
    {"CERT_WEAK", Severity::warn},
    {"MTLS_NOT_REQUESTED", Severity::fail},
    {"REVOCATION_DNS_FAILED", Severity::fail},
    {"REVOCATION_UNREACHABLE", Severity::fail},
    {"REVOCATION_BLOCKED_BY_PROXY", Severity::fail},
    {"REVOCATION_BAD_RESPONSE", Severity::fail},
    {"REVOCATION_SIGNATURE_INVALID", Severity::fail},
    {"REVOCATION_STALE", Severity::fail},
    {"CERT_REVOKED", Severity::fail},
    {"SCEP_UNREACHABLE", Severity::fail},
    {"SCEP_BAD_RESPONSE", Severity::fail},
    {"SCEP_CA_THUMBPRINT_MISMATCH", Severity::fail},
    {"SCEP_TRUSTED_CA_NOT_ROOT", Severity::fail},
    {"TPM_ABSENT", Severity::fail},
    {"TPM_UNSUPPORTED_VERSION", Severity::fail},
    {"TPM_KEY_CREATE_FAILED", Severity::fail},
    {"TLS_OK", Severity::pass},
    {"REVOCATION_OK", Severity::pass},
    {"SCEP_OK", Severity::pass},
    {"TPM_OK", Severity::pass},
    {"MTLS_REQUESTED", Severity::info},
    {"DNS_RESOLVED_BY_PROXY", Severity::info},
    {"CA_ISSUERS_HOST", Severity::info},
};

// Codes added beyond SPEC §4 (allowed: "new codes may be added; none is ever renamed").
constexpr SpecRow k_extension_codes[] = {
    {"PROBE_INCOMPLETE", Severity::fail},      {"SCEP_CAPS_WEAK", Severity::warn},
    {"REVOCATION_UNVERIFIED", Severity::warn}, {"TLS_SERVER_CONFIG", Severity::fail},
    {"TLS_PROBE_LIMIT", Severity::fail},       {"PAC_FETCH_FAILED", Severity::fail},
    {"PAC_INVALID", Severity::fail},           {"PAC_EVAL_FAILED", Severity::fail},
    {"PATH_VERDICT_DIFFERS", Severity::info},
};

// The check each code belongs to (the HTML matrix's columns), spelled out per code so that a
// new code without a deliberate category fails here.
struct CategoryRow {
  std::string_view wire;
  FindingCategory category;
};
constexpr CategoryRow k_categories[] = {
    {"DNS_NXDOMAIN", FindingCategory::dns},
    {"DNS_SERVFAIL", FindingCategory::dns},
    {"DNS_TIMEOUT", FindingCategory::dns},
    {"DNS_NO_ADDRESS", FindingCategory::dns},
    {"DNS_SINKHOLE", FindingCategory::dns},
    {"DNS_PRIVATE_ADDRESS", FindingCategory::dns},
    {"DNS_RESOLVED_BY_PROXY", FindingCategory::dns},
    {"TCP_REFUSED", FindingCategory::tcp_proxy},
    {"TCP_TIMEOUT", FindingCategory::tcp_proxy},
    {"TCP_UNREACHABLE", FindingCategory::tcp_proxy},
    {"PROXY_UNREACHABLE", FindingCategory::tcp_proxy},
    {"PROXY_AUTH_REQUIRED", FindingCategory::tcp_proxy},
    {"PROXY_CONNECT_DENIED", FindingCategory::tcp_proxy},
    {"PAC_FETCH_FAILED", FindingCategory::tcp_proxy},
    {"PAC_INVALID", FindingCategory::tcp_proxy},
    {"PAC_EVAL_FAILED", FindingCategory::tcp_proxy},
    {"TLS_HANDSHAKE_FAILED", FindingCategory::tls_pins},
    {"TLS_SERVER_CONFIG", FindingCategory::tls_pins},
    {"TLS_PROBE_LIMIT", FindingCategory::tls_pins},
    {"TLS_INTERCEPTED", FindingCategory::tls_pins},
    {"TLS_PIN_MISMATCH", FindingCategory::tls_pins},
    {"CERT_EXPIRED", FindingCategory::tls_pins},
    {"CERT_NOT_YET_VALID", FindingCategory::tls_pins},
    {"CERT_HOSTNAME_MISMATCH", FindingCategory::tls_pins},
    {"CERT_CHAIN_INCOMPLETE", FindingCategory::tls_pins},
    {"CERT_EXPIRES_SOON", FindingCategory::tls_pins},
    {"CERT_WEAK", FindingCategory::tls_pins},
    {"TLS_OK", FindingCategory::tls_pins},
    {"MTLS_NOT_REQUESTED", FindingCategory::mtls},
    {"MTLS_REQUESTED", FindingCategory::mtls},
    {"REVOCATION_DNS_FAILED", FindingCategory::revocation},
    {"REVOCATION_UNREACHABLE", FindingCategory::revocation},
    {"REVOCATION_BLOCKED_BY_PROXY", FindingCategory::revocation},
    {"REVOCATION_BAD_RESPONSE", FindingCategory::revocation},
    {"REVOCATION_SIGNATURE_INVALID", FindingCategory::revocation},
    {"REVOCATION_STALE", FindingCategory::revocation},
    {"CERT_REVOKED", FindingCategory::revocation},
    {"REVOCATION_OK", FindingCategory::revocation},
    {"CA_ISSUERS_HOST", FindingCategory::revocation},
    // A revocation answer nobody could verify: a warning of the Revocation column.
    {"REVOCATION_UNVERIFIED", FindingCategory::revocation},
    {"SCEP_UNREACHABLE", FindingCategory::other},
    {"SCEP_BAD_RESPONSE", FindingCategory::other},
    {"SCEP_CA_THUMBPRINT_MISMATCH", FindingCategory::other},
    {"SCEP_TRUSTED_CA_NOT_ROOT", FindingCategory::other},
    {"SCEP_OK", FindingCategory::other},
    {"SCEP_CAPS_WEAK", FindingCategory::other},
    {"TPM_ABSENT", FindingCategory::other},
    {"TPM_UNSUPPORTED_VERSION", FindingCategory::other},
    {"TPM_KEY_CREATE_FAILED", FindingCategory::other},
    {"TPM_OK", FindingCategory::other},
    {"PROBE_INCOMPLETE", FindingCategory::other},
    {"PATH_VERDICT_DIFFERS", FindingCategory::other},
};

bool any_symptom_contains(FindingCode code, std::string_view needle) {
  const auto symptoms = spec_of(code).symptoms;
  return std::any_of(symptoms.begin(), symptoms.end(), [needle](std::string_view line) {
    return line.find(needle) != std::string_view::npos;
  });
}

std::vector<FindingCode> codes_with_prefix(std::string_view prefix) {
  std::vector<FindingCode> out;
  for (const auto& row : finding_table()) {
    if (row.wire.starts_with(prefix)) out.push_back(row.code);
  }
  return out;
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("finding table: SPEC lists exactly 43 codes and the test copy has no duplicates") {
    std::set<std::string_view> seen;
    for (const auto& row : k_spec_codes) CHECK(seen.insert(row.wire).second);
    CHECK(seen.size() == 43);
  }

  TEST_CASE("finding table: wire names are exactly SPEC section 4 plus the listed extensions") {
    std::set<std::string_view> expected;
    for (const auto& row : k_spec_codes) expected.insert(row.wire);
    for (const auto& row : k_extension_codes) expected.insert(row.wire);
    std::set<std::string_view> actual;
    for (const auto& row : finding_table()) {
      INFO("wire " << std::string(row.wire));
      CHECK(actual.insert(row.wire).second);  // no wire name twice
    }
    std::vector<std::string_view> missing;
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                        std::back_inserter(missing));
    std::vector<std::string_view> unexpected;
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                        std::back_inserter(unexpected));
    for (auto m : missing) FAIL_CHECK("missing from the table: " << std::string(m));
    for (auto u : unexpected) FAIL_CHECK("not in SPEC nor the extension list: " << std::string(u));
    CHECK(finding_table().size() == std::size(k_spec_codes) + std::size(k_extension_codes));
  }

  TEST_CASE("finding table: every row has a message, a remediation and a well-formed wire name") {
    for (const auto& row : finding_table()) {
      INFO("code " << std::string(row.wire));
      CHECK(!row.message.empty());
      CHECK(!row.remediation.empty());
      CHECK(row.message.find('\n') == std::string_view::npos);  // one line
      CHECK(!row.message.ends_with("."));                       // house style: no trailing period
      CHECK(row.wire.size() >= 3);
      CHECK(std::all_of(row.wire.begin(), row.wire.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      }));
      for (auto symptom : row.symptoms) CHECK(!symptom.empty());
    }
  }

  TEST_CASE("finding table: severities match SPEC section 4 and the extension list") {
    for (const auto& expected : k_spec_codes) {
      INFO("code " << std::string(expected.wire));
      const auto code = code_from_wire(expected.wire);
      REQUIRE(code.has_value());
      CHECK(spec_of(*code).severity == expected.severity);
    }
    for (const auto& expected : k_extension_codes) {
      INFO("code " << std::string(expected.wire));
      const auto code = code_from_wire(expected.wire);
      REQUIRE(code.has_value());
      CHECK(spec_of(*code).severity == expected.severity);
    }
  }

  TEST_CASE("finding table: every code has its category, listed once in the test copy") {
    std::set<std::string_view> listed;
    for (const auto& expected : k_categories) {
      INFO("code " << std::string(expected.wire));
      CHECK(listed.insert(expected.wire).second);
      const auto code = code_from_wire(expected.wire);
      REQUIRE(code.has_value());
      CHECK(spec_of(*code).category == expected.category);
    }
    CHECK(listed.size() == finding_table().size());
  }

  TEST_CASE("finding table: every _OK code is pass and every pass code ends in _OK") {
    for (const auto& row : finding_table()) {
      INFO("code " << std::string(row.wire));
      CHECK((row.severity == Severity::pass) == row.wire.ends_with("_OK"));
    }
  }

  TEST_CASE("finding table: rows follow FindingCode order and spec_of returns the code's row") {
    std::size_t index = 0;
    for (const auto& row : finding_table()) {
      CHECK(static_cast<std::size_t>(row.code) == index);
      CHECK(&spec_of(row.code) == &row);
      ++index;
    }
  }

  TEST_CASE("finding table: code_from_wire round trips every code and rejects unknown names") {
    for (const auto& row : finding_table()) {
      const auto code = code_from_wire(row.wire);
      REQUIRE(code.has_value());
      CHECK(*code == row.code);
      CHECK(spec_of(*code).wire == row.wire);
    }
    CHECK_FALSE(code_from_wire("").has_value());
    CHECK_FALSE(code_from_wire("tls_intercepted").has_value());  // wire names are exact
    CHECK_FALSE(code_from_wire("TLS_INTERCEPTED ").has_value());
    CHECK_FALSE(code_from_wire("NOT_A_CODE").has_value());
  }

  TEST_CASE("finding table: TLS_INTERCEPTED carries the CertificatePinningValidator log line") {
    CHECK(
        any_symptom_contains(FindingCode::tls_intercepted,
                             "[CertificatePinningValidator.ValidateConnection]: Certificate domain "
                             ".oktapreview.com/.okta.com did not match pinned keys/certs"));
    CHECK(any_symptom_contains(FindingCode::tls_intercepted,
                               "Could not establish trust relationship for the SSL/TLS secure "
                               "channel"));
    CHECK(any_symptom_contains(FindingCode::tls_pin_mismatch, "did not match pinned keys/certs"));
    CHECK(any_symptom_contains(FindingCode::mtls_not_requested, "CertificatePinningValidator"));
  }

  TEST_CASE("finding table: every failing REVOCATION_ code carries RevocationStatusUnknown") {
    const auto codes = codes_with_prefix("REVOCATION_");
    CHECK(codes.size() == 8);
    for (auto code : codes) {
      INFO("code " << std::string(spec_of(code).wire));
      if (spec_of(code).severity != Severity::fail) continue;
      CHECK(any_symptom_contains(code,
                                 "RevocationStatusUnknown: The revocation function was "
                                 "unable to check revocation"));
    }
    // A revoked certificate's status is known: the device logs a failed chain validation, not
    // RevocationStatusUnknown.
    CHECK_FALSE(any_symptom_contains(FindingCode::cert_revoked, "RevocationStatusUnknown"));
    CHECK(any_symptom_contains(FindingCode::cert_revoked, "Cert chain validation for"));
  }

  TEST_CASE("finding table: every failing SCEP_ code carries the hash value log line") {
    const auto codes = codes_with_prefix("SCEP_");
    CHECK(codes.size() == 6);
    int failing = 0;
    for (auto code : codes) {
      INFO("code " << std::string(spec_of(code).wire));
      if (spec_of(code).severity != Severity::fail) continue;
      ++failing;
      CHECK(any_symptom_contains(
          code, "SCEP: Certificate enroll failed. Result: (The hash value is not correct.)"));
      CHECK(any_symptom_contains(code, "CA cert thumbprint"));
    }
    CHECK(failing == 4);
  }

  TEST_CASE("finding table: every failing TPM_ code carries HRESULT 0x80290407") {
    const auto codes = codes_with_prefix("TPM_");
    CHECK(codes.size() == 4);
    int failing = 0;
    for (auto code : codes) {
      INFO("code " << std::string(spec_of(code).wire));
      if (spec_of(code).severity != Severity::fail) continue;
      ++failing;
      CHECK(any_symptom_contains(code, "CreateSilentKeyPair, HResult: 0x80290407"));
    }
    CHECK(failing == 3);
  }

  TEST_CASE("finding table: DNS, TCP and proxy failures carry the sending-the-request line") {
    for (auto prefix : {"DNS_", "TCP_", "PROXY_"}) {
      for (auto code : codes_with_prefix(prefix)) {
        INFO("code " << std::string(spec_of(code).wire));
        if (spec_of(code).severity != Severity::fail) continue;
        CHECK(any_symptom_contains(code, "An error occurred while sending the request"));
      }
    }
  }

  TEST_CASE("finding table: pass and info codes name no device symptom") {
    for (const auto& row : finding_table()) {
      INFO("code " << std::string(row.wire));
      if (row.severity == Severity::pass || row.severity == Severity::info) {
        CHECK(row.symptoms.empty());
      }
    }
  }

  TEST_CASE("finding: severity names round trip and unknown names are rejected") {
    for (auto s : {Severity::pass, Severity::info, Severity::warn, Severity::fail}) {
      const auto back = probe::core::severity_from_string(probe::core::to_string(s));
      REQUIRE(back.has_value());
      CHECK(*back == s);
    }
    CHECK(probe::core::to_string(Severity::warn) == "warn");
    CHECK_FALSE(probe::core::severity_from_string("FAIL").has_value());
    CHECK_FALSE(probe::core::severity_from_string("error").has_value());
  }

  TEST_CASE("finding: make_finding takes the table's severity and default message") {
    const auto f = probe::core::make_finding(FindingCode::cert_expires_soon);
    CHECK(f.code == FindingCode::cert_expires_soon);
    CHECK(f.severity == Severity::warn);
    CHECK(f.message == spec_of(FindingCode::cert_expires_soon).message);
    CHECK(f.wire() == "CERT_EXPIRES_SOON");
    CHECK(f.remediation() == spec_of(FindingCode::cert_expires_soon).remediation);
    CHECK(f.evidence.empty());

    const auto g = probe::core::make_finding(FindingCode::tls_intercepted, "re-signed by Zscaler",
                                             {{"issuer", "CN=Zscaler Root CA"}});
    CHECK(g.severity == Severity::fail);
    CHECK(g.message == "re-signed by Zscaler");
    REQUIRE(g.evidence.size() == 1);
    CHECK(g.evidence[0].first == "issuer");
    CHECK(g.symptoms().size() == spec_of(FindingCode::tls_intercepted).symptoms.size());
  }

  TEST_CASE("finding: worst is pass for none and the highest severity otherwise") {
    using probe::core::make_finding;
    std::vector<probe::core::Finding> findings;
    CHECK(probe::core::worst(findings) == Severity::pass);
    findings.push_back(make_finding(FindingCode::tls_ok));
    CHECK(probe::core::worst(findings) == Severity::pass);
    findings.push_back(make_finding(FindingCode::mtls_requested));
    CHECK(probe::core::worst(findings) == Severity::info);
    findings.push_back(make_finding(FindingCode::cert_weak));
    CHECK(probe::core::worst(findings) == Severity::warn);
    findings.push_back(make_finding(FindingCode::dns_nxdomain));
    CHECK(probe::core::worst(findings) == Severity::fail);
  }

  TEST_CASE("finding table: CERT_WEAK advice holds beside TLS_OK and beside TLS_INTERCEPTED") {
    const auto fix = spec_of(FindingCode::cert_weak).remediation;
    CHECK(fix.find("usually means something in the path re-signed it") == std::string_view::npos);
    CHECK(fix.find("Beside TLS_OK the chain is the vendor's own") != std::string_view::npos);
    CHECK(fix.find("Beside TLS_INTERCEPTED") != std::string_view::npos);
  }

  TEST_CASE("finding table: handshake failures advise by cause, not all as a blocking firewall") {
    CHECK(spec_of(FindingCode::tls_server_config)
              .remediation.find("A firewall rule is not the "
                                "cause") != std::string_view::npos);
    CHECK(spec_of(FindingCode::tls_probe_limit).remediation.find("pinprobe's own bound") !=
          std::string_view::npos);
    CHECK(spec_of(FindingCode::tls_handshake_failed).remediation.find("cause") !=
          std::string_view::npos);
  }

  TEST_CASE("vendor profile: the built-in is Okta with the table's words and symptoms") {
    const auto& okta = probe::core::VendorProfile::builtin();
    CHECK(okta.name() == "Okta");
    CHECK(okta.client() == "Okta Verify");
    for (const auto& row : finding_table()) {
      INFO("code " << std::string(row.wire));
      CHECK(okta.remediation(row.code) == row.remediation);
      const auto symptoms = okta.symptoms(row.code);
      REQUIRE(symptoms.size() == row.symptoms.size());
      for (std::size_t i = 0; i < symptoms.size(); ++i) CHECK(symptoms[i] == row.symptoms[i]);
    }
    CHECK(&probe::core::vendor_or_builtin(nullptr) == &okta);
  }

  TEST_CASE("vendor profile: another vendor gets no Okta words and only its own symptoms") {
    const probe::core::VendorProfile acme("Acme", "Acme Agent",
                                          {{FindingCode::tls_intercepted, {"AcmeAgent: pin"}}},
                                          {{FindingCode::tls_pin_mismatch, "Call Acme."}});
    for (const auto* profile : {&acme, &probe::core::VendorProfile::neutral()}) {
      for (const auto& row : finding_table()) {
        INFO("code " << std::string(row.wire));
        const auto fix = profile->remediation(row.code);
        CHECK(!fix.empty());
        for (auto word : {"Okta", "FastPass", "digicert", "{vendor}", "{client}"}) {
          CHECK(fix.find(word) == std::string_view::npos);
        }
        for (const auto& line : profile->symptoms(row.code)) {
          CHECK(line.find("Okta") == std::string::npos);
        }
      }
    }
    REQUIRE(acme.symptoms(FindingCode::tls_intercepted).size() == 1);
    CHECK(acme.symptoms(FindingCode::tls_intercepted)[0] == "AcmeAgent: pin");
    CHECK(acme.symptoms(FindingCode::revocation_unreachable).empty());
    CHECK(acme.remediation(FindingCode::tls_pin_mismatch) == "Call Acme.");
    CHECK(acme.remediation(FindingCode::tls_intercepted) ==
          "Exclude this allowlist pattern from SSL/TLS inspection on the proxy or firewall (or "
          "bypass the proxy for it): Acme Agent expects Acme's own certificates and fails on "
          "re-signed TLS.");
    CHECK(probe::core::VendorProfile::neutral()
              .remediation(FindingCode::tls_intercepted)
              .find("the vendor's client expects the vendor's own certificates") !=
          std::string_view::npos);
    CHECK(acme.remediation(FindingCode::dns_nxdomain) ==
          spec_of(FindingCode::dns_nxdomain).remediation);
  }

  TEST_CASE("vendor profile: the run's own findings take the vendor its targets share") {
    using probe::core::VendorProfile;
    probe::core::RunReport report;
    CHECK(&report.vendor() == &VendorProfile::builtin());
    auto acme = std::make_shared<const VendorProfile>("Acme", "Acme Agent");
    report.targets.resize(2);
    report.targets[0].target.vendor = acme;
    report.targets[1].target.vendor = acme;
    CHECK(&report.vendor() == acme.get());
    report.targets[1].target.vendor = nullptr;  // an Okta group beside an Acme one
    CHECK(&report.vendor() == &VendorProfile::neutral());
    report.targets[0].target.vendor = nullptr;
    CHECK(&report.vendor() == &VendorProfile::builtin());
  }
}
