// pinprobe explain [LOGFILE|-]: known causes behind Okta Verify / Event Viewer log lines.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/file_source.hpp"
#include "config/signatures.hpp"
#include "core/text.hpp"
#include "explain/log_text.hpp"
#include "explain/matcher.hpp"
#include "explain/render.hpp"
#include "report/check_report.hpp"
#include "report/json_report.hpp"

namespace probe::cli {
namespace {

struct ExplainArgs {
  std::string file = "-";
  std::optional<std::string> signatures;
  bool run_checks = false;
  OutputArgs out;
};

// Runs this same binary with `args`; returns its exit status, or -1 when it could not run.
// The child's standard output goes to stderr when `quiet_stdout` (a JSON report owns stdout).
int run_self(const std::vector<std::string>& args, bool quiet_stdout) {
#ifdef _WIN32
  (void)args;
  (void)quiet_stdout;
  return -1;
#else
  std::vector<std::string> argv_storage{"pinprobe"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (quiet_stdout) dup2(STDERR_FILENO, STDOUT_FILENO);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
}

// One failing item per signature found: its cause, count, timestamps, related findings,
// confirming command and the first matching lines (log text escaped when rendered).
std::vector<report::CheckItem> check_items_of(const std::vector<explain::SignatureMatch>& matches) {
  std::vector<report::CheckItem> out;
  for (const auto& m : matches) {
    const auto& sig = *m.signature;
    report::CheckItem item{sig.id, core::Severity::fail, sig.cause, {}, sig.remediation};
    item.details.emplace_back("count", std::to_string(m.count));
    if (!m.first_timestamp.empty()) item.details.emplace_back("first", m.first_timestamp);
    if (!m.last_timestamp.empty()) item.details.emplace_back("last", m.last_timestamp);
    std::string codes;
    for (const auto code : sig.findings) {
      codes += (codes.empty() ? "" : ", ") + std::string(core::spec_of(code).wire);
    }
    item.details.emplace_back("findings", codes);
    item.details.emplace_back("confirm", sig.confirm);
    item.details.emplace_back("article", sig.article);
    for (const auto& line : m.lines) {
      item.details.emplace_back(fmt::format("line {}", line.line),
                                core::escape_control(line.text, explain::k_max_shown_bytes));
    }
    out.push_back(std::move(item));
  }
  return out;
}

core::Result<int> run_explain(const ExplainArgs& args) {
  auto signatures = [&]() -> core::Result<std::vector<config::Signature>> {
    if (!args.signatures) return config::default_signatures();
    auto text = config::read_file(*args.signatures);
    if (!text) return core::unexpected(text.error());
    return config::parse_signatures(*text, *args.signatures);
  }();
  if (!signatures) return core::unexpected(signatures.error());
  const auto source = args.file == "-" ? std::string("<stdin>") : args.file;
  auto bytes = config::read_file(args.file);
  if (!bytes) return core::unexpected(bytes.error());
  auto decoded = explain::decode_log(*bytes, source);
  if (!decoded) return core::unexpected(decoded.error());
  const auto records = explain::split_records(decoded->text);
  const explain::Matcher matcher(*signatures);
  const auto matches = matcher.match(records);

  std::vector<explain::CheckRun> checks;
  if (args.run_checks) {
    for (auto& command : explain::build_check_commands(matches)) {
      explain::CheckRun run{std::move(command), -1};
      if (run.command.skipped.empty()) {
        run.exit_code = run_self(run.command.args, args.out.format == "json");
        if (run.exit_code < 0) run.command.skipped = "could not start pinprobe";
      }
      checks.push_back(std::move(run));
    }
  }
  const explain::ExplainInput input{source, decoded->encoding, records.size()};
  std::string rendered;
  if (args.out.format == "json") {
    rendered = report::dump(explain::render_json(input, matches, checks));
  } else if (args.out.format == "text") {
    rendered = explain::render_text(input, matches, checks);
  } else {
    auto shared =
        report::render_check({"explain", source, check_items_of(matches)}, args.out.format);
    if (!shared) return core::unexpected(shared.error());
    rendered = std::move(*shared);
  }
  if (auto ok = emit(rendered, args.out.output); !ok) return core::unexpected(ok.error());
  return matches.empty() ? 0 : 1;
}

}  // namespace

CommandFn add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  app.add_option("logfile", args->file, "log file, or - for standard input (default)");
  app.add_option("--signatures", args->signatures,
                 "signature file to use instead of the built-in data/explain-signatures.yaml");
  app.add_flag("--run-checks", args->run_checks,
               "run the pinprobe command that confirms each signature found");
  add_output_options(app, args->out, {"text", "json", "junit", "prom", "html"});
  return [args] { return run_explain(*args); };
}

}  // namespace probe::cli
