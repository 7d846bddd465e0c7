// The transport's pure parts (no socket is opened here; the transport itself is exercised by
// the integration tests against real servers).
#include "connect/transport.hpp"

#include <doctest/doctest.h>

namespace probe::connect {

TEST_SUITE("connect") {
  TEST_CASE("transfer_cap: the concurrency, bounded by what the descriptor limit leaves") {
    CHECK(transfer_cap(256, 20000) == 256);
    CHECK(transfer_cap(256, 1024) == 256);  // (1024 - 64) / 2 = 480
    CHECK(transfer_cap(1000, 1024) == 480);
    CHECK(transfer_cap(256, 256) == 96);
    CHECK(transfer_cap(0, 20000) == 1);
    CHECK(transfer_cap(64, 10) == 1);  // never zero
  }
}

}  // namespace probe::connect
