// lib/curl/socket_error: CURLINFO_OS_ERRNO read with the platform's own codes (WSAE* on
// Windows), never compared with <cerrno> names.
#include "lib/curl/socket_error.hpp"

#include <doctest/doctest.h>

#include "support/socket_codes.hpp"

namespace curl = probe::lib::curl;
namespace t = probe::test;

TEST_SUITE("lib") {
  TEST_CASE("socket_error: the platform's codes map to their kind") {
    using E = curl::SocketError;
    CHECK(curl::socket_error(0) == E::none);
    CHECK(curl::socket_error(t::k_conn_refused) == E::refused);
    CHECK(curl::socket_error(t::k_conn_reset) == E::reset);
    CHECK(curl::socket_error(t::k_timed_out) == E::timed_out);
    CHECK(curl::socket_error(t::k_host_unreachable) == E::host_unreachable);
    CHECK(curl::socket_error(t::k_net_unreachable) == E::net_unreachable);
    CHECK(curl::socket_error(t::k_other) == E::other);
    CHECK(curl::socket_error(-1) == E::other);
  }
}
