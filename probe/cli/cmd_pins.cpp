// pinprobe pins show: the pinsets a run compares chains with.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/defaults.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "report/json_report.hpp"
#include "tls/certificate.hpp"

namespace probe::cli {
namespace {

struct PinsShowArgs {
  std::optional<std::string> pins;
  OutputArgs out;
  bool strict = false;
};

// The pin lines of `set` appended to `text`, and the same pins as JSON.
nlohmann::json list_pins(const config::Pinset& set, std::string& text) {
  auto pins = nlohmann::json::array();
  for (const auto& pin : set.pins) {
    // A pin without role or cert takes its role from where it matches on a verified path.
    text += fmt::format("    {:<12} {}  {}\n", pin.role ? core::to_string(*pin.role) : "(by path)",
                        pin.sha256, pin.label);
    pins.push_back({{"sha256", pin.sha256},
                    {"label", pin.label},
                    {"role", pin.role ? std::string(core::to_string(*pin.role)) : std::string()},
                    {"cert", pin.cert_path}});
  }
  return pins;
}

core::Result<int> run_pins_show(const PinsShowArgs& args) {
  auto catalog = config::load_pinset_catalog(args.pins);
  if (!catalog) return core::unexpected(catalog.error());
  // An anchor outside its validity period is a warning: --strict fails on it.
  const core::SystemClock clock;
  auto verdict = core::Severity::pass;
  std::string text;
  auto documents = nlohmann::json::array();
  for (const auto& set : catalog->pinsets) {
    text += fmt::format("pinset {} ({})\n", set.name, set.source);
    if (!set.description.empty()) text += fmt::format("  {}\n", set.description);
    text += fmt::format("  pins ({}):\n", set.pins.size());
    auto pins = list_pins(set, text);
    auto anchors = nlohmann::json::array();
    text += "  anchors:\n";
    for (const auto& pin : set.pins) {
      if (pin.anchor_der.empty()) continue;
      auto facts = tls::describe_certificate(pin.anchor_der);
      PROBE_ASSERT(facts.has_value());  // validated when the pinset was loaded
      const auto now = clock.now();
      const bool valid = facts->not_before <= now && now <= facts->not_after;
      if (!valid) verdict = core::Severity::warn;
      text += fmt::format("    {}\n      expires {}  SHA-256 {}  ({})\n",
                          core::escape_control(facts->subject), core::format_utc(facts->not_after),
                          facts->sha256_fingerprint, pin.cert_path);
      if (!valid) text += "      WARNING: outside its validity period\n";
      anchors.push_back({{"cert", pin.cert_path},
                         {"subject", facts->subject},
                         {"not_after", core::format_utc(facts->not_after)},
                         {"sha256_fingerprint", facts->sha256_fingerprint},
                         {"spki_pin", facts->spki_pin}});
    }
    documents.push_back({{"name", set.name},
                         {"description", set.description},
                         {"source", set.source},
                         {"pins", pins},
                         {"anchors", anchors}});
  }
  const auto rendered =
      args.out.format == core::ReportFormat::json ? report::dump(documents) : text;
  if (auto ok = emit(rendered, args.out.output); !ok) return core::unexpected(ok.error());
  return exit_status(verdict, args.strict);
}

}  // namespace

CommandFn add_pins_show_command(CLI::App& app) {
  auto args = std::make_shared<PinsShowArgs>();
  app.add_option("--pins", args->pins, "pinset directory (default: built-in)");
  add_output_options(app, args->out, {core::ReportFormat::text, core::ReportFormat::json});
  add_strict_option(app, args->strict);
  return [args] { return run_pins_show(*args); };
}

}  // namespace probe::cli
