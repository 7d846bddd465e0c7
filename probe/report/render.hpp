// Rendering a report Document (document.hpp) in the formats of SPEC §5 (text, json, junit,
// prom, html) through one table of renderers, and the terminal facts the text format depends
// on. Renderers are pure: a report in, bytes out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "core/report_format.hpp"
#include "core/result.hpp"
#include "report/document.hpp"

namespace probe::report {

// How to render. `color`, `width`, `quiet` and `verbose` only shape the text format;
// `strict` makes warnings count as failures (JUnit failures, the summary's exit status).
struct RenderOptions {
  core::ReportFormat format = core::ReportFormat::text;
  bool color = false;
  int width = 100;  // columns available to the text format
  bool quiet = false;
  bool verbose = false;
  bool strict = false;
};

// One row per report format: how a check run is rendered, and how any other command's
// document is. A new format is one row here (and its two renderer functions).
struct FormatRenderer {
  core::ReportFormat format;
  std::string (*run)(const core::RunReport& report, const RenderOptions& options);
  std::string (*items)(const Document& document, const RenderOptions& options);
};
// The table, in core::k_report_formats order.
const std::vector<FormatRenderer>& format_renderers();

// Renders `document` in `options.format`: its run when it has one, else its items, text view
// or JSON document.
core::Result<std::string> render(const Document& document, const RenderOptions& options);
// Renders a check run (render(check_document(report), options)).
core::Result<std::string> render(const core::RunReport& report, const RenderOptions& options);

// True when colour should be used on stdout: not when `no_color_flag`, not when NO_COLOR is
// set to a non-empty value (https://no-color.org: "present and not an empty string"), not
// when TERM is "dumb", and only when stdout is a terminal.
bool use_color(bool no_color_flag);
// The environment use_color reads: the values of NO_COLOR and TERM, nullptr when unset.
struct ColorEnv {
  const char* no_color = nullptr;
  const char* term = nullptr;
};
// The same decision from its inputs, for tests.
bool use_color(bool no_color_flag, bool stdout_is_terminal, const ColorEnv& env) noexcept;

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

// The route a target took and why, as one line (text and HTML): "route PROXY h:p (pac
// answered "PROXY a:1; PROXY h:p"; PROXY a:1 unreachable: ...)". Network strings escaped.
std::string route_text(const core::RouteInfo& route);
// --compare-paths as one line: "compare DIRECT pass (TLS_OK) vs route PROXY h:p fail: ...".
std::string compare_text(const core::PathComparison& comparison);

// The address a target was reached at: the connected address, else the first resolved one.
std::string target_address(const core::TargetResult& target);

}  // namespace probe::report
