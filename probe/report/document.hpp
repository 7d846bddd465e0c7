// The one report model of every command (SPEC §5, §6). check, cert, pins show, scep, explain
// and device each build a Document; report::render (render.hpp) turns it into any --format
// through one table of renderers. A document carries what every format needs:
//   - the verdict items (findings, explain signatures, certificates), for junit, prom and html;
//   - the command's own text view and JSON document (its schema under schema/);
//   - for check, the run itself, which every format renders in full (SPEC §5).
// Renderers are pure: a document in, bytes out.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/report.hpp"

namespace probe::report {

// One result line: a finding (name = its code), an explain signature (name = its id), or a
// described certificate (name = its place and name).
struct CheckItem {
  std::string name;
  core::Severity severity = core::Severity::pass;
  std::string message;      // one line
  core::Evidence details;   // shown in order; values may come from the network or a log
  std::string remediation;  // empty when there is nothing to do
};

struct Document {
  std::string command{};  // "check", "cert", "pins", "scep", "explain", "device"
  std::string subject{};  // the site, the files, the SCEP URL, the log source, the platform
  std::vector<CheckItem> items{};
  std::string text{};     // the command's text view, strings already made visible
  nlohmann::json json{};  // the command's JSON document, in its schema
  // check: the run, rendered in full by every format; items, text and json are then unused.
  const core::RunReport* run = nullptr;
};

// The document of a check run (a view of `run`, which must outlive it).
Document check_document(const core::RunReport& run);
Document check_document(const core::RunReport&& run) = delete;

// The items of `findings`: code, severity, message, evidence, and the remediation of warn
// and fail findings.
std::vector<CheckItem> check_items(const std::vector<core::Finding>& findings);

// The worst severity of `document`: the run's verdict for check, else the worst item (pass
// when there are none).
core::Severity verdict_of(const Document& document) noexcept;

// The item renderers of a command other than check (render.hpp's table calls them):
// junit: one testsuite, one testcase per item, fail items carry a <failure> (warn items too
//   when `strict`); no items is one passing testcase for the subject.
// prom: pinprobe_check_ok and one pinprobe_check_result series per item, valid for promtool.
// html: one page, no external assets: the items table, then the text view.
// Every string is escaped for its format.
std::string render_items_junit(const Document& document, bool strict);
std::string render_items_prom(const Document& document);
std::string render_items_html(const Document& document);

}  // namespace probe::report
