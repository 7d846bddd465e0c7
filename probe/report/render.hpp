// Rendering a RunReport in the formats of SPEC §5 (text, json, junit, prom, html), and the
// terminal facts the text format depends on. Renderers are pure: a report in, bytes out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "core/result.hpp"

namespace probe::report {

// How to render. `color`, `width`, `quiet` and `verbose` only shape the text format;
// `strict` makes warnings count as failures (JUnit failures, the summary's exit status).
struct RenderOptions {
  std::string format = "text";  // text | json | junit | prom | html
  bool color = false;
  int width = 100;  // columns available to the text format
  bool quiet = false;
  bool verbose = false;
  bool strict = false;
};

// Renders `report` in `options.format`. Fails (usage) only for an unknown format name.
core::Result<std::string> render(const core::RunReport& report, const RenderOptions& options);

// True when colour should be used on stdout: not when `no_color_flag`, not when the
// environment sets NO_COLOR (https://no-color.org, any value), and only when stdout is a
// terminal.
bool use_color(bool no_color_flag);

// Columns of the terminal: $COLUMNS when it is a positive number, else the window size of
// stdout (ioctl TIOCGWINSZ), else 100. Clamped to [40, 400].
int terminal_width();

// The targets of `report` grouped by domains.yaml group, groups in order of first
// appearance. Pointers into `report`, valid while it lives.
struct TargetGroup {
  std::string name;
  std::string allowlist;
  std::vector<const core::TargetResult*> targets;
  std::vector<const core::SkippedHost*> skipped;
};
std::vector<TargetGroup> group_targets(const core::RunReport& report);

// The one finding that explains a target's verdict: the first of the worst severity (info
// ranking below pass; TLS_INTERCEPTED first among equals), or nullptr when it has none.
const core::Finding* decisive_finding(const core::TargetResult& target) noexcept;

// "CODE: message (key=value, key=value)" for `finding`, network strings escaped, at most
// `max_evidence` evidence pairs.
std::string finding_line(const core::Finding& finding, std::size_t max_evidence = 3);

// The address a target was reached at: the connected address, else the first resolved one.
std::string target_address(const core::TargetResult& target);

}  // namespace probe::report
