// Durations and sizes from the command line, valid and malformed (exact messages).
#include "core/units.hpp"

#include <doctest/doctest.h>

#include <string>

using probe::core::ErrorKind;
using probe::core::Millis;
using probe::core::parse_duration;
using probe::core::parse_size;

namespace {

std::string duration_error(std::string_view text) {
  auto r = parse_duration(text);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::usage);
  return r.error().message;
}

std::string size_error(std::string_view text) {
  auto r = parse_size(text);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::usage);
  return r.error().message;
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("parse_duration: accepts ms, s, m, min, h, fractions and bare seconds") {
    CHECK(*parse_duration("250ms") == Millis{250});
    CHECK(*parse_duration("5s") == Millis{5000});
    CHECK(*parse_duration("5") == Millis{5000});
    CHECK(*parse_duration("1.5s") == Millis{1500});
    CHECK(*parse_duration("2m") == Millis{120000});
    CHECK(*parse_duration("2min") == Millis{120000});
    CHECK(*parse_duration("1h") == Millis{3600000});
    CHECK(*parse_duration("24h") == Millis{86400000});
    CHECK(*parse_duration("1ms") == Millis{1});
    CHECK(*parse_duration("10S") == Millis{10000});  // units are case-insensitive
  }

  TEST_CASE("parse_duration: malformed numbers name the text") {
    CHECK(duration_error("") == "invalid duration '': expected a number with a unit");
    CHECK(duration_error("abc") == "invalid duration 'abc': expected a number with a unit");
    CHECK(duration_error("-5s") == "invalid duration '-5s': expected a number with a unit");
    CHECK(duration_error("1.2.3s") == "invalid duration '1.2.3s': expected a number with a unit");
    CHECK(duration_error(".s") == "invalid duration '.s': expected a number with a unit");
  }

  TEST_CASE("parse_duration: unknown units and out-of-range values are refused") {
    CHECK(duration_error("5x") == "invalid duration '5x': unknown unit 'x' (use ms, s, m or h)");
    CHECK(duration_error("5 s") == "invalid duration '5 s': unknown unit ' s' (use ms, s, m or h)");
    CHECK(duration_error("3days") ==
          "invalid duration '3days': unknown unit 'days' (use ms, s, m or h)");
    CHECK(duration_error("0s") == "invalid duration '0s': must be between 1ms and 24h");
    CHECK(duration_error("0.4ms") == "invalid duration '0.4ms': must be between 1ms and 24h");
    CHECK(duration_error("25h") == "invalid duration '25h': must be between 1ms and 24h");
  }

  TEST_CASE("parse_duration: control characters in the text are escaped in the message") {
    CHECK(duration_error("5\ns") ==
          "invalid duration '5\\ns': unknown unit '\\ns' (use ms, s, m or h)");
  }

  TEST_CASE("parse_size: accepts bytes and binary multiples in several spellings") {
    CHECK(*parse_size("4096") == 4096u);
    CHECK(*parse_size("1b") == 1u);
    CHECK(*parse_size("512k") == 512u * 1024);
    CHECK(*parse_size("512KiB") == 512u * 1024);
    CHECK(*parse_size("1.5k") == 1536u);
    CHECK(*parse_size("10MiB") == 10u * 1024 * 1024);
    CHECK(*parse_size("10M") == 10u * 1024 * 1024);
    CHECK(*parse_size("10mb") == 10u * 1024 * 1024);
    CHECK(*parse_size("1GiB") == 1024ull * 1024 * 1024);
    CHECK(*parse_size("64GiB") == 64ull * 1024 * 1024 * 1024);
  }

  TEST_CASE("parse_size: malformed sizes give exact messages") {
    CHECK(size_error("") == "invalid size '': expected a number with a unit");
    CHECK(size_error("MiB") == "invalid size 'MiB': expected a number with a unit");
    CHECK(size_error("-1k") == "invalid size '-1k': expected a number with a unit");
    CHECK(size_error("10XB") == "invalid size '10XB': unknown unit 'xb' (use KiB, MiB or GiB)");
    CHECK(size_error("10TiB") == "invalid size '10TiB': unknown unit 'tib' (use KiB, MiB or GiB)");
    CHECK(size_error("0") == "invalid size '0': must be between 1 byte and 64GiB");
    CHECK(size_error("65GiB") == "invalid size '65GiB': must be between 1 byte and 64GiB");
  }
}
