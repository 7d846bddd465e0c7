#include "connect/proxy.hpp"

#include <doctest/doctest.h>

#include <map>

namespace probe::connect {
namespace {

EnvFn env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_SUITE("connect") {
  TEST_CASE("choose_proxy: https uses https_proxy before HTTPS_PROXY, then ALL_PROXY") {
    const core::ProbeSettings s;
    CHECK(
        choose_proxy("https", "a.okta.com", s,
                     env_of({{"https_proxy", "http://p1:3128"}, {"HTTPS_PROXY", "http://p2:3128"}}))
            .url == "http://p1:3128");
    const auto upper =
        choose_proxy("https", "a.okta.com", s, env_of({{"HTTPS_PROXY", "http://p2"}}));
    CHECK(upper.url == "http://p2");
    CHECK(upper.source == "HTTPS_PROXY");
    CHECK(choose_proxy("https", "a.okta.com", s, env_of({{"ALL_PROXY", "http://p3"}})).url ==
          "http://p3");
    CHECK(choose_proxy("https", "a.okta.com", s, env_of({})).direct());
  }

  TEST_CASE("choose_proxy: http ignores upper-case HTTP_PROXY like curl") {
    const core::ProbeSettings s;
    CHECK(choose_proxy("http", "crl3.digicert.com", s, env_of({{"HTTP_PROXY", "http://p"}}))
              .direct());
    CHECK(choose_proxy("http", "crl3.digicert.com", s, env_of({{"http_proxy", "http://p"}})).url ==
          "http://p");
  }

  TEST_CASE("choose_proxy: NO_PROXY excludes hosts, --no-proxy ignores everything") {
    core::ProbeSettings s;
    const auto env = env_of({{"https_proxy", "http://p"}, {"NO_PROXY", "localhost,.okta.com"}});
    CHECK(choose_proxy("https", "login.okta.com", s, env).direct());
    CHECK(choose_proxy("https", "okta.com", s, env).direct());
    CHECK(choose_proxy("https", "oktacdn.com", s, env).url == "http://p");
    s.no_proxy = true;
    CHECK(choose_proxy("https", "oktacdn.com", s, env).direct());
  }

  TEST_CASE("choose_proxy: --proxy beats the environment but not NO_PROXY") {
    core::ProbeSettings s;
    s.proxy = "http://explicit:8080";
    const auto env = env_of({{"https_proxy", "http://p"}, {"no_proxy", "internal.example"}});
    const auto choice = choose_proxy("https", "login.okta.com", s, env);
    CHECK(choice.url == "http://explicit:8080");
    CHECK(choice.source == "--proxy");
    CHECK(choose_proxy("https", "x.internal.example", s, env).direct());
  }

  TEST_CASE("no_proxy_matches: star, exact names and domain suffixes, case-insensitive") {
    CHECK(no_proxy_matches("*", "anything.example"));
    CHECK(no_proxy_matches(" a.example , b.example", "B.Example"));
    CHECK(no_proxy_matches("example.com", "www.example.com"));
    CHECK_FALSE(no_proxy_matches("example.com", "badexample.com"));
    CHECK_FALSE(no_proxy_matches("", "example.com"));
    CHECK_FALSE(no_proxy_matches(",,", "example.com"));
  }

  TEST_CASE("redact_proxy: credentials are removed from the proxy URL") {
    CHECK(redact_proxy("http://user:secret@proxy.corp:3128") == "http://proxy.corp:3128/");
    CHECK(redact_proxy("http://user@proxy.corp:3128/") == "http://proxy.corp:3128/");
    CHECK(redact_proxy("socks5h://u:p%40ss@10.0.0.1:1080") == "socks5h://10.0.0.1:1080/");
    // Without a scheme curl reads it as http, and so does the redaction.
    CHECK(redact_proxy("user:secret@proxy.corp:3128") == "http://proxy.corp:3128/");
    // A password holding '@' unencoded (curl refuses it): everything up to the last '@' goes.
    CHECK(redact_proxy("http://u:se@cret@proxy.corp:3128") == "http://proxy.corp:3128");
    // Not parseable by curl (bad port): still nothing before the last '@' is shown.
    CHECK(redact_proxy("http://u:secret@proxy.corp:99999") == "http://proxy.corp:99999");
    // An '@' in the path is not a credential: the text is kept as typed.
    CHECK(redact_proxy("http://proxy.corp:3128/a@b") == "http://proxy.corp:3128/a@b");
    CHECK(redact_proxy("http://proxy.corp:3128/") == "http://proxy.corp:3128/");
    CHECK(redact_proxy("proxy.corp:3128") == "proxy.corp:3128");
    CHECK(redact_proxy("") == "");
  }
}

}  // namespace probe::connect
