#include "report/junit.hpp"

#include <fmt/format.h>

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

std::string finding_body(const core::Finding& f) {
  std::string body = fmt::format("{} ({}): {}\n", f.wire(), core::to_string(f.severity),
                                 core::escape_control(f.message));
  for (const auto& [key, value] : f.evidence) {
    body += fmt::format("  {}: {}\n", core::escape_control(key, 64), core::escape_control(value));
  }
  body += fmt::format("remediation: {}\n", f.remediation());
  for (auto s : f.symptoms()) body += fmt::format("device shows: {}\n", s);
  return body;
}

// The <testcase> body for `findings`; counts failures into `failures`.
std::string case_body(const std::vector<core::Finding>& findings, bool strict, int& failures) {
  std::string out;
  std::string notes;
  bool failed = false;
  for (const auto& f : findings) {
    if (is_failure(f, strict)) {
      failed = true;
      out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         xml_escape(f.wire()), xml_escape(f.message), xml_markup(finding_body(f)));
    } else {
      notes += finding_body(f);
    }
  }
  if (failed) ++failures;
  if (!notes.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_markup(notes));
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) { return xml_markup(core::escape_control(text)); }

std::string xml_markup(std::string_view visible) {
  std::string out;
  out.reserve(visible.size());
  for (std::size_t i = 0; i < visible.size(); ++i) {
    const char c = visible[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
      case '\t':
        out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
          break;
        }
        // U+FFFE and U+FFFF (EF BF BE/BF) are not XML 1.0 characters.
        if (static_cast<unsigned char>(c) == 0xEF && i + 2 < visible.size() &&
            static_cast<unsigned char>(visible[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(visible[i + 2]) & 0xFE) == 0xBE) {
          out += (static_cast<unsigned char>(visible[i + 2]) == 0xBE) ? "\\uFFFE" : "\\uFFFF";
          i += 2;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_junit(const core::RunReport& report, bool strict) {
  std::string suites;
  int total_tests = 0;
  int total_failures = 0;
  int total_skipped = 0;
  const auto site = xml_escape(report.environment.site);
  for (const auto& group : group_targets(report)) {
    std::string cases;
    int failures = 0;
    core::Millis time{0};
    for (const auto* t : group.targets) {
      const auto elapsed = t->dns.elapsed + t->tcp.elapsed + t->tls.elapsed;
      time += elapsed;
      const auto body = case_body(t->findings, strict, failures);
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
    total_skipped += skipped;
  }
  if (!report.revocation.empty()) {
    std::string cases;
    int failures = 0;
    core::Millis time{0};
    for (const auto& r : report.revocation) {
      time += r.outcome.http.elapsed;
      const auto body = case_body(r.findings, strict, failures);
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
      "<testsuites name=\"pinprobe{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"{}\">\n{}</testsuites>\n",
      site.empty() ? "" : " " + site, total_tests, total_failures, total_skipped,
      seconds(report.duration), suites);
}

}  // namespace probe::report
