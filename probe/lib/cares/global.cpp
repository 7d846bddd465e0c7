#include "lib/cares/global.hpp"

#include <ares.h>

namespace probe::lib::cares {

LibraryScope global_scope() {
  return LibraryScope([] { return ares_library_init(ARES_LIB_INIT_ALL) == ARES_SUCCESS; },
                      [] { ares_library_cleanup(); });
}

std::string version() { return ares_version(nullptr); }

}  // namespace probe::lib::cares
