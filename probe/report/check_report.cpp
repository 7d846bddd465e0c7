#include "report/check_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/report.hpp"
#include "core/text.hpp"
#include "report/html.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"

namespace probe::report {
namespace {

int failures_of(const CheckReport& r) {
  return static_cast<int>(std::count_if(r.items.begin(), r.items.end(), [](const CheckItem& i) {
    return i.severity == core::Severity::fail;
  }));
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

std::string render_junit_check(const CheckReport& r) {
  const auto tests = std::max<std::size_t>(r.items.size(), 1);
  const int failures = failures_of(r);
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
    if (item.severity == core::Severity::fail) {
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

std::string render_prom_check(const CheckReport& r) {
  const auto labels = fmt::format("command=\"{}\",subject=\"{}\"", prom_label_escape(r.command),
                                  prom_label_escape(core::escape_control(r.subject)));
  std::string out;
  out += "# HELP pinprobe_check_ok 1 when the command found no failure, else 0.\n";
  out += "# TYPE pinprobe_check_ok gauge\n";
  out += fmt::format("pinprobe_check_ok{{{}}} {}\n", labels,
                     check_verdict(r) == core::Severity::fail ? 0 : 1);
  if (r.items.empty()) return out;
  out += "# HELP pinprobe_check_result One series per finding or signature reported (value 1).\n";
  out += "# TYPE pinprobe_check_result gauge\n";
  for (const auto& item : r.items) {
    out += fmt::format("pinprobe_check_result{{{},name=\"{}\",severity=\"{}\"}} 1\n", labels,
                       prom_label_escape(item.name), core::to_string(item.severity));
  }
  return out;
}

std::string render_html_check(const CheckReport& r) {
  const auto verdict = core::verdict_name(check_verdict(r));
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
  out += "</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace

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

core::Severity check_verdict(const CheckReport& report) noexcept {
  auto worst = core::Severity::pass;
  for (const auto& item : report.items) worst = std::max(worst, item.severity);
  return worst;
}

core::Result<std::string> render_check(const CheckReport& report, core::ReportFormat format) {
  switch (format) {
    case core::ReportFormat::junit:
      return render_junit_check(report);
    case core::ReportFormat::prom:
      return render_prom_check(report);
    case core::ReportFormat::html:
      return render_html_check(report);
    case core::ReportFormat::text:
    case core::ReportFormat::json:
      break;
  }
  return core::unexpected(
      core::ErrorKind::usage,
      fmt::format("--format: {} is not junit, prom or html", core::to_string(format)));
}

}  // namespace probe::report
