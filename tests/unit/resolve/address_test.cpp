#include "resolve/address.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace probe::resolve {
namespace {

core::DnsOutcome answered(std::initializer_list<const char*> addresses) {
  core::DnsOutcome dns;
  dns.status = core::DnsStatus::ok;
  dns.resolver = "127.0.0.1:53";
  dns.rcode = 0;
  for (const char* a : addresses) {
    const std::string s(a);
    dns.addresses.push_back({s, s.find(':') == std::string::npos ? 4 : 6, 60});
  }
  return dns;
}

std::vector<std::string> wires(const std::vector<core::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.emplace_back(f.wire());
  return out;
}

}  // namespace

TEST_SUITE("resolve") {
  TEST_CASE("classify_address: sinkhole, loopback and unspecified addresses are sinkholes") {
    for (const char* a : {"0.0.0.0", "::", "127.0.0.1", "127.8.9.10", "::1", "146.112.61.105"}) {
      CAPTURE(a);
      CHECK(classify_address(a) == AddressClass::sinkhole);
    }
  }

  TEST_CASE("classify_address: every item of data/sinkholes.yaml (read with yaml-cpp) is used") {
    // The file's /29, /32 items and their neighbours just outside.
    for (const char* a : {"146.112.61.104", "146.112.61.111", "208.69.38.170", "185.228.168.10",
                          "94.140.14.33", "94.140.14.35"}) {
      CAPTURE(a);
      CHECK(classify_address(a) == AddressClass::sinkhole);
    }
    for (const char* a : {"146.112.61.112", "208.69.38.171", "94.140.14.34"}) {
      CAPTURE(a);
      CHECK(classify_address(a) != AddressClass::sinkhole);
    }
  }

  TEST_CASE("classify_address: RFC 1918, CGNAT, link-local and ULA space is private") {
    for (const char* a : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
                          "100.127.255.254", "169.254.10.10", "fc00::1", "fd12:3456::1"}) {
      CAPTURE(a);
      CHECK(classify_address(a) == AddressClass::private_address);
    }
  }

  TEST_CASE("classify_address: public addresses and the edges of private ranges are public") {
    for (const char* a : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                          "100.63.255.255", "2606:4700::1111", "fe00::1"}) {
      CAPTURE(a);
      CHECK(classify_address(a) == AddressClass::public_address);
    }
  }

  TEST_CASE("classify_address: text that is not an address is invalid") {
    for (const char* a : {"", "example.com", "1.2.3", "1.2.3.4.5", "::g", "300.1.1.1"}) {
      CAPTURE(a);
      CHECK(classify_address(a) == AddressClass::invalid);
    }
  }

  TEST_CASE("judge_dns: each failed status yields exactly its finding") {
    const std::vector<std::pair<core::DnsStatus, std::string>> cases = {
        {core::DnsStatus::nxdomain, "DNS_NXDOMAIN"},
        {core::DnsStatus::servfail, "DNS_SERVFAIL"},
        {core::DnsStatus::timeout, "DNS_TIMEOUT"},
        {core::DnsStatus::no_address, "DNS_NO_ADDRESS"}};
    for (const auto& c : cases) {
      const std::string& wire = c.second;
      CAPTURE(wire);
      core::DnsOutcome dns;
      dns.status = c.first;
      dns.resolver = "127.0.0.1:5353";
      CHECK(wires(judge_dns(dns, false)) == std::vector<std::string>{wire});
    }
  }

  TEST_CASE("judge_dns: a sinkhole answer is DNS_SINKHOLE and names the address") {
    const auto found = judge_dns(answered({"0.0.0.0"}), false);
    REQUIRE(wires(found) == std::vector<std::string>{"DNS_SINKHOLE"});
    const auto& ev = found[0].evidence;
    CHECK(std::find(ev.begin(), ev.end(),
                    std::pair<std::string, std::string>{"sinkhole_addresses", "0.0.0.0"}) !=
          ev.end());
  }

  TEST_CASE("judge_dns: a private answer is DNS_PRIVATE_ADDRESS, a public one nothing") {
    CHECK(wires(judge_dns(answered({"10.0.0.7"}), false)) ==
          std::vector<std::string>{"DNS_PRIVATE_ADDRESS"});
    CHECK(judge_dns(answered({"93.184.216.34", "2606:2800:220:1::1"}), false).empty());
  }

  TEST_CASE("judge_dns: through a proxy any local outcome is DNS_RESOLVED_BY_PROXY only") {
    core::DnsOutcome dns;
    dns.status = core::DnsStatus::nxdomain;
    const auto found = judge_dns(dns, true);
    REQUIRE(wires(found) == std::vector<std::string>{"DNS_RESOLVED_BY_PROXY"});
    CHECK(found[0].severity == core::Severity::info);
  }

  TEST_CASE("judge_dns: an address from --resolve is not judged") {
    auto dns = answered({"127.0.0.1"});
    dns.from_override = true;
    CHECK(judge_dns(dns, false).empty());
    CHECK_FALSE(dns_blocks_connect(dns));
  }

  TEST_CASE("dns_blocks_connect: only failures and all-sinkhole answers block connecting") {
    CHECK(dns_blocks_connect(answered({"0.0.0.0", "::"})));
    CHECK_FALSE(dns_blocks_connect(answered({"0.0.0.0", "93.184.216.34"})));
    CHECK_FALSE(dns_blocks_connect(answered({"10.0.0.1"})));
    core::DnsOutcome failed;
    failed.status = core::DnsStatus::servfail;
    CHECK(dns_blocks_connect(failed));
  }
}

}  // namespace probe::resolve
