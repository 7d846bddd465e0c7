#include "report/document.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "report/html.hpp"
#include "report/json_report.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"
#include "report/render.hpp"
#include "report/text.hpp"
#include "sample_report.hpp"

using namespace probe;

namespace {

report::Document sample() {
  report::Document r{"scep", "http://127.0.0.1:8080/pki/x/scep/t", {}};
  r.items.push_back({"SCEP_CAPS_WEAK", core::Severity::warn, "no AES", {{"caps", "SHA-1"}}, "fix"});
  r.items.push_back({"SCEP_TRUSTED_CA_NOT_ROOT",
                     core::Severity::fail,
                     "an intermediate <here>",
                     {{"trusted CA", "CN=Evil\nInjected: yes"}, {"root", "CN=A & B"}},
                     "upload the root"});
  r.text = "scep view <b>\n";
  r.json = {{"schema", "pinprobe.scep/v1"}};
  return r;
}

std::string rendered(const report::Document& document, core::ReportFormat format,
                     bool strict = false) {
  report::RenderOptions options;
  options.format = format;
  options.strict = strict;
  return report::render(document, options).value();
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("document: junit has one testcase per item and a failure only for fail items") {
    const auto xml = rendered(sample(), core::ReportFormat::junit);
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

  TEST_CASE("document: junit without items is one passing testcase for the subject") {
    const auto xml = rendered({"explain", "<stdin>", {}}, core::ReportFormat::junit);
    CHECK(xml.find("tests=\"1\" failures=\"0\"") != std::string::npos);
    CHECK(xml.find("<testcase classname=\"explain\" name=\"&lt;stdin&gt;\"/>") !=
          std::string::npos);
  }

  TEST_CASE("document: prom is pinprobe_check_ok plus one pinprobe_check_result per item") {
    CHECK(rendered(sample(), core::ReportFormat::prom) ==
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
    CHECK(rendered({"device", "linux", {}}, core::ReportFormat::prom)
              .find("pinprobe_check_ok{command=\"device\",subject=\"linux\"} 1\n") !=
          std::string::npos);
  }

  TEST_CASE("document: html escapes every string and has no external assets") {
    auto r = sample();
    r.items[0].details.emplace_back("x", "<script>alert(1)</script>");
    const auto html = rendered(r, core::ReportFormat::html);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("<title>pinprobe scep: fail</title>") != std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
  }

  TEST_CASE("document: html shows the text view after the items, markup escaped, lines kept") {
    const auto html = rendered(sample(), core::ReportFormat::html);
    CHECK(html.find("<pre>scep view &lt;b&gt;\n</pre>") != std::string::npos);
    CHECK(html.find("<pre>") > html.find("SCEP_TRUSTED_CA_NOT_ROOT"));
  }

  TEST_CASE("document: text and json are the command's own view and JSON document") {
    CHECK(rendered(sample(), core::ReportFormat::text) == "scep view <b>\n");
    CHECK(rendered(sample(), core::ReportFormat::json) ==
          "{\n  \"schema\": \"pinprobe.scep/v1\"\n}\n");
  }

  TEST_CASE("document: --strict makes warn items JUnit failures too") {
    const auto xml = rendered(sample(), core::ReportFormat::junit, true);
    CHECK(xml.find("tests=\"2\" failures=\"2\"") != std::string::npos);
    CHECK(xml.find("<failure type=\"SCEP_CAPS_WEAK\" message=\"no AES\">") != std::string::npos);
  }

  TEST_CASE("document: the verdict is the worst item, pass without items") {
    CHECK(report::verdict_of(sample()) == core::Severity::fail);
    CHECK(report::verdict_of({"device", "linux", {}}) == core::Severity::pass);
    const auto run = report::testing::sample_report();
    CHECK(report::verdict_of(report::check_document(run)) == run.verdict());
  }

  TEST_CASE("document: one renderer row per report format, in order, each its own output") {
    const auto& table = report::format_renderers();
    REQUIRE(table.size() == core::k_report_formats.size());
    std::set<std::string> outputs;
    for (std::size_t i = 0; i < table.size(); ++i) {
      CHECK(table[i].format == core::k_report_formats[i]);
      outputs.insert(rendered(sample(), table[i].format));
    }
    CHECK(outputs.size() == table.size());  // no two formats render alike
  }

  TEST_CASE("document: a check document renders its run exactly as the run's own renderers") {
    const auto run = report::testing::sample_report();
    const auto document = report::check_document(run);
    CHECK(document.command == "check");
    report::RenderOptions options;
    options.strict = true;
    options.width = 80;
    auto via = [&](core::ReportFormat format) {
      options.format = format;
      return report::render(document, options).value();
    };
    CHECK(via(core::ReportFormat::text) == report::render_text(run, options));
    CHECK(via(core::ReportFormat::json) == report::render_json(run));
    CHECK(via(core::ReportFormat::junit) == report::render_junit(run, true));
    CHECK(via(core::ReportFormat::prom) == report::render_prom(run));
    CHECK(via(core::ReportFormat::html) == report::render_html(run, options));
    // The run's renderers, not the items': the sample's groups and hosts are there.
    CHECK(via(core::ReportFormat::junit).find("<testsuite name=\"okta") != std::string::npos);
  }

  TEST_CASE("document: prom series stay unique when item names repeat") {
    report::Document r{"pins", "built-in pinsets", {}};
    for (int i = 0; i < 3; ++i)
      r.items.push_back({"okta: Root\x1b[31m", core::Severity::pass, "", {}, ""});
    const auto prom = rendered(r, core::ReportFormat::prom);
    CHECK(prom.find("name=\"okta: Root\\\\x1B[31m\",") != std::string::npos);
    CHECK(prom.find("name=\"okta: Root\\\\x1B[31m #2\",") != std::string::npos);
    CHECK(prom.find("name=\"okta: Root\\\\x1B[31m #3\",") != std::string::npos);
    CHECK(prom.find('\x1b') == std::string::npos);
  }

  TEST_CASE("document: items of findings carry the remediation of warn and fail only") {
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
