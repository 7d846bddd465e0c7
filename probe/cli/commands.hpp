// The subcommands: each registers its options on a CLI11 app and returns a callable that
// runs it and yields the exit code. Internal to cli/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/http.hpp"
#include "core/report.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"

namespace probe::report {
struct Document;
}  // namespace probe::report

namespace CLI {
class App;
}

namespace probe::cli {

struct OutputArgs;

// A command body: exit code on success, an Error (exit 2 or 3) otherwise.
using CommandFn = std::function<core::Result<int>()>;

CommandFn add_check_command(CLI::App& app);
CommandFn add_cert_command(CLI::App& app);
CommandFn add_pins_show_command(CLI::App& app);
CommandFn add_pins_learn_command(CLI::App& app);
CommandFn add_scep_command(CLI::App& app);
CommandFn add_explain_command(CLI::App& app);
CommandFn add_device_command(CLI::App& app);

// Parses `words` (the arguments after the program name; `check` inserted when no command is
// named) with a fresh command table and runs the command; returns its exit status (SPEC §1).
// Prints parse and operational errors on stderr. The library-global scopes must exist (run()
// creates them). explain --run-checks runs its confirming commands through it, in-process.
int run_arguments(std::vector<std::string> words);

// While alive, emit() sends reports meant for stdout to stderr instead: the confirming
// commands of `explain --run-checks --format json` must not corrupt the JSON on stdout.
class ReportsToStderr {
 public:
  ReportsToStderr();
  ~ReportsToStderr();
  ReportsToStderr(const ReportsToStderr&) = delete;
  ReportsToStderr& operator=(const ReportsToStderr&) = delete;

 private:
  bool m_previous;
};

// SPEC §1's one exit-status rule, for every command: the report's verdict through
// core::exit_code_for (1 for a fail, or for a warn with --strict; else 0).
int exit_status(core::Severity verdict, bool strict) noexcept;

// check --push: renders `report` as Prometheus text and PUTs it (report::push_metrics). A
// failure does not change the exit status, which follows the verdict: it is printed on
// stderr as "pinprobe: warning: push failed: <redacted URL>: <why> (exit status <status>
// follows the report's verdict)". Returns whether the metrics were pushed.
bool push_report(const std::string& url, const core::RunReport& report, const std::string& site,
                 core::HttpClient& http, core::Millis budget, const core::Clock& clock, int status);
// The stderr line of a failed push (push_report), ending in a newline.
std::string push_failure_line(const core::Error& error, int status);

// Writes `text` to stdout (no `output`, or "-"), or to `output` through
// report::write_atomically. Fails (io) naming the file, or "<stdout>" when stdout is closed
// or full.
core::Result<void> emit(std::string_view text, const std::optional<std::string>& output);

// The end of every command other than check: `document` rendered in `out.format` (through
// report::render's table; `strict` counts warnings as JUnit failures), written by emit(), and
// the exit status of its verdict.
core::Result<int> finish_document(const report::Document& document, const OutputArgs& out,
                                  bool strict);

// The message of a command whose engine is not built yet (exit 3, never fake output).
core::Result<int> not_built(std::string_view command);

}  // namespace probe::cli
