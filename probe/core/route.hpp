// The route a probe took: which proxy (or DIRECT) carried it, and why — the PAC's answer, the
// setting or variable that chose it, and every entry tried before the one that worked (PAC
// semantics: "PROXY a:3128; PROXY b:3128; DIRECT", the next entry when one is unreachable).
// Filled by check/ from route::Router; read by the renderers.
#pragma once

#include <string>
#include <vector>

#include "core/finding.hpp"

namespace probe::core {

// One entry of a route list that was tried.
struct RouteAttempt {
  std::string entry;   // "PROXY 127.0.0.1:3128", "DIRECT"
  std::string result;  // "used", or why the next one was tried ("unreachable: ...")
};

struct RouteInfo {
  // Who decided: "pac" (--pac), "wpad", "system" (the OS settings), "--proxy", an environment
  // variable's name ("https_proxy"), "no_proxy" (excluded by it), or "direct" (nothing applies).
  std::string source;
  std::string location;  // the PAC's URL or file, the WPAD URL; empty otherwise
  std::string answer;    // FindProxyForURL's answer as returned, or the rule that applied
  std::string note;      // why the answer is not the PAC's: "the PAC is unavailable", ...
  std::string used;      // the entry that carried the probe; empty when none worked
  std::vector<RouteAttempt> attempts;  // in order; the last is the one used (or the last failed)

  [[nodiscard]] bool empty() const noexcept { return source.empty(); }
};

// --compare-paths: the same target probed DIRECT, next to the device's path.
struct PathComparison {
  Severity direct_verdict = Severity::pass;  // the DIRECT probe's verdict (info counts as pass)
  Severity device_verdict = Severity::pass;  // the device route's verdict
  std::string device_route;                  // RouteInfo::used of the device's probe
  std::vector<FindingCode> direct_codes;     // the DIRECT probe's findings, in order
  [[nodiscard]] bool differs() const noexcept { return direct_verdict != device_verdict; }
};

}  // namespace probe::core
