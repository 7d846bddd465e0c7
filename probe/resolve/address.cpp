#include "resolve/address.hpp"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/embedded.hpp"
#include "core/text.hpp"

namespace probe::resolve {
namespace {

// An address as 16 bytes (IPv4 mapped into ::ffff:0:0/96 so one prefix test serves both).
struct Ip {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<Ip> parse_ip(std::string_view text) {
  const std::string s(text.substr(0, 64));
  Ip ip;
  std::array<std::uint8_t, 4> v4{};
  if (inet_pton(AF_INET, s.c_str(), v4.data()) == 1) {
    ip.v4 = true;
    ip.bytes[10] = 0xff;
    ip.bytes[11] = 0xff;
    for (std::size_t i = 0; i < 4; ++i) ip.bytes[12 + i] = v4[i];
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

struct Prefix {
  Ip ip;
  int bits = 0;  // over the 128-bit form
};

std::optional<Prefix> parse_prefix(std::string_view text) {
  const auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int bits = ip->v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    bits = 0;
    const auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      bits = bits * 10 + (c - '0');
    }
    if (bits > (ip->v4 ? 32 : 128)) return std::nullopt;
  }
  return Prefix{*ip, ip->v4 ? bits + 96 : bits};
}

bool in_prefix(const Ip& ip, const Prefix& prefix) noexcept {
  if (ip.v4 != prefix.ip.v4) return false;
  int left = prefix.bits;
  for (std::size_t i = 0; i < 16 && left > 0; ++i, left -= 8) {
    const int take = left >= 8 ? 8 : left;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - take));
    if ((ip.bytes[i] & mask) != (prefix.ip.bytes[i] & mask)) return false;
  }
  return true;
}

std::vector<Prefix> prefixes(std::initializer_list<std::string_view> texts) {
  std::vector<Prefix> out;
  for (const auto t : texts) {
    if (auto p = parse_prefix(t)) out.push_back(*p);
  }
  return out;
}

// The `sinkholes:` list of data/sinkholes.yaml, read with yaml-cpp. The embedded file is
// checked by the unit tests; an item that is not an address or prefix is skipped.
std::vector<Prefix> load_sinkholes() {
  auto list = prefixes({"0.0.0.0/32", "::/128", "127.0.0.0/8", "::1/128"});
  const auto file = core::embedded_file("data/sinkholes.yaml");
  if (!file) return list;
  try {
    for (const auto& item : YAML::Load(std::string(*file))["sinkholes"]) {
      if (!item.IsScalar()) continue;
      if (auto p = parse_prefix(item.Scalar())) list.push_back(*p);
    }
  } catch (const YAML::Exception&) {
    return list;
  }
  return list;
}

const std::vector<Prefix>& sinkholes() {
  static const std::vector<Prefix> k_list = load_sinkholes();
  return k_list;
}

const std::vector<Prefix>& private_ranges() {
  static const std::vector<Prefix> k_list =
      prefixes({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                "fc00::/7", "fe80::/10"});
  return k_list;
}

std::string addresses_text(const core::DnsOutcome& dns) {
  std::vector<std::string_view> addresses;
  for (const auto& a : dns.addresses) addresses.emplace_back(a.address);
  return fmt::format("{}", fmt::join(addresses, ", "));
}

core::Evidence base_evidence(const core::DnsOutcome& dns) {
  core::Evidence ev;
  ev.emplace_back("resolver", dns.resolver);
  if (dns.rcode >= 0) ev.emplace_back("rcode", std::to_string(dns.rcode));
  if (!dns.addresses.empty()) ev.emplace_back("addresses", addresses_text(dns));
  if (!dns.cname_chain.empty()) {
    std::string chain;
    for (const auto& c : dns.cname_chain) chain += (chain.empty() ? "" : " -> ") + c;
    ev.emplace_back("cname_chain", core::bound(chain));
  }
  if (!dns.detail.empty()) ev.emplace_back("detail", core::bound(dns.detail));
  return ev;
}

}  // namespace

AddressClass classify_address(std::string_view address) noexcept {
  try {
    const auto ip = parse_ip(address);
    if (!ip) return AddressClass::invalid;
    for (const auto& p : sinkholes()) {
      if (in_prefix(*ip, p)) return AddressClass::sinkhole;
    }
    for (const auto& p : private_ranges()) {
      if (in_prefix(*ip, p)) return AddressClass::private_address;
    }
    return AddressClass::public_address;
  } catch (...) {
    return AddressClass::invalid;
  }
}

bool dns_blocks_connect(const core::DnsOutcome& dns) noexcept {
  if (dns.from_override) return false;
  if (dns.status != core::DnsStatus::ok || dns.addresses.empty()) return true;
  for (const auto& a : dns.addresses) {
    if (classify_address(a.address) != AddressClass::sinkhole) return false;
  }
  return true;
}

std::vector<core::Finding> judge_dns(const core::DnsOutcome& dns, bool proxied) {
  using core::FindingCode;
  std::vector<core::Finding> out;
  if (dns.from_override || dns.status == core::DnsStatus::not_run) return out;
  auto ev = base_evidence(dns);
  if (proxied) {
    ev.insert(ev.begin(), {"local_status", std::string(core::to_string(dns.status))});
    out.push_back(make_finding(FindingCode::dns_resolved_by_proxy, {}, std::move(ev)));
    return out;
  }
  switch (dns.status) {
    case core::DnsStatus::nxdomain:
      out.push_back(make_finding(FindingCode::dns_nxdomain, {}, std::move(ev)));
      return out;
    case core::DnsStatus::servfail:
    case core::DnsStatus::refused:
    case core::DnsStatus::error:
      out.push_back(make_finding(FindingCode::dns_servfail, {}, std::move(ev)));
      return out;
    case core::DnsStatus::timeout:
      out.push_back(make_finding(FindingCode::dns_timeout, {}, std::move(ev)));
      return out;
    case core::DnsStatus::no_address:
      out.push_back(make_finding(FindingCode::dns_no_address, {}, std::move(ev)));
      return out;
    case core::DnsStatus::ok:
    case core::DnsStatus::not_run:
      break;
  }
  std::string sinkholed;
  std::string privates;
  for (const auto& a : dns.addresses) {
    const auto cls = classify_address(a.address);
    auto& list = cls == AddressClass::sinkhole ? sinkholed : privates;
    if (cls == AddressClass::sinkhole || cls == AddressClass::private_address) {
      list += (list.empty() ? "" : ", ") + a.address;
    }
  }
  if (dns.addresses.empty()) {
    out.push_back(make_finding(FindingCode::dns_no_address, {}, std::move(ev)));
  } else if (!sinkholed.empty()) {
    auto sev = ev;
    sev.emplace_back("sinkhole_addresses", sinkholed);
    out.push_back(make_finding(
        FindingCode::dns_sinkhole,
        fmt::format("the name resolved to a sinkhole address ({})", sinkholed), std::move(sev)));
  } else if (!privates.empty()) {
    ev.emplace_back("private_addresses", privates);
    out.push_back(
        make_finding(FindingCode::dns_private_address,
                     fmt::format("a public name resolved to private address space ({})", privates),
                     std::move(ev)));
  }
  return out;
}

}  // namespace probe::resolve
