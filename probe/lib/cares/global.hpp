// Library-global state of c-ares: one scope object in cli::run(), destroyed last.
#pragma once

#include <string>

#include "lib/library_scope.hpp"

namespace probe::lib::cares {

// ares_library_init(ARES_LIB_INIT_ALL) now, ares_library_cleanup() when the scope ends.
LibraryScope global_scope();

// c-ares' version, "1.18.1".
std::string version();

}  // namespace probe::lib::cares
