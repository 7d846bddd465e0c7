#include "report/junit.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/text.hpp"
#include "report/render.hpp"

namespace probe::report {
namespace {

std::string seconds(core::Millis value) {
  return fmt::format("{:.3f}", static_cast<double>(value.count()) / 1000.0);
}

bool is_failure(const core::Finding& f, bool strict) {
  return f.severity == core::Severity::fail || (strict && f.severity == core::Severity::warn);
}

std::string finding_body(const core::Finding& f, const core::VendorProfile& vendor) {
  std::string body = fmt::format("{} ({}): {}\n", f.wire(), core::to_string(f.severity),
                                 core::escape_control(f.message));
  for (const auto& [key, value] : f.evidence) {
    body += fmt::format("  {}: {}\n", core::escape_control(key, 64), core::escape_control(value));
  }
  body += fmt::format("remediation: {}\n", vendor.remediation(f.code));
  for (const auto& s : vendor.symptoms(f.code)) {
    body += fmt::format("device shows: {}\n", core::escape_control(s));
  }
  return body;
}

// The one <failure> of a testcase whose findings include failing ones: JUnit consumers (Jenkins,
// GitLab) count <failure> elements, so a target with several failing findings is one failure.
// Its type and message are the first failing finding's; the body holds every failing finding.
std::string failure_element(const std::vector<const core::Finding*>& failing,
                            const core::VendorProfile& vendor) {
  std::string message = failing.front()->message;
  std::string body;
  for (std::size_t i = 0; i < failing.size(); ++i) {
    if (i > 0) message += fmt::format("; {}: {}", failing[i]->wire(), failing[i]->message);
    body += finding_body(*failing[i], vendor);
  }
  return fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                     xml_escape(failing.front()->wire()), xml_escape(message), xml_markup(body));
}

// The <testcase> body for `findings`; counts a failing testcase into `failures`.
std::string case_body(const std::vector<core::Finding>& findings, const core::VendorProfile& vendor,
                      bool strict, int& failures) {
  std::vector<const core::Finding*> failing;
  std::string notes;
  for (const auto& f : findings) {
    if (is_failure(f, strict)) {
      failing.push_back(&f);
    } else {
      notes += finding_body(f, vendor);
    }
  }
  std::string out;
  if (!failing.empty()) {
    ++failures;
    out = failure_element(failing, vendor);
  }
  if (!notes.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_markup(notes));
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) { return xml_markup(core::escape_control(text)); }

std::string xml_markup(std::string_view visible) {
  return core::markup_escape(visible, core::Markup::xml);
}

std::string render_junit(const core::RunReport& report, bool strict) {
  std::string suites;
  int total_tests = 0;
  int total_failures = 0;
  const auto site = xml_escape(report.environment.site);
  for (const auto& group : group_targets(report)) {
    std::string cases;
    int failures = 0;
    core::Millis time{0};
    for (const auto* t : group.targets) {
      const auto elapsed = t->dns.elapsed + t->tcp.elapsed + t->tls.elapsed;
      time += elapsed;
      const auto body =
          case_body(t->findings, core::vendor_or_builtin(t->target.vendor.get()), strict, failures);
      cases += fmt::format("    <testcase classname=\"pinprobe.{}\" name=\"{}:{}\" time=\"{}\"",
                           xml_escape(group.name), xml_escape(t->target.host), t->target.port,
                           seconds(elapsed));
      cases += body.empty() ? "/>\n" : fmt::format(">\n{}    </testcase>\n", body);
    }
    for (const auto* s : group.skipped) {
      cases += fmt::format(
          "    <testcase classname=\"pinprobe.{}\" name=\"{}\" time=\"0.000\">\n"
          "      <skipped message=\"{}\"/>\n    </testcase>\n",
          xml_escape(group.name), xml_escape(s->host), xml_escape(s->reason));
    }
    const auto tests = static_cast<int>(group.targets.size() + group.skipped.size());
    const auto skipped = static_cast<int>(group.skipped.size());
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"{}\" timestamp=\"{}\">\n"
        "    <properties>\n"
        "      <property name=\"allowlist\" value=\"{}\"/>\n"
        "      <property name=\"site\" value=\"{}\"/>\n"
        "    </properties>\n{}  </testsuite>\n",
        xml_escape(group.name), tests, failures, skipped, seconds(time),
        core::format_utc(report.started_at), xml_escape(group.allowlist), site, cases);
    total_tests += tests;
    total_failures += failures;
  }
  if (!report.revocation.empty()) {
    std::string cases;
    int failures = 0;
    core::Millis time{0};
    for (const auto& r : report.revocation) {
      time += r.outcome.http.elapsed;
      const auto body = case_body(r.findings, report.vendor(), strict, failures);
      cases += fmt::format(
          "    <testcase classname=\"pinprobe.revocation.{}\" name=\"{}\" time=\"{}\"",
          core::to_string(r.url.kind), xml_escape(r.url.url), seconds(r.outcome.http.elapsed));
      cases += body.empty() ? "/>\n" : fmt::format(">\n{}    </testcase>\n", body);
    }
    const auto tests = static_cast<int>(report.revocation.size());
    suites += fmt::format(
        "  <testsuite name=\"revocation\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"0\" time=\"{}\" timestamp=\"{}\">\n"
        "    <properties>\n"
        "      <property name=\"site\" value=\"{}\"/>\n"
        "    </properties>\n{}  </testsuite>\n",
        tests, failures, seconds(time), core::format_utc(report.started_at), site, cases);
    total_tests += tests;
    total_failures += failures;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"pinprobe{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{}\">\n"
      "{}</testsuites>\n",
      site.empty() ? "" : " " + site, total_tests, total_failures, seconds(report.duration),
      suites);
}

}  // namespace probe::report
