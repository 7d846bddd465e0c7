#include "cli/run.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/version.hpp"
#include "config/file_source.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "report/atomic_file.hpp"

namespace probe::cli {

core::Result<void> emit(std::string_view text, const std::optional<std::string>& output) {
  if (output) return report::write_atomically(*output, text);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return {};
}

core::Result<int> not_built(std::string_view command) {
  return core::unexpected(core::ErrorKind::internal,
                          fmt::format("'{}' is not available in this build yet", command));
}

namespace {

int exit_for(const core::Error& error) {
  std::fprintf(stderr, "pinprobe: %s\n", error.message.c_str());
  return error.kind == core::ErrorKind::internal ? 3 : 2;
}

// `pinprobe` and `pinprobe --org x` mean `pinprobe check ...`: insert the default command
// when the first argument is not a command name or a top-level flag.
std::vector<std::string> with_default_command(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<std::string> top_level{"check",  "pins",   "cert", "scep",      "explain",
                                           "device", "--help", "-h",   "--version", "help"};
  if (args.empty() ||
      std::find(top_level.begin(), top_level.end(), args.front()) == top_level.end()) {
    args.insert(args.begin(), "check");
  }
  return args;
}

int run_checked(int argc, char** argv) {
  lib::curl::GlobalScope curl_scope;
  lib::cares::GlobalScope ares_scope;
  if (!curl_scope.ok() || !ares_scope.ok()) {
    std::fprintf(stderr, "pinprobe: cannot initialise libcurl or c-ares\n");
    return 3;
  }
  CLI::App app{
      "pinprobe: can devices on this network reach the identity vendor, see its real "
      "certificates, and check their revocation?",
      "pinprobe"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1, 1);
  app.footer(
      "With no command, pinprobe runs `check`. Exit status: 0 pass, 1 a check failed, "
      "2 usage or configuration error, 3 internal error.");

  std::vector<std::pair<CLI::App*, CommandFn>> commands;
  auto* check = app.add_subcommand("check", "probe every target in the plan (the default)");
  commands.emplace_back(check, add_check_command(*check));
  auto* pins = app.add_subcommand("pins", "list pinsets, or learn one from a live chain");
  pins->require_subcommand(1, 1);
  auto* show = pins->add_subcommand("show", "list pinsets and their pins");
  commands.emplace_back(show, add_pins_show_command(*show));
  auto* learn = pins->add_subcommand("learn", "print a pinset entry for the chain HOST presents");
  commands.emplace_back(learn, add_pins_learn_command(*learn));
  auto* cert = app.add_subcommand("cert", "inspect PEM/DER/PKCS#7 certificate files");
  commands.emplace_back(cert, add_cert_command(*cert));
  auto* scep = app.add_subcommand("scep", "check a SCEP endpoint's CA against the MDM profile");
  commands.emplace_back(scep, add_scep_command(*scep));
  auto* explain = app.add_subcommand("explain", "match Okta Verify / Event Viewer log lines");
  commands.emplace_back(explain, add_explain_command(*explain));
  auto* device = app.add_subcommand("device", "TPM and platform key-storage readiness");
  commands.emplace_back(device, add_device_command(*device));

  auto args = with_default_command(argc, argv);
  std::reverse(args.begin(), args.end());  // CLI11 takes them reversed
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and usage hint to stderr
    return 2;     // CLI11's own codes are 100+; SPEC §1 says 2
  }
  for (auto& [sub, fn] : commands) {
    if (sub->parsed()) {
      auto result = fn();
      if (!result) return exit_for(result.error());
      return *result;
    }
  }
  std::fprintf(stderr, "pinprobe: no command given (see --help)\n");
  return 2;
}

}  // namespace

int run(int argc, char** argv) noexcept {
  try {
    return run_checked(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pinprobe: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "pinprobe: internal error: unknown exception\n");
  }
  return 3;
}

}  // namespace probe::cli
