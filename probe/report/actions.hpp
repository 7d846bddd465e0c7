// The action list: the rule changes that would fix a run, consolidated across its targets and
// revocation URLs (one action per change and device, not one per host), each naming the
// evidence it comes from. And the problems grouped by cause, for the renderers' cards.
// Pure functions of a RunReport: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/report.hpp"

namespace probe::report {

enum class ActionKind {
  exclude_from_inspection,  // TLS_INTERCEPTED: allowlist patterns to exclude from TLS inspection
  allow_connect,            // PROXY_CONNECT_DENIED: host:port the proxy must tunnel to
  proxy_authentication,     // PROXY_AUTH_REQUIRED: host:port to exempt from proxy authentication
  allow_tcp,                // TCP_* and TLS_HANDSHAKE_FAILED: host:port the firewall must pass
  allow_revocation,         // REVOCATION_* on the path: revocation host:port to allow on port 80
  fix_dns,                  // DNS failures: names to make resolvable
};

// One consolidated change. `device` is "proxy" (then `proxy` is its URL without credentials,
// empty for a transparent one) or "firewall" or "dns".
struct Action {
  ActionKind kind = ActionKind::allow_tcp;
  std::string device;
  std::string proxy;
  std::vector<std::string> rules;    // what to add: allowlist patterns, host:port, names
  std::vector<std::string> targets;  // evidence: host:port of the targets it fixes
  std::vector<std::string> urls;     // evidence: the revocation URLs that failed
  std::vector<std::string> codes;    // the finding codes behind it, wire names
  std::vector<std::string> details;  // evidence: re-signing CAs, proxy answers
};

// The wire name of `kind` ("exclude_from_inspection", ...), as the JSON report spells it.
std::string_view to_string(ActionKind kind) noexcept;

// The actions of `report`, in ActionKind order, each kind's actions in order of first
// appearance; every list without duplicates. Empty when nothing failed.
std::vector<Action> plan_actions(const core::RunReport& report);

// One sentence saying what to change where, naming the rules ("Exclude *.okta.com from TLS
// inspection on proxy http://proxy:3128"). Network strings are not escaped: renderers do.
std::string action_sentence(const Action& action);

// What to do about `finding` in `vendor`'s words, except that a revocation failure on the path
// names its own host (from the finding's `url` evidence, else `url`: the revocation entry it
// belongs to) instead of the vendor's usual hosts.
std::string remediation_for(const core::Finding& finding, const core::VendorProfile& vendor,
                            std::string_view url = {});

// The problems (warn and fail findings) of `report`, one per cause: a revocation URL's finding
// and its copies on the targets citing it are one problem; an interception is one per
// re-signing CA; any other finding is one per code and message. In order of first appearance.
struct Problem {
  const core::Finding* finding = nullptr;      // the first occurrence, for its evidence
  const core::TargetResult* target = nullptr;  // its target, nullptr for a revocation URL's
  const core::VendorProfile* vendor = nullptr;
  std::string where;                 // the revocation URL, or the first target's host:port
  std::vector<std::string> targets;  // host:port of every target it affects
};
std::vector<Problem> group_problems(const core::RunReport& report);

}  // namespace probe::report
