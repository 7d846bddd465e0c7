// The JSON report (SPEC §5): shape, values and UTF-8 safety of report::render_json, and a
// realistic report written to the build tree for the schema check (tests/schema/).
#include "report/json_report.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/file_source.hpp"
#include "core/report.hpp"
#include "tls/certificate.hpp"

using nlohmann::json;
using probe::core::FindingCode;
using probe::core::make_finding;

namespace {

namespace fs = std::filesystem;
namespace core = probe::core;

std::vector<core::CertFacts> chain_of(const std::string& file) {
  auto bytes = probe::config::read_file(std::string(PROBE_OKTA_PKI_DIR) + "/" + file);
  REQUIRE_MESSAGE(bytes.has_value(), (bytes ? "" : bytes.error().message));
  auto ders = probe::tls::load_certificates(*bytes, file);
  REQUIRE(ders.has_value());
  std::vector<core::CertFacts> out;
  for (const auto& der : *ders) {
    auto facts = probe::tls::describe_certificate(der);
    REQUIRE(facts.has_value());
    out.push_back(std::move(*facts));
  }
  return out;
}

core::TargetResult base_target(std::string host, std::string group, std::string allowlist) {
  core::TargetResult t;
  t.target = core::Target{std::move(host), 443,   std::move(group), std::move(allowlist),
                          "okta",          false, nullptr};
  t.finished = true;
  return t;
}

void connected(core::TargetResult& t, const std::string& address) {
  t.dns.status = core::DnsStatus::ok;
  t.dns.addresses = {{address, 4, 300}, {"2001:db8::1", 6, 300}};
  t.dns.cname_chain = {t.target.host, "ok1-crtr.okta.com"};
  t.dns.rcode = 0;
  t.dns.resolver = "127.0.0.53:53";
  t.dns.elapsed = core::Millis{12};
  t.tcp.status = core::TcpStatus::connected;
  t.tcp.address = address;
  t.tcp.port = 443;
  t.tcp.elapsed = core::Millis{20};
  t.tls.status = core::TlsStatus::handshake_ok;
  t.tls.version = "TLSv1.3";
  t.tls.cipher = "TLS_AES_256_GCM_SHA384";
  t.tls.alpn = "h2";
  t.tls.elapsed = core::Millis{45};
}

// A run with every part of the model filled: a passing pinned target, an intercepted one
// behind a proxy, an mTLS target, a DNS failure, one cut by the deadline, skipped {org}
// hosts, and revocation entries that pass, are blocked by a proxy, and are informational.
// The verdict fields the JSON report carries as "verdict" (the judge adds more detail).
core::ChainVerdict verdict_of(bool anchor_verified, bool system_trusted, bool public_root,
                              bool hostname_ok, std::string pin, std::string label,
                              std::string role, std::string error) {
  core::ChainVerdict v;
  v.anchor_verified = anchor_verified;
  v.system_trusted = system_trusted;
  v.public_root = public_root;
  v.hostname_ok = hostname_ok;
  v.matched_pin = std::move(pin);
  v.matched_label = std::move(label);
  v.matched_role = role.empty() ? std::nullopt : core::parse_pin_role(role);
  v.error = std::move(error);
  return v;
}

core::RunReport realistic_report() {
  using namespace std::chrono;
  core::RunReport r;
  r.tool = core::ToolInfo{"pinprobe", "0.1.0", "OpenSSL 3.0.11", "8.0.1", "1.18.1"};
  r.started_at = sys_days{year{2026} / November / 23} + hours{9} + minutes{33};
  r.duration = core::Millis{2345};
  r.environment = core::Environment{"http://proxy.example:3128", {"system"}, "acme", "hq-lab"};

  auto ok = base_target("login.okta.com", "okta-org", "*.okta.com");
  connected(ok, "198.51.100.10");
  ok.chain = chain_of("okta.com-2026.pem");
  ok.verdict_detail =
      verdict_of(true, true, true, true, ok.chain[0].spki_pin, "*.okta.com leaf key", "leaf", "");
  ok.findings.push_back(make_finding(FindingCode::tls_ok, {}, {{"pin", ok.chain[0].spki_pin}}));
  ok.findings.push_back(
      make_finding(FindingCode::ca_issuers_host, {}, {{"url", ok.chain[0].ca_issuers_urls.at(0)}}));
  r.targets.push_back(ok);

  auto intercepted = base_target("acme.okta.com", "okta-org", "*.okta.com");
  connected(intercepted, "198.51.100.11");
  intercepted.proxy = core::ProxyOutcome{core::ProxyStatus::tunnel_ok,
                                         "http://proxy.example:3128",
                                         200,
                                         "Zscaler/6.2\x1b[31m",
                                         "1.1 zscaler",
                                         ""};
  intercepted.chain = chain_of("okta.com.pem");
  intercepted.verdict_detail =
      verdict_of(false, true, false, true, "", "", "", "unable to get local issuer");
  intercepted.findings.push_back(
      make_finding(FindingCode::tls_intercepted, "re-signed by CN=Zscaler Intermediate Root CA",
                   {{"issuer", "CN=Zscaler Intermediate Root CA (zscaler.net)"},
                    {"issuer_spki_pin", intercepted.chain[1].spki_pin},
                    {"system_trusted", "true"},
                    {"product", "Zscaler"},
                    {"n", "1"}}));
  intercepted.findings.push_back(make_finding(FindingCode::dns_resolved_by_proxy));
  r.targets.push_back(intercepted);

  auto mtls = base_target("acme.mtls.okta.com", "okta-mtls", "*.mtls.okta.com");
  mtls.target.expect_client_cert_request = true;
  connected(mtls, "198.51.100.12");
  mtls.tls.client_cert_requested = true;
  mtls.tls.acceptable_ca_names = {"CN=Okta MTLS Root,O=Okta"};
  mtls.chain = chain_of("mtls.okta.com.pem");
  mtls.verdict_detail = verdict_of(true, true, true, true, mtls.chain[1].spki_pin,
                                   "DigiCert SHA2 HA Server CA", "intermediate", "");
  mtls.findings.push_back(make_finding(FindingCode::tls_ok));
  mtls.findings.push_back(make_finding(FindingCode::mtls_requested));
  mtls.findings.push_back(
      make_finding(FindingCode::cert_expired, {}, {{"not_after", "2026-03-28T23:59:59Z"}}));
  r.targets.push_back(mtls);

  auto nx = base_target("acme.okta-emea.com", "okta-emea-org", "*.okta-emea.com");
  nx.dns.status = core::DnsStatus::nxdomain;
  nx.dns.rcode = 3;
  nx.dns.resolver = "127.0.0.53:53";
  nx.dns.detail = "Domain name not found";
  nx.findings.push_back(make_finding(FindingCode::dns_nxdomain));
  r.targets.push_back(nx);

  auto slow = base_target("acme.kerberos.okta.com", "okta-kerberos", "*.kerberos.okta.com");
  slow.finished = false;
  slow.dns.status = core::DnsStatus::timeout;
  slow.findings.push_back(make_finding(FindingCode::probe_incomplete, {}, {{"phase", "dns"}}));
  r.targets.push_back(slow);

  auto soon = base_target("global.oktacdn.com", "oktacdn", "*.oktacdn.com");
  connected(soon, "198.51.100.13");
  soon.chain = chain_of("oktacdn.com.pem");
  soon.findings.push_back(make_finding(FindingCode::tls_ok));
  soon.findings.push_back(make_finding(FindingCode::cert_expires_soon));
  r.targets.push_back(soon);

  r.skipped.push_back(core::SkippedHost{"{org}.okta-gov.com", "okta-gov-org", "*.okta-gov.com",
                                        "org-specific host not probed: give --org NAME"});

  core::RevocationResult crl;
  crl.url =
      core::RevocationUrl{"http://crl3.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl",
                          core::RevocationKind::crl,
                          core::UrlSource::chain,
                          {ok.chain[0].subject}};
  crl.outcome.status = core::RevocationStatus::good;
  crl.outcome.this_update = "2026-11-20T00:00:00Z";
  crl.outcome.next_update = "2026-11-27T00:00:00Z";
  crl.outcome.http = core::HttpOutcome{true,
                                       core::DnsStatus::ok,
                                       core::TcpStatus::connected,
                                       "192.0.2.80",
                                       200,
                                       "application/pkix-crl",
                                       "ECAcc",
                                       "",
                                       52341,
                                       false,
                                       false,
                                       0,
                                       core::Millis{80},
                                       ""};
  crl.findings.push_back(make_finding(FindingCode::revocation_ok));
  r.revocation.push_back(crl);

  core::RevocationResult ocsp;
  ocsp.url = core::RevocationUrl{
      "http://ocsp.digicert.com", core::RevocationKind::ocsp, core::UrlSource::config, {}};
  ocsp.outcome.status = core::RevocationStatus::error;
  ocsp.outcome.http = core::HttpOutcome{true,
                                        core::DnsStatus::ok,
                                        core::TcpStatus::connected,
                                        "10.0.0.1",
                                        403,
                                        "text/html",
                                        "squid/5.7",
                                        "1.1 proxy (squid/5.7)",
                                        3120,
                                        false,
                                        true,
                                        0,
                                        core::Millis{15},
                                        "invalid UTF-8 \xff\xfe here"};
  ocsp.findings.push_back(make_finding(FindingCode::revocation_blocked_by_proxy, {},
                                       {{"status", "403"}, {"server", "squid/5.7"}}));
  r.revocation.push_back(ocsp);

  core::RevocationResult ca;
  ca.url = core::RevocationUrl{"http://cacerts.digicert.com/DigiCertGlobalRootG2.crt",
                               core::RevocationKind::ca_issuers,
                               core::UrlSource::config,
                               {}};
  ca.findings.push_back(make_finding(FindingCode::ca_issuers_host));
  r.revocation.push_back(ca);
  return r;
}

// Where the schema check (tests/CMakeLists.txt) expects the sample: beside the binaries.
fs::path sample_path() {
  return fs::path(PROBE_BINARY).parent_path() / "schema-check" / "report-sample.json";
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("json_report: a realistic report is written for the schema check") {
    const auto text = probe::report::render_json(realistic_report());
    const auto path = sample_path();
    fs::create_directories(path.parent_path());
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
      REQUIRE(out.good());
    }
    CHECK(fs::file_size(path) == text.size());
  }

  TEST_CASE("json_report: the document has SPEC section 5's top-level shape") {
    const auto doc = json::parse(probe::report::render_json(realistic_report()));
    CHECK(doc["schema"] == "pinprobe.report/v1");
    CHECK(doc["tool"]["name"] == "pinprobe");
    CHECK(doc["tool"]["openssl"] == "OpenSSL 3.0.11");
    CHECK(doc["started_at"] == "2026-11-23T09:33:00Z");
    CHECK(doc["duration_ms"] == 2345);
    CHECK(doc["environment"]["proxy"] == "http://proxy.example:3128");
    CHECK(doc["environment"]["resolvers"] == json::array({"system"}));
    CHECK(doc["environment"]["org"] == "acme");
    CHECK(doc["environment"]["site"] == "hq-lab");
    CHECK(doc["verdict"] == "fail");
    CHECK(doc["deadline_exceeded"] == false);
    CHECK(doc["summary"] == json{{"targets", 6}, {"pass", 1}, {"warn", 1}, {"fail", 4}});
    CHECK(doc["targets"].size() == 6);
    CHECK(doc["skipped"].size() == 1);
    CHECK(doc["revocation"].size() == 3);
  }

  TEST_CASE("json_report: a target carries its outcomes, chain, judgment and findings") {
    const auto doc = json::parse(probe::report::render_json(realistic_report()));
    const auto& t = doc["targets"][0];
    CHECK(t["host"] == "login.okta.com");
    CHECK(t["port"] == 443);
    CHECK(t["group"] == "okta-org");
    CHECK(t["allowlist"] == "*.okta.com");
    CHECK(t["pinset"] == "okta");
    CHECK(t["verdict"] == "pass");  // TLS_OK + CA_ISSUERS_HOST (info)
    CHECK(t["finished"] == true);
    CHECK(t["dns"]["status"] == "ok");
    CHECK(t["dns"]["addresses"][1] ==
          json{{"address", "2001:db8::1"}, {"family", 6}, {"ttl", 300}});
    CHECK(t["tcp"]["status"] == "connected");
    CHECK(t["tcp"]["proxy"]["status"] == "none");
    CHECK(t["tls"]["status"] == "handshake_ok");
    CHECK(t["tls"]["chain"].size() == 3);
    CHECK(t["tls"]["chain"][0]["spki_pin"] == "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=");
    CHECK(t["tls"]["chain"][0]["sha1_thumbprint"] == "D5BC298984C44609399B894B7645DE6DBE2642AC");
    CHECK(t["tls"]["chain"][0]["not_after"] == "2027-01-15T23:59:59Z");
    CHECK(t["tls"]["chain"][0]["sct_count"] == 3);
    CHECK(t["tls"]["chain"][2]["self_signed"] == true);
    CHECK(t["tls"]["judgment"]["matched_role"] == "leaf");
    CHECK(t["findings"][0]["code"] == "TLS_OK");
    CHECK(t["findings"][0]["severity"] == "pass");
    CHECK(t["findings"][0]["evidence"]["pin"] == "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=");
    CHECK(t["findings"][1]["severity"] == "info");

    const auto& nx = doc["targets"][3];
    CHECK(nx["verdict"] == "fail");
    CHECK_FALSE(nx["tls"].contains("judgment"));  // no chain judged: no judgment object
    CHECK(nx["tls"]["status"] == "not_run");
    CHECK(nx["dns"]["rcode"] == 3);
    CHECK(doc["targets"][4]["finished"] == false);
  }

  TEST_CASE("json_report: findings carry the table's remediation and device symptoms") {
    const auto doc = json::parse(probe::report::render_json(realistic_report()));
    const auto& f = doc["targets"][1]["findings"][0];
    CHECK(f["code"] == "TLS_INTERCEPTED");
    CHECK(f["severity"] == "fail");
    CHECK(f["message"] == "re-signed by CN=Zscaler Intermediate Root CA");
    CHECK(f["remediation"] == std::string(core::spec_of(FindingCode::tls_intercepted).remediation));
    REQUIRE(f["symptoms"].is_array());
    CHECK(f["symptoms"].size() == core::spec_of(FindingCode::tls_intercepted).symptoms.size());
    CHECK(f["symptoms"][0].get<std::string>().find("CertificatePinningValidator") !=
          std::string::npos);
    CHECK(f["evidence"]["product"] == "Zscaler");
    CHECK(f["evidence"].size() == 5);
  }

  TEST_CASE("json_report: a repeated evidence key keeps every value, in order") {
    core::RunReport report;
    core::TargetResult t;
    t.target = {"login.okta.com", 443, "okta-org", "*.okta.com", "okta", false, nullptr};
    t.findings.push_back(make_finding(FindingCode::tls_intercepted, "re-signed",
                                      {{"hint", "the leaf reuses the key of its issuer"},
                                       {"product", "mitmproxy"},
                                       {"hint", "the leaf lives 2 days"}}));
    report.targets.push_back(t);
    const auto doc = json::parse(probe::report::render_json(report));
    const auto& ev = doc["targets"][0]["findings"][0]["evidence"];
    CHECK(ev["hint"] == "the leaf reuses the key of its issuer; the leaf lives 2 days");
    CHECK(ev["product"] == "mitmproxy");
    CHECK(ev.size() == 2);
  }

  TEST_CASE("json_report: revocation entries carry kind, source, http and findings") {
    const auto doc = json::parse(probe::report::render_json(realistic_report()));
    const auto& crl = doc["revocation"][0];
    CHECK(crl["kind"] == "crl");
    CHECK(crl["source"] == "chain");
    CHECK(crl["verdict"] == "pass");
    CHECK(crl["status"] == "good");
    CHECK(crl["next_update"] == "2026-11-27T00:00:00Z");
    CHECK(crl["cited_by"].size() == 1);
    CHECK(crl["http"]["content_type"] == "application/pkix-crl");
    const auto& ocsp = doc["revocation"][1];
    CHECK(ocsp["kind"] == "ocsp");
    CHECK(ocsp["source"] == "config");
    CHECK(ocsp["verdict"] == "fail");
    CHECK(ocsp["http"]["status"] == 403);
    CHECK(ocsp["http"]["via"] == "1.1 proxy (squid/5.7)");
    CHECK(ocsp["http"]["through_proxy"] == true);
    CHECK(ocsp["findings"][0]["code"] == "REVOCATION_BLOCKED_BY_PROXY");
    CHECK(doc["revocation"][2]["kind"] == "ca_issuers");
    CHECK(doc["revocation"][2]["verdict"] == "pass");
  }

  TEST_CASE("json_report: invalid UTF-8 from the network is replaced, never thrown on") {
    std::string text;
    CHECK_NOTHROW(text = probe::report::render_json(realistic_report()));
    const auto doc = json::parse(text);  // valid JSON, hence valid UTF-8
    CHECK(doc["revocation"][1]["http"]["detail"] == "invalid UTF-8 \xEF\xBF\xBD\xEF\xBF\xBD here");
    // Control characters survive as JSON escapes: the JSON is exact, renderers escape for
    // terminals.
    CHECK(doc["targets"][1]["tcp"]["proxy"]["server"] == "Zscaler/6.2\x1b[31m");
    CHECK(text.find("\\u001b[31m") != std::string::npos);
  }

  TEST_CASE("json_report: an empty run is a valid pass document with empty lists") {
    const auto doc = json::parse(probe::report::render_json(core::RunReport{}));
    CHECK(doc["verdict"] == "pass");
    CHECK(doc["summary"] == json{{"targets", 0}, {"pass", 0}, {"warn", 0}, {"fail", 0}});
    CHECK(doc["targets"].is_array());
    CHECK(doc["targets"].empty());
    CHECK(doc["skipped"].empty());
    CHECK(doc["revocation"].empty());
    CHECK(doc["started_at"] == "1970-01-01T00:00:00Z");
  }

  TEST_CASE("json_report: dump indents by two and ends with a newline") {
    const auto text = probe::report::dump(json{{"a", 1}});
    CHECK(text == "{\n  \"a\": 1\n}\n");
  }

  TEST_CASE("json_report: cert_json lists every certificate fact") {
    const auto chain = chain_of("okta.com-2026.pem");
    const auto c = probe::report::cert_json(chain[0]);
    for (const auto* key : {"subject",         "issuer",      "common_name", "serial",
                            "not_before",      "not_after",   "dns_names",   "ip_addresses",
                            "key_type",        "key_bits",    "curve",       "signature_algorithm",
                            "is_ca",           "self_signed", "spki_pin",    "sha256_fingerprint",
                            "sha1_thumbprint", "sct_count",   "crl_urls",    "ocsp_urls",
                            "ca_issuers_urls"}) {
      INFO("key " << key);
      CHECK(c.contains(key));
    }
    CHECK(c.size() == 21);
    CHECK(c["dns_names"] == json::array({"*.okta.com", "okta.com"}));
    CHECK(c["ocsp_urls"] == json::array({"http://ocsp.digicert.com"}));
    CHECK(c["serial"] == "09CFBACFC5093DE97EC9672A157C540B");
  }
}
