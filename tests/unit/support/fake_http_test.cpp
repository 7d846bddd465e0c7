// The recording HTTP fake other modules' tests use: scripted answers, recorded requests.
#include "support/fake_http.hpp"

#include <doctest/doctest.h>

using probe::core::DnsStatus;
using probe::core::HttpRequest;
using probe::core::TcpStatus;
using probe::test::FakeHttpClient;

namespace {

HttpRequest get(std::string url) {
  HttpRequest r;
  r.url = std::move(url);
  return r;
}

}  // namespace

TEST_SUITE("support") {
  TEST_CASE("fake_http: scripted URLs answer in request order and every request is recorded") {
    FakeHttpClient http;
    http.respond_ok("http://crl3.digicert.com/a.crl", "CRLBYTES", "application/pkix-crl");
    http.respond_status("http://ocsp.digicert.com", 403, "<html>denied</html>", "text/html",
                        "squid/5.7", "1.1 proxy");
    http.respond_failure("http://crl4.digicert.com/a.crl", DnsStatus::ok, TcpStatus::refused,
                         "Connection refused");
    auto post = get("http://ocsp.digicert.com");
    post.method = "POST";
    post.body = "REQ";
    const auto responses = http.fetch(
        {get("http://crl3.digicert.com/a.crl"), post, get("http://crl4.digicert.com/a.crl")});
    REQUIRE(responses.size() == 3);
    CHECK(responses[0].outcome.status == 200);
    CHECK(responses[0].body == "CRLBYTES");
    CHECK(responses[0].outcome.size == 8);
    CHECK(responses[0].outcome.content_type == "application/pkix-crl");
    CHECK(responses[1].outcome.status == 403);
    CHECK(responses[1].outcome.server == "squid/5.7");
    CHECK(responses[1].outcome.via == "1.1 proxy");
    CHECK(responses[2].outcome.tcp == TcpStatus::refused);
    CHECK(responses[2].outcome.status == 0);
    CHECK(http.batches() == 1);
    REQUIRE(http.requests().size() == 3);
    CHECK(http.requests()[1].method == "POST");
    CHECK(http.requests()[1].body == "REQ");
    CHECK(http.count("http://ocsp.digicert.com") == 1);
    CHECK(http.urls().front() == "http://crl3.digicert.com/a.crl");
  }

  TEST_CASE("fake_http: unscripted URLs fail at DNS and sequences repeat their last answer") {
    FakeHttpClient http;
    http.respond_sequence("http://x.example/a",
                          {FakeHttpClient::ok("http://x.example/a", "1", ""),
                           FakeHttpClient::ok("http://x.example/a", "2", "")});
    const auto first = http.fetch({get("http://x.example/a"), get("http://unknown.example/")});
    const auto second = http.fetch({get("http://x.example/a")});
    const auto third = http.fetch({get("http://x.example/a")});
    CHECK(first[0].body == "1");
    CHECK(first[1].outcome.dns == DnsStatus::nxdomain);
    CHECK(first[1].outcome.attempted);
    CHECK(first[1].final_url == "http://unknown.example/");
    CHECK(second[0].body == "2");
    CHECK(third[0].body == "2");
    CHECK(http.batches() == 3);
    CHECK(http.count("http://x.example/a") == 3);
  }

  TEST_CASE("fake_http: bodies over the request's max_bytes are cut and flagged truncated") {
    FakeHttpClient http;
    http.respond_ok("http://big.example/crl", std::string(100, 'x'), "application/pkix-crl");
    auto request = get("http://big.example/crl");
    request.max_bytes = 10;
    const auto r = http.fetch({request});
    CHECK(r[0].body.size() == 10);
    CHECK(r[0].outcome.truncated);
    CHECK(r[0].outcome.size == 100);  // what the server sent
  }
}
