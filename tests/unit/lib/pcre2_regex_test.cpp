#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "lib/pcre2/regex.hpp"

namespace probe::lib::pcre2 {

TEST_SUITE("lib/pcre2") {
  TEST_CASE("Regex: matches anywhere in the text, ignoring case") {
    auto regex = Regex::compile("Cert chain validation for .* failed");
    REQUIRE(regex.has_value());
    CHECK(regex->search("2026-01-01 X509: cert CHAIN validation for CN=*.okta.com FAILED."));
    CHECK_FALSE(regex->search("Cert chain validation for CN=*.okta.com succeeded"));
    CHECK(regex->capture_count() == 0);
  }

  TEST_CASE("Regex: hands back each capture group, unset groups as nullopt") {
    auto regex = Regex::compile("NDES Server '([^']+)', CA cert thumbprint\\s*([0-9A-F]+)(x)?");
    REQUIRE(regex.has_value());
    CHECK(regex->capture_count() == 3);
    std::vector<std::optional<std::string>> groups;
    REQUIRE(regex->search("Failed: NDES Server 'ndes.corp', CA cert thumbprint ab12cd", &groups));
    REQUIRE(groups.size() == 3);
    CHECK(groups[0] == std::optional<std::string>{"ndes.corp"});
    CHECK(groups[1] == std::optional<std::string>{"ab12cd"});
    CHECK_FALSE(groups[2].has_value());
    // A later search that does not match leaves nothing of the earlier one behind.
    CHECK_FALSE(regex->search("nothing here", &groups));
  }

  TEST_CASE("Regex: a pattern that does not compile names the error and its offset") {
    const auto bad = Regex::compile("a(");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().kind == core::ErrorKind::config);
    CHECK(bad.error().message == "missing closing parenthesis at offset 2");
    CHECK(Regex::compile("[z-a]").error().message ==
          "range out of order in character class at offset 3");
  }

  TEST_CASE("Regex: bytes that are not UTF-8 and embedded NULs are matched as bytes") {
    auto regex = Regex::compile("0x80290407");
    REQUIRE(regex.has_value());
    const std::string text("\xff\xfe\0 hr=0x80290407 \xc3", 20);
    CHECK(regex->search(text));
  }

  TEST_CASE("Regex: catastrophic backtracking on a hostile line stops at the match limit") {
    // (a+)+$ against a long run of 'a' ending in 'b' is exponential without a limit.
    auto regex = Regex::compile("(a+)+$");
    REQUIRE(regex.has_value());
    const std::string hostile = std::string(40'000, 'a') + "b";
    CHECK_FALSE(regex->search(hostile));
    CHECK(regex->search("aaa"));
  }
}

}  // namespace probe::lib::pcre2
