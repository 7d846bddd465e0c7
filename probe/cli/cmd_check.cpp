// pinprobe check: config -> plan -> resolve -> connect -> judge -> revocation -> report.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/version.hpp"
#include "config/defaults.hpp"
#include "connect/engine.hpp"
#include "connect/proxy.hpp"
#include "core/report.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "lib/openssl/version.hpp"
#include "report/json_report.hpp"
#include "resolve/resolver.hpp"

namespace probe::cli {
namespace {

core::ToolInfo tool_info() {
  core::ToolInfo tool;
  tool.version = version_number();
  tool.openssl = lib::openssl::version();
  tool.curl = lib::curl::version();
  tool.cares = lib::cares::version();
  return tool;
}

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
  if (args.out.format != "json") {
    return core::unexpected(
        core::ErrorKind::internal,
        fmt::format("format {} is not available in this build yet", args.out.format));
  }

  const core::SystemClock clock;
  auto resolver = resolve::make_resolver(*settings, clock);
  if (!resolver) return core::unexpected(resolver.error());
  core::RunReport report;
  report.tool = tool_info();
  report.started_at = clock.now();
  const auto started = clock.steady_now();
  const auto env = connect::process_env();
  const auto proxy = connect::choose_proxy("https", "pinprobe.invalid", *settings, env);
  report.environment.proxy = connect::redact_proxy(proxy.url);
  report.environment.resolvers = (*resolver)->servers();
  if (report.environment.resolvers.empty()) report.environment.resolvers.emplace_back("system");
  report.environment.org = args.org;
  report.environment.site = args.site;
  report.skipped = plan->skipped;

  // Stage 2-3: resolve, connect, handshake, capture the presented chains.
  auto targets = connect::probe_targets(*plan, *settings, clock, **resolver, env);
  if (!targets) return core::unexpected(targets.error());
  report.targets = std::move(*targets);
  for (const auto& t : report.targets) {
    if (!t.finished) report.deadline_exceeded = true;
  }

  // ---- JUDGE STAGE GOES HERE (issue 4): judge each report.targets[i] chain against its
  //      pinset (loaded->pins), the system store (settings->ca_file/ca_path), hostname and
  //      dates; fill verdict_detail and append TLS_* / CERT_* findings.
  // ---- REVOCATION STAGE GOES HERE (issue 5): unless !settings->revocation, fetch
  //      plan->revocation_urls plus the chains' CDP/OCSP URLs with
  //      connect::make_http_client(*settings, clock) and fill report.revocation.

  report.duration = std::chrono::duration_cast<core::Millis>(clock.steady_now() - started);
  if (auto ok = emit(report::render_json(report), args.out.output); !ok) {
    return core::unexpected(ok.error());
  }
  return core::exit_code_for(report.verdict(), args.strict);
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
