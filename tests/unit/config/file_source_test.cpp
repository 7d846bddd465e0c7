// Where configuration bytes come from: embedded files, a directory, or memory (tests).
#include "config/file_source.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "config/yaml_reader.hpp"
#include "core/embedded.hpp"

using probe::config::DiskSource;
using probe::config::EmbeddedSource;
using probe::config::MemorySource;
using probe::config::read_chunks;
using probe::config::read_file;
using probe::config::ReadLimit;

namespace {

// Peak resident set size of this process, in KiB.
long peak_rss_kib() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string scratch_file(std::string_view name, std::size_t bytes) {
  const auto path =
      std::filesystem::temp_directory_path() /
      ("pinprobe-file-source-" + std::to_string(::getpid()) + "-" + std::string(name));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const std::string block(4096, 'a');
  for (std::size_t n = 0; n < bytes; n += block.size()) {
    out.write(block.data(), static_cast<std::streamsize>(std::min(block.size(), bytes - n)));
  }
  return path.string();
}

}  // namespace
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

  TEST_CASE("file_source: a file over its cap is refused by size before it is read") {
    const auto path = scratch_file("big", 8192 + 1);
    auto r = read_file(path, ReadLimit{8192, "for a test"});
    std::filesystem::remove(path);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::io);
    CHECK(r.error().message == path + ": 8193 bytes, over the 8 KiB limit for a test");
  }

  TEST_CASE("file_source: a file exactly at its cap is read whole, in chunks") {
    const auto path = scratch_file("exact", 200 * 1024);
    std::size_t chunks = 0;
    std::size_t total = 0;
    auto r = read_chunks(path, ReadLimit{200 * 1024, "for a test"},
                         [&](std::string_view chunk) -> probe::core::Result<void> {
                           ++chunks;
                           total += chunk.size();
                           CHECK(chunk.size() <= 64 * 1024);
                           return {};
                         });
    std::filesystem::remove(path);
    REQUIRE(r.has_value());
    CHECK(total == 200 * 1024);
    CHECK(chunks == 4);
  }

  TEST_CASE("file_source: /dev/zero is refused at the cap without growing memory") {
    const auto before = peak_rss_kib();
    auto r = read_file("/dev/zero");  // the default cap, 16 MiB
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "/dev/zero: over the 16 MiB limit for a file read whole");
    // The string held at most cap + 1 bytes: well under 64 MiB more than before.
    CHECK(peak_rss_kib() - before < 64 * 1024);
    auto config = read_file("/dev/zero", probe::config::k_config_limit);
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().message == "/dev/zero: over the 4 MiB limit for configuration files");
  }

  TEST_CASE("file_source: a FIFO is read in chunks and refused once over the cap") {
    const auto fifo = std::filesystem::temp_directory_path() /
                      ("pinprobe-file-source-fifo-" + std::to_string(::getpid()));
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {  // writes until the reader goes away
      std::FILE* out = std::fopen(fifo.c_str(), "wb");
      const std::string block(4096, 'x');
      while (out != nullptr && std::fwrite(block.data(), 1, block.size(), out) == block.size()) {
      }
      _exit(0);
    }
    std::size_t total = 0;
    auto r = read_chunks(fifo.string(), ReadLimit{100000, "for a test"},
                         [&](std::string_view chunk) -> probe::core::Result<void> {
                           total += chunk.size();
                           return {};
                         });
    std::filesystem::remove(fifo);
    ::kill(writer, SIGKILL);
    int status = 0;
    ::waitpid(writer, &status, 0);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == fifo.string() + ": over the 100000 bytes limit for a test");
    CHECK(total <= 100000);
  }

  TEST_CASE("file_source: a disk source caps configuration files and names the file") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("pinprobe-file-source-dir-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
      std::ofstream out(dir / "huge.yaml", std::ios::binary);
      out.seekp(static_cast<std::streamoff>(probe::config::k_max_config_bytes));
      out.put('\n');  // sparse: one byte past the cap
    }
    const DiskSource source(dir.string());
    auto r = source.read("huge.yaml");
    std::filesystem::remove_all(dir);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == (dir / "huge.yaml").string() +
                                   ": 4194305 bytes, over the 4 MiB limit for configuration files");
  }

  TEST_CASE("file_source: format_limit names binary multiples and falls back to bytes") {
    using probe::config::format_limit;
    CHECK(format_limit(1024ULL * 1024 * 1024) == "1 GiB");
    CHECK(format_limit(16 * 1024 * 1024) == "16 MiB");
    CHECK(format_limit(8192) == "8 KiB");
    CHECK(format_limit(1500) == "1500 bytes");
  }
}
