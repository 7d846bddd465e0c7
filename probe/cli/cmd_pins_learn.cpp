// pinprobe pins learn HOST[:PORT]: a pinset fragment for the chain a host presents now.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "connect/engine.hpp"
#include "core/text.hpp"

namespace probe::cli {
namespace {
struct LearnArgs {
  std::string host;
  NetworkArgs network;
};

// "host" or "host:port" (port 443 by default). Fails (usage).
core::Result<core::Target> parse_target(const std::string& text) {
  core::Target t;
  t.host = core::to_lower(text);
  t.group = "learn";
  t.allowlist = t.host;
  t.pinset = "none";
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

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : core::escape_control(text, 256)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

core::Result<int> run_learn(const LearnArgs& args) {
  auto settings = to_settings(args.network);
  if (!settings) return core::unexpected(settings.error());
  auto target = parse_target(args.host);
  if (!target) return core::unexpected(target.error());
  core::Plan plan;
  plan.targets.push_back(*target);
  const core::SystemClock clock;
  auto results = connect::probe_targets(plan, *settings, clock);
  if (!results) return core::unexpected(results.error());
  const auto& r = results->front();
  if (r.chain.empty()) {
    std::string why;
    for (const auto& f : r.findings) {
      why += fmt::format("\n  {}: {}", f.wire(), core::escape_control(f.message));
    }
    std::fprintf(stderr, "pinprobe: no certificate chain from %s:%u%s\n", target->host.c_str(),
                 static_cast<unsigned>(target->port), why.c_str());
    return 1;
  }
  // The chain is NOT verified here: the comment says so, and the user decides what to keep.
  std::string text = fmt::format(
      "# chain presented by {}:{} at {} ({}, {}), as received: NOT verified.\n"
      "# Keep the pins of the CA certificates you trust; add their PEM files under certs/.\n"
      "pins:\n",
      target->host, target->port, core::format_utc(clock.now()),
      core::escape_control(r.tls.version), core::escape_control(r.tls.cipher));
  for (std::size_t i = 0; i < r.chain.size(); ++i) {
    const auto& c = r.chain[i];
    const char* role = i == 0 ? "leaf" : (c.self_signed ? "root" : "intermediate");
    text += fmt::format("  - sha256: \"{}\"\n    label: {}\n    # {}; issuer {}; expires {}\n",
                        c.spki_pin, yaml_quoted(c.subject), role,
                        core::escape_control(c.issuer, 256), core::format_utc(c.not_after));
  }
  if (auto ok = emit(text, std::nullopt); !ok) return core::unexpected(ok.error());
  return 0;
}

}  // namespace

CommandFn add_pins_learn_command(CLI::App& app) {
  auto args = std::make_shared<LearnArgs>();
  app.add_option("host", args->host, "HOST[:PORT] to capture the chain from")->required();
  add_network_options(app, args->network);
  return [args]() -> core::Result<int> { return run_learn(*args); };
}

}  // namespace probe::cli
