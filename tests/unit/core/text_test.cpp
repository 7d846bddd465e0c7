// Text helpers for hostile strings: escaping, bounding, globbing and DNS-name checks.
#include "core/text.hpp"

#include <doctest/doctest.h>

#include <string>

using probe::core::bound;
using probe::core::escape_control;
using probe::core::glob_match;
using probe::core::is_dns_name;

TEST_SUITE("core") {
  TEST_CASE("escape_control: printable ASCII and UTF-8 pass through unchanged") {
    CHECK(escape_control("CN=*.okta.com,O=Okta\\, Inc.") == "CN=*.okta.com,O=Okta\\, Inc.");
    CHECK(escape_control("Zürich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x94\x92") ==
          "Zürich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x94\x92");
    CHECK(escape_control("") == "");
  }

  TEST_CASE("escape_control: C0 controls and DEL are escaped") {
    CHECK(escape_control("a\nb") == "a\\nb");
    CHECK(escape_control("a\rb\tc") == "a\\rb\\tc");
    CHECK(escape_control(std::string("nul\0x", 5)) == "nul\\x00x");
    CHECK(escape_control("\x1B[31mred\x1B[0m") == "\\x1B[31mred\\x1B[0m");  // ANSI colour
    CHECK(escape_control("bell\x07") == "bell\\x07");
    CHECK(escape_control("del\x7F") == "del\\x7F");
  }

  TEST_CASE("escape_control: invalid UTF-8 bytes are escaped one by one") {
    CHECK(escape_control("\xFF\xFE") == "\\xFF\\xFE");
    CHECK(escape_control("a\x80z") == "a\\x80z");                         // lone continuation byte
    CHECK(escape_control("\xC3") == "\\xC3");                             // truncated sequence
    CHECK(escape_control("\xC0\xAF") == "\\xC0\\xAF");                    // overlong '/'
    CHECK(escape_control("\xED\xA0\x80") == "\\xED\\xA0\\x80");           // UTF-16 surrogate
    CHECK(escape_control("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // past U+10FFFF
  }

  TEST_CASE("escape_control: C1 controls and bidi overrides are escaped") {
    CHECK(escape_control("a\xC2\x85z") == "a\\xC2\\x85z");  // U+0085 NEL
    CHECK(escape_control("\xC2\x9B") == "\\xC2\\x9B");      // U+009B CSI
    CHECK(escape_control("\xC2\xA0") == "\xC2\xA0");        // U+00A0 is printable
    CHECK(escape_control("evil\xE2\x80\xAEgpj.exe") == "evil\\xE2\\x80\\xAEgpj.exe");  // RLO
    CHECK(escape_control("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") ==
          "\\xE2\\x80\\xAA\\xE2\\x80\\xAB\\xE2\\x80\\xAC\\xE2\\x80\\xAD");
    CHECK(escape_control("\xE2\x81\xA6x\xE2\x81\xA9") == "\\xE2\\x81\\xA6x\\xE2\\x81\\xA9");
  }

  TEST_CASE("escape_control: input longer than the bound is cut and marked") {
    const std::string long_text(3000, 'a');
    const auto out = escape_control(long_text);
    CHECK(out == std::string(probe::core::k_max_network_string, 'a') + "...");
    CHECK(escape_control("abcdef", 3) == "abc...");
    CHECK(escape_control("abc", 3) == "abc");
    CHECK(escape_control("\n\n\n\n", 2) == "\\n\\n...");  // bound counts input bytes
  }

  TEST_CASE("bound: short text is unchanged and long text is cut at a UTF-8 boundary") {
    CHECK(bound("short") == "short");
    CHECK(bound("abcdef", 4) == "abcd...");
    CHECK(bound("abcd", 4) == "abcd");
    // "é" is two bytes: a cut after byte 2 of "aé" would split it, so it steps back.
    CHECK(bound("a\xC3\xA9z", 2) == "a...");
    CHECK(bound("\xE6\x9D\xB1\xE4\xBA\xAC", 4) == "\xE6\x9D\xB1...");
    CHECK(bound(std::string(5000, 'x')).size() == probe::core::k_max_network_string + 3);
  }

  TEST_CASE("to_lower: only ASCII letters change") {
    CHECK(probe::core::to_lower("Login.OKTA.com") == "login.okta.com");
    CHECK(probe::core::to_lower("\xC3\x89") == "\xC3\x89");
  }

  TEST_CASE("trim: ASCII blanks at both ends only") {
    CHECK(probe::core::trim("  a b\t\r\n") == "a b");
    CHECK(probe::core::trim("\r\n\t ") == "");
    CHECK(probe::core::trim("") == "");
    CHECK(probe::core::trim("x") == "x");
    CHECK(probe::core::trim("\xc2\xa0x") == "\xc2\xa0x");  // not Unicode blanks
  }

  TEST_CASE("glob_match: star, question mark, case-insensitivity and anchoring") {
    CHECK(glob_match("*.okta.com", "acme.okta.com"));
    CHECK(glob_match("*.okta.com", "a.b.okta.com"));
    CHECK_FALSE(glob_match("*.okta.com", "okta.com"));
    CHECK_FALSE(glob_match("*.okta.com", "acme.okta.com.evil"));
    CHECK(glob_match("*.OKTA.com", "Acme.okta.COM"));
    CHECK(glob_match("okta-*", "okta-mtls"));
    CHECK_FALSE(glob_match("okta-*", "oktapreview-org"));
    CHECK(glob_match("login.okta.co?", "login.okta.com"));
    CHECK_FALSE(glob_match("login.okta.co?", "login.okta.co"));
    CHECK(glob_match("*", ""));
    CHECK(glob_match("", ""));
    CHECK_FALSE(glob_match("", "a"));
    CHECK(glob_match("**a**", "bab"));
    CHECK(glob_match("*mtls*", "{org}.mtls.okta.com"));
  }

  TEST_CASE("glob_match: a pathological pattern finishes (no exponential backtracking)") {
    const std::string text(2000, 'a');
    CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));
    CHECK(glob_match("*a*a*a*a*a*a*a*a*a", text));
  }

  TEST_CASE("is_dns_name: accepts host names and rejects everything else") {
    CHECK(is_dns_name("login.okta.com"));
    CHECK(is_dns_name("login.okta.com."));
    CHECK(is_dns_name("ok12static.oktacdn.com"));
    CHECK(is_dns_name("a-b.c-d.example"));
    CHECK(is_dns_name("LOGIN.Okta.COM"));
    CHECK_FALSE(is_dns_name(""));
    CHECK_FALSE(is_dns_name("."));
    CHECK_FALSE(is_dns_name("localhost"));  // one label
    CHECK_FALSE(is_dns_name("-a.okta.com"));
    CHECK_FALSE(is_dns_name("a-.okta.com"));
    CHECK_FALSE(is_dns_name("a..okta.com"));
    CHECK_FALSE(is_dns_name("a b.okta.com"));
    CHECK_FALSE(is_dns_name("https://okta.com"));
    CHECK_FALSE(is_dns_name("okta.com:443"));
    CHECK_FALSE(is_dns_name("{org}.okta.com"));
    CHECK_FALSE(is_dns_name("h\xC3\xA9.okta.com"));
  }

  TEST_CASE("is_dns_name: underscores are tolerated as real zones use them") {
    CHECK(is_dns_name("_dmarc.okta.com"));
    CHECK(is_dns_name("a_b.example.com"));
  }

  TEST_CASE("is_dns_name: enforces label and name lengths") {
    const std::string label63(63, 'a');
    const std::string label64(64, 'a');
    CHECK(is_dns_name(label63 + ".com"));
    CHECK_FALSE(is_dns_name(label64 + ".com"));
    std::string name;
    for (int i = 0; i < 4; ++i) name += std::string(61, 'b') + ".";  // 248 bytes
    name += "com";                                                   // 251
    CHECK(is_dns_name(name));
    CHECK_FALSE(is_dns_name(name + "xxx"));  // 254
  }

  TEST_CASE("is_dns_name: a wildcard is allowed only as the whole first label when asked") {
    CHECK(is_dns_name("*.okta.com", true));
    CHECK_FALSE(is_dns_name("*.okta.com"));
    CHECK_FALSE(is_dns_name("a.*.okta.com", true));
    CHECK_FALSE(is_dns_name("*a.okta.com", true));
    CHECK_FALSE(is_dns_name("*", true));
  }
}

TEST_SUITE("core") {
  TEST_CASE("markup_escape: one escaper, the apostrophe entity per language") {
    using probe::core::Markup;
    using probe::core::markup_escape;
    CHECK(markup_escape("<a href=\"x\">'&'</a>", Markup::html) ==
          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(markup_escape("<a href=\"x\">'&'</a>", Markup::xml) ==
          "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    // XML 1.0 cannot carry C0 controls (but \n and \t) nor U+FFFE/U+FFFF.
    CHECK(markup_escape("a\nb\t\x01\xEF\xBF\xBE\xEF\xBF\xBF", Markup::xml) ==
          "a\nb\t\\x01\\uFFFE\\uFFFF");
    CHECK(markup_escape("\xEF\xBF\xBE", Markup::html) == "\xEF\xBF\xBE");
  }
}
