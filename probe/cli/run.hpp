// The program: parses the command line, runs one command, maps every outcome to SPEC §1's
// exit codes (0 pass, 1 findings failed, 2 usage/configuration, 3 internal).
#pragma once

namespace probe::cli {

// Runs pinprobe with `argv`; returns the process exit code. Holds the program's only
// general catch: an escaped exception is an internal error (3).
int run(int argc, char** argv) noexcept;

}  // namespace probe::cli
