#include "report/actions.hpp"

#include <doctest/doctest.h>

#include "sample_report.hpp"

namespace probe::report {
namespace {

using core::FindingCode;

core::TargetResult target(const std::string& host, const std::string& allowlist) {
  core::TargetResult t;
  t.target.host = host;
  t.target.port = 443;
  t.target.group = "g";
  t.target.allowlist = allowlist;
  t.finished = true;
  return t;
}

core::TargetResult bumped(const std::string& host, const std::string& allowlist,
                          const std::string& proxy) {
  auto t = target(host, allowlist);
  t.proxy.status = core::ProxyStatus::tunnel_ok;
  t.proxy.proxy = proxy;
  t.findings.push_back(
      core::make_finding(FindingCode::tls_intercepted, "re-signed",
                         {{"resigning_ca", "CN=Inspection CA"}, {"product", "Squid ssl-bump"}}));
  return t;
}

// A revocation URL that failed on the path, copied onto the target citing it as
// apply_to_targets does (the same code, the url in the evidence).
void revocation_failure(core::RunReport& report, core::TargetResult& citing, const std::string& url,
                        FindingCode code) {
  core::RevocationResult r;
  r.url.url = url;
  r.url.kind = core::RevocationKind::crl;
  r.outcome.http.attempted = true;
  r.findings.push_back(core::make_finding(code, "failed", {{"url", url}}));
  citing.findings.push_back(core::make_finding(code, "failed", {{"url", url}}));
  report.revocation.push_back(r);
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("actions: interceptions on one proxy are one action naming every allowlist") {
    core::RunReport report;
    report.targets = {bumped("a.okta.com", "*.okta.com", "http://proxy:3128"),
                      bumped("b.okta.com", "*.okta.com", "http://proxy:3128"),
                      bumped("c.oktacdn.com", "*.oktacdn.com", "http://proxy:3128"),
                      bumped("d.okta.com", "*.okta.com", "http://other:8080")};
    const auto actions = plan_actions(report);
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].kind == ActionKind::exclude_from_inspection);
    CHECK(actions[0].proxy == "http://proxy:3128");
    CHECK(actions[0].rules == std::vector<std::string>{"*.okta.com", "*.oktacdn.com"});
    CHECK(actions[0].targets ==
          std::vector<std::string>{"a.okta.com:443", "b.okta.com:443", "c.oktacdn.com:443"});
    CHECK(actions[0].details ==
          std::vector<std::string>{"re-signed by CN=Inspection CA (Squid ssl-bump)"});
    CHECK(actions[0].codes == std::vector<std::string>{"TLS_INTERCEPTED"});
    CHECK(action_sentence(actions[0]) ==
          "Exclude *.okta.com, *.oktacdn.com from TLS inspection on proxy http://proxy:3128");
    CHECK(actions[1].proxy == "http://other:8080");
    CHECK(actions[1].rules == std::vector<std::string>{"*.okta.com"});
  }

  TEST_CASE("actions: a failing revocation host is named from its URL, once") {
    core::RunReport report;
    auto a = target("a.lab.test", "*.lab.test");
    auto b = target("b.lab.test", "*.lab.test");
    revocation_failure(report, a, "http://crl-closed.lab.test:8080/ca.crl",
                       FindingCode::revocation_unreachable);
    b.findings.push_back(a.findings.back());
    report.targets = {a, b};
    const auto actions = plan_actions(report);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0].kind == ActionKind::allow_revocation);
    CHECK(actions[0].device == "firewall");
    CHECK(actions[0].rules == std::vector<std::string>{"crl-closed.lab.test:8080"});
    CHECK(actions[0].urls == std::vector<std::string>{"http://crl-closed.lab.test:8080/ca.crl"});
    CHECK(actions[0].targets == std::vector<std::string>{"a.lab.test:443", "b.lab.test:443"});
    const auto sentence = action_sentence(actions[0]);
    CHECK(sentence.find("crl-closed.lab.test:8080") != std::string::npos);
    CHECK(sentence.find("digicert") == std::string::npos);
  }

  TEST_CASE("actions: a revocation URL blocked through the proxy is a proxy action") {
    const auto report = testing::sample_report();
    const auto actions = plan_actions(report);
    std::vector<ActionKind> kinds;
    for (const auto& a : actions) kinds.push_back(a.kind);
    CHECK(kinds == std::vector<ActionKind>{ActionKind::exclude_from_inspection,
                                           ActionKind::proxy_authentication,
                                           ActionKind::allow_revocation, ActionKind::fix_dns});
    const auto& revocation = actions[2];
    CHECK(revocation.device == "proxy");
    CHECK(revocation.proxy == "http://proxy.corp.example:3128");
    CHECK(revocation.rules == std::vector<std::string>{"crl3.digicert.com:80"});
    CHECK(revocation.targets == std::vector<std::string>{"acme.okta.com:443"});
    CHECK(actions[1].rules == std::vector<std::string>{"api.mapbox.com:443"});
    CHECK(actions[1].details == std::vector<std::string>{"the proxy answered HTTP 407"});
    CHECK(actions[3].rules == std::vector<std::string>{"ok7static.oktacdn.com"});
  }

  TEST_CASE("actions: a denied CONNECT and a refused connection name host:port and device") {
    core::RunReport report;
    auto denied = target("x.okta.com", "*.okta.com");
    denied.proxy.status = core::ProxyStatus::connect_denied;
    denied.proxy.proxy = "http://proxy:3128";
    denied.proxy.http_status = 403;
    denied.findings.push_back(core::make_finding(FindingCode::proxy_connect_denied));
    auto refused = target("y.okta.com", "*.okta.com");
    refused.target.port = 8443;
    refused.findings.push_back(core::make_finding(FindingCode::tcp_refused));
    auto ok = target("z.okta.com", "*.okta.com");
    ok.findings.push_back(core::make_finding(FindingCode::tls_ok));
    report.targets = {denied, refused, ok};
    const auto actions = plan_actions(report);
    REQUIRE(actions.size() == 2);
    CHECK(action_sentence(actions[0]) ==
          "Allow CONNECT to x.okta.com:443 on proxy http://proxy:3128");
    CHECK(actions[0].details == std::vector<std::string>{"the proxy answered HTTP 403"});
    CHECK(action_sentence(actions[1]) ==
          "Allow outbound TCP and TLS to y.okta.com:8443 on the firewall");
  }

  TEST_CASE("actions: a passing run has none") {
    core::RunReport report;
    auto ok = target("z.okta.com", "*.okta.com");
    ok.findings.push_back(core::make_finding(FindingCode::tls_ok));
    report.targets = {ok};
    CHECK(plan_actions(report).empty());
    CHECK(group_problems(report).empty());
  }

  TEST_CASE("actions: the revocation remediation names the failing host, not the vendor's") {
    const auto f = core::make_finding(FindingCode::revocation_blocked_by_proxy, "blocked",
                                      {{"url", "http://crl-closed.lab.test/ca.crl"}});
    const auto text = remediation_for(f, core::VendorProfile::builtin());
    CHECK(text.find("crl-closed.lab.test:80") != std::string::npos);
    CHECK(text.find("digicert") == std::string::npos);
    const auto bare = core::make_finding(FindingCode::revocation_unreachable);
    CHECK(remediation_for(bare, core::VendorProfile::builtin(), "http://ocsp.lab.test:8888")
              .find("ocsp.lab.test:8888") != std::string::npos);
    const auto other = core::make_finding(FindingCode::tcp_refused);
    CHECK(remediation_for(other, core::VendorProfile::builtin()) ==
          core::VendorProfile::builtin().remediation(FindingCode::tcp_refused));
  }

  TEST_CASE("actions: problems are grouped by cause, listing the targets they affect") {
    core::RunReport report;
    auto a = bumped("a.okta.com", "*.okta.com", "http://proxy:3128");
    auto b = bumped("b.okta.com", "*.okta.com", "http://proxy:3128");
    revocation_failure(report, a, "http://crl-closed.lab.test/ca.crl",
                       FindingCode::revocation_unreachable);
    b.findings.push_back(a.findings.back());
    report.targets = {a, b};
    const auto problems = group_problems(report);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].finding->code == FindingCode::tls_intercepted);
    CHECK(problems[0].targets == std::vector<std::string>{"a.okta.com:443", "b.okta.com:443"});
    CHECK(problems[0].target == &report.targets[0]);
    CHECK(problems[1].finding->code == FindingCode::revocation_unreachable);
    CHECK(problems[1].where == "http://crl-closed.lab.test/ca.crl");
    CHECK(problems[1].target == nullptr);
    CHECK(problems[1].finding == &report.revocation[0].findings[0]);
    CHECK(problems[1].targets == std::vector<std::string>{"a.okta.com:443", "b.okta.com:443"});
  }

  TEST_CASE("actions: kinds have stable wire names") {
    CHECK(to_string(ActionKind::exclude_from_inspection) == "exclude_from_inspection");
    CHECK(to_string(ActionKind::allow_connect) == "allow_connect");
    CHECK(to_string(ActionKind::proxy_authentication) == "proxy_authentication");
    CHECK(to_string(ActionKind::allow_tcp) == "allow_tcp");
    CHECK(to_string(ActionKind::allow_revocation) == "allow_revocation");
    CHECK(to_string(ActionKind::fix_dns) == "fix_dns");
  }
}

}  // namespace probe::report
