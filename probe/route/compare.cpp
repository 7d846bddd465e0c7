#include "route/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace probe::route {
namespace {

bool compared(core::FindingCode code) noexcept {
  using C = core::FindingCode;
  switch (code) {
    case C::revocation_dns_failed:
    case C::revocation_unreachable:
    case C::revocation_blocked_by_proxy:
    case C::revocation_bad_response:
    case C::revocation_signature_invalid:
    case C::revocation_stale:
    case C::revocation_ok:
    case C::revocation_unverified:
    case C::cert_revoked:
    case C::ca_issuers_host:
    case C::path_verdict_differs:
      return false;
    default:
      break;
  }
  return true;
}

std::string codes(const core::TargetResult& t) {
  std::string out;
  for (const auto& f : t.findings) {
    if (!compared(f.code)) continue;
    out += (out.empty() ? "" : ",") + std::string(f.wire());
  }
  return out.empty() ? std::string("none") : out;
}

}  // namespace

core::Severity path_verdict(const core::TargetResult& target) noexcept {
  auto worst = core::Severity::pass;
  for (const auto& f : target.findings) {
    if (compared(f.code)) worst = std::max(worst, f.severity);
  }
  return worst == core::Severity::info ? core::Severity::pass : worst;
}

void compare_paths(core::TargetResult& device, const core::TargetResult& direct) {
  core::PathComparison c;
  c.direct_verdict = path_verdict(direct);
  c.device_verdict = path_verdict(device);
  c.device_route = device.route.used.empty() ? std::string("none") : device.route.used;
  for (const auto& f : direct.findings) {
    if (compared(f.code)) c.direct_codes.push_back(f.code);
  }
  if (c.differs()) {
    device.findings.push_back(
        core::make_finding(core::FindingCode::path_verdict_differs,
                           fmt::format("DIRECT is {}, the device's route ({}) is {}",
                                       core::verdict_name(c.direct_verdict), c.device_route,
                                       core::verdict_name(c.device_verdict)),
                           {{"direct_verdict", std::string(core::verdict_name(c.direct_verdict))},
                            {"device_verdict", std::string(core::verdict_name(c.device_verdict))},
                            {"device_route", c.device_route},
                            {"route_source", device.route.source},
                            {"direct_findings", codes(direct)},
                            {"device_findings", codes(device)}}));
  }
  device.compare = std::move(c);
}

}  // namespace probe::route
