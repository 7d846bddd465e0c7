#include "report/push.hpp"

#include <doctest/doctest.h>

namespace probe::report {

TEST_SUITE("report") {
  TEST_CASE("push: the URL groups by job pinprobe and site") {
    CHECK(push_url("http://pg:9091", "berlin-hq") ==
          "http://pg:9091/metrics/job/pinprobe/site/berlin-hq");
    CHECK(push_url("http://pg:9091/", "") == "http://pg:9091/metrics/job/pinprobe");
  }

  TEST_CASE("push: a site with other characters is base64url-encoded") {
    CHECK(push_url("http://pg:9091", "a/b") ==
          "http://pg:9091/metrics/job/pinprobe/site@base64/YS9i");
    CHECK(push_url("http://pg:9091", "Köln 1") ==
          "http://pg:9091/metrics/job/pinprobe/site@base64/S8O2bG4gMQ==");
  }
}

}  // namespace probe::report
