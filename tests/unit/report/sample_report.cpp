#include "sample_report.hpp"

#include <chrono>

namespace probe::report::testing {
namespace {

using namespace std::chrono_literals;
using core::FindingCode;

core::SysTime at(std::chrono::seconds since_epoch) { return core::SysTime(since_epoch); }

constexpr auto k_started = std::chrono::seconds(1795426380);  // 2026-11-23T09:33:00Z

core::CertFacts digicert_leaf(const std::string& cn) {
  core::CertFacts c;
  c.subject = "CN=" + cn + ",O=Okta\\, Inc.,L=San Francisco,ST=California,C=US";
  c.issuer = "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US";
  c.common_name = cn;
  c.serial_hex = "0A1B2C3D4E5F";
  c.not_before = at(k_started - std::chrono::hours(24 * 100));
  c.not_after = at(k_started + std::chrono::hours(24 * 200));
  c.spki_pin = "jXqXSr8sXd6ynDSdDbLR6XTl8yoQi8SEqbz7Nm6FQ8o=";
  c.sct_count = 3;
  c.crl_urls = {"http://crl3.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl"};
  c.ocsp_urls = {"http://ocsp.digicert.com"};
  return c;
}

core::CertFacts digicert_intermediate() {
  core::CertFacts c;
  c.subject = "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US";
  c.issuer = "CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US";
  c.common_name = "DigiCert Global G2 TLS RSA SHA256 2020 CA1";
  c.not_after = at(k_started + std::chrono::hours(24 * 1500));
  c.spki_pin = "5kJvNEMw0KjrCAu7eXY5HZdvyCS13BbA0VJG1RSP91w=";
  c.is_ca = true;
  return c;
}

core::TargetResult passing(const std::string& host, const std::string& group,
                           const std::string& allowlist, const std::string& address, bool mtls) {
  core::TargetResult t;
  t.target = core::Target{host, 443, group, allowlist, "okta", mtls, nullptr};
  t.dns.status = core::DnsStatus::ok;
  t.dns.addresses = {{address, 4, 60}};
  t.dns.resolver = "system";
  t.dns.elapsed = 12ms;
  t.tcp = {core::TcpStatus::connected, address, 443, 21ms, ""};
  t.tls.status = core::TlsStatus::handshake_ok;
  t.tls.version = "TLSv1.3";
  t.tls.cipher = "TLS_AES_256_GCM_SHA384";
  t.tls.client_cert_requested = mtls;
  t.tls.elapsed = 48ms;
  t.chain = {digicert_leaf(host), digicert_intermediate()};
  core::ChainVerdict verdict;
  verdict.anchor_verified = true;
  verdict.system_trusted = true;
  verdict.public_root = true;
  verdict.hostname_ok = true;
  verdict.matched_pin = "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=";
  verdict.matched_label = "DigiCert Global Root G2";
  verdict.matched_role = core::PinRole::root;
  t.verdict_detail = verdict;
  t.findings.push_back(core::make_finding(FindingCode::tls_ok,
                                          "the chain verifies to a pinned anchor",
                                          {{"pin", "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY="},
                                           {"label", "DigiCert Global Root G2"}}));
  if (mtls) {
    t.findings.push_back(core::make_finding(FindingCode::mtls_requested, {},
                                            {{"acceptable_ca_names", "CN=Okta MTLS Root"}}));
  }
  t.finished = true;
  return t;
}

core::TargetResult intercepted() {
  auto t = passing("login.okta.com", "okta-org", "*.okta.com", "10.20.0.5", false);
  core::CertFacts leaf;
  // A hostile certificate name: control characters and markup must come out as text.
  leaf.subject = "CN=login.okta.com\x1b[31m\n<script>alert(1)</script>,O=Zscaler Inc.";
  leaf.issuer = "CN=Zscaler Intermediate Root CA (zscalertwo.net) (t),O=Zscaler Inc.";
  leaf.common_name = "login.okta.com\x1b[31m\n<script>alert(1)</script>";
  leaf.not_after = at(k_started + std::chrono::hours(24 * 14 + 5));
  leaf.spki_pin = "Q2hhbmdlZCBieSB0aGUgcHJveHkgLSBub3QgcmVhbCE=";
  leaf.sct_count = 0;
  core::CertFacts root;
  root.subject = "CN=Zscaler Root CA,OU=Zscaler Inc.,O=Zscaler Inc.,L=San Jose,ST=California,C=US";
  root.issuer = root.subject;
  root.common_name = "Zscaler Root CA";
  root.not_after = at(k_started + std::chrono::hours(24 * 3000));
  root.spki_pin = "UlVXQ2J0a1pzY2FsZXJSb290Q0FTcGtpUGluMDAwMDA=";
  root.is_ca = true;
  root.self_signed = true;
  t.chain = {leaf, root};
  core::ChainVerdict verdict;
  verdict.system_trusted = true;
  verdict.hostname_ok = true;
  verdict.error = "unable to get local issuer certificate";
  t.verdict_detail = verdict;
  t.findings = {core::make_finding(
      FindingCode::tls_intercepted, "intercepted by Zscaler Root CA (Zscaler Internet Access)",
      {{"resigning_ca", "CN=Zscaler Root CA,OU=Zscaler Inc.,O=Zscaler Inc."},
       {"product", "Zscaler Internet Access"},
       {"resigning_ca_pin", "UlVXQ2J0a1pzY2FsZXJSb290Q0FTcGtpUGluMDAwMDA="},
       {"system_trusted", "true"},
       {"leaf_sct_count", "0"}})};
  return t;
}

core::TargetResult sinkholed() {
  core::TargetResult t;
  t.target = core::Target{
      "ok7static.oktacdn.com", 443, "okta-cdn", "*.oktacdn.com", std::nullopt, false, nullptr};
  t.dns.status = core::DnsStatus::ok;
  t.dns.addresses = {{"0.0.0.0", 4, 300}};
  t.dns.resolver = "10.0.0.53:53";
  t.dns.elapsed = 3ms;
  t.findings = {core::make_finding(FindingCode::dns_sinkhole, {},
                                   {{"address", "0.0.0.0"}, {"resolver", "10.0.0.53:53"}})};
  t.finished = true;
  return t;
}

core::TargetResult proxy_407() {
  core::TargetResult t;
  t.target =
      core::Target{"api.mapbox.com", 443, "mapbox", "*.mapbox.com", std::nullopt, false, nullptr};
  t.dns.status = core::DnsStatus::ok;
  t.dns.addresses = {{"52.84.150.39", 4, 60}};
  t.dns.elapsed = 9ms;
  t.tcp = {core::TcpStatus::connected, "192.0.2.8", 3128, 2ms, ""};
  t.proxy = {core::ProxyStatus::auth_required,
             "http://proxy.corp.example:3128",
             407,
             "squid/5.7",
             "1.1 proxy.corp.example (squid/5.7)",
             ""};
  t.findings = {core::make_finding(FindingCode::proxy_auth_required, {},
                                   {{"status", "407"},
                                    {"proxy", "http://proxy.corp.example:3128"},
                                    {"server", "squid/5.7"},
                                    {"via", "1.1 proxy.corp.example (squid/5.7)"}})};
  t.finished = true;
  return t;
}

core::RevocationResult revocation_ok() {
  core::RevocationResult r;
  r.url = {"http://ocsp.digicert.com",
           core::RevocationKind::ocsp,
           core::UrlSource::chain,
           {"CN=acme.okta.com,O=Okta\\, Inc.,L=San Francisco,ST=California,C=US"}};
  r.outcome.http.attempted = true;
  r.outcome.http.dns = core::DnsStatus::ok;
  r.outcome.http.tcp = core::TcpStatus::connected;
  r.outcome.http.status = 200;
  r.outcome.http.content_type = "application/ocsp-response";
  r.outcome.http.elapsed = 31ms;
  r.outcome.status = core::RevocationStatus::good;
  r.findings = {core::make_finding(FindingCode::revocation_ok, "OCSP answered good for the leaf")};
  return r;
}

core::RevocationResult revocation_blocked() {
  core::RevocationResult r;
  r.url = {"http://crl3.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl",
           core::RevocationKind::crl,
           core::UrlSource::chain,
           {"CN=acme.okta.com,O=Okta\\, Inc.,L=San Francisco,ST=California,C=US"}};
  r.outcome.http.attempted = true;
  r.outcome.http.dns = core::DnsStatus::ok;
  r.outcome.http.tcp = core::TcpStatus::connected;
  r.outcome.http.status = 403;
  r.outcome.http.content_type = "text/html";
  r.outcome.http.server = "squid/5.7";
  r.outcome.http.via = "1.1 proxy.corp.example (squid/5.7)";
  r.outcome.http.through_proxy = true;
  r.outcome.http.elapsed = 14ms;
  r.outcome.status = core::RevocationStatus::error;
  r.findings = {core::make_finding(FindingCode::revocation_blocked_by_proxy,
                                   "revocation blocked at http://crl3.digicert.com/"
                                   "DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl",
                                   {{"status", "403"},
                                    {"content_type", "text/html"},
                                    {"server", "squid/5.7"},
                                    {"via", "1.1 proxy.corp.example (squid/5.7)"}})};
  return r;
}

}  // namespace

core::RunReport sample_report() {
  core::RunReport report;
  report.tool = {"pinprobe", "0.1.0", "OpenSSL 3.0.11", "7.88.1 (OpenSSL/3.0.11)", "1.18.1"};
  report.started_at = at(k_started);
  report.duration = 1234ms;
  report.environment = {"http://proxy.corp.example:3128", {"system"}, "acme", "berlin-hq"};
  report.targets = {
      passing("acme.okta.com", "okta-org", "*.okta.com", "104.16.1.1", false), intercepted(),
      passing("acme.mtls.okta.com", "okta-mtls", "*.mtls.okta.com", "104.16.1.2", true),
      sinkholed(), proxy_407()};
  report.skipped = {{"{org}.oktapreview.com", "okta-preview", "*.oktapreview.com",
                     "no --org given: org-specific host not probed"},
                    {"{org}-admin.oktapreview.com", "okta-preview", "*.oktapreview.com",
                     "no --org given: org-specific host not probed"}};
  report.revocation = {revocation_ok(), revocation_blocked()};
  return report;
}

}  // namespace probe::report::testing
