#include "report/render.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

#include "golden.hpp"
#include "report/html.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"
#include "report/text.hpp"
#include "sample_report.hpp"

namespace probe::report {
namespace {

#ifdef _WIN32
// The CRT's environment, which std::getenv reads (an empty value removes the variable).
int setenv(const char* name, const char* value, int /*overwrite*/) {
  return _putenv_s(name, value);
}
int unsetenv(const char* name) { return _putenv_s(name, ""); }
#endif

RenderOptions with_format(const std::string& format) {
  RenderOptions options;
  options.format = core::parse_report_format(format).value();
  options.width = 100;
  return options;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("render: every format of the sample report matches its golden file") {
    const auto report = testing::sample_report();
    const std::pair<const char*, const char*> files[] = {{"text", "text/sample.txt"},
                                                         {"json", "json/sample.json"},
                                                         {"junit", "junit/sample.xml"},
                                                         {"prom", "prom/sample.prom"},
                                                         {"html", "html/sample.html"}};
    for (const auto& [format, file] : files) {
      CAPTURE(format);
      auto rendered = render(report, with_format(format));
      REQUIRE(rendered.has_value());
      CHECK(testing::check_golden(file, *rendered) == "");
    }
  }

  TEST_CASE("render: the verbose and quiet text variants match their golden files") {
    const auto report = testing::sample_report();
    auto verbose = with_format("text");
    verbose.verbose = true;
    CHECK(testing::check_golden("text/sample-verbose.txt", render_text(report, verbose)) == "");
    auto quiet = with_format("text");
    quiet.quiet = true;
    quiet.width = 60;
    CHECK(testing::check_golden("text/sample-quiet-60.txt", render_text(report, quiet)) == "");
    auto color = with_format("text");
    color.color = true;
    CHECK(testing::check_golden("text/sample-color.txt", render_text(report, color)) == "");
  }

  TEST_CASE("render: the format words map one to one onto ReportFormat; others are none") {
    for (const auto format : core::k_report_formats) {
      CHECK(core::parse_report_format(core::to_string(format)) == format);
      CHECK(render(testing::sample_report(),
                   [&] {
                     RenderOptions o;
                     o.format = format;
                     return o;
                   }())
                .has_value());
    }
    CHECK_FALSE(core::parse_report_format("yaml").has_value());
    CHECK_FALSE(core::parse_report_format("JSON").has_value());
  }

  TEST_CASE("render: NO_COLOR and --no-color turn colour off") {
    CHECK_FALSE(use_color(true));
    setenv("NO_COLOR", "1", 1);
    CHECK_FALSE(use_color(false));
    unsetenv("NO_COLOR");
  }

  TEST_CASE("render: colour needs a terminal, a non-empty NO_COLOR disables it, TERM=dumb too") {
    CHECK(use_color(false, true, {nullptr, "xterm-256color"}));
    CHECK(use_color(false, true, {nullptr, nullptr}));
    CHECK(use_color(false, true, {"", "xterm"}));  // no-color.org: an empty NO_COLOR is unset
    CHECK_FALSE(use_color(false, true, {"1", "xterm"}));
    CHECK_FALSE(use_color(false, true, {"0", "xterm"}));  // any non-empty value
    CHECK_FALSE(use_color(false, true, {nullptr, "dumb"}));
    CHECK_FALSE(use_color(true, true, {nullptr, "xterm"}));
    CHECK_FALSE(use_color(false, false, {nullptr, "xterm"}));
  }

  TEST_CASE("render: COLUMNS sets the terminal width, clamped to 40..400") {
    setenv("COLUMNS", "132", 1);
    CHECK(terminal_width() == 132);
    setenv("COLUMNS", "10", 1);
    CHECK(terminal_width() == 40);
    setenv("COLUMNS", "9999", 1);
    CHECK(terminal_width() == 400);
    unsetenv("COLUMNS");
  }

  TEST_CASE("render: targets are grouped in order of first appearance with skipped hosts") {
    const auto report = testing::sample_report();
    const auto groups = group_targets(report);
    REQUIRE(groups.size() == 5);
    CHECK(groups[0].name == "okta-org");
    CHECK(groups[0].targets.size() == 2);
    CHECK(groups[4].name == "okta-preview");
    CHECK(groups[4].targets.empty());
    CHECK(groups[4].skipped.size() == 2);
  }

  TEST_CASE("text: network strings are escaped and the decisive fact is shown") {
    auto options = with_format("text");
    options.verbose = true;
    options.width = 400;
    const auto text = render_text(testing::sample_report(), options);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\\x1B[31m\\n<script>") != std::string::npos);
    CHECK(text.find("intercepted by Zscaler Root CA (Zscaler Internet Access)") !=
          std::string::npos);
    CHECK(text.find("revocation blocked at http://crl3.digicert.com/") != std::string::npos);
    CHECK(text.find("exit 1") != std::string::npos);
  }

  TEST_CASE("text: no line is wider than the width except unbreakable words") {
    auto options = with_format("text");
    options.width = 72;
    const auto text = render_text(testing::sample_report(), options);
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = text.find('\n', start);
      const auto line = text.substr(start, end - start);
      if (line.size() > 72) CHECK_MESSAGE(line.rfind(' ') < 72 + 1, line);
      start = end + 1;
    }
  }

  TEST_CASE("junit: strict turns warnings into failures") {
    auto report = testing::sample_report();
    report.targets.resize(1);
    report.revocation.clear();
    report.skipped.clear();
    report.targets[0].findings.push_back(core::make_finding(core::FindingCode::cert_expires_soon));
    CHECK(render_junit(report, false).find("<failure") == std::string::npos);
    CHECK(render_junit(report, true).find("<failure type=\"CERT_EXPIRES_SOON\"") !=
          std::string::npos);
  }

  TEST_CASE("junit: a target with several failing findings is one failure, counted once") {
    auto report = testing::sample_report();
    report.targets.resize(1);
    report.revocation.clear();
    report.targets[0].findings = {
        core::make_finding(core::FindingCode::mtls_not_requested, "no client-certificate request"),
        core::make_finding(core::FindingCode::tls_intercepted, "intercepted by X")};
    const auto xml = render_junit(report, false);
    std::size_t count = 0;
    for (auto at = xml.find("<failure "); at != std::string::npos;
         at = xml.find("<failure ", at + 1)) {
      ++count;
    }
    CHECK(count == 1);
    CHECK(xml.find("<failure type=\"MTLS_NOT_REQUESTED\" message=\"no client-certificate "
                   "request; TLS_INTERCEPTED: intercepted by X\">") != std::string::npos);
    // Both findings stay in the failure's body.
    CHECK(xml.find("TLS_INTERCEPTED (fail): intercepted by X") != std::string::npos);
    CHECK(xml.find("failures=\"1\"") != std::string::npos);
    CHECK(xml.find("failures=\"2\"") == std::string::npos);
  }

  TEST_CASE("junit: <testsuites> carries no skipped attribute (Jenkins' and GitLab's schema)") {
    const auto report = testing::sample_report();
    REQUIRE_FALSE(report.skipped.empty());
    const auto xml = render_junit(report, false);
    const auto open = xml.find("<testsuites ");
    REQUIRE(open != std::string::npos);
    const auto tag = xml.substr(open, xml.find('>', open) - open);
    CHECK(tag.find("skipped=") == std::string::npos);
    // The skipped hosts are still reported on their <testsuite> and <testcase>.
    CHECK(xml.find("<skipped message=") != std::string::npos);
  }

  TEST_CASE("junit: xml_escape makes markup and control characters harmless") {
    CHECK(xml_escape("a<b>&\"'\x01\x1b") == "a&lt;b&gt;&amp;&quot;&apos;\\x01\\x1B");
    CHECK(xml_escape("\xEF\xBF\xBE") == "\\uFFFE");
    CHECK(xml_markup("a\nb\t<\x02") == "a\nb\t&lt;\\x02");
  }

  TEST_CASE("prom: label values escape backslash, quote and newline") {
    CHECK(prom_label_escape("a\\b\"c\nd") == "a\\\\b\\\"c\\\\nd");
  }

  TEST_CASE("html: html_escape makes a <script> certificate name text") {
    CHECK(html_escape("<script>alert('x')&\"</script>") ==
          "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;");
    const auto html = render_html(testing::sample_report(), with_format("html"));
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }

  TEST_CASE("html: the matrix counts each code in the column of its table category") {
    using core::FindingCode;
    CHECK(matrix_column(FindingCode::dns_sinkhole) == "DNS");
    CHECK(matrix_column(FindingCode::dns_resolved_by_proxy) == "DNS");
    CHECK(matrix_column(FindingCode::tcp_refused) == "TCP / proxy");
    CHECK(matrix_column(FindingCode::proxy_auth_required) == "TCP / proxy");
    CHECK(matrix_column(FindingCode::pac_fetch_failed) == "TCP / proxy");
    CHECK(matrix_column(FindingCode::pac_invalid) == "TCP / proxy");
    CHECK(matrix_column(FindingCode::pac_eval_failed) == "TCP / proxy");
    CHECK(matrix_column(FindingCode::tls_intercepted) == "TLS / pins");
    CHECK(matrix_column(FindingCode::tls_probe_limit) == "TLS / pins");
    CHECK(matrix_column(FindingCode::cert_weak) == "TLS / pins");
    CHECK(matrix_column(FindingCode::tls_ok) == "TLS / pins");
    CHECK(matrix_column(FindingCode::mtls_not_requested) == "mTLS");
    CHECK(matrix_column(FindingCode::mtls_requested) == "mTLS");
    CHECK(matrix_column(FindingCode::cert_revoked) == "Revocation");
    CHECK(matrix_column(FindingCode::ca_issuers_host) == "Revocation");
    CHECK(matrix_column(FindingCode::revocation_ok) == "Revocation");
    CHECK(matrix_column(FindingCode::revocation_unverified) == "Revocation");
    CHECK(matrix_column(FindingCode::scep_ok).empty());
    CHECK(matrix_column(FindingCode::tpm_absent).empty());
    CHECK(matrix_column(FindingCode::probe_incomplete).empty());
    CHECK(matrix_column(FindingCode::path_verdict_differs).empty());
    const auto html = render_html(testing::sample_report(), with_format("html"));
    CHECK(html.find("<th>TCP / proxy</th>") != std::string::npos);
  }

  TEST_CASE("html: the page references no external resource") {
    const auto html = render_html(testing::sample_report(), with_format("html"));
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("href=\"http") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("default-src 'none'") != std::string::npos);
  }
}

}  // namespace probe::report
