#include "report/render.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "core/text.hpp"
#include "report/html.hpp"
#include "report/json_report.hpp"
#include "report/junit.hpp"
#include "report/prom.hpp"
#include "report/text.hpp"

namespace probe::report {

core::Result<std::string> render(const core::RunReport& report, const RenderOptions& options) {
  if (options.format == "text") return render_text(report, options);
  if (options.format == "json") return render_json(report);
  if (options.format == "junit") return render_junit(report, options.strict);
  if (options.format == "prom") return render_prom(report);
  if (options.format == "html") return render_html(report, options);
  return core::unexpected(core::ErrorKind::usage,
                          fmt::format("unknown report format '{}': expected "
                                      "text, json, junit, prom or html",
                                      core::escape_control(options.format, 64)));
}

bool use_color(bool no_color_flag) {
  if (no_color_flag) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  return isatty(STDOUT_FILENO) == 1;
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
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return clamp(size.ws_col);
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
