// The engine with a recording fake resolver: decisions that must not depend on a network.
// The only sockets opened go to a closed loopback port.
#include "connect/engine.hpp"

#include <doctest/doctest.h>

#include "support/fake_resolver.hpp"

namespace probe::connect {
namespace {

core::Plan plan_of(std::initializer_list<const char*> hosts) {
  core::Plan plan;
  for (const char* h : hosts) {
    core::Target t;
    t.host = h;
    t.group = "g";
    t.allowlist = "*.example";
    t.pinset = "none";
    plan.targets.push_back(t);
  }
  return plan;
}

core::DnsOutcome dns_with(core::DnsStatus status, std::initializer_list<const char*> addresses) {
  core::DnsOutcome d;
  d.status = status;
  d.resolver = "fake";
  for (const char* a : addresses) d.addresses.push_back({a, 4, 60});
  return d;
}

std::vector<std::string> wires(const core::TargetResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.emplace_back(f.wire());
  return out;
}

EnvFn no_env() {
  return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

using Wires = std::vector<std::string>;

}  // namespace

TEST_SUITE("connect") {
  TEST_CASE("probe_targets: a sinkholed or failed name is reported as such and never connected") {
    test::FakeResolver resolver;
    resolver.answers["sink.example"] = dns_with(core::DnsStatus::ok, {"0.0.0.0"});
    resolver.answers["gone.example"] = dns_with(core::DnsStatus::nxdomain, {});
    core::ProbeSettings settings;
    const core::SystemClock clock;
    const auto env = no_env();
    auto results =
        probe_targets(plan_of({"sink.example", "gone.example"}), settings, clock, resolver, env);
    REQUIRE(results);
    REQUIRE(results->size() == 2);
    CHECK(wires((*results)[0]) == Wires{"DNS_SINKHOLE"});
    CHECK((*results)[0].tcp.status == core::TcpStatus::not_run);
    CHECK(wires((*results)[1]) == Wires{"DNS_NXDOMAIN"});
    CHECK((*results)[1].finished);
    CHECK(resolver.asked == std::vector<std::string>{"gone.example", "sink.example"});
  }

  TEST_CASE("probe_targets: --resolve pins the address without asking the resolver") {
    test::FakeResolver resolver;
    core::ProbeSettings settings;
    settings.resolve.push_back({"pinned.example", 443, "127.0.0.1"});
    auto plan = plan_of({"pinned.example"});
    plan.targets[0].port = 1;  // the override is for 443 only: this one asks the resolver
    resolver.answers["pinned.example"] = dns_with(core::DnsStatus::nxdomain, {});
    const core::SystemClock clock;
    const auto env = no_env();
    auto results = probe_targets(plan, settings, clock, resolver, env);
    REQUIRE(results);
    CHECK(wires((*results)[0]) == Wires{"DNS_NXDOMAIN"});
    CHECK(resolver.asked.size() == 1);
  }

  TEST_CASE("probe_targets: a closed loopback port is TCP_REFUSED") {
    test::FakeResolver resolver;
    core::ProbeSettings settings;
    settings.resolve.push_back({"closed.example", 1, "127.0.0.1"});
    auto plan = plan_of({"closed.example"});
    plan.targets[0].port = 1;
    const core::SystemClock clock;
    const auto env = no_env();
    auto results = probe_targets(plan, settings, clock, resolver, env);
    REQUIRE(results);
    CHECK(wires((*results)[0]) == Wires{"TCP_REFUSED"});
    CHECK((*results)[0].tcp.address == "127.0.0.1");
    CHECK(resolver.asked.empty());
  }

  TEST_CASE("probe_targets: through an unreachable proxy local DNS failure is information") {
    test::FakeResolver resolver;
    resolver.answers["proxied.example"] = dns_with(core::DnsStatus::nxdomain, {});
    core::ProbeSettings settings;
    settings.proxy = "http://127.0.0.1:1";
    const core::SystemClock clock;
    const auto env = no_env();
    auto results = probe_targets(plan_of({"proxied.example"}), settings, clock, resolver, env);
    REQUIRE(results);
    CHECK(wires((*results)[0]) == Wires{"DNS_RESOLVED_BY_PROXY", "PROXY_UNREACHABLE"});
    CHECK((*results)[0].proxy.proxy == "http://127.0.0.1:1");
  }

  TEST_CASE("probe_targets: the deadline ends the run with a complete report") {
    test::FakeResolver resolver;  // knows no host: never answers
    core::ProbeSettings settings;
    settings.deadline = core::Millis{100};
    const core::SystemClock clock;
    const auto env = no_env();
    auto results =
        probe_targets(plan_of({"slow.example", "slower.example"}), settings, clock, resolver, env);
    REQUIRE(results);
    REQUIRE(results->size() == 2);
    for (const auto& r : *results) {
      CHECK_FALSE(r.finished);
      CHECK(wires(r) == Wires{"PROBE_INCOMPLETE"});
    }
  }
}

}  // namespace probe::connect
