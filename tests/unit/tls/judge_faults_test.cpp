// The promise that matters most: no fault other than interception is ever called
// TLS_INTERCEPTED, and no network failure produces any TLS_* verdict.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

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
  bool also_ok = false;    // a warning that leaves the chain TLS_OK
};

// Every certificate fault a genuine chain can have, on the real Okta chains.
std::vector<FaultCase> certificate_faults() {
  return {
      {"expired", "okta.com.pem", "acme.okta.com", day(2026, 3, 1), FindingCode::cert_expired},
      {"expired mtls", "mtls.okta.com.pem", "acme.mtls.okta.com", day(2026, 5, 1),
       FindingCode::cert_expired},
      {"not yet valid", "okta.com-2026.pem", "acme.okta.com", day(2025, 11, 1),
       FindingCode::cert_not_yet_valid},
      {"wrong host", "okta.com-2026.pem", "acme.oktapreview.com", day(2026, 6, 1),
       FindingCode::cert_hostname_mismatch},
      {"expires soon", "oktacdn.com.pem", "ok1static.oktacdn.com", day(2026, 1, 1),
       FindingCode::cert_expires_soon, false, true},
      {"chain incomplete", "okta.com-2026.pem", "acme.okta.com", day(2026, 6, 1),
       FindingCode::cert_chain_incomplete, true, true},
      {"incomplete and expired", "okta.com.pem", "acme.okta.com", day(2026, 3, 1),
       FindingCode::cert_expired, true},
  };
}

// A DNS, TCP or proxy fault as the engine leaves the outcome behind, with the finding code
// the engine reports for it. `genuine_chain`: the fault did not stop the handshake.
struct NetworkFault {
  const char* name;
  FindingCode fault;
  core::DnsStatus dns;
  const char* address;
  core::TcpStatus tcp;
  core::ProxyStatus proxy;
  core::TlsStatus tls;
  bool genuine_chain = false;
};

std::vector<NetworkFault> network_faults() {
  using core::DnsStatus;
  using core::ProxyStatus;
  using core::TcpStatus;
  using core::TlsStatus;
  using F = FindingCode;
  return {
      {"nxdomain", F::dns_nxdomain, DnsStatus::nxdomain, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"servfail", F::dns_servfail, DnsStatus::servfail, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"dns refused", F::dns_servfail, DnsStatus::refused, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"dns error", F::dns_servfail, DnsStatus::error, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"dns timeout", F::dns_timeout, DnsStatus::timeout, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"no address", F::dns_no_address, DnsStatus::no_address, nullptr, TcpStatus::not_run,
       ProxyStatus::none, TlsStatus::not_run},
      {"sinkhole", F::dns_sinkhole, DnsStatus::ok, "0.0.0.0", TcpStatus::not_run, ProxyStatus::none,
       TlsStatus::not_run},
      {"private address, no route", F::dns_private_address, DnsStatus::ok, "10.0.0.7",
       TcpStatus::unreachable, ProxyStatus::none, TlsStatus::not_run},
      {"private address, real server", F::dns_private_address, DnsStatus::ok, "10.0.0.7",
       TcpStatus::connected, ProxyStatus::none, TlsStatus::handshake_ok, true},
      {"resolved by proxy", F::dns_resolved_by_proxy, DnsStatus::nxdomain, nullptr,
       TcpStatus::connected, ProxyStatus::tunnel_ok, TlsStatus::handshake_ok, true},
      {"refused", F::tcp_refused, DnsStatus::ok, "203.0.113.5", TcpStatus::refused,
       ProxyStatus::none, TlsStatus::not_run},
      {"tcp timeout", F::tcp_timeout, DnsStatus::ok, "203.0.113.5", TcpStatus::timeout,
       ProxyStatus::none, TlsStatus::not_run},
      {"unreachable", F::tcp_unreachable, DnsStatus::ok, "203.0.113.5", TcpStatus::unreachable,
       ProxyStatus::none, TlsStatus::not_run},
      {"tcp error", F::tcp_unreachable, DnsStatus::ok, "203.0.113.5", TcpStatus::error,
       ProxyStatus::none, TlsStatus::not_run},
      {"proxy unreachable", F::proxy_unreachable, DnsStatus::ok, nullptr, TcpStatus::refused,
       ProxyStatus::unreachable, TlsStatus::not_run},
      {"proxy auth", F::proxy_auth_required, DnsStatus::ok, nullptr, TcpStatus::connected,
       ProxyStatus::auth_required, TlsStatus::not_run},
      {"proxy denied", F::proxy_connect_denied, DnsStatus::ok, nullptr, TcpStatus::connected,
       ProxyStatus::connect_denied, TlsStatus::not_run},
      {"reset in handshake", F::tls_handshake_failed, DnsStatus::ok, "203.0.113.5",
       TcpStatus::connected, ProxyStatus::none, TlsStatus::failed},
      {"handshake timeout", F::tls_handshake_failed, DnsStatus::ok, "203.0.113.5",
       TcpStatus::connected, ProxyStatus::none, TlsStatus::timeout},
      {"handshake without a chain", F::tls_handshake_failed, DnsStatus::ok, "203.0.113.5",
       TcpStatus::connected, ProxyStatus::none, TlsStatus::handshake_ok},
  };
}

TEST_SUITE("tls") {
  TEST_CASE("judge: no certificate fault on a genuine chain ever yields TLS_INTERCEPTED") {
    for (const auto& c : certificate_faults()) {
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
      context.expiry_warn_days = 400;  // makes "expires soon" fire for every valid leaf
      const auto j =
          judge_chain(chain, c.host, context, test::complete_chain(http, chain, context));
      CAPTURE(test::codes(j));
      CHECK(has(j, c.expected));
      if (c.also_ok) CHECK(has(j, FindingCode::tls_ok));
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

  TEST_CASE("judge: no DNS, TCP or proxy fault ever yields a TLS verdict or TLS_INTERCEPTED") {
    const core::FixedClock clock{day(2026, 6, 1)};
    JudgeContext context;
    context.catalog = &test::real_pins();
    context.clock = &clock;
    for (const auto& fault : network_faults()) {
      CAPTURE(fault.name);
      core::TargetResult result;
      result.target.host = "acme.okta.com";
      result.target.pinset = "okta";
      result.dns.status = fault.dns;
      if (fault.address != nullptr) result.dns.addresses.push_back({fault.address, 4, 60});
      result.tcp.status = fault.tcp;
      result.proxy.status = fault.proxy;
      result.tls.status = fault.tls;
      if (fault.genuine_chain) result.tls.chain_der = test::okta_chain("okta.com-2026.pem");
      judge_target(result, context);
      std::string codes;
      for (const auto& f : result.findings) codes += std::string(f.wire()) + " ";
      CAPTURE(codes);
      if (fault.genuine_chain) {
        // The fault did not stop the handshake: the real chain is still the real chain.
        REQUIRE(result.findings.size() == 1);
        CHECK(result.findings.front().code == FindingCode::tls_ok);
      } else {
        CHECK(result.findings.empty());
        CHECK_FALSE(result.verdict_detail.has_value());
      }
      for (const auto& f : result.findings) CHECK(f.code != FindingCode::tls_intercepted);
    }
  }

  TEST_CASE("judge: the fault tables cover every DNS_*, TCP_*, PROXY_* and CERT_* code") {
    std::vector<FindingCode> covered;
    for (const auto& fault : network_faults()) covered.push_back(fault.fault);
    for (const auto& c : certificate_faults()) covered.push_back(c.expected);
    // Covered by their own cases: CERT_WEAK just below (a weak chain is not interception);
    // CERT_REVOKED comes from the revocation stage, after the judge, on a chain the judge
    // already called genuine.
    covered.push_back(FindingCode::cert_weak);
    covered.push_back(FindingCode::cert_revoked);
    for (const auto& spec : core::finding_table()) {
      const auto wire = spec.wire;
      const bool fault = wire.starts_with("DNS_") || wire.starts_with("TCP_") ||
                         wire.starts_with("PROXY_") || wire.starts_with("CERT_");
      if (!fault) continue;
      CAPTURE(wire);
      CHECK(std::find(covered.begin(), covered.end(), spec.code) != covered.end());
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
