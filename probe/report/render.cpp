#include "report/render.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "core/text.hpp"
#include "platform/console.hpp"
#include "report/html.hpp"
#include "report/json_report.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"
#include "report/text.hpp"

namespace probe::report {

const std::vector<FormatRenderer>& format_renderers() {
  static const std::vector<FormatRenderer> k_table{
      {core::ReportFormat::text,
       [](const core::RunReport& r, const RenderOptions& o) { return render_text(r, o); },
       [](const Document& d, const RenderOptions&) { return d.text; }},
      {core::ReportFormat::json,
       [](const core::RunReport& r, const RenderOptions&) { return render_json(r); },
       [](const Document& d, const RenderOptions&) { return dump(d.json); }},
      {core::ReportFormat::junit,
       [](const core::RunReport& r, const RenderOptions& o) { return render_junit(r, o.strict); },
       [](const Document& d, const RenderOptions& o) { return render_items_junit(d, o.strict); }},
      {core::ReportFormat::prom,
       [](const core::RunReport& r, const RenderOptions&) { return render_prom(r); },
       [](const Document& d, const RenderOptions&) { return render_items_prom(d); }},
      {core::ReportFormat::html,
       [](const core::RunReport& r, const RenderOptions& o) { return render_html(r, o); },
       [](const Document& d, const RenderOptions&) { return render_items_html(d); }},
  };
  return k_table;
}

core::Result<std::string> render(const Document& document, const RenderOptions& options) {
  for (const auto& row : format_renderers()) {
    if (row.format != options.format) continue;
    return document.run != nullptr ? row.run(*document.run, options) : row.items(document, options);
  }
  return core::unexpected(core::ErrorKind::internal, fmt::format("no renderer for format {}",
                                                                 core::to_string(options.format)));
}

core::Result<std::string> render(const core::RunReport& report, const RenderOptions& options) {
  return render(check_document(report), options);
}

bool use_color(bool no_color_flag, bool stdout_is_terminal, const ColorEnv& env) noexcept {
  if (no_color_flag || !stdout_is_terminal) return false;
  if (env.no_color != nullptr && env.no_color[0] != '\0') return false;  // no-color.org
  return env.term == nullptr || std::string_view(env.term) != "dumb";
}

bool use_color(bool no_color_flag) {
  const ColorEnv env{std::getenv("NO_COLOR"),
                     std::getenv("TERM")};  // NOLINT(concurrency-mt-unsafe)
  return use_color(no_color_flag, platform::stdout_renders_ansi(), env);
}

int terminal_width() {
  constexpr int k_min = 40;
  constexpr int k_max = 400;
  constexpr int k_default = 100;
  auto clamp = [](long value) {
    return static_cast<int>(value < k_min ? k_min : (value > k_max ? k_max : value));
  };
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long value = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && value > 0) return clamp(value);
  }
  if (const int columns = platform::stdout_columns(); columns > 0) return clamp(columns);
  return k_default;
}

std::vector<TargetGroup> group_targets(const core::RunReport& report) {
  std::vector<TargetGroup> groups;
  auto find = [&groups](const std::string& name, const std::string& allowlist) -> TargetGroup& {
    for (auto& g : groups) {
      if (g.name == name) return g;
    }
    groups.push_back(TargetGroup{name, allowlist, {}, {}});
    return groups.back();
  };
  for (const auto& t : report.targets)
    find(t.target.group, t.target.allowlist).targets.push_back(&t);
  for (const auto& s : report.skipped) find(s.group, s.allowlist).skipped.push_back(&s);
  return groups;
}

const core::Finding* decisive_finding(const core::TargetResult& target) noexcept {
  // Information ranks below a pass: a TLS_OK explains a target better than MTLS_REQUESTED.
  const auto rank = [](core::Severity s) {
    return s == core::Severity::info ? -1 : static_cast<int>(s);
  };
  // Among equals, interception explains the others (a stripped client-certificate request, a
  // hostname the proxy got wrong): it is the fact to show.
  const core::Finding* best = nullptr;
  for (const auto& f : target.findings) {
    if (best == nullptr || rank(f.severity) > rank(best->severity) ||
        (rank(f.severity) == rank(best->severity) && f.code == core::FindingCode::tls_intercepted &&
         best->code != core::FindingCode::tls_intercepted)) {
      best = &f;
    }
  }
  return best;
}

// "route PROXY 127.0.0.1:3128 (pac answered "PROXY ...; DIRECT"; PROXY a:1 unreachable: ...)".
std::string route_text(const core::RouteInfo& route) {
  std::string why = core::escape_control(route.source, 64);
  const bool pac = route.source == "pac" || route.source == "wpad" || route.source == "system";
  if (!route.note.empty()) why += ": " + core::escape_control(route.note, 400);
  if (!route.answer.empty()) {
    why += pac ? fmt::format(" answered \"{}\"", core::escape_control(route.answer, 400))
               : ": " + core::escape_control(route.answer, 400);
  }
  for (const auto& a : route.attempts) {
    if (a.result == "used") continue;
    why += fmt::format("; {} {}", core::escape_control(a.entry, 200),
                       core::escape_control(a.result, 300));
  }
  return fmt::format(
      "route {} ({})",
      route.used.empty() ? std::string("none worked") : core::escape_control(route.used, 200), why);
}

std::string compare_text(const core::PathComparison& c) {
  std::string codes;
  for (const auto code : c.direct_codes) {
    codes += (codes.empty() ? "" : ",") + std::string(core::spec_of(code).wire);
  }
  return fmt::format(
      "compare DIRECT {} ({}) vs route {} {}: {}", core::verdict_name(c.direct_verdict),
      codes.empty() ? "no findings" : codes, core::escape_control(c.device_route, 200),
      core::verdict_name(c.device_verdict), c.differs() ? "the verdicts differ" : "same verdict");
}

std::string finding_line(const core::Finding& finding, std::size_t max_evidence) {
  std::string line = fmt::format("{}: {}", finding.wire(), core::escape_control(finding.message));
  std::string evidence;
  for (std::size_t i = 0; i < finding.evidence.size() && i < max_evidence; ++i) {
    const auto& [key, value] = finding.evidence[i];
    if (!evidence.empty()) evidence += ", ";
    evidence +=
        fmt::format("{}={}", core::escape_control(key, 64), core::escape_control(value, 200));
  }
  if (!evidence.empty()) line += fmt::format(" ({})", evidence);
  return line;
}

std::string target_address(const core::TargetResult& target) {
  if (!target.tcp.address.empty()) return core::escape_control(target.tcp.address, 64);
  if (!target.dns.addresses.empty())
    return core::escape_control(target.dns.addresses[0].address, 64);
  return "-";
}

}  // namespace probe::report
