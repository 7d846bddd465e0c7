// pinprobe check: config -> plan -> resolve -> connect -> judge -> revocation -> report.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/defaults.hpp"

namespace probe::cli {
namespace {

core::Result<int> run_check(CheckArgs args) {
  if (args.org.empty()) {
    if (const char* env = std::getenv("PINPROBE_ORG")) args.org = env;
  }
  auto settings = to_settings(args.network);
  if (!settings) return core::unexpected(settings.error());
  settings->revocation = !args.no_revocation;
  settings->expiry_warn_days = args.expiry_warn;
  auto loaded = config::load_config(args.domains, args.pins);
  if (!loaded) return core::unexpected(loaded.error());
  auto plan = config::build_plan(loaded->domains, config::PlanOptions{args.org, args.only});
  if (!plan) return core::unexpected(plan.error());
  return not_built("check (probe engine)");
}

}  // namespace

CommandFn add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  app.add_option("--org", args->org, "customer subdomain for {org} (env PINPROBE_ORG)");
  app.add_option("--domains", args->domains, "domains.yaml to use instead of the built-in one");
  app.add_option("--pins", args->pins, "pinset directory to use instead of the built-in one");
  app.add_option("--only", args->only, "only hosts, groups or allowlists matching GLOB");
  add_network_options(app, args->network);
  app.add_flag("--no-revocation", args->no_revocation, "skip the port-80 revocation checks");
  app.add_option("--expiry-warn", args->expiry_warn, "CERT_EXPIRES_SOON threshold in days (14)")
      ->check(CLI::Range(0, 3650));
  app.add_option("--site", args->site, "label for this vantage point, in every report");
  app.add_option("--push", args->push, "also push Prometheus metrics to this Pushgateway URL");
  app.add_flag("--strict", args->strict, "warnings fail the run too");
  add_output_options(app, args->out, {"text", "json", "junit", "prom", "html"});
  return [args] { return run_check(*args); };
}

}  // namespace probe::cli
