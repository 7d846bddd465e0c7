// RunReport: per-target verdicts, the summary, the run's verdict and exit codes (SPEC §1).
#include "core/report.hpp"

#include <doctest/doctest.h>

#include "core/clock.hpp"
#include "core/outcome.hpp"
#include "core/plan.hpp"

using probe::core::exit_code_for;
using probe::core::FindingCode;
using probe::core::make_finding;
using probe::core::RevocationResult;
using probe::core::RunReport;
using probe::core::Severity;
using probe::core::TargetResult;
using probe::core::verdict_name;

namespace {

TargetResult target_with(std::initializer_list<FindingCode> codes) {
  TargetResult t;
  t.target.host = "login.okta.com";
  for (auto c : codes) t.findings.push_back(make_finding(c));
  t.finished = true;
  return t;
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("report: a target's verdict is its worst finding, with info counted as pass") {
    CHECK(target_with({}).verdict() == Severity::pass);
    CHECK(target_with({FindingCode::tls_ok}).verdict() == Severity::pass);
    CHECK(target_with({FindingCode::tls_ok, FindingCode::mtls_requested}).verdict() ==
          Severity::pass);
    CHECK(target_with({FindingCode::tls_ok, FindingCode::cert_expires_soon}).verdict() ==
          Severity::warn);
    CHECK(target_with({FindingCode::cert_expires_soon, FindingCode::tls_intercepted}).verdict() ==
          Severity::fail);
  }

  TEST_CASE("report: summary counts targets by verdict") {
    RunReport r;
    CHECK(r.summary().targets == 0);
    r.targets.push_back(target_with({FindingCode::tls_ok}));
    r.targets.push_back(target_with({FindingCode::tls_ok, FindingCode::dns_resolved_by_proxy}));
    r.targets.push_back(target_with({FindingCode::cert_weak}));
    r.targets.push_back(target_with({FindingCode::tcp_refused}));
    r.targets.push_back(target_with({FindingCode::dns_nxdomain, FindingCode::cert_weak}));
    const auto s = r.summary();
    CHECK(s.targets == 5);
    CHECK(s.pass == 2);
    CHECK(s.warn == 1);
    CHECK(s.fail == 2);
    CHECK(s.pass + s.warn + s.fail == s.targets);
  }

  TEST_CASE("report: the run's verdict is the worst of targets and revocation entries") {
    RunReport r;
    CHECK(r.verdict() == Severity::pass);
    r.targets.push_back(target_with({FindingCode::tls_ok, FindingCode::mtls_requested}));
    CHECK(r.verdict() == Severity::pass);  // info never raises a run's verdict
    RevocationResult rev;
    rev.findings.push_back(make_finding(FindingCode::revocation_ok));
    r.revocation.push_back(rev);
    CHECK(r.verdict() == Severity::pass);
    r.targets.push_back(target_with({FindingCode::cert_chain_incomplete}));
    CHECK(r.verdict() == Severity::warn);
    RevocationResult blocked;
    blocked.findings.push_back(make_finding(FindingCode::revocation_blocked_by_proxy));
    CHECK(blocked.verdict() == Severity::fail);
    r.revocation.push_back(blocked);
    CHECK(r.verdict() == Severity::fail);
    CHECK(r.summary().fail == 0);  // revocation entries are not targets
  }

  TEST_CASE("report: verdict names fold info into pass") {
    CHECK(verdict_name(Severity::pass) == "pass");
    CHECK(verdict_name(Severity::info) == "pass");
    CHECK(verdict_name(Severity::warn) == "warn");
    CHECK(verdict_name(Severity::fail) == "fail");
  }

  TEST_CASE("report: exit code is 1 on fail, and on warn only with --strict") {
    CHECK(exit_code_for(Severity::pass, false) == 0);
    CHECK(exit_code_for(Severity::info, false) == 0);
    CHECK(exit_code_for(Severity::warn, false) == 0);
    CHECK(exit_code_for(Severity::fail, false) == 1);
    CHECK(exit_code_for(Severity::pass, true) == 0);
    CHECK(exit_code_for(Severity::info, true) == 0);
    CHECK(exit_code_for(Severity::warn, true) == 1);
    CHECK(exit_code_for(Severity::fail, true) == 1);
  }

  TEST_CASE("clock: format_utc prints RFC 3339 UTC to the second") {
    using namespace std::chrono;
    const probe::core::SysTime t = sys_days{year{2026} / November / 23} + hours{9} + minutes{33} +
                                   seconds{7} + milliseconds{999};
    CHECK(probe::core::format_utc(t) == "2026-11-23T09:33:07Z");
    CHECK(probe::core::format_utc(probe::core::SysTime{}) == "1970-01-01T00:00:00Z");
  }

  TEST_CASE("clock: format_utc before 1970 and on a leap day, on every platform") {
    // Windows' C runtime has no gmtime for negative time_t: the date is computed, not looked up.
    using namespace std::chrono;
    const probe::core::SysTime before = sys_days{year{1950} / January / 1} - milliseconds{1};
    CHECK(probe::core::format_utc(before) == "1949-12-31T23:59:59Z");
    const probe::core::SysTime leap =
        sys_days{year{2024} / February / 29} + hours{23} + minutes{59} + seconds{59};
    CHECK(probe::core::format_utc(leap) == "2024-02-29T23:59:59Z");
    CHECK(probe::core::format_utc(probe::core::SysTime{} - nanoseconds{1}) ==
          "1969-12-31T23:59:59Z");
  }

  TEST_CASE("clock: a fixed clock advances both wall and steady time only when told") {
    using namespace std::chrono;
    const probe::core::SysTime start = sys_days{year{2026} / January / 1};
    probe::core::FixedClock clock{start};
    CHECK(clock.now() == start);
    const auto steady = clock.steady_now();
    CHECK(clock.now() == start);
    clock.advance(probe::core::Millis{1500});
    CHECK(clock.now() == start + milliseconds{1500});
    CHECK(clock.steady_now() - steady == milliseconds{1500});
  }

  TEST_CASE("outcome: status enums have stable wire spellings") {
    using namespace probe::core;
    CHECK(to_string(DnsStatus::nxdomain) == "nxdomain");
    CHECK(to_string(DnsStatus::no_address) == "no_address");
    CHECK(to_string(TcpStatus::connected) == "connected");
    CHECK(to_string(ProxyStatus::auth_required) == "auth_required");
    CHECK(to_string(TlsStatus::handshake_ok) == "handshake_ok");
    CHECK(to_string(RevocationStatus::revoked) == "revoked");
    CHECK(to_string(RevocationKind::crl) == "crl");
    CHECK(to_string(RevocationKind::ocsp) == "ocsp");
    CHECK(to_string(RevocationKind::ca_issuers) == "ca_issuers");
    CHECK(to_string(UrlSource::chain) == "chain");
    CHECK(to_string(UrlSource::config) == "config");
  }
}
