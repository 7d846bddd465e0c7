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
};

core::Result<int> run_pins_show(const PinsShowArgs& args) {
  auto catalog = config::load_pinset_catalog(args.pins);
  if (!catalog) return core::unexpected(catalog.error());
  std::string text;
  auto documents = nlohmann::json::array();
  for (const auto& set : catalog->pinsets) {
    text += fmt::format("pinset {} ({})\n", set.name, set.source);
    if (!set.description.empty()) text += fmt::format("  {}\n", set.description);
    text += fmt::format("  pins ({}):\n", set.pins.size());
    auto pins = nlohmann::json::array();
    auto anchors = nlohmann::json::array();
    for (const auto& pin : set.pins) {
      text += fmt::format("    {:<12} {}  {}\n", pin.role, pin.sha256, pin.label);
      pins.push_back({{"sha256", pin.sha256},
                      {"label", pin.label},
                      {"role", pin.role},
                      {"cert", pin.cert_path}});
    }
    text += "  anchors:\n";
    for (const auto& pin : set.pins) {
      if (pin.anchor_der.empty()) continue;
      auto facts = tls::describe_certificate(pin.anchor_der);
      PROBE_ASSERT(facts.has_value());  // validated when the pinset was loaded
      text += fmt::format("    {}\n      expires {}  SHA-256 {}  ({})\n",
                          core::escape_control(facts->subject), core::format_utc(facts->not_after),
                          facts->sha256_fingerprint, pin.cert_path);
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
  const auto rendered = args.out.format == "json" ? report::dump(documents) : text;
  if (auto ok = emit(rendered, args.out.output); !ok) return core::unexpected(ok.error());
  return 0;
}

}  // namespace

CommandFn add_pins_show_command(CLI::App& app) {
  auto args = std::make_shared<PinsShowArgs>();
  app.add_option("--pins", args->pins, "pinset directory (default: built-in)");
  add_output_options(app, args->out, {"text", "json"});
  return [args] { return run_pins_show(*args); };
}

}  // namespace probe::cli
