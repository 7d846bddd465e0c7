// pinprobe pins show: the pinsets a run compares chains with.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/defaults.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "report/document.hpp"
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
                        pin.sha256, core::escape_control(pin.label));
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
  report::Document document;
  document.command = "pins";
  document.subject = args.pins.value_or("built-in pinsets");
  document.json = nlohmann::json::array();
  auto& text = document.text;
  for (const auto& set : catalog->pinsets) {
    text += fmt::format("pinset {} ({})\n", core::escape_control(set.name),
                        core::escape_control(set.source));
    if (!set.description.empty()) {
      text += fmt::format("  {}\n", core::escape_control(set.description));
    }
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
      report::CheckItem item{fmt::format("{}: {}", set.name, pin.label),
                             valid ? core::Severity::pass : core::Severity::warn,
                             fmt::format("anchor expires {}", core::format_utc(facts->not_after)),
                             {{"subject", facts->subject},
                              {"SHA-256", facts->sha256_fingerprint},
                              {"cert", pin.cert_path}},
                             {}};
      if (!valid) {
        item.message =
            fmt::format("anchor outside its validity period ({} .. {})",
                        core::format_utc(facts->not_before), core::format_utc(facts->not_after));
        item.remediation = "update the pinset with the vendor's current certificate";
      }
      document.items.push_back(std::move(item));
      text += fmt::format("    {}\n      expires {}  SHA-256 {}  ({})\n",
                          core::escape_control(facts->subject), core::format_utc(facts->not_after),
                          facts->sha256_fingerprint, core::escape_control(pin.cert_path));
      if (!valid) text += "      WARNING: outside its validity period\n";
      anchors.push_back({{"cert", pin.cert_path},
                         {"subject", facts->subject},
                         {"not_after", core::format_utc(facts->not_after)},
                         {"sha256_fingerprint", facts->sha256_fingerprint},
                         {"spki_pin", facts->spki_pin}});
    }
    document.json.push_back({{"name", set.name},
                             {"description", set.description},
                             {"source", set.source},
                             {"pins", pins},
                             {"anchors", anchors}});
  }
  return finish_document(document, args.out, args.strict);
}

}  // namespace

CommandFn add_pins_show_command(CLI::App& app) {
  auto args = std::make_shared<PinsShowArgs>();
  app.add_option("--pins", args->pins, "pinset directory (default: built-in)");
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  add_strict_option(app, args->strict);
  return [args] { return run_pins_show(*args); };
}

}  // namespace probe::cli
