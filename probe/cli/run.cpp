#include "cli/run.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "cli/command_doc.hpp"
#include "cli/commands.hpp"
#include "cli/validate.hpp"
#include "cli/version.hpp"
#include "config/file_source.hpp"
#include "core/text.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "platform/console.hpp"
#include "report/atomic_file.hpp"

namespace probe::cli {

namespace {

// Where emit() sends a report meant for stdout (see ReportsToStderr).
bool g_reports_to_stderr = false;

}  // namespace

ReportsToStderr::ReportsToStderr() : m_previous(g_reports_to_stderr) {
  std::fflush(stdout);
  g_reports_to_stderr = true;
}

ReportsToStderr::~ReportsToStderr() {
  std::fflush(stderr);
  g_reports_to_stderr = m_previous;
}

core::Result<void> emit(std::string_view text, const std::optional<std::string>& output) {
  if (output && *output != "-") return report::write_atomically(*output, text);
  std::FILE* stream = g_reports_to_stderr ? stderr : stdout;
  const bool ok = std::fwrite(text.data(), 1, text.size(), stream) == text.size();
  if (std::fflush(stream) != 0 || !ok) {
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("<stdout>: cannot write: {}", std::strerror(errno)));
  }
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
std::vector<std::string> with_default_command(std::vector<std::string> args) {
  const std::vector<std::string> top_level{"check",  "pins", "cert", "scep", "explain",  "device",
                                           "--help", "-h",   "help", "-V",   "--version"};
  if (args.empty() ||
      std::find(top_level.begin(), top_level.end(), args.front()) == top_level.end()) {
    args.insert(args.begin(), "check");
  }
  return args;
}

// The subcommand of `parent` called `name`, or nullptr.
CLI::App* find_command(CLI::App& parent, const std::string& name) {
  for (auto* sub : parent.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// `pinprobe help [COMMAND [SUBCOMMAND]]`: the help of the program or of that command, on
// stdout, exit 0; an unknown command exits 2.
int print_help(CLI::App& app, const std::vector<std::string>& words) {
  CLI::App* target = &app;
  std::string name = app.get_name();
  for (const auto& word : words) {
    auto* sub = word == "help" ? nullptr : find_command(*target, word);
    if (sub == nullptr) {
      std::fprintf(stderr, "pinprobe: help: unknown command '%s' (see pinprobe --help)\n",
                   core::escape_control(word, 64).c_str());
      return 2;
    }
    target = sub;
    name += " " + word;
  }
  // Not App::help(): once `help` itself was parsed, that shows the help of `help`.
  const auto text = target->get_formatter()->make_help(target, name, CLI::AppFormatMode::Normal);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return 0;
}

// The command table: every command registered on `app`, with the body that runs it.
std::vector<std::pair<CLI::App*, CommandFn>> add_commands(CLI::App& app) {
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
  return commands;
}

}  // namespace

int run_arguments(std::vector<std::string> words) {
  CLI::App app{
      "pinprobe: can devices on this network reach the identity vendor, see its real "
      "certificates, and check their revocation?",
      "pinprobe"};
  // A single-value option given twice takes the last value, like curl: wrappers append
  // their overrides. Set before the subcommands are added, which copy the defaults.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  // CLI11 reads "/x" as option x on Windows by default; there "/x" is a path on the current
  // drive, and options are spelled --x as on Linux.
  app.allow_windows_style_options(false);
  app.set_version_flag("-V,--version", version_text());
  app.require_subcommand(1, 1);
  app.footer(
      "With no command, pinprobe runs `check`. `pinprobe help COMMAND` shows a command's "
      "options. Exit status (every command): 0 pass (warnings too, unless --strict), 1 a check "
      "failed, 2 usage or configuration error, 3 internal error.");
  auto commands = add_commands(app);
  std::vector<std::string> help_words;
  auto* help = app.add_subcommand("help", "show the help of pinprobe or of COMMAND");
  help->add_option("command", help_words, "a command, e.g. check or pins learn");
  // Hidden: `--man` and `--completion SHELL` print pages generated from this very table.
  if (auto generated = run_generator(app, words, version_number())) return *generated;

  auto args = with_default_command(std::move(words));
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
  if (help->parsed()) return print_help(app, help_words);
  for (auto& [sub, fn] : commands) {
    if (sub->parsed()) {
      // Options a command registers itself (--output, --push) are checked here, on their
      // final value, before the command does anything.
      if (auto ok = validate_parsed_options(*sub); !ok) return exit_for(ok.error());
      auto result = fn();
      if (!result) return exit_for(result.error());
      return *result;
    }
  }
  std::fprintf(stderr, "pinprobe: no command given (see --help)\n");
  return 2;
}

namespace {

int run_checked(int argc, char** argv) {
  const auto curl_scope = lib::curl::global_scope();
  const auto ares_scope = lib::cares::global_scope();
  if (!curl_scope.ok() || !ares_scope.ok()) {
    std::fprintf(stderr, "pinprobe: cannot initialise libcurl or c-ares\n");
    return 3;
  }
  platform::prepare_console();
  return run_arguments(platform::utf8_arguments(argc, argv));
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
