// lib/curl/url and core::Url: URLs parsed by libcurl's URL API, never split by hand.
#include "lib/curl/url.hpp"

#include <doctest/doctest.h>

namespace curl = probe::lib::curl;

TEST_SUITE("lib") {
  TEST_CASE("parse_url: scheme and host lower-case, port as typed, path and query") {
    const auto url = curl::parse_url("HTTP://U:pw@CRL.Example.COM:8080/a/b.crl?x=1");
    REQUIRE(url);
    CHECK(url->scheme == "http");
    CHECK(url->user == "U");
    CHECK(url->password == "pw");
    CHECK(url->has_credentials());
    CHECK(url->host == "crl.example.com");
    CHECK(url->port == "8080");
    CHECK(url->port_number() == 8080);
    CHECK(url->path == "/a/b.crl");
    CHECK(url->query == "x=1");
  }

  TEST_CASE("parse_url: IPv6 literal bracketed, bare_host without; default ports per scheme") {
    const auto v6 = curl::parse_url("https://[::1]/x");
    REQUIRE(v6);
    CHECK(v6->host == "[::1]");
    CHECK(v6->bare_host() == "::1");
    CHECK(v6->port.empty());
    CHECK(v6->port_number() == 443);
    CHECK(curl::parse_url("http://h.example")->port_number() == 80);
    CHECK(curl::parse_url("ldap://h.example/x")->port_number() == 0);
  }

  TEST_CASE("parse_url: modes; errors carry curl's reason") {
    const auto none = curl::parse_url("no scheme");
    REQUIRE_FALSE(none);
    CHECK(none.error().kind == probe::core::ErrorKind::usage);
    CHECK_FALSE(none.error().message.empty());
    CHECK_FALSE(curl::parse_url("proxy:3128"));
    const auto guessed = curl::parse_url("proxy:3128", curl::UrlMode::guess_scheme);
    REQUIRE(guessed);
    CHECK(guessed->scheme == "http");
    CHECK(guessed->host == "proxy");
    CHECK_FALSE(curl::parse_url("http:///cgi"));
    const auto hostless = curl::parse_url("http:///cgi", curl::UrlMode::allow_no_host);
    REQUIRE(hostless);
    CHECK(hostless->host.empty());
  }

  TEST_CASE("is_http_url / url_host") {
    CHECK(curl::is_http_url("Http://x.example/a"));
    CHECK_FALSE(curl::is_http_url("https://x.example/a"));
    CHECK_FALSE(curl::is_http_url("http://"));
    // The scheme alone decides what revocation fetches: a malformed http: URL is tried and
    // fails loudly, never skipped.
    CHECK(curl::has_http_scheme("HTTP://x.example/a"));
    CHECK(curl::has_http_scheme("http://127.0.0.1:1/\x1b]0;x\x07<script>.crl"));
    CHECK_FALSE(curl::is_http_url("http://127.0.0.1:1/\x1b]0;x\x07<script>.crl"));
    CHECK_FALSE(curl::has_http_scheme("http://"));
    CHECK_FALSE(curl::has_http_scheme("https://x.example/a"));
    CHECK_FALSE(curl::has_http_scheme("ldap://x.example/a"));
    CHECK(curl::url_host("http://user@H.example:81/x") == "h.example");
    CHECK(curl::url_host("garbage").empty());
  }
}
