#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace probe::core {

void assertion_failed(const char* expression, const char* file, int line) noexcept {
  std::fprintf(stderr, "pinprobe: internal error: assertion '%s' failed at %s:%d\n", expression,
               file, line);
  std::_Exit(3);
}

}  // namespace probe::core
