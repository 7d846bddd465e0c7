// The check pipeline with recording fakes on a fixed clock: scheduling, sharing, every phase
// cut by the deadline. No socket is opened.
#include "check/pipeline.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "revocation/ocsp.hpp"
#include "revocation/test_pki.hpp"
#include "support/fake_network.hpp"
#include "support/fake_resolver.hpp"
#include "tls/cert_store.hpp"

namespace probe::check {
namespace {

namespace pki = revocation::test;
using Wires = std::vector<std::string>;

core::Target target_of(const std::string& host) {
  core::Target t;
  t.host = host;
  t.group = "g";
  t.allowlist = "*.test";
  t.pinset = std::nullopt;
  return t;
}

core::DnsOutcome dns_with(core::DnsStatus status, std::vector<std::string> addresses) {
  core::DnsOutcome d;
  d.status = status;
  d.resolver = "fake";
  for (auto& a : addresses) d.addresses.push_back({a, 4, 60});
  return d;
}

std::vector<std::string> wires(const core::TargetResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.emplace_back(f.wire());
  return out;
}

bool has(const core::TargetResult& r, std::string_view code) {
  const auto w = wires(r);
  return std::find(w.begin(), w.end(), code) != w.end();
}

std::string evidence(const core::TargetResult& r, std::string_view code, std::string_view key) {
  for (const auto& f : r.findings) {
    if (f.wire() != code) continue;
    for (const auto& [k, v] : f.evidence) {
      if (k == key) return v;
    }
  }
  return {};
}

connect::ConnectResult handshake(const std::vector<std::string>& chain_der) {
  connect::ConnectResult r;
  r.tcp.status = core::TcpStatus::connected;
  r.tls.status = core::TlsStatus::handshake_ok;
  r.tls.chain_der = chain_der;
  for (const auto& der : chain_der) r.chain.push_back(*tls::describe_certificate(der));
  return r;
}

connect::ConnectResult refused() {
  connect::ConnectResult r;
  r.tcp.status = core::TcpStatus::refused;
  r.findings.push_back(core::make_finding(core::FindingCode::tcp_refused, "refused"));
  return r;
}

// One run's fixture: a PKI whose root is the only public root, fakes on a fixed clock.
struct Lab {
  pki::Pki ca;
  core::FixedClock clock{pki::test_now()};
  test::FakeResolver resolver;
  test::FakeNetwork net{clock, resolver};
  core::ProbeSettings settings;
  core::Plan plan;
  tls::CertStore roots;
  tls::JudgeContext judge;

  Lab() {
    roots = tls::CertStore::from_der(std::vector<std::string>{pki::der_of(ca.root.get())}, {},
                                     "test roots");
    judge.public_roots = &roots;
    judge.clock = &clock;
    settings.timeout = core::Millis{2000};
    settings.deadline = core::Millis{5000};
  }

  std::vector<lib::openssl::X509Ptr> leaves;  // one per host, issued by ca.intermediate

  // A leaf for `host` (its CN), issued by the lab's intermediate.
  std::string leaf(const std::string& host = "leaf.test") {
    leaves.push_back(ca.sibling(static_cast<long>(1000 + leaves.size()), host));
    return pki::der_of(leaves.back().get());
  }
  [[nodiscard]] std::string intermediate() const { return pki::der_of(ca.intermediate.get()); }

  void add(const std::string& host, std::vector<std::string> addresses = {"192.0.2.10"}) {
    plan.targets.push_back(target_of(host));
    resolver.answers[host] = dns_with(core::DnsStatus::ok, std::move(addresses));
  }

  // The revocation data of the lab, all good, answering after `latency`.
  void serve_revocation(core::Millis latency = core::Millis{5}) {
    const auto now = std::chrono::system_clock::to_time_t(pki::test_now());
    const auto crl = [&](X509* issuer, EVP_PKEY* key) {
      return pki::make_crl(issuer, key, now - 3600, now + 86400, {});
    };
    net.fetch_answer(
        pki::k_int_crl,
        pki::ok_response(crl(ca.intermediate.get(), ca.int_key.get()), "application/pkix-crl"),
        latency);
    net.fetch_answer(
        pki::k_root_crl,
        pki::ok_response(crl(ca.root.get(), ca.root_key.get()), "application/pkix-crl"), latency);
    net.fetch_answer(pki::k_int_cert, pki::ok_response(intermediate(), "application/pkix-cert"),
                     latency);
    net.fetch_answer(pki::k_root_cert,
                     pki::ok_response(pki::der_of(ca.root.get()), "application/pkix-cert"),
                     latency);
    serve_ocsp(ca.intermediate.get(), ca.root.get(), ca.root_key.get(), latency);
    for (const auto& l : leaves)
      serve_ocsp(l.get(), ca.intermediate.get(), ca.int_key.get(), latency);
  }

  void serve_ocsp(X509* cert, X509* issuer, EVP_PKEY* key, core::Millis latency) {
    const auto request = revocation::build_ocsp_request(pki::facts_of(cert), pki::facts_of(issuer));
    REQUIRE(request.has_value());
    pki::OcspSpec spec;
    spec.this_update = pki::at(-std::chrono::hours{1});
    spec.next_update = pki::at(pki::days(7));
    net.fetch_answer(revocation::ocsp_http_request(pki::k_ocsp, *request, 1).url,
                     pki::ok_response(pki::make_ocsp(cert, issuer, issuer, key, spec),
                                      "application/ocsp-response"),
                     latency);
  }

  Outcome run() {
    Network network{
        resolver, net,
        net,      net,
        clock,    [](std::string_view) -> std::optional<std::string> { return std::nullopt; }};
    Inputs inputs{plan, settings, judge, {}, {}, clock.steady_now() + settings.deadline};
    inputs.routes = routes;
    inputs.compare_from = compare_from;
    started = clock.steady_now();
    return check::run(inputs, network);
  }

  [[nodiscard]] core::Millis elapsed() const {
    return std::chrono::duration_cast<core::Millis>(clock.steady_now() - started);
  }

  core::SteadyTime started{};
  std::vector<route::RoutePlan> routes;  // per target; empty: the settings decide
  std::size_t compare_from = static_cast<std::size_t>(-1);
};

// A route plan as the PAC "PROXY a; PROXY b; DIRECT" gives it.
route::RoutePlan pac_plan(const std::string& answer) {
  route::RoutePlan plan;
  plan.entries = route::parse_pac_answer(answer).entries;
  plan.info.source = "pac";
  plan.info.answer = answer;
  return plan;
}

connect::ConnectResult proxy_down() {
  connect::ConnectResult r;
  r.tcp.status = core::TcpStatus::refused;
  r.tcp.detail = "connection refused";
  r.proxy.status = core::ProxyStatus::unreachable;
  r.proxy.detail = "connection refused";
  r.findings = {core::make_finding(core::FindingCode::proxy_unreachable, "proxy down")};
  return r;
}

}  // namespace

TEST_SUITE("check") {
  TEST_CASE("pipeline: a sinkholed or failed name is reported as such and never connected") {
    Lab lab;
    lab.add("sink.test", {"0.0.0.0"});
    lab.plan.targets.push_back(target_of("gone.test"));
    lab.resolver.answers["gone.test"] = dns_with(core::DnsStatus::nxdomain, {});
    const auto out = lab.run();
    REQUIRE(out.targets.size() == 2);
    CHECK(wires(out.targets[0]) == Wires{"DNS_SINKHOLE"});
    CHECK(out.targets[0].tcp.status == core::TcpStatus::not_run);
    CHECK(wires(out.targets[1]) == Wires{"DNS_NXDOMAIN"});
    CHECK(out.targets[1].finished);
    CHECK(lab.net.connects().empty());
    CHECK_FALSE(out.deadline_exceeded);
  }

  TEST_CASE("pipeline: one lookup per name, however many targets name it") {
    Lab lab;
    lab.add("same.test");
    auto other = target_of("same.test");
    other.port = 8443;
    lab.plan.targets.push_back(other);
    lab.net.connect_answer("same.test", refused());
    const auto out = lab.run();
    CHECK(lab.resolver.asked == std::vector<std::string>{"same.test"});
    CHECK(lab.net.connects().size() == 2);
    CHECK(wires(out.targets[0]) == Wires{"TCP_REFUSED"});
    CHECK(wires(out.targets[1]) == Wires{"TCP_REFUSED"});
  }

  TEST_CASE("pipeline: --resolve pins the addresses without asking the resolver") {
    Lab lab;
    lab.plan.targets.push_back(target_of("pinned.test"));
    lab.plan.targets.push_back(target_of("other.test"));
    lab.plan.targets[1].port = 1;  // the '*' override is for 443 only: this one asks
    lab.resolver.answers["other.test"] = dns_with(core::DnsStatus::nxdomain, {});
    lab.settings.resolve.push_back({"*", 443, {"127.0.0.2"}});
    lab.settings.resolve.push_back({"pinned.test", 443, {"127.0.0.1", "::1"}});
    lab.settings.all_addresses = true;
    lab.net.connect_answer("pinned.test", refused());
    const auto out = lab.run();
    REQUIRE(out.targets.size() == 3);  // two rows for pinned.test, one for other.test
    CHECK(out.targets[0].tcp.address == "127.0.0.1");
    CHECK(out.targets[1].tcp.address == "::1");
    CHECK(out.targets[0].dns.from_override);
    CHECK(wires(out.targets[2]) == Wires{"DNS_NXDOMAIN"});
    CHECK(lab.resolver.asked == std::vector<std::string>{"other.test"});
  }

  TEST_CASE("pipeline: --all-addresses probes each address once, one row each") {
    Lab lab;
    lab.add("many.test", {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.2"});
    lab.settings.all_addresses = true;
    lab.net.connect_answer("many.test", handshake({lab.leaf("many.test"), lab.intermediate()}));
    lab.settings.revocation = false;
    const auto out = lab.run();
    REQUIRE(out.targets.size() == 4);  // the repeated address once
    std::vector<std::string> addresses;
    for (const auto& r : out.targets) {
      addresses.push_back(r.tcp.address);
      CHECK(r.finished);
      CHECK(has(r, "TLS_OK"));
      CHECK_FALSE(has(r, "PROBE_INCOMPLETE"));
    }
    CHECK(addresses == Wires{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"});
    CHECK(lab.net.connects().size() == 4);
  }

  TEST_CASE("pipeline: --all-addresses stops at the documented cap") {
    Lab lab;
    std::vector<std::string> many;
    for (int i = 1; i <= 40; ++i) many.push_back("192.0.2." + std::to_string(i));
    lab.add("wide.test", many);
    lab.settings.all_addresses = true;
    lab.net.connect_answer("wide.test", refused());
    const auto out = lab.run();
    CHECK(out.targets.size() == k_max_addresses);
  }

  TEST_CASE("pipeline: through a proxy the name is not resolved first; local DNS is information") {
    Lab lab;
    lab.plan.targets.push_back(target_of("proxied.test"));
    lab.resolver.answers["proxied.test"] = dns_with(core::DnsStatus::nxdomain, {});
    lab.settings.proxy = "http://user:secret@127.0.0.1:3128";
    auto r = refused();
    r.findings = {core::make_finding(core::FindingCode::proxy_unreachable, "no proxy")};
    lab.net.connect_answer("proxied.test", r);
    const auto out = lab.run();
    CHECK(wires(out.targets[0]) == Wires{"DNS_RESOLVED_BY_PROXY", "PROXY_UNREACHABLE"});
    REQUIRE(lab.net.connects().size() == 1);
    CHECK(lab.net.connects()[0].address.empty());
    CHECK(out.targets[0].proxy.proxy == "http://127.0.0.1:3128/");
  }

  TEST_CASE("pipeline: a leaf-only chain is completed from caIssuers, once for every target") {
    Lab lab;
    for (const char* host : {"a.test", "b.test", "c.test"}) {
      lab.add(host);
      lab.net.connect_answer(host, handshake({lab.leaf(host)}));
    }
    lab.serve_revocation();
    const auto out = lab.run();
    CHECK(lab.net.count(std::string("fetch ") + pki::k_int_cert) == 1);
    CHECK(lab.net.count(std::string("fetch ") + pki::k_int_crl) == 1);
    for (const auto& r : out.targets) {
      CAPTURE(wires(r));
      CHECK(has(r, "TLS_OK"));
      CHECK(has(r, "CERT_CHAIN_INCOMPLETE"));
      CHECK(evidence(r, "CERT_CHAIN_INCOMPLETE", "ca_issuers_url") == pki::k_int_cert);
      CHECK(has(r, "REVOCATION_OK"));
      CHECK_FALSE(has(r, "PROBE_INCOMPLETE"));
    }
    // The completed chain feeds revocation: the fetched intermediate's own CRL is checked.
    CHECK(lab.net.count(std::string("fetch ") + pki::k_root_crl) == 1);
    const auto root_crl =
        std::find_if(out.revocation.begin(), out.revocation.end(),
                     [](const core::RevocationResult& x) { return x.url.url == pki::k_root_crl; });
    REQUIRE(root_crl != out.revocation.end());
    CHECK(root_crl->outcome.status == core::RevocationStatus::good);
  }

  TEST_CASE("pipeline: a target's revocation fetches start while another handshake still runs") {
    Lab lab;
    lab.add("fast.test");
    lab.add("slow.test");
    lab.net.connect_answer("fast.test", handshake({lab.leaf("fast.test"), lab.intermediate()}),
                           core::Millis{10});
    lab.net.connect_answer("slow.test", handshake({lab.leaf("slow.test"), lab.intermediate()}),
                           core::Millis{1500});
    lab.serve_revocation();
    const auto out = lab.run();
    const auto& started = lab.net.started();
    const auto crl = std::find_if(started.begin(), started.end(), [](const auto& s) {
      return s.what == std::string("fetch ") + pki::k_int_crl;
    });
    REQUIRE(crl != started.end());
    CHECK(crl->at - lab.started < core::Millis{100});  // long before slow.test answered
    CHECK(lab.net.count(std::string("fetch ") + pki::k_int_crl) == 1);
    CHECK(has(out.targets[1], "REVOCATION_OK"));
  }

  TEST_CASE("pipeline: the deadline during name resolution") {
    Lab lab;
    lab.plan.targets.push_back(target_of("silent.test"));  // the resolver never answers
    lab.settings.deadline = core::Millis{3000};
    const auto out = lab.run();
    CHECK(out.deadline_exceeded);
    CHECK(lab.elapsed() <= core::Millis{3000});
    CHECK(wires(out.targets[0]) == Wires{"PROBE_INCOMPLETE"});
    CHECK(evidence(out.targets[0], "PROBE_INCOMPLETE", "stage") == "dns");
    CHECK_FALSE(out.targets[0].finished);
  }

  TEST_CASE("pipeline: the deadline during the connection") {
    Lab lab;
    lab.add("blackhole.test");  // no connect answer scripted: a black hole
    lab.add("fine.test");
    lab.net.connect_answer("fine.test", handshake({lab.leaf("fine.test"), lab.intermediate()}));
    lab.serve_revocation();
    lab.settings.deadline = core::Millis{3000};
    const auto out = lab.run();
    CHECK(out.deadline_exceeded);
    CHECK(lab.net.cancelled());
    CHECK(lab.elapsed() <= core::Millis{3000});
    CHECK(evidence(out.targets[0], "PROBE_INCOMPLETE", "stage") == "connect");
    CHECK(evidence(out.targets[0], "PROBE_INCOMPLETE", "pending") ==
          "the connection to 192.0.2.10");
    CHECK(has(out.targets[1], "TLS_OK"));
    CHECK(has(out.targets[1], "REVOCATION_OK"));
    CHECK(out.targets[1].finished);
  }

  TEST_CASE("pipeline: the deadline during chain completion (a caIssuers black hole)") {
    Lab lab;
    for (int i = 0; i < 30; ++i) {
      const auto host = "t" + std::to_string(i) + ".test";
      lab.add(host);
      lab.net.connect_answer(host, handshake({lab.leaf(host)}));
    }
    lab.settings.deadline = core::Millis{5000};
    const auto out = lab.run();  // k_int_cert is not scripted: it never answers
    CHECK(out.deadline_exceeded);
    CHECK(lab.elapsed() <= core::Millis{5000});
    CHECK(lab.net.count(std::string("fetch ") + pki::k_int_cert) == 1);
    for (const auto& r : out.targets) {
      CHECK(evidence(r, "PROBE_INCOMPLETE", "stage") == "ca_issuers");
      CHECK(evidence(r, "PROBE_INCOMPLETE", "pending") ==
            std::string("caIssuers ") + pki::k_int_cert);
    }
  }

  TEST_CASE("pipeline: the deadline during revocation (a CRL black hole)") {
    Lab lab;
    lab.add("a.test");
    lab.net.connect_answer("a.test", handshake({lab.leaf("a.test"), lab.intermediate()}));
    lab.serve_revocation();
    lab.net.fetch_answer(pki::k_int_crl, pki::ok_response("x", "application/pkix-crl"),
                         core::Millis{60000});  // answers long after the deadline
    lab.settings.deadline = core::Millis{4000};
    const auto out = lab.run();
    CHECK(out.deadline_exceeded);
    CHECK(lab.elapsed() <= core::Millis{4000});
    const auto& r = out.targets[0];
    CAPTURE(wires(r));
    CHECK(has(r, "TLS_OK"));
    CHECK(has(r, "PROBE_INCOMPLETE"));
    CHECK(evidence(r, "PROBE_INCOMPLETE", "stage") == "revocation");
    CHECK(evidence(r, "PROBE_INCOMPLETE", "pending") == pki::k_int_crl);
    CHECK_FALSE(has(r, "REVOCATION_OK"));
  }

  TEST_CASE("pipeline: --no-revocation fetches nothing on port 80") {
    Lab lab;
    lab.add("a.test");
    lab.net.connect_answer("a.test", handshake({lab.leaf("a.test"), lab.intermediate()}));
    lab.settings.revocation = false;
    const auto out = lab.run();
    CHECK(has(out.targets[0], "TLS_OK"));
    CHECK(out.revocation.empty());
    for (const auto& s : lab.net.started()) CHECK(s.what.rfind("connect ", 0) == 0);
  }

  TEST_CASE("pipeline: a PAC list tries the next proxy when one is unreachable") {
    Lab lab;
    lab.settings.revocation = false;
    lab.add("okta.test");
    lab.routes = {pac_plan("PROXY 127.0.0.1:1; PROXY 127.0.0.1:2; DIRECT")};
    lab.net.connect_answer_via("okta.test", "http://127.0.0.1:1", proxy_down());
    lab.net.connect_answer_via("okta.test", "http://127.0.0.1:2",
                               handshake({lab.leaf("okta.test"), lab.intermediate()}));
    const auto out = lab.run();
    REQUIRE(out.targets.size() == 1);
    const auto& t = out.targets[0];
    REQUIRE(lab.net.connects().size() == 2);
    CHECK(lab.net.connects()[0].proxy.url == "http://127.0.0.1:1");
    CHECK(lab.net.connects()[1].proxy.url == "http://127.0.0.1:2");
    CHECK(t.route.used == "PROXY 127.0.0.1:2");
    REQUIRE(t.route.attempts.size() == 2);
    CHECK(t.route.attempts[0].entry == "PROXY 127.0.0.1:1");
    CHECK(t.route.attempts[0].result == "unreachable: connection refused");
    CHECK(t.route.attempts[1].result == "used");
    CHECK_FALSE(has(t, "PROXY_UNREACHABLE"));  // the failed entry is in the route, not a finding
    CHECK(t.tls.status == core::TlsStatus::handshake_ok);
  }

  TEST_CASE(
      "pipeline: after the last proxy is unreachable DIRECT connects to the resolved address") {
    Lab lab;
    lab.settings.revocation = false;
    lab.add("okta.test", {"192.0.2.44"});
    lab.routes = {pac_plan("PROXY 127.0.0.1:1; DIRECT")};
    lab.net.connect_answer_via("okta.test", "http://127.0.0.1:1", proxy_down());
    lab.net.connect_answer("okta.test", handshake({lab.leaf("okta.test"), lab.intermediate()}));
    const auto out = lab.run();
    REQUIRE(lab.net.connects().size() == 2);
    CHECK(lab.net.connects()[1].proxy.direct());
    CHECK(lab.net.connects()[1].address == "192.0.2.44");
    const auto& t = out.targets[0];
    CHECK(t.route.used == "DIRECT");
    CHECK_FALSE(has(t, "DNS_RESOLVED_BY_PROXY"));  // DIRECT: the lookup is the real one
    CHECK(t.proxy.proxy.empty());
  }

  TEST_CASE("pipeline: every proxy of the list unreachable is PROXY_UNREACHABLE, no route used") {
    Lab lab;
    lab.settings.revocation = false;
    lab.add("okta.test");
    lab.routes = {pac_plan("PROXY 127.0.0.1:1; PROXY 127.0.0.1:2")};
    lab.net.connect_answer_via("okta.test", "http://127.0.0.1:1", proxy_down());
    lab.net.connect_answer_via("okta.test", "http://127.0.0.1:2", proxy_down());
    const auto out = lab.run();
    const auto& t = out.targets[0];
    CHECK(has(t, "PROXY_UNREACHABLE"));
    CHECK(t.route.used.empty());
    CHECK(t.route.attempts.size() == 2);
  }

  TEST_CASE("pipeline: the route decision's findings come first; compare copies are kept apart") {
    Lab lab;
    lab.settings.revocation = false;
    lab.add("okta.test");
    lab.plan.targets.push_back(lab.plan.targets[0]);  // the --compare-paths copy
    auto failed = pac_plan("");
    failed.entries = route::parse_pac_answer("DIRECT").entries;
    failed.findings = {core::make_finding(core::FindingCode::pac_eval_failed, "no answer")};
    route::RoutePlan direct;
    direct.entries.emplace_back();
    direct.info.source = "direct";
    lab.routes = {failed, direct};
    lab.compare_from = 1;
    lab.net.connect_answer("okta.test", handshake({lab.leaf("okta.test"), lab.intermediate()}));
    const auto out = lab.run();
    REQUIRE(out.targets.size() == 1);
    REQUIRE(out.compared.size() == 1);
    CHECK(out.compared_index == std::vector<std::size_t>{0});
    CHECK(out.target_index == std::vector<std::size_t>{0});
    CHECK(wires(out.targets[0]).front() == "PAC_EVAL_FAILED");
    CHECK(out.compared[0].route.source == "direct");
    CHECK_FALSE(has(out.compared[0], "PAC_EVAL_FAILED"));
  }
}

}  // namespace probe::check
