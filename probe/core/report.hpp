// RunReport: everything one run learned, as the renderers (report/) see it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/outcome.hpp"
#include "core/plan.hpp"

namespace probe::core {

// How the run judged a chain (filled by the judge stage).
struct ChainVerdict {
  bool anchor_verified = false;  // verifies to one of the pinset's anchors
  bool system_trusted = false;   // verifies to the system trust store
  bool public_root = false;      // its root is in the embedded public-root set
  bool hostname_ok = false;
  std::string matched_pin;  // the pin that matched, empty when none
  std::string matched_label;
  std::string matched_role;  // "leaf", "intermediate", "root"
  std::string error;         // OpenSSL's verify error when not verified
};

struct TargetResult {
  Target target;
  DnsOutcome dns;
  TcpOutcome tcp;
  ProxyOutcome proxy;
  TlsOutcome tls;
  std::vector<CertFacts> chain;  // the presented chain, described
  std::optional<ChainVerdict> verdict_detail;
  std::vector<Finding> findings;
  bool finished = false;  // false when the deadline stopped it

  // The worst severity of the findings (info counts as pass).
  [[nodiscard]] Severity verdict() const noexcept;
};

struct RevocationResult {
  RevocationUrl url;
  RevocationOutcome outcome;
  std::vector<Finding> findings;
  [[nodiscard]] Severity verdict() const noexcept;
};

struct ToolInfo {
  std::string name = "pinprobe";
  std::string version;
  std::string openssl;
  std::string curl;
  std::string cares;
};

struct Environment {
  std::string proxy;                   // proxy URL in use (no credentials), empty if direct
  std::vector<std::string> resolvers;  // "system" or ADDR:PORT
  std::string org;
  std::string site;
};

struct Summary {
  int targets = 0;
  int pass = 0;
  int warn = 0;
  int fail = 0;
};

struct RunReport {
  ToolInfo tool;
  SysTime started_at{};
  Millis duration{0};
  Environment environment;
  std::vector<TargetResult> targets;
  std::vector<SkippedHost> skipped;
  std::vector<RevocationResult> revocation;
  bool deadline_exceeded = false;

  // Counts targets by verdict (info -> pass).
  [[nodiscard]] Summary summary() const noexcept;
  // The run's verdict: the worst of every target and revocation entry.
  [[nodiscard]] Severity verdict() const noexcept;
};

// A verdict as shown to users: pass/info -> "pass", then "warn", "fail".
std::string_view verdict_name(Severity severity) noexcept;

// Exit status of a run per SPEC §1: 1 when any fail (or any warn with strict), else 0.
int exit_code_for(Severity verdict, bool strict) noexcept;

}  // namespace probe::core
