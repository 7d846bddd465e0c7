// pinprobe check: config -> plan -> resolve -> connect -> judge -> revocation -> report.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "check/pipeline.hpp"
#include "cli/check_routes.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/version.hpp"
#include "config/defaults.hpp"
#include "config/inspection_products.hpp"
#include "connect/proxy.hpp"
#include "connect/transport.hpp"
#include "core/report.hpp"
#include "core/text.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "lib/openssl/version.hpp"
#include "platform/trust_store.hpp"
#include "report/render.hpp"
#include "resolve/resolver.hpp"
#include "route/compare.hpp"
#include "route/routed_http.hpp"
#include "tls/cert_store.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"
#include "tls/public_roots.hpp"

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

// A live progress line on stderr, only when stderr is a terminal and not --quiet: the count
// of finished targets and the last one's host, rewritten in place and erased at the end.
class ProgressLine {
 public:
  ProgressLine(std::size_t total, bool enabled) : m_total(total), m_enabled(enabled) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }

  void update(const core::TargetResult& result) {
    ++m_done;
    if (!m_enabled) return;
    const auto host = core::escape_control(result.target.host, 60);
    fmt::print(stderr, "\r\x1b[2Kprobing {}/{}  {}", m_done, m_total, host);
    std::fflush(stderr);
    m_shown = true;
  }
  void clear() {
    if (!m_shown) return;
    fmt::print(stderr, "\r\x1b[2K");
    std::fflush(stderr);
    m_shown = false;
  }

 private:
  std::size_t m_total;
  bool m_enabled;
  std::size_t m_done = 0;
  bool m_shown = false;
};

// The time a push may take when the checks used the whole deadline: the run still ends within
// --deadline + 1 s.
constexpr core::Millis k_push_grace{700};

// The anchors of every pinset, described once: OCSP issuers the servers do not send.
std::vector<core::CertFacts> pinset_anchors(const config::PinsetCatalog& catalog) {
  std::vector<core::CertFacts> anchors;
  for (const auto& pinset : catalog.pinsets) {
    for (const auto& der : pinset.anchors()) {
      if (auto facts = tls::describe_certificate(der)) anchors.push_back(std::move(*facts));
    }
  }
  return anchors;
}

// The stores the judge verifies against, loaded once per run.
struct JudgeStores {
  tls::CertStore system;
  std::optional<tls::CertStore> public_roots;  // --public-roots; else the embedded ones
};

core::Result<JudgeStores> load_stores(const core::ProbeSettings& settings,
                                      const std::optional<std::string>& public_roots_file) {
  auto source = platform::system_trust_store(settings.ca_file, settings.ca_path);
  if (!source) return core::unexpected(source.error());
  auto system_store = tls::CertStore::from_source(*source);
  if (!system_store) return core::unexpected(system_store.error());
  JudgeStores stores{std::move(*system_store), std::nullopt};
  // The hidden --public-roots FILE (PEM bundle) replaces the embedded public roots (tests).
  if (public_roots_file) {
    platform::TrustStoreSource roots;
    roots.files = {*public_roots_file};
    roots.description = "--public-roots " + *public_roots_file;
    auto store = tls::CertStore::from_source(roots);
    if (!store) return core::unexpected(store.error());
    stores.public_roots = std::move(*store);
  }
  return stores;
}

// The issuer of `cert` from the public roots or the system store, for revocation requests.
std::optional<core::CertFacts> issuer_outside_chain(const core::CertFacts& cert,
                                                    const tls::CertStore& public_roots,
                                                    const tls::CertStore& system) {
  auto der = public_roots.issuer_of(cert.der);
  if (!der) der = system.issuer_of(cert.der);
  if (!der) return std::nullopt;
  auto facts = tls::describe_certificate(*der);
  if (!facts) return std::nullopt;
  return std::move(*facts);
}

report::RenderOptions render_options_of(const CheckArgs& args) {
  report::RenderOptions options;
  options.format = args.out.format;
  options.strict = args.strict;
  options.quiet = args.out.quiet;
  options.verbose = args.out.verbose;
  options.color = !args.out.output && report::use_color(args.out.no_color);
  options.width = report::terminal_width();
  return options;
}

// Each target's route list (empty without a router); with --compare-paths, `run_plan` gains a
// DIRECT copy of every target, routed by the settings when no PAC decides.
std::vector<route::RoutePlan> plan_routes(const RouteArgs& args, const CheckRoutes& routes,
                                          const core::ProbeSettings& settings,
                                          const connect::EnvFn& env, core::Plan& run_plan) {
  std::vector<route::RoutePlan> plans;
  if (routes.router) plans = target_routes(*routes.router, run_plan);
  if (args.compare_paths) {
    if (!routes.router) {
      route::Router settings_router({}, settings, env);
      plans = target_routes(settings_router, run_plan);
    }
    add_direct_copies(run_plan, plans);
  }
  return plans;
}

// The revocation URLs' own routes, and --compare-paths: each row beside the first DIRECT row
// of its target.
void attach_routes(core::RunReport& report, check::Outcome& outcome,
                   const route::RoutedHttpClient* routed) {
  if (routed != nullptr) {
    for (auto& r : report.revocation) {
      if (auto it = routed->routes().find(r.url.url); it != routed->routes().end()) {
        r.route = it->second;
      }
    }
  }
  for (std::size_t row = 0; row < report.targets.size(); ++row) {
    const auto target = outcome.target_index[row];
    for (std::size_t c = 0; c < outcome.compared.size(); ++c) {
      if (outcome.compared_index[c] != target) continue;
      route::compare_paths(report.targets[row], outcome.compared[c]);
      break;
    }
  }
}

core::Result<int> run_check(CheckArgs args) {
  if (args.org.empty()) {
    if (const char* env = std::getenv("PINPROBE_ORG")) args.org = env;
  }
  if (auto ok = validate_route_args(args.route, args.network); !ok) {
    return core::unexpected(ok.error());
  }
  auto settings = to_settings(args.network);
  if (!settings) return core::unexpected(settings.error());
  settings->revocation = !args.no_revocation;
  settings->expiry_warn_days = args.expiry_warn;
  auto loaded = config::load_config(args.domains, args.pins);
  if (!loaded) return core::unexpected(loaded.error());
  auto plan = config::build_plan(loaded->domains, config::PlanOptions{args.org, args.only});
  if (!plan) return core::unexpected(plan.error());
  auto stores = load_stores(*settings, args.public_roots);
  if (!stores) return core::unexpected(stores.error());

  const auto render_options = render_options_of(args);

  const core::SystemClock clock;
  auto resolver = resolve::make_resolver(*settings, clock);
  if (!resolver) return core::unexpected(resolver.error());
  const auto env = connect::process_env();
  auto transport = connect::Transport::create(*settings, clock, **resolver, env);
  if (!transport) return core::unexpected(transport.error());
  core::RunReport report;
  report.tool = tool_info();
  report.started_at = clock.now();
  const auto started = clock.steady_now();
  const auto deadline_at = started + settings->deadline;
  (*transport)->set_deadline(deadline_at);
  const auto proxy = connect::choose_proxy("https", "pinprobe.invalid", *settings, env);
  report.environment.proxy = connect::redact_proxy(proxy.url);
  report.environment.resolvers = (*resolver)->servers();
  if (report.environment.resolvers.empty()) report.environment.resolvers.emplace_back("system");
  report.environment.org = args.org;
  report.environment.site = args.site;
  report.skipped = plan->skipped;

  tls::JudgeContext judge;
  judge.catalog = &loaded->pinsets;
  judge.system_store = &stores->system;
  judge.public_roots = stores->public_roots ? &*stores->public_roots : nullptr;
  judge.products = &config::builtin_inspection_products();
  judge.clock = &clock;
  judge.expiry_warn_days = settings->expiry_warn_days;
  const tls::CertStore& public_roots =
      stores->public_roots ? *stores->public_roots : tls::embedded_public_roots();
  auto issuers = [&public_roots, &stores](const core::CertFacts& cert) {
    return issuer_outside_chain(cert, public_roots, stores->system);
  };
  // The route of every target (and, on the loop thread, of every revocation URL), decided the
  // way the device decides: --pac, WPAD, the system's settings; --proxy or the environment.
  auto routes = prepare_routes(args.route, *settings, *plan, **transport, **resolver, clock, env,
                               deadline_at);
  if (!routes) return core::unexpected(routes.error());
  report.environment.routes = routes->description;
  report.environment.compare_paths = args.route.compare_paths;
  core::Plan run_plan = *plan;
  auto target_plans = plan_routes(args.route, *routes, *settings, env, run_plan);
  check::Inputs inputs{run_plan, *settings,  judge, pinset_anchors(loaded->pinsets),
                       issuers,  deadline_at};
  inputs.routes = std::move(target_plans);
  if (args.route.compare_paths) inputs.compare_from = plan->targets.size();
  std::unique_ptr<route::RoutedHttpClient> routed;
  core::HttpClient* http = transport->get();
  if (routes->router) {
    connect::Transport& t = **transport;
    routed = std::make_unique<route::RoutedHttpClient>(
        *routes->router,
        [&t](core::HttpRequest request, connect::ProxyChoice via, core::HttpClient::Done done) {
          t.start_via(std::move(request), std::move(via), std::move(done));
        },
        t);
    http = routed.get();
  }
  check::Network network{**resolver, **transport, *http, **transport, clock, env};
  ProgressLine progress(run_plan.targets.size(), !args.out.quiet && ::isatty(STDERR_FILENO) == 1);
  auto outcome =
      check::run(inputs, network, [&progress](const core::TargetResult& r) { progress.update(r); });
  progress.clear();
  report.targets = std::move(outcome.targets);
  report.revocation = std::move(outcome.revocation);
  report.deadline_exceeded = outcome.deadline_exceeded;
  attach_routes(report, outcome, routed.get());

  report.duration = std::chrono::duration_cast<core::Millis>(clock.steady_now() - started);
  auto rendered = report::render(report::check_document(report), render_options);
  if (!rendered) return core::unexpected(rendered.error());
  if (auto ok = emit(*rendered, args.out.output); !ok) return core::unexpected(ok.error());

  // The Pushgateway, after the report is out (a push failure must not hide it), on the same
  // transport: bounded by the deadline, with at least k_push_grace when the checks used it up.
  const int status = exit_status(report.verdict(), args.strict);
  if (args.push) {
    const auto push_until = std::max(deadline_at, clock.steady_now() + k_push_grace);
    (*transport)->set_deadline(push_until);
    const auto budget = std::chrono::duration_cast<core::Millis>(push_until - clock.steady_now());
    push_report(*args.push, report, args.site, **transport, budget, clock, status);
  }
  return status;
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
  // Hidden: tests replace the embedded public roots with a test bundle (PEM).
  app.add_option("--public-roots", args->public_roots)->group("");
  add_route_options(app, args->route);
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  return [args] { return run_check(*args); };
}

}  // namespace probe::cli
