// platform/console: the terminal facts render.cpp and run.cpp rely on. The unit tests run with
// stdout redirected (CTest captures it), so stdout is never a terminal here: on Linux a pipe or
// file, under Wine (ci/windows.sh) a pipe that GetConsoleMode refuses.
#include "platform/console.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>

using namespace probe;

TEST_CASE("console: stdout redirected to a pipe or file renders no ANSI colour") {
  CHECK_FALSE(platform::stdout_renders_ansi());
  CHECK(platform::stdout_columns() == 0);
}

TEST_CASE("console: arguments after the program name come back as UTF-8") {
  std::array<char*, 1> only_program{const_cast<char*>("pinprobe")};
#ifdef _WIN32
  // Windows reads GetCommandLineW, i.e. this test executable's own command line, whose
  // arguments doctest already parsed: none of them is empty, each is valid UTF-8.
  const auto args = platform::utf8_arguments(1, only_program.data());
  for (const auto& a : args) CHECK_FALSE(a.empty());
#else
  CHECK(platform::utf8_arguments(1, only_program.data()).empty());
  std::array<char*, 3> argv{const_cast<char*>("pinprobe"), const_cast<char*>("cert"),
                            const_cast<char*>("Z\xC3\xBCrich.pem")};
  CHECK(platform::utf8_arguments(3, argv.data()) ==
        std::vector<std::string>{"cert", "Z\xC3\xBCrich.pem"});
#endif
}
