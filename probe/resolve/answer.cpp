#include "resolve/answer.hpp"

#include <ares.h>
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netdb.h>
#endif

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <memory>

#include "core/text.hpp"
#include "lib/cptr.hpp"

namespace probe::resolve {
namespace {

using HostentPtr = lib::CPtr<hostent, &ares_free_hostent>;

std::string ntop(int family, const void* addr) {
  std::array<char, 64> buf{};
  if (inet_ntop(family, addr, buf.data(), static_cast<socklen_t>(buf.size())) == nullptr) {
    return {};
  }
  return buf.data();
}

}  // namespace

ParsedAnswer parse_answer(int type, std::string_view packet) {
  ParsedAnswer out;
  // c-ares takes the length as an int: a longer "packet" is not a DNS message anyway.
  if (packet.size() > static_cast<std::size_t>(INT_MAX)) {
    out.status = ARES_EBADRESP;
    return out;
  }
  const auto* abuf = reinterpret_cast<const unsigned char*>(packet.data());
  const int alen = static_cast<int>(packet.size());
  hostent* raw = nullptr;
  int count = k_max_answer_addresses;
  if (type == k_type_a) {
    std::array<ares_addrttl, k_max_answer_addresses> ttls{};
    out.status = ares_parse_a_reply(abuf, alen, &raw, ttls.data(), &count);
    for (int i = 0; out.status == ARES_SUCCESS && i < count; ++i) {
      const auto& t = ttls[static_cast<std::size_t>(i)];
      out.addresses.push_back(
          {ntop(AF_INET, &t.ipaddr), 4, static_cast<std::uint32_t>(std::max(t.ttl, 0))});
    }
  } else {
    std::array<ares_addr6ttl, k_max_answer_addresses> ttls{};
    out.status = ares_parse_aaaa_reply(abuf, alen, &raw, ttls.data(), &count);
    for (int i = 0; out.status == ARES_SUCCESS && i < count; ++i) {
      const auto& t = ttls[static_cast<std::size_t>(i)];
      out.addresses.push_back(
          {ntop(AF_INET6, &t.ip6addr), 6, static_cast<std::uint32_t>(std::max(t.ttl, 0))});
    }
  }
  const HostentPtr host(raw);
  if (host && host->h_aliases != nullptr && host->h_aliases[0] != nullptr) {
    // h_aliases are the owner names of the CNAME records followed; h_name is where they led.
    for (char** alias = host->h_aliases; *alias != nullptr; ++alias) {
      out.cname_chain.push_back(core::bound(*alias, 255));
    }
    if (host->h_name != nullptr) out.cname_chain.push_back(core::bound(host->h_name, 255));
  }
  return out;
}

}  // namespace probe::resolve
