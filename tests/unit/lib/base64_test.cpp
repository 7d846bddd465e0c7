// lib/openssl/base64: the one base64 encoder and decoder (RFC 4648 test vectors).
#include "lib/openssl/base64.hpp"

#include <doctest/doctest.h>

#include <string>

namespace ossl = probe::lib::openssl;

TEST_SUITE("lib") {
  TEST_CASE("base64_encode: RFC 4648 section 10 vectors, with padding") {
    CHECK(ossl::base64_encode("") == "");
    CHECK(ossl::base64_encode("f") == "Zg==");
    CHECK(ossl::base64_encode("fo") == "Zm8=");
    CHECK(ossl::base64_encode("foo") == "Zm9v");
    CHECK(ossl::base64_encode("foobar") == "Zm9vYmFy");
  }

  TEST_CASE("base64url_encode: '-' and '_' replace '+' and '/', padding kept") {
    const std::string bytes("\xfb\xff\xfe", 3);
    CHECK(ossl::base64_encode(bytes) == "+//+");
    CHECK(ossl::base64url_encode(bytes) == "-__-");
    CHECK(ossl::base64url_encode("ü") == "w7w=");
  }

  TEST_CASE("base64_decode: round trip, whitespace ignored, garbage and bad length refused") {
    CHECK(ossl::base64_decode("Zm9v YmFy\n").value() == "foobar");
    CHECK(ossl::base64_decode("Zg==").value() == "f");
    CHECK(ossl::base64_decode("Zm8=").value() == "fo");
    const std::string all = [] {
      std::string s;
      for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
      return s;
    }();
    CHECK(ossl::base64_decode(ossl::base64_encode(all)).value() == all);
    CHECK_FALSE(ossl::base64_decode("Zm9").has_value());
    CHECK_FALSE(ossl::base64_decode("Zm9v!").has_value());
    CHECK_FALSE(ossl::base64_decode("-__-").has_value());
    CHECK_FALSE(ossl::base64_decode("").has_value());
  }
}
