// POSIX side of platform/console.hpp; the Windows one is console_windows.cpp.
#ifndef _WIN32

#include "platform/console.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace probe::platform {

void prepare_console() {}

bool stdout_renders_ansi() { return ::isatty(STDOUT_FILENO) == 1; }

int stdout_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>{};
}

}  // namespace probe::platform

#endif  // !_WIN32
