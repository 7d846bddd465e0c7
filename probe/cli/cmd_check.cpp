// pinprobe check: config -> plan -> resolve -> connect -> judge -> revocation -> report.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/version.hpp"
#include "config/defaults.hpp"
#include "connect/engine.hpp"
#include "connect/http_client.hpp"
#include "connect/proxy.hpp"
#include "core/report.hpp"
#include "core/text.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "lib/openssl/version.hpp"
#include "platform/trust_store.hpp"
#include "report/push.hpp"
#include "report/render.hpp"
#include "resolve/resolver.hpp"
#include "revocation/check.hpp"
#include "revocation/urls.hpp"
#include "tls/cert_store.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"

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

// Stage 4: judge every captured chain against its pinset, the public roots and the system
// store. Targets whose connection failed keep their DNS/TCP/proxy/handshake findings.
core::Result<void> judge_stage(std::vector<core::TargetResult>& targets,
                               const config::PinsetCatalog& catalog,
                               const core::ProbeSettings& settings, const core::Clock& clock,
                               core::HttpClient* fetcher,
                               const std::optional<std::string>& public_roots_file) {
  auto source = platform::system_trust_store(settings.ca_file, settings.ca_path);
  if (!source) return core::unexpected(source.error());
  auto system_store = tls::CertStore::from_source(*source);
  if (!system_store) return core::unexpected(system_store.error());
  tls::JudgeContext context;
  context.catalog = &catalog;
  context.system_store = &*system_store;
  context.clock = &clock;
  context.expiry_warn_days = settings.expiry_warn_days;
  context.fetcher = fetcher;
  context.max_download = settings.max_download;
  // The hidden --public-roots FILE (PEM bundle) replaces the embedded public roots (tests).
  tls::CertStore public_roots;
  if (public_roots_file) {
    platform::TrustStoreSource roots;
    roots.files = {*public_roots_file};
    roots.description = "--public-roots " + *public_roots_file;
    auto store = tls::CertStore::from_source(roots);
    if (!store) return core::unexpected(store.error());
    public_roots = *store;
    context.public_roots = &public_roots;
  }
  for (auto& target : targets) tls::judge_target(target, context);
  return {};
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

  report::RenderOptions render_options;
  render_options.format = args.out.format;
  render_options.strict = args.strict;
  render_options.quiet = args.out.quiet;
  render_options.verbose = args.out.verbose;
  render_options.color = !args.out.output && report::use_color(args.out.no_color);
  render_options.width = report::terminal_width();

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

  // Stages 2-3: resolve, connect, handshake, capture the presented chains.
  ProgressLine progress(plan->targets.size(), !args.out.quiet && ::isatty(STDERR_FILENO) == 1);
  auto targets = connect::probe_targets(
      *plan, *settings, clock, **resolver, env,
      [&progress](const core::TargetResult& result) { progress.update(result); });
  progress.clear();
  if (!targets) return core::unexpected(targets.error());
  report.targets = std::move(*targets);
  for (const auto& t : report.targets) {
    if (!t.finished) report.deadline_exceeded = true;
  }

  // Stage 4: the chain judge (caIssuers fetches for incomplete chains go through `http`).
  auto http = connect::make_http_client(*settings, clock);
  if (auto judged = judge_stage(report.targets, loaded->pinsets, *settings, clock, http.get(),
                                args.public_roots);
      !judged) {
    return core::unexpected(judged.error());
  }

  // Stage 5: revocation over port 80, each URL once, carried to the targets citing it.
  if (settings->revocation) {
    const auto urls = revocation::collect_urls(report.targets, *plan);
    const auto anchors = pinset_anchors(loaded->pinsets);
    report.revocation =
        revocation::check_all(urls, report.targets, *http, clock, *settings, anchors);
    revocation::apply_to_targets(report.targets, report.revocation);
  }

  report.duration = std::chrono::duration_cast<core::Millis>(clock.steady_now() - started);
  auto rendered = report::render(report, render_options);
  if (!rendered) return core::unexpected(rendered.error());
  if (auto ok = emit(*rendered, args.out.output); !ok) return core::unexpected(ok.error());

  // Stage 6: the Pushgateway, after the report is out (a push failure must not hide it).
  if (args.push) {
    report::RenderOptions prom = render_options;
    prom.format = "prom";
    auto metrics = report::render(report, prom);
    if (!metrics) return core::unexpected(metrics.error());
    if (auto pushed = report::push_metrics(*args.push, *metrics, args.site, *settings); !pushed) {
      fmt::print(stderr, "pinprobe: push failed: {}\n", pushed.error().message);
      const int code = core::exit_code_for(report.verdict(), args.strict);
      return code == 0 ? 1 : code;
    }
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
  // Hidden: tests replace the embedded public roots with a test bundle (PEM).
  app.add_option("--public-roots", args->public_roots)->group("");
  add_output_options(app, args->out, {"text", "json", "junit", "prom", "html"});
  return [args] { return run_check(*args); };
}

}  // namespace probe::cli
