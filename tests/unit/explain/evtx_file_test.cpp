// .evtx read from memory (libbfio memory range), truncation from the file header, and .evtx
// entries of a zip read in memory. The .evtx files are generated with
// tests/integration/lib/evtx_writer.py from the seed fixtures.
#include "explain/evtx_file.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/file_source.hpp"
#include "explain/bundle.hpp"
#include "explain/event_record.hpp"

using namespace probe;
using namespace probe::explain;

namespace {

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("pinprobe-evtx-file-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs the generator (cwd: the source tree) and returns the file's bytes.
std::string generate(const std::filesystem::path& out, const std::string& events,
                     const std::string& extra = {}) {
  const auto command = "python3 tests/integration/lib/evtx_writer.py write tests/fixtures/evtx/" +
                       events + " " + out.string() + extra;
  REQUIRE(std::system(command.c_str()) == 0);
  auto bytes = config::read_file(out.string());
  REQUIRE(bytes.has_value());
  return *bytes;
}

// A file header of `chunks` chunks after a 4096-byte header block.
std::string header(std::uint16_t chunks) {
  std::string head(128, '\0');
  head.replace(0, 8, std::string("ElfFile\0", 8));
  head[40] = '\x00';
  head[41] = '\x10';
  head[42] = static_cast<char>(chunks & 0xff);
  head[43] = static_cast<char>(chunks >> 8);
  return head;
}

std::vector<std::uint8_t> as_bytes(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_SUITE("explain") {
  TEST_CASE("evtx: truncation told from the file header") {
    constexpr std::uint64_t k_chunk = 65536;
    CHECK_FALSE(evtx_truncation(header(3), 4096 + 3 * k_chunk));
    CHECK_FALSE(evtx_truncation(header(3), 4096 + 4 * k_chunk));  // longer: still being written
    CHECK_FALSE(evtx_truncation(header(0), 100));
    CHECK_FALSE(evtx_truncation("not an evtx header at all, long enough to hold the fields", 9));
    CHECK_FALSE(evtx_truncation(header(3).substr(0, 40), 10));
    const auto mid = evtx_truncation(header(3), 4096 + 2 * k_chunk + 1000);
    REQUIRE(mid);
    CHECK(*mid ==
          "truncated: the header lists 3 chunks, the file ends after 2 whole in chunk 3: the "
          "records of 1 chunk are lost");
    const auto early = evtx_truncation(header(1), 2000);
    REQUIRE(early);
    CHECK(*early ==
          "truncated: the header lists 1 chunk, the file ends in its header, before in chunk 1: "
          "the records of 1 chunk are lost");
  }

  TEST_CASE("evtx: read from memory like from the file") {
    if (!evtx_memory_supported()) return;
    const auto dir = scratch("memory");
    const auto path = dir / "Admin.evtx";
    const auto file_bytes = generate(path, "seed-scep-admin.json");
    std::vector<EventFields> from_file;
    auto on_disk = read_evtx(path.string(), [&](EventFields&& e) { from_file.push_back(e); });
    REQUIRE(on_disk);
    auto bytes = as_bytes(file_bytes);
    std::vector<EventFields> from_memory;
    auto in_memory =
        read_evtx_memory("Admin.evtx", bytes, [&](EventFields&& e) { from_memory.push_back(e); });
    REQUIRE(in_memory);
    CHECK(in_memory->records == 2);
    CHECK_FALSE(in_memory->corrupted);
    CHECK(in_memory->problems.empty());
    REQUIRE(from_memory.size() == 2);
    REQUIRE(from_file.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(from_memory[i].event_id == from_file[i].event_id);
      CHECK(from_memory[i].time == from_file[i].time);
      CHECK(from_memory[i].channel == from_file[i].channel);
      CHECK(from_memory[i].message == from_file[i].message);
    }
    // The template-instance records render typed values: the FILETIME as 9 fraction digits.
    CHECK(from_memory[0].event_id == 307U);
    CHECK(from_memory[0].time == "2024-03-05T09:41:07.252000000Z");
    CHECK(from_memory[0].channel ==
          "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin");
    CHECK(from_memory[0].message.find("CA cert thumbprint 12345678910abcdefghijk1a2b3") !=
          std::string::npos);
    CHECK(from_memory[1].event_id == 32U);
    CHECK(from_memory[1].level == 2);

    auto garbage = as_bytes(std::string(8192, 'x'));
    const auto bad = read_evtx_memory("junk.evtx", garbage, [](EventFields&&) {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("junk.evtx: not a readable .evtx file") == 0);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("evtx: a file cut mid-record keeps its whole chunks and reports the rest") {
    if (!evtx_memory_supported()) return;
    const auto dir = scratch("cut");
    const auto path = dir / "tpm.evtx";
    generate(path, "seed-tpm.json", " --per-chunk 1");
    const auto cut = dir / "cut.evtx";
    REQUIRE(std::system(("python3 tests/integration/lib/evtx_writer.py damage " + path.string() +
                         " " + cut.string() + " --cut-mid-record 3")
                            .c_str()) == 0);
    std::vector<EventFields> events;
    auto summary = read_evtx(cut.string(), [&](EventFields&& e) { events.push_back(e); });
    REQUIRE(summary);
    CHECK(summary->records == 2);
    CHECK(summary->corrupted);
    REQUIRE_FALSE(summary->problems.empty());
    CHECK(summary->problems[0] ==
          "truncated: the header lists 3 chunks, the file ends after 2 whole in chunk 3: the "
          "records of 1 chunk are lost");
    REQUIRE(events.size() == 2);
    CHECK(events[1].message.find("CreateSilentKeyPair, HResult: 0x80290407") != std::string::npos);
    // The same bytes in memory: the same records and report.
    auto bytes = as_bytes(*config::read_file(cut.string()));
    std::size_t n = 0;
    auto memory = read_evtx_memory("cut.evtx", bytes, [&](EventFields&&) { ++n; });
    REQUIRE(memory);
    CHECK(n == 2);
    CHECK(memory->problems == summary->problems);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("bundle: an .evtx entry read whole into memory, within the caps") {
    if (!zip_supported()) return;
    const auto dir = scratch("zip");
    const auto evtx = generate(dir / "Admin.evtx", "seed-scep-admin.json");
    const auto zip = dir / "bundle.zip";
    REQUIRE(std::system(("cd " + dir.string() +
                         " && python3 -c 'import zipfile; z=zipfile.ZipFile(\"bundle.zip\",\"w\","
                         "zipfile.ZIP_DEFLATED); z.writestr(zipfile.ZipInfo(\"logs/\"), \"\"); "
                         "z.write(\"Admin.evtx\", \"logs/Admin.evtx\"); "
                         "z.writestr(\"logs/OktaVerify.log\", \"hello\\n\")'")
                            .c_str()) == 0);
    std::vector<std::string> evtx_names;
    std::vector<std::string> cuts;
    std::string got;
    std::size_t text_entries = 0;
    ZipSink sink{[&](const ZipEntryInfo&) {
                   ++text_entries;
                   return true;
                 },
                 [](std::string_view) -> core::Result<void> { return {}; },
                 [](const ZipEntryInfo&, std::string_view) -> core::Result<void> { return {}; },
                 [&](const ZipEntryInfo& e, std::span<std::uint8_t> bytes,
                     std::string_view cut) -> core::Result<void> {
                   evtx_names.push_back(e.name);
                   cuts.emplace_back(cut);
                   got.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
                   return {};
                 }};
    auto summary = read_zip(zip.string(), {}, sink);
    REQUIRE(summary);
    CHECK(evtx_names == std::vector<std::string>{"logs/Admin.evtx"});
    CHECK(cuts == std::vector<std::string>{""});
    CHECK(got == evtx);
    CHECK(text_entries == 1);
    CHECK(summary->entries == 3);
    CHECK(summary->read == 2);
    CHECK(summary->skipped_other == 0);  // the folder entry "logs/" is no file to skip

    // Over --max-input: read up to the cap, the cut reported.
    BundleLimits limits;
    limits.max_entry_bytes = 4096 + 1000;
    evtx_names.clear();
    cuts.clear();
    summary = read_zip(zip.string(), limits, sink);
    REQUIRE(summary);
    REQUIRE(cuts.size() == 1);
    CHECK(got.size() == 4096 + 1000);
    CHECK(cuts[0].find("over the 5096 bytes an .evtx is read into memory") != std::string::npos);
    REQUIRE_FALSE(summary->problems.empty());
    CHECK(summary->problems[0].find("logs/Admin.evtx: declares") == 0);

    // A sink that takes no .evtx: skipped and noted, as before.
    sink.evtx = nullptr;
    evtx_names.clear();
    summary = read_zip(zip.string(), {}, sink);
    REQUIRE(summary);
    CHECK(evtx_names.empty());
    CHECK(summary->skipped_other == 1);
    CHECK(summary->problems[0].find("an .evtx inside a zip is not read") != std::string::npos);
    std::filesystem::remove_all(dir);
  }
}
