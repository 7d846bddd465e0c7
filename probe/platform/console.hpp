// The terminal pinprobe writes to: UTF-8 output, whether ANSI colour renders, its width, and
// the command line as UTF-8. POSIX systems need nothing special; a Windows console does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace probe::platform {

// Called once at start-up. Windows: the console's output code page becomes UTF-8
// (SetConsoleOutputCP(CP_UTF8)) and stdout/stderr write bytes as given (no "\n" -> "\r\n"),
// so reports are byte-identical to the Linux ones. Elsewhere nothing.
void prepare_console();

// True when stdout is a terminal that renders ANSI escape sequences. POSIX: isatty. Windows: a
// console on which ENABLE_VIRTUAL_TERMINAL_PROCESSING is (or could be switched) on; a pipe, a
// file or an old console that refuses the mode gets no colour.
bool stdout_renders_ansi();

// The columns of the terminal behind stdout, 0 when it is not one (or unknown).
int stdout_columns();

// The command line's arguments after the program name, as UTF-8. Windows: from
// GetCommandLineW (argv is in the ANSI code page, which cannot hold every path); elsewhere argv.
std::vector<std::string> utf8_arguments(int argc, char** argv);

}  // namespace probe::platform
