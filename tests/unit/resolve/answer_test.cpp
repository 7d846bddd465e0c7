#include "resolve/answer.hpp"

#include <ares.h>

#include <doctest/doctest.h>

#include <string>

namespace probe::resolve {
namespace {

// A DNS response header (id 0x1234, QR RD RA, NOERROR) with one question for `name`.
std::string response(const std::string& name, int type, int answers) {
  std::string out{"\x12\x34\x81\x80\x00\x01", 6};
  out += static_cast<char>(0);
  out += static_cast<char>(answers);
  out += std::string(4, '\0');
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    out += static_cast<char>(dot - start);
    out += name.substr(start, dot - start);
    start = dot + 1;
  }
  out += '\0';
  out += static_cast<char>(type >> 8);
  out += static_cast<char>(type & 0xff);
  out += std::string{"\x00\x01", 2};
  return out;
}

// A resource record whose owner is the question name (compression pointer to offset 12).
std::string record(int type, std::uint32_t ttl, const std::string& rdata) {
  std::string out{"\xc0\x0c", 2};
  out += static_cast<char>(type >> 8);
  out += static_cast<char>(type & 0xff);
  out += std::string{"\x00\x01", 2};
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((ttl >> shift) & 0xff);
  out += static_cast<char>(rdata.size() >> 8);
  out += static_cast<char>(rdata.size() & 0xff);
  out += rdata;
  return out;
}

TEST_CASE("parse_answer: A records become addresses with their TTLs") {
  const std::string packet = response("host.test", k_type_a, 2) +
                             record(k_type_a, 300, std::string{"\xc0\x00\x02\x0a", 4}) +
                             record(k_type_a, 60, std::string{"\xc0\x00\x02\x0b", 4});
  const auto parsed = parse_answer(k_type_a, packet);
  CHECK(parsed.status == ARES_SUCCESS);
  REQUIRE(parsed.addresses.size() == 2);
  CHECK(parsed.addresses[0].address == "192.0.2.10");
  CHECK(parsed.addresses[0].family == 4);
  CHECK(parsed.addresses[0].ttl == 300);
  CHECK(parsed.addresses[1].address == "192.0.2.11");
  CHECK(parsed.cname_chain.empty());
}

TEST_CASE("parse_answer: an AAAA record is an IPv6 address") {
  const std::string v6{"\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16};
  const auto parsed =
      parse_answer(k_type_aaaa, response("host.test", k_type_aaaa, 1) + record(k_type_aaaa, 5, v6));
  CHECK(parsed.status == ARES_SUCCESS);
  REQUIRE(parsed.addresses.size() == 1);
  CHECK(parsed.addresses[0].address == "2001:db8::1");
  CHECK(parsed.addresses[0].family == 6);
}

TEST_CASE("parse_answer: a followed CNAME is the chain, owner first") {
  // CNAME host.test -> edge.cdn.test (rdata: labels, then a pointer to "test" at offset 17).
  const std::string cname_rdata =
      std::string{
          "\x04"
          "edge\x03"
          "cdn",
          9} +
      "\xc0\x11";
  std::string packet = response("host.test", k_type_a, 2) + record(5, 60, cname_rdata);
  // The A record's owner is the CNAME target (offset 12 + 15 + 12 = 39).
  std::string a = record(k_type_a, 60, std::string{"\xc0\x00\x02\x01", 4});
  a[1] = static_cast<char>(39);
  packet += a;
  const auto parsed = parse_answer(k_type_a, packet);
  CHECK(parsed.status == ARES_SUCCESS);
  REQUIRE(parsed.addresses.size() == 1);
  CHECK(parsed.addresses[0].address == "192.0.2.1");
  REQUIRE(parsed.cname_chain.size() == 2);
  CHECK(parsed.cname_chain[0] == "host.test");
  CHECK(parsed.cname_chain[1] == "edge.cdn.test");
}

TEST_CASE("parse_answer: a name that is long as text is cut to 255 bytes and '...'") {
  // The CNAME's owner (the question) has labels of unprintable bytes, which c-ares writes as
  // \DDD: 4 characters each.
  const std::string name = std::string(40, '\x01') + "." + std::string(40, '\x02') + ".test";
  std::string packet = response(name, k_type_a, 2);
  const auto target = static_cast<char>(packet.size() + 12);  // the CNAME's rdata
  packet += record(5, 60,
                   std::string{"\x04"
                               "edge\x03"
                               "cdn\x04"
                               "test",
                               14} +
                       '\0');
  std::string a = record(k_type_a, 60, std::string{"\xc0\x00\x02\x01", 4});
  a[1] = target;
  packet += a;
  const auto parsed = parse_answer(k_type_a, packet);
  CHECK(parsed.status == ARES_SUCCESS);
  REQUIRE(parsed.cname_chain.size() == 2);
  CHECK(parsed.cname_chain[0].size() == 255 + 3);
  CHECK(parsed.cname_chain[0].starts_with("\\001\\001"));
  CHECK(parsed.cname_chain[0].ends_with("..."));
  CHECK(parsed.cname_chain[1] == "edge.cdn.test");
}

TEST_CASE("parse_answer: malformed and empty packets fail without addresses") {
  CHECK(parse_answer(k_type_a, "").status != ARES_SUCCESS);
  CHECK(parse_answer(k_type_a, std::string(5, '\xff')).status != ARES_SUCCESS);
  // Truncated inside the answer record.
  const std::string cut =
      (response("host.test", k_type_a, 1) + record(k_type_a, 1, "\x01\x02\x03\x04")).substr(0, 40);
  const auto parsed = parse_answer(k_type_a, cut);
  CHECK(parsed.status != ARES_SUCCESS);
  CHECK(parsed.addresses.empty());
  // No answer record at all: no data.
  CHECK(parse_answer(k_type_aaaa, response("host.test", k_type_aaaa, 0)).status == ARES_ENODATA);
}

}  // namespace
}  // namespace probe::resolve
