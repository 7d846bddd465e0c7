#include "explain/log_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace probe::explain;
using namespace std::string_literals;

namespace {
std::string utf16le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}
}  // namespace

TEST_SUITE("explain") {
  TEST_CASE("decode_log: UTF-8 with and without BOM is passed through") {
    auto plain = decode_log("abc\n", "x.log");
    REQUIRE(plain);
    CHECK(plain->encoding == Encoding::utf8);
    CHECK(plain->text == "abc\n");
    auto bom = decode_log(
        "\xEF\xBB\xBF"
        "abc",
        "x.log");
    REQUIRE(bom);
    CHECK(bom->encoding == Encoding::utf8_bom);
    CHECK(bom->text == "abc");
  }

  TEST_CASE("decode_log: UTF-16LE is recognised by its BOM or by its NUL pattern") {
    auto with_bom = decode_log("\xFF\xFE"s + utf16le("Hash value\r\n"), "x.log");
    REQUIRE(with_bom);
    CHECK(with_bom->encoding == Encoding::utf16le_bom);
    CHECK(with_bom->text == "Hash value\r\n");
    auto without = decode_log(utf16le("Event ID: 32\r\n"), "x.log");
    REQUIRE(without);
    CHECK(without->encoding == Encoding::utf16le);
    CHECK(without->text == "Event ID: 32\r\n");
  }

  TEST_CASE("decode_log: UTF-16 surrogate pairs become one UTF-8 sequence, lone ones U+FFFD") {
    auto pair = decode_log("\xFF\xFE\x3D\xD8\x00\xDE"s, "x.log");  // U+1F600
    REQUIRE(pair);
    CHECK(pair->text == "\xF0\x9F\x98\x80");
    auto lone = decode_log(
        "\xFF\xFE\x3D\xD8"
        "A\0"s,
        "x.log");
    REQUIRE(lone);
    CHECK(lone->text ==
          "\xEF\xBF\xBD"
          "A");
  }

  TEST_CASE("decode_log: binary input is refused with the offset of the first NUL") {
    auto bad = decode_log(
        "\x7F"
        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"s,
        "core.bin");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "core.bin: not a text log: NUL byte at offset 7 (expected UTF-8 or UTF-16LE text)");
  }

  TEST_CASE("leading_timestamp: recognises ISO 8601, Okta Verify and Event Viewer forms") {
    CHECK(leading_timestamp("2024-03-11 08:14:10.402 -05:00 [Error] x") ==
          "2024-03-11 08:14:10.402 -05:00");
    CHECK(leading_timestamp("[2024-05-02T13:01:52.0200000+02:00] ERROR x") ==
          "2024-05-02T13:01:52.0200000+02:00");
    CHECK(leading_timestamp("2024-01-22T10:05:19.880Z ERROR") == "2024-01-22T10:05:19.880Z");
    CHECK(leading_timestamp("2/7/2024 3:12:45 PM rest") == "2/7/2024 3:12:45 PM");
    CHECK(leading_timestamp("Error 2/7/2024") == "");
    CHECK(leading_timestamp("12345") == "");
  }

  TEST_CASE("decode_xml_entities: named and numeric entities are decoded, unknown kept") {
    CHECK(decode_xml_entities("&apos;a&apos; &lt;b&gt; &amp;&quot;&#65;&#x42;&nbsp;") ==
          "'a' <b> &\"AB&nbsp;");
  }

  TEST_CASE("split_records: wrapped pasted lines are joined into one record") {
    const auto records = split_records(
        "Chain validation failed due to the\nfollowing error(s): RevocationStatusUnknown.\n"
        "Second line.\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].text ==
          "Chain validation failed due to the following error(s): RevocationStatusUnknown.");
    CHECK(records[0].line == 1);
    CHECK(records[1].line == 3);
  }

  TEST_CASE("split_records: in a timestamped log, lines without a timestamp continue the record") {
    const auto records =
        split_records("2024-01-01T00:00:00Z one\r\n   at Frame()\r\n2024-01-01T00:00:01Z two\r\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].text == "2024-01-01T00:00:00Z one at Frame()");
    CHECK(records[0].timestamp == "2024-01-01T00:00:00Z");
    CHECK(records[1].timestamp == "2024-01-01T00:00:01Z");
  }

  TEST_CASE("split_records: an Event Viewer text export yields descriptions dated by Date:") {
    const auto records = split_records(
        "Log Name:      Admin\r\nDate:          2/7/2024 3:12:46 PM\r\nEvent ID:      32\r\n"
        "Description:\r\nSCEP: Certificate enroll failed.\r\nResult: (The hash value is not "
        "correct.).\r\n\r\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].text ==
          "SCEP: Certificate enroll failed. Result: (The hash value is not correct.).");
    CHECK(records[0].timestamp == "2/7/2024 3:12:46 PM");
    CHECK(records[0].line == 4);
  }

  TEST_CASE("split_records: an XML export yields Data and Message texts with TimeCreated") {
    const auto records = split_records(
        "<Events><Event xmlns='x'><System><TimeCreated SystemTime='2024-02-07T15:12:46Z'/>"
        "</System><EventData><Data Name='a'/><Data Name='Message'>a &amp;\nb</Data>"
        "</EventData></Event></Events>");
    REQUIRE(records.size() == 1);
    CHECK(records[0].text == "a & b");
    CHECK(records[0].timestamp == "2024-02-07T15:12:46Z");
  }

  TEST_CASE("LogDecoder: chunk boundaries inside a BOM, a UTF-16 pair or a CRLF change nothing") {
    const auto bytes = "\xFF\xFE"s + utf16le("one\r\ntwo ") + "\x3D\xD8\x00\xDE"s +
                       utf16le("\r\nthree") + "\x3D\xD8"s;  // ends on a lone surrogate
    const auto whole = decode_log(bytes, "x.log");
    REQUIRE(whole);
    CHECK(whole->text ==
          "one\r\ntwo \xF0\x9F\x98\x80\r\nthree"
          "\xEF\xBF\xBD");
    for (std::size_t chunk = 1; chunk <= 5; ++chunk) {
      LogDecoder decoder("x.log");
      std::string text;
      for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        REQUIRE(decoder.feed(std::string_view(bytes).substr(at, chunk), text));
      }
      REQUIRE(decoder.finish(text));
      CHECK(text == whole->text);
      CHECK(decoder.encoding() == Encoding::utf16le_bom);
    }
  }

  TEST_CASE("LogDecoder: a NUL far into a streamed UTF-8 log is reported at its offset") {
    std::string bytes(10000, 'a');
    bytes[9000] = '\0';
    LogDecoder decoder("big.log");
    std::string text;
    bool failed = false;
    for (std::size_t at = 0; at < bytes.size() && !failed; at += 1000) {
      auto r = decoder.feed(std::string_view(bytes).substr(at, 1000), text);
      if (!r) {
        failed = true;
        CHECK(r.error().message ==
              "big.log: not a text log: NUL byte at offset 9000 (expected UTF-8 or UTF-16LE "
              "text)");
      }
    }
    CHECK(failed);
  }

  TEST_CASE("RecordSplitter: CRLF split across chunks and an overlong line stay bounded") {
    std::vector<LogRecord> records;
    RecordSplitter splitter([&](LogRecord&& r) { records.push_back(std::move(r)); });
    splitter.feed("first line.\r");
    splitter.feed("\nsecond line.\r");
    splitter.feed("\n");
    const std::string huge(3 * k_max_line_bytes, 'x');
    for (int i = 0; i < 3; ++i) splitter.feed(huge);  // one line of 9 * 64 KiB
    splitter.feed("\nlast.");
    splitter.finish();
    REQUIRE(records.size() == 4);
    CHECK(records[0].line == 1);
    CHECK(records[1].line == 2);
    CHECK(records[1].text == "second line.");
    CHECK(records[2].line == 3);
    CHECK(records[2].text.size() == k_max_line_bytes);
    CHECK(records[3].line == 4);
    CHECK(records[3].text == "last.");
    CHECK(splitter.records() == 4);
  }
}
