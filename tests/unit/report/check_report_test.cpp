#include "report/check_report.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace probe;

namespace {

report::CheckReport sample() {
  report::CheckReport r{"scep", "http://127.0.0.1:8080/pki/x/scep/t", {}};
  r.items.push_back({"SCEP_CAPS_WEAK", core::Severity::warn, "no AES", {{"caps", "SHA-1"}}, "fix"});
  r.items.push_back({"SCEP_TRUSTED_CA_NOT_ROOT",
                     core::Severity::fail,
                     "an intermediate <here>",
                     {{"trusted CA", "CN=Evil\nInjected: yes"}, {"root", "CN=A & B"}},
                     "upload the root"});
  return r;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("check_report: junit has one testcase per item and a failure only for fail items") {
    const auto xml = report::render_check(sample(), core::ReportFormat::junit).value();
    CHECK(xml.find("<testsuites name=\"pinprobe scep\" tests=\"2\" failures=\"1\">") !=
          std::string::npos);
    CHECK(xml.find("name=\"http://127.0.0.1:8080/pki/x/scep/t: SCEP_CAPS_WEAK\">\n      "
                   "<system-out>warn: no AES\ncaps: SHA-1\nremediation: fix\n</system-out>") !=
          std::string::npos);
    // One line per evidence pair: the newline inside a value is made visible, markup escaped.
    CHECK(xml.find("<failure type=\"SCEP_TRUSTED_CA_NOT_ROOT\" message=\"an intermediate "
                   "&lt;here&gt;\">trusted CA: CN=Evil\\nInjected: yes\nroot: CN=A &amp; B\n"
                   "remediation: upload the root\n</failure>") != std::string::npos);
  }

  TEST_CASE("check_report: junit without items is one passing testcase for the subject") {
    const auto xml =
        report::render_check({"explain", "<stdin>", {}}, core::ReportFormat::junit).value();
    CHECK(xml.find("tests=\"1\" failures=\"0\"") != std::string::npos);
    CHECK(xml.find("<testcase classname=\"explain\" name=\"&lt;stdin&gt;\"/>") !=
          std::string::npos);
  }

  TEST_CASE("check_report: prom is pinprobe_check_ok plus one pinprobe_check_result per item") {
    CHECK(report::render_check(sample(), core::ReportFormat::prom).value() ==
          "# HELP pinprobe_check_ok 1 when the command found no failure, else 0.\n"
          "# TYPE pinprobe_check_ok gauge\n"
          "pinprobe_check_ok{command=\"scep\",subject=\"http://127.0.0.1:8080/pki/x/scep/t\"} 0\n"
          "# HELP pinprobe_check_result One series per finding or signature reported (value "
          "1).\n"
          "# TYPE pinprobe_check_result gauge\n"
          "pinprobe_check_result{command=\"scep\",subject=\"http://127.0.0.1:8080/pki/x/scep/"
          "t\",name=\"SCEP_CAPS_WEAK\",severity=\"warn\"} 1\n"
          "pinprobe_check_result{command=\"scep\",subject=\"http://127.0.0.1:8080/pki/x/scep/"
          "t\",name=\"SCEP_TRUSTED_CA_NOT_ROOT\",severity=\"fail\"} 1\n");
    CHECK(report::render_check({"device", "linux", {}}, core::ReportFormat::prom)
              .value()
              .find("pinprobe_check_ok{command=\"device\",subject=\"linux\"} 1\n") !=
          std::string::npos);
  }

  TEST_CASE("check_report: html escapes every string and has no external assets") {
    auto r = sample();
    r.items[0].details.emplace_back("x", "<script>alert(1)</script>");
    const auto html = report::render_check(r, core::ReportFormat::html).value();
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("<title>pinprobe scep: fail</title>") != std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
  }

  TEST_CASE("check_report: text and json are not shared formats: a usage error naming it") {
    const auto r = report::render_check(sample(), core::ReportFormat::text);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == core::ErrorKind::usage);
    CHECK(r.error().message == "--format: text is not junit, prom or html");
  }

  TEST_CASE("check_report: items of findings carry the remediation of warn and fail only") {
    const auto items = report::check_items(
        {core::make_finding(core::FindingCode::scep_ok, "fine", {{"SHA-1", "AB"}}),
         core::make_finding(core::FindingCode::scep_unreachable, {}, {})});
    REQUIRE(items.size() == 2);
    CHECK(items[0].name == "SCEP_OK");
    CHECK(items[0].remediation.empty());
    CHECK(items[1].severity == core::Severity::fail);
    CHECK(items[1].message == "the SCEP endpoint could not be reached");
    CHECK_FALSE(items[1].remediation.empty());
  }
}
