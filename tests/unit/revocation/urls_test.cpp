#include "revocation/urls.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "revocation/test_pki.hpp"

namespace probe::revocation {
namespace {

core::TargetResult target_with(std::vector<core::CertFacts> chain, std::string host) {
  core::TargetResult target;
  target.target.host = std::move(host);
  target.chain = std::move(chain);
  return target;
}

const core::RevocationUrl* find(const std::vector<core::RevocationUrl>& urls,
                                const std::string& url, core::RevocationKind kind) {
  for (const core::RevocationUrl& entry : urls) {
    if (entry.url == url && entry.kind == kind) return &entry;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("collect_urls: takes CDP, OCSP and caIssuers URLs of the leaf and the intermediate") {
    const test::Pki pki;
    const std::vector<core::TargetResult> targets{target_with(pki.chain(), "leaf.test")};
    const auto urls = collect_urls(targets, core::Plan{});
    REQUIRE(urls.size() == 5);
    CHECK(urls[0].url == test::k_int_crl);
    CHECK(urls[0].kind == core::RevocationKind::crl);
    CHECK(urls[0].source == core::UrlSource::chain);
    CHECK(urls[0].cited_by == std::vector<std::string>{"CN=leaf.test,O=Pinprobe Test"});
    const auto* ocsp = find(urls, test::k_ocsp, core::RevocationKind::ocsp);
    REQUIRE(ocsp != nullptr);
    CHECK(ocsp->cited_by == std::vector<std::string>{"CN=leaf.test,O=Pinprobe Test",
                                                     "CN=Test Intermediate,O=Pinprobe Test"});
    CHECK(find(urls, test::k_root_crl, core::RevocationKind::crl) != nullptr);
    const auto* ca = find(urls, test::k_int_cert, core::RevocationKind::ca_issuers);
    REQUIRE(ca != nullptr);
    CHECK(ca->source == core::UrlSource::chain);
    CHECK(find(urls, test::k_root_cert, core::RevocationKind::ca_issuers) != nullptr);
  }

  TEST_CASE("collect_urls: lists a URL cited by twenty chains and the configuration once") {
    const test::Pki pki;
    std::vector<core::TargetResult> targets;
    for (int i = 0; i < 20; ++i) {
      auto leaf = pki.sibling(100 + i, "host" + std::to_string(i) + ".test");
      targets.push_back(
          target_with({test::facts_of(leaf.get()), test::facts_of(pki.intermediate.get())},
                      "host" + std::to_string(i) + ".test"));
    }
    core::Plan plan;
    plan.revocation_urls.push_back(
        {test::k_int_crl, core::RevocationKind::crl, core::UrlSource::config, {}});
    plan.revocation_urls.push_back(
        {"http://crl.example/extra.crl", core::RevocationKind::crl, core::UrlSource::config, {}});
    const auto urls = collect_urls(targets, plan);
    CHECK(urls.size() == 6);
    const auto* crl = find(urls, test::k_int_crl, core::RevocationKind::crl);
    REQUIRE(crl != nullptr);
    CHECK(crl->source == core::UrlSource::chain);
    CHECK(crl->cited_by.size() == 20);
    const auto* ocsp = find(urls, test::k_ocsp, core::RevocationKind::ocsp);
    REQUIRE(ocsp != nullptr);
    CHECK(ocsp->cited_by.size() == 21);  // 20 leaves and the intermediate, each once
    const auto* extra = find(urls, "http://crl.example/extra.crl", core::RevocationKind::crl);
    REQUIRE(extra != nullptr);
    CHECK(extra->source == core::UrlSource::config);
    CHECK(extra->cited_by.empty());
    CHECK(urls.back().url == "http://crl.example/extra.crl");
  }

  TEST_CASE("collect_urls: keeps only configured URLs when from_chain is off") {
    const test::Pki pki;
    const std::vector<core::TargetResult> targets{target_with(pki.chain(), "leaf.test")};
    core::Plan plan;
    plan.revocation_from_chain = false;
    plan.revocation_urls.push_back(
        {"http://ocsp.example", core::RevocationKind::ocsp, core::UrlSource::config, {}});
    const auto urls = collect_urls(targets, plan);
    REQUIRE(urls.size() == 1);
    CHECK(urls[0].url == "http://ocsp.example");
    CHECK(urls[0].source == core::UrlSource::config);
  }

  TEST_CASE("collect_urls: keeps non-http URLs so they can be reported") {
    core::CertFacts cert;
    cert.subject = "CN=old";
    cert.crl_urls = {"ldap://directory.example/cn=crl", "http://crl.example/a.crl"};
    const auto urls = collect_urls({target_with({cert}, "old.test")}, core::Plan{});
    REQUIRE(urls.size() == 2);
    CHECK(urls[0].url == "ldap://directory.example/cn=crl");
    CHECK_FALSE(is_http_url(urls[0].url));
    CHECK(is_http_url(urls[1].url));
  }

  TEST_CASE("is_http_url: accepts only the plain http scheme") {
    CHECK(is_http_url("http://crl3.digicert.com/x.crl"));
    CHECK(is_http_url("HTTP://CRL3.DIGICERT.COM/x.crl"));
    CHECK_FALSE(is_http_url("https://crl3.digicert.com/x.crl"));
    CHECK_FALSE(is_http_url("ldap://x"));
    CHECK_FALSE(is_http_url("http://"));
  }

  TEST_CASE("url_host: extracts the host of a URL") {
    CHECK(url_host("http://cacerts.digicert.com/DigiCertGlobalRootCA.crt") ==
          "cacerts.digicert.com");
    CHECK(url_host("http://ocsp.digicert.com") == "ocsp.digicert.com");
    CHECK(url_host("http://user@h.example:8080/x") == "h.example");
    CHECK(url_host("http://[::1]:80/x") == "[::1]");
    CHECK(url_host("no scheme").empty());
  }
}

}  // namespace probe::revocation
