#include "golden.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace probe::report::testing {

std::string check_golden(const std::string& relative_path, const std::string& actual) {
  const auto path = std::filesystem::path(PROBE_SOURCE_DIR) / "tests" / "golden" / relative_path;
  const char* update = std::getenv("PINPROBE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return path.string() + ": missing (run with PINPROBE_UPDATE_GOLDEN=1)";
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const auto expected = buffer.str();
  if (expected == actual) return {};
  std::size_t line = 1;
  std::size_t i = 0;
  for (; i < expected.size() && i < actual.size() && expected[i] == actual[i]; ++i) {
    if (expected[i] == '\n') ++line;
  }
  return path.string() + ":" + std::to_string(line) +
         ": differs from the renderer's output (PINPROBE_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace probe::report::testing
