// pinprobe pins learn HOST[:PORT]: a pinset fragment for the chain a host presents now.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace probe::cli {
namespace {
struct LearnArgs {
  std::string host;
  NetworkArgs network;
};
}  // namespace

CommandFn add_pins_learn_command(CLI::App& app) {
  auto args = std::make_shared<LearnArgs>();
  app.add_option("host", args->host, "HOST[:PORT] to capture the chain from")->required();
  add_network_options(app, args->network);
  return [args]() -> core::Result<int> {
    auto settings = to_settings(args->network);
    if (!settings) return core::unexpected(settings.error());
    return not_built("pins learn (probe engine)");
  };
}

}  // namespace probe::cli
