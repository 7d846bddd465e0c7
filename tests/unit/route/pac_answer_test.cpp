#include "route/pac_answer.hpp"

#include <doctest/doctest.h>

namespace probe::route {

TEST_SUITE("route") {
  TEST_CASE("parse_pac_answer: a failover list keeps its order, kinds and ports") {
    const auto a = parse_pac_answer("PROXY a.corp:3128; proxy b.corp:8080;SOCKS5 s:1081 ; DIRECT");
    REQUIRE(a.entries.size() == 4);
    CHECK(a.ignored.empty());
    CHECK(a.entries[0].text() == "PROXY a.corp:3128");
    CHECK(a.entries[0].choice().url == "http://a.corp:3128");
    CHECK(a.entries[1].text() == "PROXY b.corp:8080");
    CHECK(a.entries[2].kind == RouteKind::socks5);
    CHECK(a.entries[2].choice().url == "socks5h://s:1081");
    CHECK(a.entries[3].direct());
    CHECK(a.entries[3].choice().direct());
  }

  TEST_CASE("parse_pac_answer: default ports, HTTPS and SOCKS, IPv6 in brackets") {
    const auto a = parse_pac_answer("PROXY p; HTTPS secure.corp; SOCKS s; HTTP [2001:db8::1]:3128");
    REQUIRE(a.entries.size() == 4);
    CHECK(a.entries[0].port == 80);
    CHECK(a.entries[1].kind == RouteKind::https_proxy);
    CHECK(a.entries[1].choice().url == "https://secure.corp:443");
    CHECK(a.entries[2].kind == RouteKind::socks4);
    CHECK(a.entries[2].port == 1080);
    CHECK(a.entries[3].host == "2001:db8::1");
    CHECK(a.entries[3].text() == "PROXY [2001:db8::1]:3128");
  }

  TEST_CASE("parse_pac_answer: unknown or malformed entries are skipped and reported") {
    const auto a = parse_pac_answer("BOGUS 1.2.3.4; PROXY; PROXY a:99999; DIRECT x; PROXY ok:1");
    REQUIRE(a.entries.size() == 1);
    CHECK(a.entries[0].text() == "PROXY ok:1");
    CHECK(a.ignored ==
          std::vector<std::string>{"BOGUS 1.2.3.4", "PROXY", "PROXY a:99999", "DIRECT x"});
    CHECK(parse_pac_answer("").entries.empty());
    CHECK(parse_pac_answer(" ; ;").entries.empty());
  }

  TEST_CASE("entry_from_proxy_url: the scheme gives the kind, credentials stay out of the text") {
    const auto e = entry_from_proxy_url("http://user:secret@proxy.corp:3128", "https_proxy");
    CHECK(e.kind == RouteKind::http_proxy);
    CHECK(e.text() == "PROXY proxy.corp:3128");
    CHECK(e.choice().url == "http://user:secret@proxy.corp:3128");  // curl gets it whole
    CHECK(e.choice().source == "https_proxy");
    CHECK(entry_from_proxy_url("socks5h://s:1080", "x").kind == RouteKind::socks5);
    CHECK(entry_from_proxy_url("proxy:8080", "x").text() == "PROXY proxy:8080");
  }
}

}  // namespace probe::route
