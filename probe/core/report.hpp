// RunReport: everything one run learned, as the renderers (report/) see it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/outcome.hpp"
#include "core/pinset.hpp"
#include "core/plan.hpp"
#include "core/route.hpp"

namespace probe::core {

// How the run judged a chain (filled by the judge stage).
struct ChainVerdict {
  bool anchor_verified = false;  // verifies to one of the pinset's anchors
  bool system_trusted = false;   // verifies to the system trust store
  bool public_root = false;      // its root is in the embedded public-root set
  bool hostname_ok = false;
  std::string matched_pin;  // the pin that matched, empty when none
  std::string matched_label;
  std::optional<PinRole> matched_role;  // nullopt when no pin matched
  std::string error;                    // OpenSSL's verify error when not verified
  // Added by the judge (issue 4): the details behind the verdict.
  struct PinHit {
    std::string pin;               // RFC 7469 pin-sha256
    std::string label;             // the pinset's label for it
    PinRole role = PinRole::leaf;  // where it sat on the verified path
    std::string subject;
  };
  std::vector<PinHit> pin_matches;         // every certificate of the verified path with a pin
  std::vector<std::string> verified_path;  // subjects of the path verified (pinset or public)
  std::string anchor_subject;              // root of that path
  std::string anchor_pin;
  std::string resigning_ca_subject;  // intercepted: the CA that signed the leaf
  std::string resigning_ca_pin;      // empty when the chain did not carry it
  std::string product;               // intercepted: the recognised inspection product
  std::vector<std::string> hints;    // intercepted: structural evidence
  bool chain_completed = false;      // an intermediate was fetched from caIssuers
  std::string system_store;          // which system store was asked
  std::string public_roots;          // which embedded public-root bundle was asked
};

struct TargetResult {
  Target target;
  DnsOutcome dns;
  TcpOutcome tcp;
  ProxyOutcome proxy;
  TlsOutcome tls;
  std::vector<CertFacts> chain;  // the presented chain, described
  // The chain revocation checks: presented, then the issuers fetched from caIssuers and what
  // the verified path took from a pinset or a store (empty before the judge; not serialized).
  std::vector<CertFacts> revocation_chain;
  std::optional<ChainVerdict> verdict_detail;
  std::vector<Finding> findings;
  bool finished = false;  // false when the deadline stopped it
  RouteInfo route = {};   // the route the probe took and why (empty: not recorded)
  std::optional<PathComparison> compare = {};  // --compare-paths: the DIRECT probe beside it

  // The worst severity of the findings (info counts as pass).
  [[nodiscard]] Severity verdict() const noexcept;
};

struct RevocationResult {
  RevocationUrl url;
  RevocationOutcome outcome;
  std::vector<Finding> findings;
  RouteInfo route = {};  // the route of its fetch (its own PAC answer); empty: not recorded
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
  // How routes were decided when not by --proxy / the environment: "pac <location>", "wpad
  // <url>", "system (...)", with the engine; empty otherwise.
  std::string routes = {};
  bool compare_paths = false;  // --compare-paths: every target was also probed DIRECT
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
  // The vendor wording of the run's own findings (revocation): the targets' vendor when they
  // share one, the neutral profile when they differ, the built-in when there are none.
  [[nodiscard]] const VendorProfile& vendor() const noexcept;
};

// A verdict as shown to users: pass/info -> "pass", then "warn", "fail".
std::string_view verdict_name(Severity severity) noexcept;

// Exit status of a run per SPEC §1: 1 when any fail (or any warn with strict), else 0.
int exit_code_for(Severity verdict, bool strict) noexcept;

}  // namespace probe::core
