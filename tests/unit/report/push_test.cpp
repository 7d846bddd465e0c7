#include "report/push.hpp"

#include <doctest/doctest.h>

#include "support/fake_http.hpp"

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

  TEST_CASE("push: the instance joins the grouping key, so runs without a site stay apart") {
    CHECK(push_url("http://pg:9091", "", "probe-a") ==
          "http://pg:9091/metrics/job/pinprobe/instance/probe-a");
    CHECK(push_url("http://pg:9091", "", "probe-b") ==
          "http://pg:9091/metrics/job/pinprobe/instance/probe-b");
    CHECK(push_url("http://pg:9091", "hq", "h 1") ==
          "http://pg:9091/metrics/job/pinprobe/site/hq/instance@base64/aCAx");
    CHECK_FALSE(default_instance().empty());
  }

  TEST_CASE("push: a URL that already carries a grouping path is honoured") {
    CHECK(push_url("http://pg:9091/metrics/job/x/site/y", "ignored", "host1") ==
          "http://pg:9091/metrics/job/x/site/y/instance/host1");
    CHECK(push_url("http://pg:9091/metrics/job/x/instance/box/", "berlin", "host1") ==
          "http://pg:9091/metrics/job/x/instance/box/site/berlin");
    CHECK(push_url("http://pg:9091/metrics/job/x/site@base64/YS9i", "z", "") ==
          "http://pg:9091/metrics/job/x/site@base64/YS9i");
    CHECK(push_url("http://pg:9091/prefix/metrics/job/x", "", "h") ==
          "http://pg:9091/prefix/metrics/job/x/instance/h");
  }

  TEST_CASE("push: a failure names the URL without its user name and password") {
    test::FakeHttpClient http;
    // The grouping pair of this machine's host name ("/instance/NAME", or its @base64 form).
    const std::string bare = push_url("", "");
    const std::string instance = push_url("", "", default_instance()).substr(bare.size());
    const std::string url =
        "http://pushgateway.invalid:9091/metrics/job/pinprobe/site/site" + instance;
    http.respond_failure(url, core::DnsStatus::ok, core::TcpStatus::refused,
                         "Failed to connect to pgu:s3cretG@pushgateway.invalid port 9091");
    const core::SystemClock clock;
    const auto pushed = push_metrics(http, "http://pgu:s3cretG@pushgateway.invalid:9091/", "m 1\n",
                                     "site", core::Millis{1000}, clock);
    REQUIRE_FALSE(pushed.has_value());
    CHECK(pushed.error().kind == core::ErrorKind::io);
    CHECK(pushed.error().message.find("s3cret") == std::string::npos);
    CHECK(pushed.error().message.starts_with("--push " + url + ": "));
    REQUIRE(http.requests().size() == 1);
    CHECK(http.requests()[0].method == "PUT");
    CHECK(http.requests()[0].body == "m 1\n");
    CHECK(http.requests()[0].url ==
          "http://pgu:s3cretG@pushgateway.invalid:9091/metrics/job/pinprobe/site/site" + instance);
  }

  TEST_CASE("push: a non-2xx answer is a failure naming the status") {
    test::FakeHttpClient http;
    const std::string url = push_url("http://pg.invalid", "", default_instance());
    http.respond_status(url, 400, "text format parsing error", "text/plain");
    const core::SystemClock clock;
    const auto pushed =
        push_metrics(http, "http://pg.invalid", "m 1\n", "", core::Millis{1000}, clock);
    REQUIRE_FALSE(pushed.has_value());
    CHECK(pushed.error().message ==
          "--push " + url + ": the Pushgateway answered HTTP 400: text format parsing error");
    http.respond_status(url, 200);
    CHECK(push_metrics(http, "http://pg.invalid", "m 1\n", "", core::Millis{1000}, clock));
  }
}

}  // namespace probe::report
