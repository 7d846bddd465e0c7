#include "revocation/classify.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace probe::revocation {
namespace {

core::HttpOutcome answered(int status, std::string content_type) {
  core::HttpOutcome http;
  http.attempted = true;
  http.dns = core::DnsStatus::ok;
  http.tcp = core::TcpStatus::connected;
  http.status = status;
  http.content_type = std::move(content_type);
  http.size = 100;
  return http;
}

core::RevocationUrl crl_url() {
  return core::RevocationUrl{
      "http://crl.test/int.crl", core::RevocationKind::crl, core::UrlSource::chain, {}};
}

std::string value_of(const core::Evidence& evidence, const std::string& key) {
  for (const auto& [name, value] : evidence) {
    if (name == key) return value;
  }
  return "<missing>";
}

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("classify_content_type: sorts CRL, OCSP and caIssuers media types") {
    using core::RevocationKind;
    CHECK(classify_content_type(RevocationKind::crl, "application/pkix-crl") ==
          ContentClass::expected);
    CHECK(classify_content_type(RevocationKind::crl, "Application/X-PKCS7-CRL; charset=x") ==
          ContentClass::expected);
    CHECK(classify_content_type(RevocationKind::crl, "application/octet-stream") ==
          ContentClass::tolerated);
    CHECK(classify_content_type(RevocationKind::crl, "") == ContentClass::tolerated);
    CHECK(classify_content_type(RevocationKind::crl, "text/html; charset=utf-8") ==
          ContentClass::foreign);
    CHECK(classify_content_type(RevocationKind::crl, "application/ocsp-response") ==
          ContentClass::foreign);
    CHECK(classify_content_type(RevocationKind::ocsp, "application/ocsp-response") ==
          ContentClass::expected);
    CHECK(classify_content_type(RevocationKind::ocsp, "text/plain") == ContentClass::foreign);
    CHECK(classify_content_type(RevocationKind::ca_issuers, "application/pkix-cert") ==
          ContentClass::expected);
    CHECK(classify_content_type(RevocationKind::ca_issuers, "application/x-x509-ca-cert") ==
          ContentClass::expected);
    CHECK(classify_content_type(RevocationKind::ca_issuers, "application/pkcs7-mime") ==
          ContentClass::expected);
  }

  TEST_CASE("judge_transport: lets a CRL answer through to parsing") {
    CHECK_FALSE(judge_transport(crl_url(), answered(200, "application/pkix-crl")).has_value());
    CHECK_FALSE(judge_transport(crl_url(), answered(200, "application/octet-stream")).has_value());
  }

  TEST_CASE("judge_transport: reports a host that does not resolve as REVOCATION_DNS_FAILED") {
    core::HttpOutcome http;
    http.attempted = true;
    http.dns = core::DnsStatus::nxdomain;
    const auto finding = judge_transport(crl_url(), http);
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_DNS_FAILED");
    CHECK(finding->message == "the revocation host does not resolve: nxdomain");
    CHECK_FALSE(finding->symptoms().empty());
    CHECK(value_of(finding->evidence, "url") == "http://crl.test/int.crl");
  }

  TEST_CASE("judge_transport: says whether port 80 refused, timed out or was unreachable") {
    core::HttpOutcome http;
    http.attempted = true;
    http.dns = core::DnsStatus::ok;
    http.tcp = core::TcpStatus::refused;
    auto finding = judge_transport(crl_url(), http);
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_UNREACHABLE");
    CHECK(finding->message == "port 80: connection refused");
    http.tcp = core::TcpStatus::timeout;
    CHECK(judge_transport(crl_url(), http)->message == "port 80: connection timed out");
    http.tcp = core::TcpStatus::unreachable;
    CHECK(judge_transport(crl_url(), http)->message == "port 80: network unreachable");
    core::RevocationUrl other = crl_url();
    other.url = "http://crl.test:8080/a.crl";
    CHECK(judge_transport(other, http)->message == "port 8080: network unreachable");
    http.through_proxy = true;
    CHECK(judge_transport(crl_url(), http)->message == "the proxy: network unreachable");
  }

  TEST_CASE("judge_transport: reports a transfer that never answered as unreachable") {
    core::HttpOutcome http;
    http.attempted = true;
    http.dns = core::DnsStatus::ok;
    http.tcp = core::TcpStatus::connected;
    http.detail = "operation timed out after 5000 ms";
    const auto finding = judge_transport(crl_url(), http);
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_UNREACHABLE");
    CHECK(finding->message == "no HTTP answer: operation timed out after 5000 ms");
  }

  TEST_CASE("judge_transport: names the proxy that answered with an HTML page") {
    core::HttpOutcome http = answered(200, "text/html; charset=utf-8");
    http.via = "1.1 gateway.corp (squid/5.7)";
    http.server = "squid/5.7";
    http.through_proxy = true;
    const auto finding = judge_transport(crl_url(), http);
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_BLOCKED_BY_PROXY");
    CHECK(finding->message ==
          "answered with text/html instead of a CRL, from 1.1 gateway.corp (squid/5.7)");
    CHECK(value_of(finding->evidence, "via") == "1.1 gateway.corp (squid/5.7)");
    CHECK(value_of(finding->evidence, "through_proxy") == "true");
    CHECK(value_of(finding->evidence, "content_type") == "text/html; charset=utf-8");
  }

  TEST_CASE("judge_transport: treats 403, 407 and 5xx as a proxy's refusal") {
    for (const int status : {403, 407, 502, 503}) {
      core::HttpOutcome http = answered(status, "text/plain");
      http.server = "BlueCoat-Proxy";
      const auto finding = judge_transport(crl_url(), http);
      REQUIRE(finding.has_value());
      CHECK(finding->wire() == "REVOCATION_BLOCKED_BY_PROXY");
      CHECK(finding->message == "HTTP " + std::to_string(status) + " from BlueCoat-Proxy");
    }
    const auto unnamed = judge_transport(crl_url(), answered(403, ""));
    REQUIRE(unnamed.has_value());
    CHECK(unnamed->message == "HTTP 403 from unnamed proxy");
  }

  TEST_CASE("judge_transport: reports other error statuses as a bad response") {
    const auto finding = judge_transport(crl_url(), answered(404, "application/pkix-crl"));
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_BAD_RESPONSE");
    CHECK(finding->message == "HTTP 404 instead of a CRL");
    const auto html = judge_transport(crl_url(), answered(404, "text/html"));
    REQUIRE(html.has_value());
    CHECK(html->wire() == "REVOCATION_BLOCKED_BY_PROXY");
  }

  TEST_CASE("judge_transport: reports a body over the download cap as a bad response") {
    core::HttpOutcome http = answered(200, "application/pkix-crl");
    http.truncated = true;
    http.size = 10485760;
    const auto finding = judge_transport(crl_url(), http);
    REQUIRE(finding.has_value());
    CHECK(finding->wire() == "REVOCATION_BAD_RESPONSE");
    CHECK(finding->message == "the answer is larger than the download cap (10485760 bytes kept)");
  }

  TEST_CASE("http_evidence: records url, status, type, Server, Via, proxy, size and time") {
    core::HttpOutcome http = answered(200, "application/pkix-crl");
    http.server = "ECAcc (nyd/D13E)";
    http.elapsed = core::Millis{42};
    const core::Evidence evidence = http_evidence("http://crl.test/a.crl", http);
    REQUIRE(evidence.size() >= 7);
    CHECK(evidence[0] == std::pair<std::string, std::string>{"url", "http://crl.test/a.crl"});
    CHECK(value_of(evidence, "status") == "200");
    CHECK(value_of(evidence, "server") == "ECAcc (nyd/D13E)");
    CHECK(value_of(evidence, "via") == "<missing>");  // no Via header: no via entry
    CHECK(value_of(evidence, "through_proxy") == "false");
    CHECK(value_of(evidence, "size") == "100");
    CHECK(value_of(evidence, "elapsed_ms") == "42");
  }

  TEST_CASE("http_evidence: without an HTTP answer it shows no status, type or size") {
    core::HttpOutcome http;
    http.attempted = true;
    http.detail = "name resolution failed";
    const core::Evidence evidence = http_evidence("http://crl.test/a.crl", http);
    CHECK(value_of(evidence, "url") == "http://crl.test/a.crl");
    for (const char* key : {"status", "content_type", "server", "via", "size"}) {
      CHECK_MESSAGE(std::none_of(evidence.begin(), evidence.end(),
                                 [key](const auto& kv) { return kv.first == key; }),
                    key);
    }
    CHECK(value_of(evidence, "through_proxy") == "false");
    CHECK(value_of(evidence, "detail") == "name resolution failed");
  }
}

}  // namespace probe::revocation
