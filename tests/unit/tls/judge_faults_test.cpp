// The promise that matters most: no fault other than interception is ever called
// TLS_INTERCEPTED, and no network failure produces any TLS_* verdict.
#include <doctest/doctest.h>

#include "judge_support.hpp"
#include "test_pki.hpp"
#include "tls/judge.hpp"

namespace probe::tls {
namespace {

using core::FindingCode;
using test::day;
using test::has;

struct FaultCase {
  const char* name;
  const char* file;
  const char* host;
  core::SysTime now;
  FindingCode expected;
  bool leaf_only = false;  // the server left the intermediate out (served by caIssuers)
};

TEST_SUITE("tls") {
  TEST_CASE("judge: no certificate fault on a genuine chain ever yields TLS_INTERCEPTED") {
    const FaultCase cases[] = {
        {"expired", "okta.com.pem", "acme.okta.com", day(2026, 3, 1), FindingCode::cert_expired},
        {"expired mtls", "mtls.okta.com.pem", "acme.mtls.okta.com", day(2026, 5, 1),
         FindingCode::cert_expired},
        {"not yet valid", "okta.com-2026.pem", "acme.okta.com", day(2025, 11, 1),
         FindingCode::cert_not_yet_valid},
        {"wrong host", "okta.com-2026.pem", "acme.oktapreview.com", day(2026, 6, 1),
         FindingCode::cert_hostname_mismatch},
        {"expires soon", "oktacdn.com.pem", "ok1static.oktacdn.com", day(2026, 1, 1),
         FindingCode::tls_ok},
        {"chain incomplete", "okta.com-2026.pem", "acme.okta.com", day(2026, 6, 1),
         FindingCode::cert_chain_incomplete, true},
        {"incomplete and expired", "okta.com.pem", "acme.okta.com", day(2026, 3, 1),
         FindingCode::cert_expired, true},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      auto chain = test::okta_chain(c.file);
      test::FakeHttp http;
      auto leaf = describe_certificate(chain.front());
      REQUIRE(leaf.has_value());
      if (c.leaf_only) {
        http.bodies[leaf->ca_issuers_urls.front()] = chain[1];
        chain.resize(1);
      }
      const core::FixedClock clock{c.now};
      JudgeContext context;
      context.pinset = &test::okta_pinset();
      context.clock = &clock;
      context.fetcher = &http;
      context.expiry_warn_days = 400;  // makes "expires soon" fire for every valid leaf
      const auto j = judge_chain(chain, c.host, context);
      CAPTURE(test::codes(j));
      CHECK(has(j, c.expected));
      CHECK_FALSE(has(j, FindingCode::tls_intercepted));
      CHECK_FALSE(has(j, FindingCode::tls_pin_mismatch));
      CHECK_FALSE(j.intercepted);
    }
  }

  TEST_CASE("judge: a weak but publicly trusted chain is CERT_WEAK, not interception") {
    auto root_key = test::make_key();
    auto leaf_key = test::make_key(1024);
    test::CertSpec root_spec;
    root_spec.subject = {{"CN", "Weak Public Root"}};
    root_spec.is_ca = true;
    root_spec.not_before = day(2020, 1, 1);
    root_spec.not_after = day(2040, 1, 1);
    auto root = test::make_cert(root_spec, root_key.get(), nullptr, root_key.get());
    test::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "api.mapbox.com"}};
    leaf_spec.dns_names = {"api.mapbox.com"};
    leaf_spec.not_before = day(2026, 1, 1);
    leaf_spec.not_after = day(2027, 1, 1);
    leaf_spec.digest = EVP_sha1();
    auto leaf = test::make_cert(leaf_spec, leaf_key.get(), root.get(), root_key.get());
    const std::vector<std::string> roots{test::to_der(root.get())};
    const auto publics = CertStore::from_der(roots, {}, "test public roots");
    const core::FixedClock clock{day(2026, 6, 1)};
    JudgeContext context;
    context.clock = &clock;
    context.public_roots = &publics;
    const auto j =
        judge_chain(std::vector<std::string>{test::to_der(leaf.get())}, "api.mapbox.com", context);
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::cert_weak));
    const auto& weak = test::get(j, FindingCode::cert_weak);
    CHECK(weak.message.find("SHA1") != std::string::npos);  // ecdsa-with-SHA1
    CHECK(weak.message.find("RSA key of 1024 bits") != std::string::npos);
    CHECK(has(j, FindingCode::tls_ok));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
  }

  TEST_CASE("judge: a SHA-1 self-signed public root in a genuine chain is not CERT_WEAK") {
    const core::FixedClock clock{day(2025, 6, 1)};
    JudgeContext context;
    context.pinset = &test::okta_pinset();
    context.clock = &clock;
    const auto j = judge_chain(test::okta_chain("okta.com.pem"), "acme.okta.com", context);
    CHECK(has(j, FindingCode::tls_ok));
    CHECK_FALSE(has(j, FindingCode::cert_weak));
  }

  TEST_CASE("judge: network failures without a chain produce no TLS verdict at all") {
    struct Failure {
      const char* name;
      core::DnsStatus dns;
      core::TcpStatus tcp;
      core::ProxyStatus proxy;
      core::TlsStatus tls;
    };
    using core::DnsStatus;
    using core::ProxyStatus;
    using core::TcpStatus;
    using core::TlsStatus;
    const Failure failures[] = {
        {"nxdomain", DnsStatus::nxdomain, TcpStatus::not_run, ProxyStatus::none,
         TlsStatus::not_run},
        {"servfail", DnsStatus::servfail, TcpStatus::not_run, ProxyStatus::none,
         TlsStatus::not_run},
        {"dns timeout", DnsStatus::timeout, TcpStatus::not_run, ProxyStatus::none,
         TlsStatus::not_run},
        {"no address", DnsStatus::no_address, TcpStatus::not_run, ProxyStatus::none,
         TlsStatus::not_run},
        {"refused", DnsStatus::ok, TcpStatus::refused, ProxyStatus::none, TlsStatus::not_run},
        {"tcp timeout", DnsStatus::ok, TcpStatus::timeout, ProxyStatus::none, TlsStatus::not_run},
        {"unreachable", DnsStatus::ok, TcpStatus::unreachable, ProxyStatus::none,
         TlsStatus::not_run},
        {"proxy unreachable", DnsStatus::ok, TcpStatus::refused, ProxyStatus::unreachable,
         TlsStatus::not_run},
        {"proxy auth", DnsStatus::ok, TcpStatus::connected, ProxyStatus::auth_required,
         TlsStatus::not_run},
        {"proxy denied", DnsStatus::ok, TcpStatus::connected, ProxyStatus::connect_denied,
         TlsStatus::not_run},
        {"reset in handshake", DnsStatus::ok, TcpStatus::connected, ProxyStatus::none,
         TlsStatus::failed},
        {"handshake timeout", DnsStatus::ok, TcpStatus::connected, ProxyStatus::none,
         TlsStatus::timeout},
    };
    const core::FixedClock clock{day(2026, 6, 1)};
    JudgeContext context;
    context.catalog = &test::real_pins();
    context.clock = &clock;
    for (const auto& failure : failures) {
      CAPTURE(failure.name);
      core::TargetResult result;
      result.target.host = "acme.okta.com";
      result.target.pinset = "okta";
      result.dns.status = failure.dns;
      result.tcp.status = failure.tcp;
      result.proxy.status = failure.proxy;
      result.tls.status = failure.tls;
      judge_target(result, context);
      CHECK(result.findings.empty());
      CHECK_FALSE(result.verdict_detail.has_value());
    }
  }

  TEST_CASE("judge: judge_target judges a handshake's chain against the target's pinset") {
    const core::FixedClock clock{day(2026, 6, 1)};
    JudgeContext context;
    context.catalog = &test::real_pins();
    context.clock = &clock;
    core::TargetResult result;
    result.target.host = "acme.okta.com";
    result.target.pinset = "okta";
    result.tls.status = core::TlsStatus::handshake_ok;
    result.tls.chain_der = test::okta_chain("okta.com-2026.pem");
    judge_target(result, context);
    REQUIRE(result.verdict_detail.has_value());
    CHECK(result.verdict_detail->anchor_verified);
    CHECK(result.chain.size() == 3);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().code == FindingCode::tls_ok);
  }
}

}  // namespace
}  // namespace probe::tls
