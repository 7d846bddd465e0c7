#include "lib/cares/global.hpp"

#include <ares.h>

namespace probe::lib::cares {

GlobalScope::GlobalScope() : m_ok(ares_library_init(ARES_LIB_INIT_ALL) == ARES_SUCCESS) {}

GlobalScope::~GlobalScope() {
  if (m_ok) ares_library_cleanup();
}

std::string version() { return ares_version(nullptr); }

}  // namespace probe::lib::cares
