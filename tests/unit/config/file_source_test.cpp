// Where configuration bytes come from: embedded files, a directory, or memory (tests).
#include "config/file_source.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "config/yaml_reader.hpp"
#include "core/embedded.hpp"

using probe::config::DiskSource;
using probe::config::EmbeddedSource;
using probe::config::MemorySource;
using probe::core::ErrorKind;

TEST_SUITE("config") {
  TEST_CASE("file_source: the embedded pins/ lists its pinset files and reads their bytes") {
    const EmbeddedSource pins("pins/");
    auto names = pins.list(".yaml");
    REQUIRE(names.has_value());
    CHECK(*names == std::vector<std::string>{"okta.yaml"});
    auto bytes = pins.read("okta.yaml");
    REQUIRE(bytes.has_value());
    CHECK(*bytes == *probe::core::embedded_file("pins/okta.yaml"));
    auto cert = pins.read("certs/../certs/DigiCert_Global_Root_G2.pem");  // normalised
    REQUIRE(cert.has_value());
    CHECK(cert->starts_with("-----BEGIN CERTIFICATE-----"));
    CHECK(pins.display("okta.yaml") == "<built-in>/pins/okta.yaml");
    auto missing = pins.read("nope.yaml");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().kind == ErrorKind::config);
    CHECK(missing.error().message == "<built-in>/pins/nope.yaml: no such built-in file");
  }

  TEST_CASE("file_source: a memory source normalises paths and lists only top-level names") {
    const MemorySource files({{"a.yaml", "A"}, {"certs/x.pem", "X"}, {"b.txt", "B"}});
    CHECK(*files.read("./certs/x.pem") == "X");
    CHECK(*files.list(".yaml") == std::vector<std::string>{"a.yaml"});
    CHECK(files.list(".pem")->empty());
    auto missing = files.read("c.yaml");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().kind == ErrorKind::io);
    CHECK(missing.error().message == "c.yaml: no such file");
  }

  TEST_CASE("file_source: a disk source reads the repository's pins and names missing dirs") {
    const DiskSource pins(std::string(PROBE_SOURCE_DIR) + "/pins");
    auto names = pins.list(".yaml");
    REQUIRE(names.has_value());
    CHECK(*names == std::vector<std::string>{"okta.yaml"});
    CHECK(pins.display("okta.yaml") == std::string(PROBE_SOURCE_DIR) + "/pins/okta.yaml");
    const DiskSource nowhere("/nonexistent-pinprobe-dir");
    auto listed = nowhere.list(".yaml");
    REQUIRE_FALSE(listed.has_value());
    CHECK(listed.error().kind == ErrorKind::io);
    CHECK(listed.error().message ==
          "/nonexistent-pinprobe-dir: cannot list: No such file or directory");
  }

  TEST_CASE("yaml_reader: closest suggests a key within two edits, case-insensitively") {
    using probe::config::detail::closest;
    CHECK(closest("hots", {"name", "hosts", "ports"}) == std::optional<std::string_view>("hosts"));
    CHECK(closest("PORTS", {"name", "hosts", "ports"}) == std::optional<std::string_view>("ports"));
    CHECK(closest("allowlst", {"allowlist", "pins"}) ==
          std::optional<std::string_view>("allowlist"));
    CHECK_FALSE(closest("colour", {"version", "groups", "revocation"}).has_value());
    CHECK_FALSE(closest("", {"abcdef"}).has_value());
  }
}
