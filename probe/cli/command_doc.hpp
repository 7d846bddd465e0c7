// The command table as data: every command, option and value choice of the CLI11 app that
// --help prints, walked once, so that the man page and the shell completions are generated
// from the same table and cannot drift from it. Internal to cli/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace CLI {
class App;
}

namespace probe::cli {

struct OptionDoc {
  std::vector<std::string> names;    // "-4", "--proxy": short names first
  std::string value;                 // the value's placeholder ("TEXT", "INT"), empty for a flag
  std::vector<std::string> choices;  // the values it accepts when they are a fixed set
  std::string description;
  bool positional = false;  // then names holds the one positional name
  bool repeatable = false;  // a positional that takes several values
};

struct CommandDoc {
  std::vector<std::string> path;  // {} for pinprobe itself, {"pins", "learn"}
  std::string description;
  std::string footer;
  std::vector<OptionDoc> options;
  std::vector<std::string> subcommands;  // the names of its direct subcommands
};

// Every visible command of `app` (hidden ones, in group "", are left out), pinprobe itself
// first, then depth first in the order they were added.
std::vector<CommandDoc> describe_commands(const CLI::App& app);

// The man page pinprobe(1) in roff (man(7) macros) for the commands of `app`.
std::string render_manpage(const std::vector<CommandDoc>& commands, std::string_view version);

// The completion script for `shell` ("bash" or "zsh"): commands, options and the values of
// options with a fixed set of choices (--format). Fails (usage) for any other shell.
core::Result<std::string> render_completion(const std::vector<CommandDoc>& commands,
                                            std::string_view shell);

// The hidden generator entry points: `pinprobe --man` prints the man page, `pinprobe
// --completion SHELL` a completion script. Returns the exit status when `words` asks for one of
// them (0, or 2 with a message on stderr), nullopt otherwise. Run before parsing, on the app with
// every command added.
std::optional<int> run_generator(const CLI::App& app, const std::vector<std::string>& words,
                                 std::string_view version);

}  // namespace probe::cli
