#include "revocation/check.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "revocation/ocsp.hpp"
#include "revocation/test_pki.hpp"
#include "revocation/urls.hpp"
#include "tls/certificate.hpp"

namespace probe::revocation {
namespace {

using test::at;
using test::days;

std::string value_of(const core::Evidence& evidence, const std::string& key) {
  for (const auto& [name, value] : evidence) {
    if (name == key) return value;
  }
  return "<missing>";
}

std::vector<std::string> wires(const std::vector<core::Finding>& findings) {
  std::vector<std::string> out;
  for (const core::Finding& f : findings) out.emplace_back(f.wire());
  return out;
}

// A run over DigiCert-shaped chains with every endpoint answering correctly unless a test
// overrides an URL in `answers`.
struct Run {
  test::Pki pki;
  core::FixedClock clock{test::test_now()};
  core::ProbeSettings settings;
  std::vector<core::TargetResult> targets;
  std::map<std::string, core::HttpResponse> answers;

  Run() {
    core::TargetResult target;
    target.target.host = "leaf.test";
    target.chain = pki.chain();
    targets.push_back(target);
    answers[test::k_int_crl] = test::ok_response(
        test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(1)), at(days(6))),
        "application/pkix-crl");
    answers[test::k_root_crl] = test::ok_response(
        test::make_crl(pki.root.get(), pki.root_key.get(), at(-days(1)), at(days(30))),
        "application/pkix-crl");
    answers[test::k_int_cert] =
        test::ok_response(test::der_of(pki.intermediate.get()), "application/pkix-cert");
    answers[test::k_root_cert] =
        test::ok_response(test::der_of(pki.root.get()), "application/pkix-cert");
    set_ocsp(pki.leaf.get(), pki.intermediate.get(), pki.int_key.get(), V_OCSP_CERTSTATUS_GOOD);
    set_ocsp(pki.intermediate.get(), pki.root.get(), pki.root_key.get(), V_OCSP_CERTSTATUS_GOOD);
  }

  // The GET URL a request for `cert` takes, answered with `status`.
  void set_ocsp(X509* cert, X509* issuer, EVP_PKEY* key, int status) {
    const auto request = build_ocsp_request(test::facts_of(cert), test::facts_of(issuer));
    REQUIRE(request.has_value());
    test::OcspSpec spec;
    spec.status = status;
    spec.reason = status == V_OCSP_CERTSTATUS_REVOKED ? 1 : -1;
    spec.revoked_at = status == V_OCSP_CERTSTATUS_REVOKED ? at(-days(2)) : 0;
    spec.this_update = at(-std::chrono::hours{1});
    spec.next_update = at(days(7));
    answers[ocsp_http_request(test::k_ocsp, *request, 1).url] = test::ok_response(
        test::make_ocsp(cert, issuer, issuer, key, spec), "application/ocsp-response");
  }

  test::FakeHttp http{[this](const core::HttpRequest& request) {
    const auto found = answers.find(request.url);
    if (found != answers.end()) return found->second;
    core::HttpResponse none;
    none.outcome.attempted = true;
    none.outcome.dns = core::DnsStatus::nxdomain;
    return none;
  }};

  std::vector<core::RevocationResult> check(const core::Plan& plan = {}) {
    return check_all(collect_urls(targets, plan), targets, http, clock, settings);
  }
};

const core::RevocationResult& result_for(const std::vector<core::RevocationResult>& results,
                                         const std::string& url) {
  for (const auto& result : results) {
    if (result.url.url == url) return result;
  }
  FAIL("no result for " << url);
  return results.front();
}

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("check_all: verifies every CRL and OCSP endpoint of a good chain") {
    Run run;
    const auto results = run.check();
    REQUIRE(results.size() == 5);
    CHECK(run.http.calls() == 2);  // caIssuers first: the intermediate's issuer is not presented
    CHECK(run.http.requests().size() == 6);  // 2 CRLs, 2 caIssuers, 2 OCSP (leaf, intermediate)
    const auto& crl = result_for(results, test::k_int_crl);
    CHECK(wires(crl.findings) == std::vector<std::string>{"REVOCATION_OK"});
    CHECK(crl.outcome.status == core::RevocationStatus::good);
    CHECK(crl.verdict() == core::Severity::pass);
    // The root's CRL is verified with the root served by the intermediate's caIssuers URL.
    const auto& root_crl = result_for(results, test::k_root_crl);
    REQUIRE(root_crl.findings.size() == 1);
    CHECK(root_crl.findings[0].message == "CRL verified with issuer CN=Test Root,O=Pinprobe Test");
    const auto& ocsp = result_for(results, test::k_ocsp);
    CHECK(wires(ocsp.findings) == std::vector<std::string>{"REVOCATION_OK", "REVOCATION_OK"});
    CHECK(ocsp.outcome.status == core::RevocationStatus::good);
    const auto& ca = result_for(results, test::k_int_cert);
    REQUIRE(ca.findings.size() == 1);
    CHECK(ca.findings[0].wire() == "CA_ISSUERS_HOST");
    CHECK(ca.findings[0].message == "caIssuers host ca.test answered with 1 certificate(s)");
    CHECK(value_of(ca.findings[0].evidence, "reachable") == "true");

    revocation::apply_to_targets(run.targets, results);
    REQUIRE(run.targets[0].findings.size() == 1);
    CHECK(run.targets[0].findings[0].wire() == "REVOCATION_OK");
    CHECK(run.targets[0].findings[0].message ==
          "the chain's revocation data was fetched and verified (3 URLs)");
  }

  TEST_CASE("check_all: fetches a CRL cited by twenty chains once") {
    Run run;
    run.targets.clear();
    for (int i = 0; i < 20; ++i) {
      core::TargetResult target;
      target.target.host = "host" + std::to_string(i) + ".test";
      const auto leaf = run.pki.sibling(200 + i, target.target.host);
      target.chain = {test::facts_of(leaf.get()), test::facts_of(run.pki.intermediate.get())};
      run.targets.push_back(target);
    }
    const auto results = run.check();
    CHECK(run.http.calls() == 2);
    CHECK(run.http.count(test::k_int_crl) == 1);
    CHECK(run.http.count(test::k_root_crl) == 1);
    CHECK(run.http.count(test::k_int_cert) == 1);
    // OCSP asks once per distinct certificate: 20 leaves and the intermediate.
    CHECK(run.http.count(std::string{test::k_ocsp} + "/") == 21);
    CHECK(result_for(results, test::k_int_crl).url.cited_by.size() == 20);
  }

  TEST_CASE("check_all: sends one batch when the anchors hold every issuer") {
    Run run;
    const std::vector<core::CertFacts> anchors{test::facts_of(run.pki.root.get())};
    const auto results = check_all(collect_urls(run.targets, core::Plan{}), run.targets, run.http,
                                   run.clock, run.settings, anchors);
    CHECK(run.http.calls() == 1);
    CHECK(run.http.requests().size() == 6);
    CHECK(wires(result_for(results, test::k_ocsp).findings) ==
          std::vector<std::string>{"REVOCATION_OK", "REVOCATION_OK"});
  }

  TEST_CASE("check_all: reports a proxy's HTML page and carries it to the citing target") {
    Run run;
    core::HttpResponse page = test::ok_response("<html>Blocked by policy</html>", "text/html");
    page.outcome.via = "1.1 proxy.corp (squid/5.7)";
    page.outcome.server = "squid/5.7";
    page.outcome.through_proxy = true;
    run.answers[test::k_int_crl] = page;
    const auto results = run.check();
    const auto& crl = result_for(results, test::k_int_crl);
    REQUIRE(crl.findings.size() == 1);
    CHECK(crl.findings[0].wire() == "REVOCATION_BLOCKED_BY_PROXY");
    CHECK(crl.findings[0].message ==
          "answered with text/html instead of a CRL, from 1.1 proxy.corp (squid/5.7)");
    CHECK_FALSE(crl.findings[0].symptoms().empty());
    CHECK(crl.outcome.status == core::RevocationStatus::error);

    revocation::apply_to_targets(run.targets, results);
    const auto& findings = run.targets[0].findings;
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].wire() == "REVOCATION_BLOCKED_BY_PROXY");
    CHECK(findings[0].message ==
          "revocation URL http://crl.test/int.crl (cited by leaf.test): answered with text/html "
          "instead of a CRL, from 1.1 proxy.corp (squid/5.7)");
    CHECK(value_of(findings[0].evidence, "url") == test::k_int_crl);
    CHECK(value_of(findings[0].evidence, "cited_by") == "CN=leaf.test,O=Pinprobe Test");
    CHECK(run.targets[0].verdict() == core::Severity::fail);
  }

  TEST_CASE("check_all: reports a revoked leaf from the CRL and from OCSP") {
    Run run;
    run.answers[test::k_int_crl] =
        test::ok_response(test::make_crl(run.pki.intermediate.get(), run.pki.int_key.get(),
                                         at(-days(1)), at(days(6)), {{4660, 1, at(-days(2))}}),
                          "application/pkix-crl");
    run.set_ocsp(run.pki.leaf.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_REVOKED);
    // A second target whose leaf is not revoked cites the same URLs.
    core::TargetResult other;
    other.target.host = "other.test";
    const auto other_leaf = run.pki.sibling(300, "other.test");
    other.chain = {test::facts_of(other_leaf.get()), test::facts_of(run.pki.intermediate.get())};
    run.targets.push_back(other);
    run.set_ocsp(other_leaf.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_GOOD);

    const auto results = run.check();
    const auto& crl = result_for(results, test::k_int_crl);
    REQUIRE(crl.findings.size() == 1);
    CHECK(crl.findings[0].wire() == "CERT_REVOKED");
    CHECK(crl.findings[0].message ==
          "CN=leaf.test,O=Pinprobe Test is revoked (keyCompromise, 2026-11-21T12:00:00Z) per its "
          "CRL");
    CHECK(value_of(crl.findings[0].evidence, "source") == "crl");
    CHECK(value_of(crl.findings[0].evidence, "serial") == "1234");
    const auto& ocsp = result_for(results, test::k_ocsp);
    CHECK(wires(ocsp.findings) == std::vector<std::string>{"CERT_REVOKED"});
    CHECK(value_of(ocsp.findings[0].evidence, "source") == "ocsp");
    CHECK(ocsp.findings[0].message.ends_with(" per its OCSP responder"));

    revocation::apply_to_targets(run.targets, results);
    CHECK(wires(run.targets[0].findings) ==
          std::vector<std::string>{"CERT_REVOKED", "CERT_REVOKED"});
    CHECK(wires(run.targets[1].findings) == std::vector<std::string>{"REVOCATION_OK"});
  }

  TEST_CASE("check_all: reports DNS failure, a closed port and a stale CRL") {
    Run run;
    core::HttpResponse refused;
    refused.outcome.attempted = true;
    refused.outcome.dns = core::DnsStatus::ok;
    refused.outcome.tcp = core::TcpStatus::refused;
    refused.outcome.address = "127.0.0.1";
    run.answers[test::k_root_crl] = refused;
    run.answers.erase(test::k_int_crl);  // the fake answers NXDOMAIN
    const auto results = run.check();
    const auto& int_crl = result_for(results, test::k_int_crl);
    CHECK(wires(int_crl.findings) == std::vector<std::string>{"REVOCATION_DNS_FAILED"});
    const auto& root_crl = result_for(results, test::k_root_crl);
    REQUIRE(root_crl.findings.size() == 1);
    CHECK(root_crl.findings[0].wire() == "REVOCATION_UNREACHABLE");
    CHECK(root_crl.findings[0].message == "port 80: connection refused");

    Run stale;
    stale.answers[test::k_int_crl] =
        test::ok_response(test::make_crl(stale.pki.intermediate.get(), stale.pki.int_key.get(),
                                         at(-days(9)), at(-days(1))),
                          "application/pkix-crl");
    const auto stale_results = stale.check();
    CHECK(wires(result_for(stale_results, test::k_int_crl).findings) ==
          std::vector<std::string>{"REVOCATION_STALE"});
  }

  TEST_CASE("check_all: reports a CRL signed by the wrong key and garbage as octet-stream") {
    Run run;
    const auto rogue = test::make_key();
    run.answers[test::k_int_crl] = test::ok_response(
        test::make_crl(run.pki.intermediate.get(), rogue.get(), at(-days(1)), at(days(6))),
        "application/pkix-crl");
    run.answers[test::k_root_crl] =
        test::ok_response("\x01\x02garbage", "application/octet-stream");
    const auto results = run.check();
    CHECK(wires(result_for(results, test::k_int_crl).findings) ==
          std::vector<std::string>{"REVOCATION_SIGNATURE_INVALID"});
    const auto& garbage = result_for(results, test::k_root_crl);
    REQUIRE(garbage.findings.size() == 1);
    CHECK(garbage.findings[0].wire() == "REVOCATION_BAD_RESPONSE");
    CHECK(garbage.findings[0].message.find("(content type \"application/octet-stream\")") !=
          std::string::npos);
  }

  TEST_CASE("check_all: reports an OCSP unknown answer as a bad response naming the cert") {
    Run run;
    run.set_ocsp(run.pki.leaf.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_UNKNOWN);
    const auto results = run.check();
    const auto& ocsp = result_for(results, test::k_ocsp);
    REQUIRE(ocsp.findings.size() == 1);
    CHECK(ocsp.findings[0].wire() == "REVOCATION_BAD_RESPONSE");
    CHECK(ocsp.findings[0].message ==
          "the OCSP responder answered unknown for CN=leaf.test,O=Pinprobe Test");
    CHECK(ocsp.outcome.status == core::RevocationStatus::unknown);
  }

  TEST_CASE("apply_to_targets: carries an OCSP answer about one certificate to its targets only") {
    // Found by the revocation integration tests: three sites behind one OCSP responder, which
    // answers good, unknown and (for a fourth leaf) a stale response; the good site must pass.
    Run run;
    run.set_ocsp(run.pki.leaf.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_UNKNOWN);
    const auto add_target = [&](long serial, const std::string& host) {
      auto leaf = run.pki.sibling(serial, host);
      core::TargetResult target;
      target.target.host = host;
      target.chain = {test::facts_of(leaf.get()), test::facts_of(run.pki.intermediate.get())};
      run.targets.push_back(target);
      return leaf;
    };
    const auto good = add_target(300, "good.test");
    run.set_ocsp(good.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_GOOD);
    // Two stale answers: the same failure text for two certificates stays two findings.
    test::OcspSpec stale;
    stale.this_update = at(-days(3));
    stale.next_update = at(-days(1));
    std::vector<lib::openssl::X509Ptr> stale_leaves;
    for (const long serial : {301L, 302L}) {
      stale_leaves.push_back(add_target(serial, "stale" + std::to_string(serial) + ".test"));
      X509* leaf = stale_leaves.back().get();
      const auto request =
          build_ocsp_request(test::facts_of(leaf), test::facts_of(run.pki.intermediate.get()));
      REQUIRE(request.has_value());
      run.answers[ocsp_http_request(test::k_ocsp, *request, 1).url] = test::ok_response(
          test::make_ocsp(leaf, run.pki.intermediate.get(), run.pki.intermediate.get(),
                          run.pki.int_key.get(), stale),
          "application/ocsp-response");
    }

    const auto results = run.check();
    const auto& ocsp = result_for(results, test::k_ocsp);
    REQUIRE(wires(ocsp.findings) == std::vector<std::string>{"REVOCATION_BAD_RESPONSE",
                                                             "REVOCATION_STALE",
                                                             "REVOCATION_STALE"});
    CHECK(value_of(ocsp.findings[0].evidence, "serial") == "1234");
    CHECK(value_of(ocsp.findings[0].evidence, "certificate") == "CN=leaf.test,O=Pinprobe Test");
    CHECK(value_of(ocsp.findings[1].evidence, "serial") == "012D");
    CHECK(value_of(ocsp.findings[2].evidence, "serial") == "012E");
    CHECK(value_of(ocsp.findings[2].evidence, "issuer") == "CN=Test Intermediate,O=Pinprobe Test");

    revocation::apply_to_targets(run.targets, results);
    REQUIRE(run.targets.size() == 4);
    CHECK(wires(run.targets[0].findings) == std::vector<std::string>{"REVOCATION_BAD_RESPONSE"});
    CHECK(wires(run.targets[1].findings) == std::vector<std::string>{"REVOCATION_OK"});
    CHECK(run.targets[1].verdict() == core::Severity::pass);
    REQUIRE(wires(run.targets[2].findings) == std::vector<std::string>{"REVOCATION_STALE"});
    CHECK(value_of(run.targets[2].findings[0].evidence, "serial") == "012D");
    REQUIRE(wires(run.targets[3].findings) == std::vector<std::string>{"REVOCATION_STALE"});
    CHECK(value_of(run.targets[3].findings[0].evidence, "serial") == "012E");
  }

  TEST_CASE("RunChecks: a shared responder's result follows target order, not arrival order") {
    // Found by CI: three sites behind one OCSP responder whose handshakes finished in a
    // different order gave the entry's findings in that order.
    Run run;
    run.set_ocsp(run.pki.leaf.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_UNKNOWN);
    auto revoked = run.pki.sibling(310, "revoked.test");
    core::TargetResult second;
    second.target.host = "revoked.test";
    second.chain = {test::facts_of(revoked.get()), test::facts_of(run.pki.intermediate.get())};
    run.targets.push_back(second);
    run.set_ocsp(revoked.get(), run.pki.intermediate.get(), run.pki.int_key.get(),
                 V_OCSP_CERTSTATUS_REVOKED);
    const auto urls = collect_urls(run.targets, core::Plan{});

    const auto judged = [&](const std::vector<std::size_t>& arrival) {
      RunChecks checks(run.clock, run.settings, {});
      for (const std::size_t i : arrival) {
        for (const auto& request : checks.add_chain(run.targets[i].chain)) {
          checks.answer(request, run.http.fetch({request}).front());
        }
      }
      return checks.results(urls);
    };
    const auto forward = judged({0, 1});
    const auto backward = judged({1, 0});
    const auto& a = result_for(forward, test::k_ocsp);
    const auto& b = result_for(backward, test::k_ocsp);
    CHECK(wires(a.findings) == std::vector<std::string>{"REVOCATION_BAD_RESPONSE", "CERT_REVOKED"});
    CHECK(wires(b.findings) == wires(a.findings));
    CHECK(b.outcome.status == a.outcome.status);
    CHECK(b.outcome.http.size == a.outcome.http.size);
  }

  TEST_CASE("check_all: does not fetch non-http URLs and fetches nothing with --no-revocation") {
    Run run;
    run.targets[0].chain[0].crl_urls.push_back("ldap://directory.test/cn=crl");
    const auto results = run.check();
    const auto& ldap = result_for(results, "ldap://directory.test/cn=crl");
    CHECK_FALSE(ldap.outcome.http.attempted);
    CHECK(ldap.outcome.detail == "not fetched: only http: URLs are probed");
    CHECK(ldap.findings.empty());
    CHECK(run.http.count("ldap:") == 0);

    Run off;
    off.settings.revocation = false;
    CHECK(off.check().empty());
    CHECK(off.http.calls() == 0);
  }

  TEST_CASE("check_all: a configured OCSP URL no chain cites is asked about an anchor") {
    // Never a bare GET: strict responders (openssl ocsp) treat it as malformed.
    Run run;
    run.targets.clear();
    core::Plan plan;
    plan.revocation_urls.push_back(
        {test::k_ocsp, core::RevocationKind::ocsp, core::UrlSource::config, {}});
    run.set_ocsp(run.pki.intermediate.get(), run.pki.root.get(), run.pki.root_key.get(),
                 V_OCSP_CERTSTATUS_GOOD);
    const std::vector<core::CertFacts> anchors{test::facts_of(run.pki.root.get()),
                                               test::facts_of(run.pki.intermediate.get())};
    const auto results = check_all(collect_urls(run.targets, plan), run.targets, run.http,
                                   run.clock, run.settings, anchors);
    REQUIRE(results.size() == 1);
    REQUIRE(run.http.requests().size() == 1);
    CHECK(run.http.requests()[0].url.rfind(std::string(test::k_ocsp) + "/", 0) == 0);
    CHECK(run.http.requests()[0].url.size() > std::string(test::k_ocsp).size() + 20);
    REQUIRE(results[0].findings.size() == 1);
    CHECK(results[0].findings[0].wire() == "REVOCATION_OK");
    CHECK(results[0].findings[0].message.find("verified signature") != std::string::npos);
  }

  TEST_CASE("check_all: a configured OCSP responder answering garbage is not OK") {
    Run run;
    run.targets.clear();
    core::Plan plan;
    plan.revocation_urls.push_back(
        {test::k_ocsp, core::RevocationKind::ocsp, core::UrlSource::config, {}});
    const std::vector<core::CertFacts> anchors{test::facts_of(run.pki.root.get()),
                                               test::facts_of(run.pki.intermediate.get())};
    const auto request = build_ocsp_request(anchors[1], anchors[0]);
    REQUIRE(request.has_value());
    run.answers[ocsp_http_request(test::k_ocsp, *request, 1).url] =
        test::ok_response("not ocsp", "application/ocsp-response");
    const auto results = check_all(collect_urls(run.targets, plan), run.targets, run.http,
                                   run.clock, run.settings, anchors);
    REQUIRE(results.size() == 1);
    CHECK(wires(results[0].findings) == std::vector<std::string>{"REVOCATION_BAD_RESPONSE"});
  }

  TEST_CASE("check_all: a configured OCSP URL with no certificate to ask about is unverified") {
    Run run;
    run.targets.clear();
    core::Plan plan;
    plan.revocation_urls.push_back(
        {"http://ocsp.example", core::RevocationKind::ocsp, core::UrlSource::config, {}});
    const auto results = run.check(plan);
    REQUIRE(results.size() == 1);
    CHECK(run.http.requests().empty());
    CHECK(wires(results[0].findings) == std::vector<std::string>{"REVOCATION_UNVERIFIED"});
    CHECK(results[0].verdict() == core::Severity::warn);
  }

  TEST_CASE("check_all: a CRL whose issuer is nowhere is reachable, not verified, never OK") {
    Run run;
    // Only the leaf is presented and nothing serves its issuer: the CRL cannot be checked.
    run.targets[0].chain.resize(1);
    run.answers.erase(test::k_int_cert);
    const auto results = run.check();
    const auto& crl = result_for(results, test::k_int_crl);
    CHECK(wires(crl.findings) == std::vector<std::string>{"REVOCATION_UNVERIFIED"});
    CHECK(crl.outcome.status == core::RevocationStatus::unknown);
    auto targets = run.targets;
    apply_to_targets(targets, results);
    const auto w = wires(targets[0].findings);
    CHECK(std::find(w.begin(), w.end(), "REVOCATION_UNVERIFIED") != w.end());
    CHECK(std::find(w.begin(), w.end(), "REVOCATION_OK") == w.end());
  }

  TEST_CASE("apply_to_targets: copies failures of cited URLs only and ignores caIssuers") {
    const test::Pki pki;
    core::TargetResult cites;
    cites.target.host = "leaf.test";
    cites.chain = pki.chain();
    core::TargetResult unrelated;
    unrelated.target.host = "elsewhere.test";
    std::vector<core::TargetResult> targets{cites, unrelated};

    core::RevocationResult crl;
    crl.url = {test::k_int_crl, core::RevocationKind::crl, core::UrlSource::chain, {}};
    crl.findings.push_back(core::make_finding(core::FindingCode::revocation_unreachable,
                                              "the revocation URL was not fetched: deadline",
                                              {{"url", test::k_int_crl}}));
    core::RevocationResult ca;
    ca.url = {test::k_int_cert, core::RevocationKind::ca_issuers, core::UrlSource::chain, {}};
    ca.outcome.http.attempted = true;
    ca.findings.push_back(core::make_finding(core::FindingCode::ca_issuers_host, "down"));
    revocation::apply_to_targets(targets, {crl, ca});

    REQUIRE(targets[0].findings.size() == 1);
    CHECK(targets[0].findings[0].wire() == "REVOCATION_UNREACHABLE");
    CHECK(targets[0].findings[0].message ==
          "revocation URL http://crl.test/int.crl (cited by leaf.test): the revocation URL was not "
          "fetched: deadline");
    CHECK(targets[1].findings.empty());
  }

  TEST_CASE("check_all: passes the download cap to every request") {
    Run run;
    run.settings.max_download = 4096;
    (void)run.check();
    for (const core::HttpRequest& request : run.http.requests()) {
      CHECK(request.max_bytes == 4096);
      CHECK(request.http_only);
    }
  }
}

}  // namespace probe::revocation

namespace probe::revocation {
namespace {

core::TargetResult okta_target(const std::string& file, const std::string& host) {
  const std::string path = std::string{PROBE_OKTA_PKI_DIR} + "/" + file;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  in.seekg(0, std::ios::end);
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const auto ders = tls::load_certificates(bytes, path);
  REQUIRE(ders.has_value());
  core::TargetResult target;
  target.target.host = host;
  for (const std::string& der : *ders) {
    const auto facts = tls::describe_certificate(der);
    REQUIRE(facts.has_value());
    target.chain.push_back(*facts);
  }
  return target;
}

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("check_all: asks once per URL of Okta's real chains and names a blocking proxy") {
    std::vector<core::TargetResult> targets{okta_target("okta.com.pem", "login.okta.com"),
                                            okta_target("mtls.okta.com.pem", "x.mtls.okta.com")};
    const auto urls = collect_urls(targets, core::Plan{});
    int ocsp = 0;
    int ca_issuers = 0;
    for (const auto& url : urls) {
      if (url.kind == core::RevocationKind::ocsp) {
        ++ocsp;
        CHECK(url.url == "http://ocsp.digicert.com");
        CHECK(url.cited_by.size() == 4);  // two leaves and two intermediates
      }
      if (url.kind == core::RevocationKind::ca_issuers) {
        ++ca_issuers;
        CHECK(url_host(url.url) == "cacerts.digicert.com");
      }
    }
    CHECK(ocsp == 1);
    CHECK(ca_issuers == 3);

    core::FixedClock clock{test::test_now()};
    test::FakeHttp http{[](const core::HttpRequest&) {
      core::HttpResponse response = test::ok_response("<html>denied</html>", "text/html");
      response.outcome.status = 403;
      response.outcome.via = "1.1 fw.corp";
      response.outcome.through_proxy = true;
      return response;
    }};
    const auto results = check_all(urls, targets, http, clock, core::ProbeSettings{});
    CHECK(http.calls() == 1);             // every issuer is presented: one batch
    CHECK(http.requests().size() == 13);  // 6 CRLs, 4 OCSP certificates, 3 caIssuers
    CHECK(http.count("http://ocsp.digicert.com/") == 4);  // short requests go by GET
    for (const auto& result : results) {
      REQUIRE_FALSE(result.findings.empty());
      const std::string expected = result.url.kind == core::RevocationKind::ca_issuers
                                       ? "CA_ISSUERS_HOST"
                                       : "REVOCATION_BLOCKED_BY_PROXY";
      CHECK(result.findings[0].wire() == expected);
    }
    revocation::apply_to_targets(targets, results);
    for (const auto& target : targets) {
      CHECK(target.verdict() == core::Severity::fail);
      REQUIRE_FALSE(target.findings.empty());
      CHECK(target.findings[0].message.find("HTTP 403 from 1.1 fw.corp") != std::string::npos);
    }
  }
}

}  // namespace probe::revocation
