// The report of a single-subject command (scep, explain, device) in the shared formats of
// SPEC §5 that are not per command: junit, prom and html. Each command keeps its own text
// and json; this renders the same results for CI (JUnit), monitoring (Prometheus textfile)
// and people (one self-contained page). Renderers are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/report_format.hpp"
#include "core/result.hpp"

namespace probe::report {

// One result line: a finding (name = its code) or an explain signature (name = its id).
struct CheckItem {
  std::string name;
  core::Severity severity = core::Severity::pass;
  std::string message;      // one line
  core::Evidence details;   // shown in order; values may come from the network or a log
  std::string remediation;  // empty when there is nothing to do
};

struct CheckReport {
  std::string command;  // "scep", "explain", "device"
  std::string subject;  // the SCEP URL, the log source, the platform
  std::vector<CheckItem> items;
};

// The items of `findings`: code, severity, message, evidence, and the remediation of warn
// and fail findings.
std::vector<CheckItem> check_items(const std::vector<core::Finding>& findings);

// The worst severity of `report`'s items (pass when there are none).
core::Severity check_verdict(const CheckReport& report) noexcept;

// Renders `report` as "junit" (one testsuite, one testcase per item, fail items carry a
// <failure>; no items is one passing testcase), "prom" (pinprobe_check_ok and one
// pinprobe_check_result series per item, valid for promtool check metrics) or "html" (one
// page, no external assets). Every string is escaped for its format. Fails (usage) for any
// other format name.
core::Result<std::string> render_check(const CheckReport& report, core::ReportFormat format);

}  // namespace probe::report
