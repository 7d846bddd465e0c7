// Windows side of platform/console.hpp: the console's code page, virtual terminal processing
// for ANSI colour, its width, and the UTF-16 command line.
#ifdef _WIN32

// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on

#include <fcntl.h>
#include <io.h>

#include <cstdio>

#include "lib/win/utf16.hpp"
#include "platform/console.hpp"

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

namespace probe::platform {

void prepare_console() {
  SetConsoleOutputCP(CP_UTF8);
  // Reports are bytes: no CRLF translation, so a redirected report equals the Linux one.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

bool stdout_renders_ansi() {
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  if (out == INVALID_HANDLE_VALUE || out == nullptr) return false;
  DWORD mode = 0;
  if (GetConsoleMode(out, &mode) == 0) return false;  // a pipe or a file, not a console
  if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0) return true;
  // Windows 10 1511+ consoles accept the mode; older ones refuse it and get plain text.
  return SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

int stdout_columns() {
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &info) == 0) return 0;
  return info.srWindow.Right - info.srWindow.Left + 1;
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  int count = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (wide == nullptr) {
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>{};
  }
  std::vector<std::string> out;
  for (int i = 1; i < count; ++i) out.push_back(lib::win::utf8_from_wide(wide[i]));
  LocalFree(static_cast<HLOCAL>(wide));
  return out;
}

}  // namespace probe::platform

#endif  // _WIN32
