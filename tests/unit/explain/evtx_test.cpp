// .evtx records, event-log fields in signatures, the timeline, --since, folders and zips.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/file_source.hpp"
#include "config/signatures.hpp"
#include "explain/bundle.hpp"
#include "explain/event_record.hpp"
#include "explain/evtx_file.hpp"
#include "explain/matcher.hpp"

using namespace probe;
using namespace probe::explain;

namespace {

const std::vector<config::Signature>& signatures() {
  static const auto sigs = config::default_signatures().value();
  return sigs;
}

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("pinprobe-evtx-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string utf16le(const std::string& ascii) {
  std::string out = "\xff\xfe";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

const char* k_xml =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider' "
    "Guid='{3da494e4-0fe2-415c-b895-fb5265c5c83b}'/><EventID Qualifiers='0'>307</EventID>"
    "<Level>2</Level><TimeCreated SystemTime='2024-03-05T09:41:07.252Z'/>"
    "<EventRecordID>4711</EventRecordID>"
    "<Channel>Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin</Channel>"
    "<Computer>DESKTOP-1234567</Computer></System><EventData><Data Name='Message1'>"
    "Failed to Initialize SCEP enrollment with NDES Server &apos;https://a.okta.com/scep&apos;, "
    "CA cert thumbprint  AB12</Data></EventData></Event>";

}  // namespace

TEST_SUITE("explain") {
  TEST_CASE("event record: the fields and message data of an event's XML") {
    const auto e = event_from_xml(k_xml);
    REQUIRE(e.event_id);
    CHECK(*e.event_id == 307);
    CHECK(e.level == 2);
    CHECK(e.provider == "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider");
    CHECK(e.channel == "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin");
    CHECK(e.computer == "DESKTOP-1234567");
    CHECK(e.time == "2024-03-05T09:41:07.252Z");
    CHECK(e.record_id == 4711);
    CHECK(e.message ==
          "Failed to Initialize SCEP enrollment with NDES Server 'https://a.okta.com/scep', CA "
          "cert thumbprint AB12");
    const auto none = event_from_xml("not xml at all");
    CHECK_FALSE(none.event_id);
    CHECK(none.message == "not xml at all");
    CHECK(level_name(3) == "warning");
  }

  TEST_CASE("event record: FILETIME and log times") {
    CHECK(filetime_to_iso(133541052672520000ULL) == "2024-03-05T09:41:07.2520000Z");
    CHECK(filetime_to_iso(0).empty());
    CHECK(parse_log_time("2024-03-05T09:41:07.252Z") == 1709631667);
    CHECK(parse_log_time("2024-03-05 10:41:07+01:00") == 1709631667);
    CHECK(parse_log_time("3/5/2024 9:41:07 AM") == 1709631667);
    CHECK(parse_log_time("3/5/2024 12:00:00 AM") == 1709596800);
    CHECK(parse_log_time("[2024-03-05T09:41:07Z]") == 1709631667);
    CHECK_FALSE(parse_log_time("yesterday"));
    CHECK_FALSE(parse_log_time("2024-13-05T00:00:00Z"));
    CHECK(format_utc(1709631667) == "2024-03-05T09:41:07Z");
    CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  }

  TEST_CASE("matcher: event ID and channel constrain event records, not text lines") {
    const Matcher matcher(signatures());
    LogRecord right = to_log_record(event_from_xml(k_xml), 1);
    auto wrong_id = right;
    wrong_id.event_id = 999;
    auto wrong_channel = right;
    wrong_channel.channel = "Application";
    LogRecord text_line;
    text_line.line = 3;
    text_line.text = right.text;
    for (const auto& [record, expected] : std::vector<std::pair<LogRecord, bool>>{
             {right, true}, {wrong_id, false}, {wrong_channel, false}, {text_line, true}}) {
      const auto found = matcher.match({record});
      const bool has = std::any_of(found.begin(), found.end(), [](const SignatureMatch& m) {
        return m.signature->id == "scep-init-failed";
      });
      CHECK(has == expected);
    }
    const auto found = matcher.match({right});
    REQUIRE(found.size() == 1);
    CHECK(found[0].lines[0].event_id == 307U);
    CHECK(found[0].lines[0].record_id == 4711);
    CHECK(found[0].captures.at("thumbprint") == "AB12");
  }

  TEST_CASE("matcher: timeline by first occurrence, first/last by time, --since") {
    const Matcher matcher(signatures());
    auto rec = [](std::string ts, std::string text) {
      LogRecord r;
      r.timestamp = std::move(ts);
      r.text = std::move(text);
      return r;
    };
    const std::vector<LogRecord> records{
        rec("2024-03-07T10:00:00Z",
            "Failed call to native method CreateSilentKeyPair, HResult: 0x80290407."),
        rec("2024-03-05T10:00:00Z", "The sign-in URL is not secure"),
        rec("2024-03-04T10:00:00Z",
            "Failed call to native method CreateSilentKeyPair, HResult: 0x80290407."),
        rec("", "The sign-in URL is not secure")};
    const auto all = matcher.match(records);
    const auto order = timeline(all);
    REQUIRE(order.size() == 2);
    CHECK(order[0]->signature->id == "tpm-create-silent-key-pair");
    CHECK(order[0]->first_timestamp == "2024-03-04T10:00:00Z");
    CHECK(order[0]->last_timestamp == "2024-03-07T10:00:00Z");
    CHECK(order[0]->count == 2);
    CHECK(order[1]->count == 2);

    MatchScan scan(matcher, parse_log_time("2024-03-05T00:00:00Z"));
    for (const auto& r : records) scan.add(r);
    const auto recent = scan.finish();
    CHECK(scan.skipped_older() == 1);
    CHECK(scan.skipped_untimed() == 1);
    REQUIRE(recent.size() == 2);
    for (const auto& m : recent) CHECK(m.count == 1);
  }

  TEST_CASE("bundle: which names are logs") {
    CHECK(log_kind_of("logs/OktaVerify.log") == LogKind::text);
    CHECK(log_kind_of("OktaVerify.log.1") == LogKind::text);
    CHECK(log_kind_of("OktaVerify.log.2024-03-05") == LogKind::text);
    CHECK(log_kind_of("Okta.Verify.20240305.LOG") == LogKind::text);
    CHECK(log_kind_of("export\\Admin.evtx") == LogKind::evtx);
    CHECK(log_kind_of("OktaVerify.log.gz") == LogKind::other);
    CHECK(log_kind_of("picture.png") == LogKind::other);
    CHECK(log_kind_of(".hidden.log") == LogKind::other);
  }

  TEST_CASE("bundle: a folder's log files, within the depth and count caps") {
    const auto dir = scratch("folder");
    write(dir / "OktaVerify.log", "a\n");
    write(dir / "OktaVerify.log.1", utf16le("b\r\n"));
    write(dir / "image.png", "x");
    write(dir / "a/b/deep.log", "c\n");
    auto listing = list_log_files(dir.string(), {});
    REQUIRE(listing);
    REQUIRE(listing->files.size() == 3);
    CHECK(listing->files[0].relative == "OktaVerify.log");
    CHECK(listing->files[1].relative == "OktaVerify.log.1");
    CHECK(listing->files[2].relative == "a/b/deep.log");
    CHECK(listing->skipped_other == 1);
    BundleLimits shallow;
    shallow.max_depth = 1;
    shallow.max_files = 1;
    listing = list_log_files(dir.string(), shallow);
    REQUIRE(listing);
    CHECK(listing->files.size() == 1);
    CHECK(listing->skipped_over_cap == 1);
    CHECK(listing->skipped_deep == 1);
    CHECK_FALSE(list_log_files((dir / "missing").string(), {}));
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("bundle: a zip's entries streamed, cut at the per-entry and total caps") {
    if (!zip_supported()) return;
    const auto dir = scratch("zip");
    const auto zip = dir / "bundle.zip";
    const auto script =
        "import zipfile,sys\n"
        "z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n"
        "z.writestr('logs/OktaVerify.log','The sign-in URL is not secure\\n')\n"
        "z.writestr('logs/bomb.log',b'\\0'*(4<<20))\n"
        "z.writestr('logs/x.evtx',b'ElfFile\\0')\n"
        "z.writestr('readme.png','x')\n";
    write(dir / "make.py", script);
    REQUIRE(std::system(("python3 " + (dir / "make.py").string() + " " + zip.string()).c_str()) ==
            0);
    BundleLimits limits;
    limits.max_entry_bytes = 1 << 20;
    std::vector<std::string> names;
    std::vector<std::string> cuts;
    std::uint64_t biggest_chunk = 0;
    std::uint64_t bytes = 0;
    ZipSink sink{[&](const ZipEntryInfo& e) {
                   names.push_back(e.name);
                   return true;
                 },
                 [&](std::string_view chunk) -> core::Result<void> {
                   biggest_chunk = std::max<std::uint64_t>(biggest_chunk, chunk.size());
                   bytes += chunk.size();
                   return {};
                 },
                 [&](const ZipEntryInfo&, std::string_view cut) -> core::Result<void> {
                   cuts.emplace_back(cut);
                   return {};
                 },
                 {}};
    auto summary = read_zip(zip.string(), limits, sink);
    REQUIRE(summary);
    CHECK(names == std::vector<std::string>{"logs/OktaVerify.log", "logs/bomb.log"});
    CHECK(cuts[0].empty());
    CHECK(cuts[1].find("per-entry") != std::string::npos);
    CHECK(bytes == 30 + (1 << 20));
    CHECK(biggest_chunk <= 64 * 1024);
    CHECK(summary->skipped_other == 2);
    limits.max_total_bytes = 10;
    names.clear();
    cuts.clear();
    summary = read_zip(zip.string(), limits, sink);
    REQUIRE(summary);
    CHECK(names.size() == 1);
    CHECK(cuts[0].find("total") != std::string::npos);
    CHECK(summary->skipped_over_cap == 1);
    write(dir / "not.zip", "PK\x03\x04 garbage");
    const auto bad = read_zip((dir / "not.zip").string(), limits, sink);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("not a readable zip") != std::string::npos);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("evtx: generated SCEP export, real samples, truncated and damaged files") {
    if (!evtx_supported()) return;
    const auto dir = scratch("evtx");
    const auto out = dir / "scep.evtx";
    REQUIRE(std::system(("python3 tests/integration/lib/evtx_writer.py write "
                         "tests/fixtures/evtx/scep-admin.json " +
                         out.string())
                            .c_str()) == 0);
    std::vector<EventFields> events;
    auto summary = read_evtx(out.string(), [&](EventFields&& e) { events.push_back(e); });
    REQUIRE(summary);
    CHECK(summary->records == 5);
    CHECK(summary->unreadable == 0);
    REQUIRE(events.size() == 5);
    CHECK(events[0].event_id == 307U);
    CHECK(events[1].event_id == 32U);
    CHECK(events[1].time == "2024-03-05T09:41:07.9010000Z");
    CHECK(events[2].provider == "Microsoft-Windows-TPM-WMI");

    std::size_t real = 0;
    summary =
        read_evtx("tests/fixtures/evtx/dns_log_malformed.evtx", [&](EventFields&&) { ++real; });
    REQUIRE(summary);
    CHECK(real == 5);
    summary = read_evtx("tests/fixtures/evtx/issue_38.evtx", [](EventFields&&) {});
    REQUIRE(summary);
    CHECK(summary->records >= 1);
    CHECK(summary->unreadable > 0);
    CHECK_FALSE(summary->problems.empty());

    // Truncated inside its only chunk: no crash, the file is reported, nothing invented.
    auto read = config::read_file(out.string());
    REQUIRE(read.has_value());
    const std::string bytes = *read;
    write(dir / "cut.evtx", bytes.substr(0, 4096 + 2000));
    summary = read_evtx((dir / "cut.evtx").string(), [](EventFields&&) {});
    REQUIRE(summary);
    CHECK(summary->records < 5);
    CHECK(summary->corrupted);
    write(dir / "header-only.evtx", bytes.substr(0, 100));
    CHECK_FALSE(read_evtx((dir / "header-only.evtx").string(), [](EventFields&&) {}));
    CHECK_FALSE(read_evtx((dir / "missing.evtx").string(), [](EventFields&&) {}));
    std::filesystem::remove_all(dir);
  }
}
