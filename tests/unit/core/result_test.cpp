// Result<T>: a value or an Error, with std::expected's member names.
#include "core/result.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using probe::core::Error;
using probe::core::ErrorKind;
using probe::core::Result;
using probe::core::unexpected;

namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return unexpected(ErrorKind::usage, "value must be positive");
  return v;
}

Result<void> check_even(int v) {
  if (v % 2 != 0) return unexpected(Error{ErrorKind::config, "odd"});
  return {};
}

Result<int> doubled(int v) {
  auto parsed = parse_positive(v);
  if (!parsed) return unexpected(parsed.error());  // propagation keeps kind and message
  return *parsed * 2;
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("result: a value converts to true and gives the value back") {
    auto r = parse_positive(7);
    CHECK(r.has_value());
    CHECK(static_cast<bool>(r));
    CHECK(r.value() == 7);
    CHECK(*r == 7);
  }

  TEST_CASE("result: an error converts to false and keeps its kind and message") {
    auto r = parse_positive(-1);
    CHECK_FALSE(r.has_value());
    CHECK_FALSE(static_cast<bool>(r));
    CHECK(r.error().kind == ErrorKind::usage);
    CHECK(r.error().message == "value must be positive");
  }

  TEST_CASE("result: errors propagate unchanged through another Result type") {
    auto ok = doubled(4);
    REQUIRE(ok);
    CHECK(*ok == 8);
    auto bad = doubled(0);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::usage);
    CHECK(bad.error().message == "value must be positive");
  }

  TEST_CASE("result: Result<void> is success by default and failure from unexpected") {
    CHECK(check_even(2).has_value());
    auto r = check_even(3);
    CHECK_FALSE(r);
    CHECK(r.error().kind == ErrorKind::config);
    CHECK(r.error().message == "odd");
  }

  TEST_CASE("result: arrow and rvalue access reach into the value without copies") {
    Result<std::string> s = std::string("pinprobe");
    CHECK(s->size() == 8);
    s->append("!");
    CHECK(*s == "pinprobe!");
    const std::string moved = *std::move(s);
    CHECK(moved == "pinprobe!");

    Result<std::unique_ptr<int>> p = std::make_unique<int>(42);  // move-only T
    REQUIRE(p);
    auto owned = std::move(p).value();
    CHECK(*owned == 42);
  }

  TEST_CASE("result: a moved-out error keeps its message") {
    Result<std::vector<int>> r = unexpected(ErrorKind::io, "f.pem: cannot open: No such file");
    REQUIRE_FALSE(r);
    Error e = std::move(r).error();
    CHECK(e.kind == ErrorKind::io);
    CHECK(e.message == "f.pem: cannot open: No such file");
  }

  TEST_CASE("result: a default Error is an internal error") {
    const Error e;
    CHECK(e.kind == ErrorKind::internal);
    CHECK(e.message.empty());
  }
}
