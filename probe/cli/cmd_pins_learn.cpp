// pinprobe pins learn HOST[:PORT]: a pinset fragment for the chain a host presents now.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <string_view>

#include "check/pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/inspection_products.hpp"
#include "connect/transport.hpp"
#include "core/text.hpp"
#include "platform/trust_store.hpp"
#include "resolve/resolver.hpp"
#include "tls/cert_store.hpp"
#include "tls/judge.hpp"
#include "tls/pinset_fragment.hpp"

namespace probe::cli {
namespace {
struct LearnArgs {
  std::string host;
  NetworkArgs network;
  std::optional<std::string> output;
  bool strict = false;
};

// "host" or "host:port" (port 443 by default). Fails (usage).
core::Result<core::Target> parse_target(const std::string& text) {
  core::Target t;
  t.host = core::to_lower(text);
  t.group = "learn";
  t.allowlist = t.host;
  t.pinset = std::nullopt;  // judged unpinned
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    t.host = core::to_lower(text.substr(0, colon));
    unsigned port = 0;
    const auto digits = std::string_view(text).substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || ptr != digits.data() + digits.size() || port == 0 || port > 65535) {
      return core::unexpected(core::ErrorKind::usage, fmt::format("'{}': expected HOST[:PORT]",
                                                                  core::escape_control(text)));
    }
    t.port = static_cast<std::uint16_t>(port);
  }
  if (!core::is_dns_name(t.host)) {
    return core::unexpected(core::ErrorKind::usage,
                            fmt::format("'{}': not a DNS host name", core::escape_control(text)));
  }
  return t;
}

core::Result<int> run_learn(const LearnArgs& args) {
  auto settings = to_settings(args.network);
  if (!settings) return core::unexpected(settings.error());
  auto target = parse_target(args.host);
  if (!target) return core::unexpected(target.error());
  core::Plan plan;
  plan.targets.push_back(*target);
  const core::SystemClock clock;
  // Judge the captured chain unpinned (public roots and the system store), so that a chain
  // re-signed by an inspecting proxy is called out instead of being offered as pins.
  auto source = platform::system_trust_store(settings->ca_file, settings->ca_path);
  if (!source) return core::unexpected(source.error());
  auto system_store = tls::CertStore::from_source(*source);
  if (!system_store) return core::unexpected(system_store.error());
  tls::JudgeContext context;
  context.system_store = &*system_store;
  context.products = &config::builtin_inspection_products();
  context.clock = &clock;
  settings->revocation = false;
  auto resolver = resolve::make_resolver(*settings, clock);
  if (!resolver) return core::unexpected(resolver.error());
  const auto env = connect::process_env();
  auto transport = connect::Transport::create(*settings, clock, **resolver, env);
  if (!transport) return core::unexpected(transport.error());
  const auto deadline_at = clock.steady_now() + settings->deadline;
  (*transport)->set_deadline(deadline_at);
  const check::Inputs inputs{plan, *settings, context, {}, {}, deadline_at};
  check::Network network{**resolver, **transport, **transport, **transport, clock, env};
  const auto outcome = check::run(inputs, network);
  const auto& r = outcome.targets.front();
  if (r.tls.chain_der.empty()) {
    std::string why;
    for (const auto& f : r.findings) {
      why += fmt::format("\n  {}: {}", f.wire(), core::escape_control(f.message));
    }
    fmt::print(stderr, "pinprobe: no certificate chain from {}:{}{}\n", target->host, target->port,
               why);
    return exit_status(core::Severity::fail, args.strict);
  }
  const auto judgement =
      tls::judge_chain(r.tls.chain_der, target->host, context, outcome.completions.front());
  const auto fragment = tls::pinset_fragment(
      judgement, fmt::format("{}:{}", target->host, target->port), clock.now());

  std::string text =
      fmt::format("# presented over {} ({})\n", core::escape_control(r.tls.version, 32),
                  core::escape_control(r.tls.cipher, 64));
  text += fragment.yaml;
  for (const auto& [path, pem] : fragment.anchor_files) {
    text += fmt::format("# save as {}:\n", path);
    std::string_view rest = pem;
    while (!rest.empty()) {
      const auto eol = rest.find('\n');
      text += "#   " + std::string(rest.substr(0, eol)) + "\n";
      rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    }
  }
  if (auto ok = emit(text, args.output); !ok) return core::unexpected(ok.error());
  if (!fragment.warning.empty()) {
    // The chain does not verify to a public root (re-signed, or private): not a pinset to
    // trust, a failed check.
    fmt::print(stderr, "pinprobe: WARNING: {}\n", fragment.warning);
    return exit_status(core::Severity::fail, args.strict);
  }
  return exit_status(core::Severity::pass, args.strict);
}

}  // namespace

CommandFn add_pins_learn_command(CLI::App& app) {
  auto args = std::make_shared<LearnArgs>();
  app.add_option("host", args->host, "HOST[:PORT] to capture the chain from")->required();
  add_network_options(app, args->network);
  app.add_option("--output", args->output, "write the fragment to FILE atomically");
  add_strict_option(app, args->strict);
  return [args]() -> core::Result<int> { return run_learn(*args); };
}

}  // namespace probe::cli
