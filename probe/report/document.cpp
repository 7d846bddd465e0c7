#include "report/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/report.hpp"
#include "core/text.hpp"
#include "report/html.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"

namespace probe::report {
namespace {

// A fail item, or a warn item when `strict`: a JUnit <failure>.
bool fails(const CheckItem& item, bool strict) noexcept {
  return item.severity == core::Severity::fail || (strict && item.severity == core::Severity::warn);
}

int failures_of(const Document& r, bool strict) {
  return static_cast<int>(std::count_if(r.items.begin(), r.items.end(),
                                        [strict](const CheckItem& i) { return fails(i, strict); }));
}

// The item's details and remediation as XML character data: one line each (real newlines),
// every value made visible first, so a log or network string cannot add lines or markup.
std::string item_body(const CheckItem& item) {
  std::string body;
  for (const auto& [key, value] : item.details) {
    body += fmt::format("{}: {}\n", core::escape_control(key), core::escape_control(value));
  }
  if (!item.remediation.empty()) {
    body += fmt::format("remediation: {}\n", core::escape_control(item.remediation));
  }
  return xml_markup(body);
}

}  // namespace

std::string render_items_junit(const Document& r, bool strict) {
  const auto tests = std::max<std::size_t>(r.items.size(), 1);
  const int failures = failures_of(r, strict);
  const auto suite = xml_escape(r.command);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"pinprobe {}\" tests=\"{}\" failures=\"{}\">\n", suite,
                     tests, failures);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", suite, tests,
                     failures);
  if (r.items.empty()) {
    out +=
        fmt::format("    <testcase classname=\"{}\" name=\"{}\"/>\n", suite, xml_escape(r.subject));
  }
  for (const auto& item : r.items) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}: {}\">\n", suite,
                       xml_escape(r.subject), xml_escape(item.name));
    const auto body = item_body(item);
    if (fails(item, strict)) {
      out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         xml_escape(item.name), xml_escape(item.message), body);
    } else {
      out += fmt::format("      <system-out>{}: {}\n{}</system-out>\n",
                         core::to_string(item.severity), xml_escape(item.message), body);
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string render_items_prom(const Document& r) {
  const auto labels = fmt::format("command=\"{}\",subject=\"{}\"", prom_label_escape(r.command),
                                  prom_label_escape(core::escape_control(r.subject)));
  std::string out;
  out += "# HELP pinprobe_check_ok 1 when the command found no failure, else 0.\n";
  out += "# TYPE pinprobe_check_ok gauge\n";
  out += fmt::format("pinprobe_check_ok{{{}}} {}\n", labels,
                     verdict_of(r) == core::Severity::fail ? 0 : 1);
  if (r.items.empty()) return out;
  out += "# HELP pinprobe_check_result One series per finding or signature reported (value 1).\n";
  out += "# TYPE pinprobe_check_result gauge\n";
  // A series must be unique (node_exporter's textfile collector rejects a repeat): a name seen
  // before (two pins with one label, a file given twice) gets " #2", " #3", ...
  std::map<std::string, int, std::less<>> seen;
  for (const auto& item : r.items) {
    auto name = core::escape_control(item.name);
    if (const int n = ++seen[name]; n > 1) name += fmt::format(" #{}", n);
    out += fmt::format("pinprobe_check_result{{{},name=\"{}\",severity=\"{}\"}} 1\n", labels,
                       prom_label_escape(name), core::to_string(item.severity));
  }
  return out;
}

std::string render_items_html(const Document& r) {
  const auto verdict = core::verdict_name(verdict_of(r));
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>pinprobe {}: {}</title>\n", html_escape(r.command), verdict);
  out +=
      "<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:.3em .6em;"
      "text-align:left;vertical-align:top}.pass{background:#d9f2d9}.warn{background:#fff2cc}"
      ".fail{background:#f8d0d0}dt{font-weight:bold}</style>\n</head>\n<body>\n";
  out += fmt::format("<h1>pinprobe {}</h1>\n<p class=\"{}\">{}: <strong>{}</strong></p>\n",
                     html_escape(r.command), verdict, html_escape(r.subject), verdict);
  out += "<table>\n<tr><th>result</th><th>severity</th><th>details</th></tr>\n";
  for (const auto& item : r.items) {
    const auto sev = core::verdict_name(item.severity);
    out += fmt::format(
        "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}<details><summary>evidence"
        "</summary><dl>",
        sev, html_escape(item.name), core::to_string(item.severity), html_escape(item.message));
    for (const auto& [key, value] : item.details) {
      out += fmt::format("<dt>{}</dt><dd>{}</dd>", html_escape(key), html_escape(value));
    }
    if (!item.remediation.empty()) {
      out += fmt::format("<dt>remediation</dt><dd>{}</dd>", html_escape(item.remediation));
    }
    out += "</dl></details></td></tr>\n";
  }
  out += "</table>\n";
  if (!r.text.empty()) {
    // The command's own view, already made visible; markup-escaped with its lines kept.
    out += fmt::format("<h2>report</h2>\n<pre>{}</pre>\n",
                       core::markup_escape(r.text, core::Markup::html));
  }
  out += "</body>\n</html>\n";
  return out;
}

std::vector<CheckItem> check_items(const std::vector<core::Finding>& findings) {
  std::vector<CheckItem> out;
  for (const auto& f : findings) {
    CheckItem item{std::string(f.wire()), f.severity, f.message, f.evidence, {}};
    if (f.severity == core::Severity::fail || f.severity == core::Severity::warn) {
      item.remediation = std::string(f.remediation());
    }
    out.push_back(std::move(item));
  }
  return out;
}

Document check_document(const core::RunReport& run) {
  Document document;
  document.command = "check";
  document.subject = run.environment.site;
  document.run = &run;
  return document;
}

core::Severity verdict_of(const Document& document) noexcept {
  if (document.run != nullptr) return document.run->verdict();
  auto worst = core::Severity::pass;
  for (const auto& item : document.items) worst = std::max(worst, item.severity);
  return worst;
}

}  // namespace probe::report
