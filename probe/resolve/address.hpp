// Address classification and the DNS judge: pure functions over resolver outcomes, so every
// DNS_* finding is decided without a network (STYLE.md "findings are derived from outcomes").
#pragma once

#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/outcome.hpp"

namespace probe::resolve {

enum class AddressClass {
  public_address,   // routable on the internet
  sinkhole,         // 0.0.0.0, ::, 127.0.0.0/8, ::1 and data/sinkholes.yaml
  private_address,  // RFC 1918, 100.64.0.0/10 (RFC 6598), 169.254.0.0/16, fc00::/7
  invalid,          // not a textual IPv4 or IPv6 address
};

// The class of a textual IPv4/IPv6 address. The sinkhole list comes from the embedded
// data/sinkholes.yaml plus the built-in addresses above; never fails (bad text: invalid).
AddressClass classify_address(std::string_view address) noexcept;

// The DNS findings of one host's resolution: DNS_NXDOMAIN / SERVFAIL / TIMEOUT / NO_ADDRESS
// for failures, DNS_SINKHOLE / DNS_PRIVATE_ADDRESS for suspicious answers. When `proxied`,
// an explicit proxy resolves the name: the local outcome is reported as one
// DNS_RESOLVED_BY_PROXY information finding instead (proxy-only networks are common).
// An outcome from --resolve yields no finding. Empty when resolution is clean.
std::vector<core::Finding> judge_dns(const core::DnsOutcome& dns, bool proxied);

// True when the outcome blocks connecting directly (failed, or every address sinkholed).
bool dns_blocks_connect(const core::DnsOutcome& dns) noexcept;

}  // namespace probe::resolve
