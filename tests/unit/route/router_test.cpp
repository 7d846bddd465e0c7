// The route logic with a fake PAC evaluator: no JavaScript engine, no network.
#include "route/router.hpp"

#include <doctest/doctest.h>

#include <map>

namespace probe::route {
namespace {

class FakePac final : public PacEvaluator {
 public:
  std::map<std::string, std::string> answers;  // by host
  std::vector<std::string> asked;              // "url host"
  core::Result<std::string> find_proxy(const std::string& url, const std::string& host) override {
    asked.push_back(url + " " + host);
    const auto it = answers.find(host);
    if (it == answers.end()) return core::unexpected(core::ErrorKind::config, "uncaught: boom");
    return it->second;
  }
};

connect::EnvFn env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> texts(const RoutePlan& plan) {
  std::vector<std::string> out;
  for (const auto& e : plan.entries) out.push_back(e.text());
  return out;
}

}  // namespace

TEST_SUITE("route") {
  TEST_CASE("router: the PAC's answer is the route list, asked with the browser's URL form") {
    FakePac pac;
    pac.answers["acme.okta.com"] = "DIRECT";
    pac.answers["other.test"] = "PROXY inspect:3128; DIRECT";
    RouterConfig config;
    config.pac = &pac;
    config.pac_source = "pac";
    config.pac_location = "http://wpad/proxy.pac";
    const core::ProbeSettings settings;
    Router router(config, settings, env_of({}));
    const auto okta = router.routes_for(target_url("acme.okta.com", 443), "https", "acme.okta.com");
    CHECK(texts(okta) == std::vector<std::string>{"DIRECT"});
    CHECK(okta.info.source == "pac");
    CHECK(okta.info.answer == "DIRECT");
    CHECK(okta.info.location == "http://wpad/proxy.pac");
    CHECK(okta.findings.empty());
    const auto other = router.routes_for(target_url("other.test", 8443), "https", "other.test");
    CHECK(texts(other) == std::vector<std::string>{"PROXY inspect:3128", "DIRECT"});
    CHECK(pac.asked == std::vector<std::string>{"https://acme.okta.com/ acme.okta.com",
                                                "https://other.test:8443/ other.test"});
    // Asked once per URL.
    (void)router.routes_for(target_url("other.test", 8443), "https", "other.test");
    CHECK(pac.asked.size() == 2);
  }

  TEST_CASE("router: an evaluation error or an unusable answer is PAC_EVAL_FAILED and DIRECT") {
    FakePac pac;
    pac.answers["junk.test"] = "BOGUS 1.2.3.4";
    RouterConfig config;
    config.pac = &pac;
    config.pac_source = "pac";
    const core::ProbeSettings settings;
    Router router(config, settings, env_of({}));
    const auto failed = router.routes_for("https://boom.test/", "https", "boom.test");
    CHECK(texts(failed) == std::vector<std::string>{"DIRECT"});
    REQUIRE(failed.findings.size() == 1);
    CHECK(failed.findings[0].code == core::FindingCode::pac_eval_failed);
    CHECK(failed.findings[0].message ==
          "FindProxyForURL failed for https://boom.test/: uncaught: boom");
    CHECK(failed.info.note == "FindProxyForURL failed; DIRECT, as browsers do");
    const auto junk = router.routes_for("https://junk.test/", "https", "junk.test");
    CHECK(texts(junk) == std::vector<std::string>{"DIRECT"});
    REQUIRE(junk.findings.size() == 1);
    CHECK(junk.findings[0].message ==
          "FindProxyForURL answered no usable route for https://junk.test/: \"BOGUS 1.2.3.4\"");
  }

  TEST_CASE("router: a PAC that failed to load puts its finding on every route") {
    RouterConfig config;
    config.pac_source = "wpad";
    config.pac_failure = core::make_finding(core::FindingCode::pac_fetch_failed, "no wpad");
    config.fallback_direct = false;  // WPAD is optional: the settings decide
    const core::ProbeSettings settings;
    Router router(config, settings, env_of({{"https_proxy", "http://p:3128"}}));
    const auto plan = router.routes_for("https://a.test/", "https", "a.test");
    CHECK(texts(plan) == std::vector<std::string>{"PROXY p:3128"});
    REQUIRE(plan.findings.size() == 1);
    CHECK(plan.findings[0].code == core::FindingCode::pac_fetch_failed);
    CHECK(plan.info.note == "the PAC is unavailable; the settings decide (https_proxy)");
  }

  TEST_CASE("router: without a PAC the variables decide, no_proxy excludes, --no-proxy wins") {
    core::ProbeSettings settings;
    Router router({}, settings,
                  env_of({{"https_proxy", "http://u:pw@p:3128"}, {"no_proxy", ".okta.com"}}));
    const auto proxied = router.routes_for("https://x.test/", "https", "x.test");
    CHECK(texts(proxied) == std::vector<std::string>{"PROXY p:3128"});
    CHECK(proxied.info.source == "https_proxy");
    CHECK(proxied.info.answer.find("pw") == std::string::npos);
    const auto excluded = router.routes_for("https://a.okta.com/", "https", "a.okta.com");
    CHECK(texts(excluded) == std::vector<std::string>{"DIRECT"});
    CHECK(excluded.info.source == "no_proxy");
    settings.no_proxy = true;
    CHECK(router.routes_for("https://x.test/", "https", "x.test").info.source == "--no-proxy");
    const core::ProbeSettings none;
    Router empty({}, none, env_of({}));
    CHECK(empty.routes_for("https://x.test/", "https", "x.test").info.source == "direct");
  }

  TEST_CASE("router: a Windows manual proxy with per-scheme entries and a bypass list") {
    RouterConfig config;
    config.manual = {"http=web:80;https=secure:3128", "*.okta.com;<local>"};
    const core::ProbeSettings settings;
    Router router(config, settings, env_of({{"https_proxy", "http://ignored:1"}}));
    CHECK(texts(router.routes_for("https://x.test/", "https", "x.test")) ==
          std::vector<std::string>{"PROXY secure:3128"});
    CHECK(texts(router.routes_for("http://crl.test/a.crl", "http", "crl.test")) ==
          std::vector<std::string>{"PROXY web:80"});
    const auto bypassed = router.routes_for("https://a.okta.com/", "https", "a.okta.com");
    CHECK(texts(bypassed) == std::vector<std::string>{"DIRECT"});
    CHECK(bypassed.info.answer == "bypass list: *.okta.com;<local>");
    CHECK(texts(router.routes_for("https://intranet/", "https", "intranet")) ==
          std::vector<std::string>{"DIRECT"});
  }

  TEST_CASE("bypass_matches and manual_proxy_for: Windows forms") {
    CHECK(bypass_matches("*.corp.example; 10.*", "a.corp.example"));
    CHECK(bypass_matches("*.corp.example; 10.*", "10.1.2.3"));
    CHECK_FALSE(bypass_matches("*.corp.example", "corp.example.evil"));
    CHECK(bypass_matches(".corp.example", "corp.example"));
    CHECK(bypass_matches("<local>", "printer"));
    CHECK_FALSE(bypass_matches("<local>", "printer.corp"));
    CHECK(manual_proxy_for("proxy:8080", "https") == "proxy:8080");
    CHECK(manual_proxy_for("http=a:1;https=b:2", "https") == "b:2");
    CHECK(manual_proxy_for("socks=s:1080", "https") == "socks4a://s:1080");
    CHECK(manual_proxy_for("http=a:1", "https").empty());
  }
}

}  // namespace probe::route
