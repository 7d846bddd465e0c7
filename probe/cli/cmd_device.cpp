// pinprobe device: TPM and platform key-storage readiness.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/text.hpp"
#include "device/tpm_probe.hpp"
#include "report/document.hpp"
#include "report/json_report.hpp"

namespace probe::cli {
namespace {

struct DeviceArgs {
  std::string sysfs_root;
  OutputArgs out;
  bool strict = false;
};

std::string render_text(const std::vector<core::Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += fmt::format("{:<24} {:<5} {}\n", f.wire(), core::to_string(f.severity),
                       core::escape_control(f.message));
    for (const auto& [key, value] : f.evidence) {
      out += fmt::format("  {:<12} {}\n", key, core::escape_control(value));
    }
    if (f.severity == core::Severity::fail) {
      out += fmt::format("  {:<12} {}\n", "remediation", f.remediation());
    }
  }
  return out;
}

core::Result<int> run_device(const DeviceArgs& args) {
  const auto probe = device::make_tpm_probe(args.sysfs_root);
  const auto facts = probe->probe();
  const auto findings = device::judge_tpm(facts);
  auto list = nlohmann::json::array();
  for (const auto& f : findings) list.push_back(report::finding_json(f));
  report::Document document{"device", facts.platform, report::check_items(findings),
                            render_text(findings)};
  document.json = {{"schema", "pinprobe.device/v1"},
                   {"platform", facts.platform},
                   {"verdict", std::string(core::to_string(core::worst(findings)))},
                   {"findings", std::move(list)}};
  return finish_document(document, args.out, args.strict);
}

}  // namespace

CommandFn add_device_command(CLI::App& app) {
  auto args = std::make_shared<DeviceArgs>();
  // Hidden: tests point the Linux probe at a fixture tree ("<root>/sys/class/tpm", "<root>/dev").
  app.add_option("--sysfs-root", args->sysfs_root, "")->group("");
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  add_strict_option(app, args->strict);
  return [args] { return run_device(*args); };
}

}  // namespace probe::cli
