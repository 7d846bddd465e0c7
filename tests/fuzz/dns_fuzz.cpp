// Fuzz target: DNS answer handling (resolve::parse_answer, the c-ares parse path of every
// lookup, and the DNS judge over what it found). Input: one byte (even: an A query, odd: AAAA),
// then the answer packet.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "resolve/address.hpp"
#include "resolve/answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace probe;
  if (size == 0) return 0;
  const int type = (data[0] & 1) != 0 ? resolve::k_type_aaaa : resolve::k_type_a;
  const auto parsed = resolve::parse_answer(type, fuzz::as_text(data + 1, size - 1));
  if (parsed.addresses.size() > static_cast<std::size_t>(resolve::k_max_answer_addresses)) {
    __builtin_trap();
  }
  for (const auto& address : parsed.addresses) {
    if (address.family != (type == resolve::k_type_a ? 4 : 6)) __builtin_trap();
  }
  // core::bound: at most 255 bytes of name, then "..." when cut (c-ares escapes unprintable
  // bytes as \DDD, so a legal 255-byte wire name can be longer as text).
  for (const auto& name : parsed.cname_chain) {
    if (name.size() > 255 + 3) __builtin_trap();
  }
  // What the lookup makes of it: the outcome the resolver would report, judged.
  core::DnsOutcome dns;
  dns.status = parsed.addresses.empty() ? core::DnsStatus::no_address : core::DnsStatus::ok;
  dns.addresses = parsed.addresses;
  dns.cname_chain = parsed.cname_chain;
  dns.rcode = size > 4 ? data[4] & 0x0f : -1;
  dns.resolver = "127.0.0.1:53";
  for (const auto& address : dns.addresses) {
    if (resolve::classify_address(address.address) == resolve::AddressClass::invalid) {
      __builtin_trap();  // inet_ntop output is always an address
    }
  }
  (void)resolve::judge_dns(dns, false);
  (void)resolve::judge_dns(dns, true);
  (void)resolve::dns_blocks_connect(dns);
  return 0;
}
