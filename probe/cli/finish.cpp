// The end of every command: the exit status from the report's verdict (SPEC §1), and the
// Pushgateway step of check, whose failure is shown but is not a failed check.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "report/push.hpp"
#include "report/render.hpp"

namespace probe::cli {

int exit_status(core::Severity verdict, bool strict) noexcept {
  return core::exit_code_for(verdict, strict);
}

bool push_report(const std::string& url, const core::RunReport& report, const std::string& site,
                 core::HttpClient& http, core::Millis budget, const core::Clock& clock,
                 int status) {
  report::RenderOptions prom;
  prom.format = core::ReportFormat::prom;
  auto metrics = report::render(report, prom);
  auto pushed = metrics ? report::push_metrics(http, url, *metrics, site, budget, clock)
                        : core::Result<void>(core::unexpected(metrics.error()));
  if (pushed) return true;
  const auto line = push_failure_line(pushed.error(), status);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  return false;
}

core::Result<int> finish_document(const report::Document& document, const OutputArgs& out,
                                  bool strict) {
  report::RenderOptions options;
  options.format = out.format;
  options.strict = strict;
  auto rendered = report::render(document, options);
  if (!rendered) return core::unexpected(rendered.error());
  if (auto ok = emit(*rendered, out.output); !ok) return core::unexpected(ok.error());
  return exit_status(report::verdict_of(document), strict);
}

std::string push_failure_line(const core::Error& error, int status) {
  // push_metrics' message names the URL without its credentials (lib::curl::redact_url).
  return fmt::format(
      "pinprobe: warning: push failed: {} (exit status {} follows the report's "
      "verdict)\n",
      error.message, status);
}

}  // namespace probe::cli
