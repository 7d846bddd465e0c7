// pinprobe device: TPM and platform key-storage readiness.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace probe::cli {
namespace {
struct DeviceArgs {
  OutputArgs out;
};
}  // namespace

CommandFn add_device_command(CLI::App& app) {
  auto args = std::make_shared<DeviceArgs>();
  add_output_options(app, args->out, {"text", "json"});
  return [args]() -> core::Result<int> { return not_built("device"); };
}

}  // namespace probe::cli
