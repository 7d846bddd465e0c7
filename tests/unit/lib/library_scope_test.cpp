// lib::LibraryScope: a C library's init/cleanup pair bound to one object's life.
#include "lib/library_scope.hpp"

#include <doctest/doctest.h>

#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"

namespace {

int g_inits = 0;
int g_cleanups = 0;

}  // namespace

TEST_CASE("LibraryScope: cleanup runs once when init succeeded, never when it failed") {
  g_inits = g_cleanups = 0;
  {
    const probe::lib::LibraryScope scope([] { return ++g_inits > 0; }, [] { ++g_cleanups; });
    CHECK(scope.ok());
    CHECK(g_inits == 1);
    CHECK(g_cleanups == 0);
  }
  CHECK(g_cleanups == 1);
  {
    const probe::lib::LibraryScope scope([] { return ++g_inits < 0; }, [] { ++g_cleanups; });
    CHECK_FALSE(scope.ok());
  }
  CHECK(g_inits == 2);
  CHECK(g_cleanups == 1);
}

TEST_CASE("LibraryScope: libcurl and c-ares initialise beside the test runner's own scopes") {
  const auto curl = probe::lib::curl::global_scope();
  const auto cares = probe::lib::cares::global_scope();
  CHECK(curl.ok());
  CHECK(cares.ok());
  CHECK_FALSE(probe::lib::curl::version().empty());
  CHECK_FALSE(probe::lib::cares::version().empty());
}
