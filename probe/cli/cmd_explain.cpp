// pinprobe explain [LOGFILE|-]: known causes behind Okta Verify / Event Viewer log lines.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace probe::cli {
namespace {
struct ExplainArgs {
  std::string file = "-";
  OutputArgs out;
};
}  // namespace

CommandFn add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  app.add_option("logfile", args->file, "log file, or - for standard input (default)");
  add_output_options(app, args->out, {"text", "json"});
  return [args]() -> core::Result<int> { return not_built("explain"); };
}

}  // namespace probe::cli
