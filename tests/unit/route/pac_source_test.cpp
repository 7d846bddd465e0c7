#include "route/pac_source.hpp"

#include <doctest/doctest.h>

namespace probe::route {
namespace {

std::string evidence(const core::Finding& f, std::string_view key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return {};
}

}  // namespace

TEST_SUITE("route") {
  TEST_CASE("judge_pac_response: 200 with a body is the script; the rest PAC_FETCH_FAILED") {
    core::HttpResponse r;
    r.outcome.attempted = true;
    r.outcome.tcp = core::TcpStatus::connected;
    r.outcome.status = 200;
    r.body = "function FindProxyForURL(u, h) { return \"DIRECT\"; }";
    const auto good = judge_pac_response(r, "http://wpad.lab/wpad.dat", "wpad");
    REQUIRE(good.script);
    CHECK_FALSE(good.failure);
    SUBCASE("404") {
      r.outcome.status = 404;
      const auto bad = judge_pac_response(r, "http://wpad.lab/wpad.dat", "wpad");
      CHECK_FALSE(bad.script);
      REQUIRE(bad.failure);
      CHECK(bad.failure->code == core::FindingCode::pac_fetch_failed);
      CHECK(bad.failure->message ==
            "the PAC at http://wpad.lab/wpad.dat could not be fetched: HTTP 404");
      CHECK(evidence(*bad.failure, "source") == "wpad");
    }
    SUBCASE("too large") {
      r.outcome.truncated = true;
      const auto bad = judge_pac_response(r, "http://x/p.pac", "pac");
      REQUIRE(bad.failure);
      CHECK(bad.failure->message ==
            "the PAC at http://x/p.pac could not be fetched: the PAC is larger than 1048576 bytes");
    }
    SUBCASE("empty") {
      r.body.clear();
      REQUIRE(judge_pac_response(r, "http://x/p.pac", "pac").failure);
    }
    SUBCASE("no name") {
      r.outcome.status = 0;
      r.outcome.dns = core::DnsStatus::nxdomain;
      const auto bad = judge_pac_response(r, "http://wpad.none/wpad.dat", "wpad");
      REQUIRE(bad.failure);
      CHECK(bad.failure->message ==
            "the PAC at http://wpad.none/wpad.dat could not be fetched: name resolution failed "
            "(nxdomain)");
    }
  }

  TEST_CASE("resolv_conf_domain: the last search or domain line, its first name") {
    CHECK(resolv_conf_domain("nameserver 127.0.0.53\nsearch corp.example lab.example\n") ==
          "corp.example");
    CHECK(resolv_conf_domain("domain old.example\n# search x.example\nsearch New.Example.\n") ==
          "new.example");
    CHECK_FALSE(resolv_conf_domain("nameserver 1.1.1.1\n"));
    CHECK_FALSE(resolv_conf_domain("search\n"));
    CHECK(wpad_url("corp.example") == "http://wpad.corp.example/wpad.dat");
    CHECK(is_pac_url("HTTPS://x/p.pac"));
    CHECK_FALSE(is_pac_url("/etc/proxy.pac"));
  }
}

}  // namespace probe::route
