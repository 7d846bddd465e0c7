// The subcommands: each registers its options on a CLI11 app and returns a callable that
// runs it and yields the exit code. Internal to cli/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace CLI {
class App;
}

namespace probe::cli {

// A command body: exit code on success, an Error (exit 2 or 3) otherwise.
using CommandFn = std::function<core::Result<int>()>;

CommandFn add_check_command(CLI::App& app);
CommandFn add_cert_command(CLI::App& app);
CommandFn add_pins_show_command(CLI::App& app);
CommandFn add_pins_learn_command(CLI::App& app);
CommandFn add_scep_command(CLI::App& app);
CommandFn add_explain_command(CLI::App& app);
CommandFn add_device_command(CLI::App& app);

// Writes `text` to stdout, or atomically to `output` when set. Fails (io).
core::Result<void> emit(std::string_view text, const std::optional<std::string>& output);

// The message of a command whose engine is not built yet (exit 3, never fake output).
core::Result<int> not_built(std::string_view command);

}  // namespace probe::cli
