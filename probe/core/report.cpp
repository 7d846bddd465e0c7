#include "core/report.hpp"

#include <algorithm>

namespace probe::core {
namespace {
Severity as_verdict(Severity s) noexcept { return s == Severity::info ? Severity::pass : s; }
}  // namespace

Severity TargetResult::verdict() const noexcept { return as_verdict(worst(findings)); }
Severity RevocationResult::verdict() const noexcept { return as_verdict(worst(findings)); }

Summary RunReport::summary() const noexcept {
  Summary s;
  for (const auto& t : targets) {
    ++s.targets;
    switch (t.verdict()) {
      case Severity::pass:
      case Severity::info:
        ++s.pass;
        break;
      case Severity::warn:
        ++s.warn;
        break;
      case Severity::fail:
        ++s.fail;
        break;
    }
  }
  return s;
}

Severity RunReport::verdict() const noexcept {
  auto v = Severity::pass;
  for (const auto& t : targets) v = std::max(v, t.verdict());
  for (const auto& r : revocation) v = std::max(v, r.verdict());
  return v;
}

const VendorProfile& RunReport::vendor() const noexcept {
  if (targets.empty()) return VendorProfile::builtin();
  const VendorProfile* first = &vendor_or_builtin(targets.front().target.vendor.get());
  for (const auto& t : targets) {
    if (&vendor_or_builtin(t.target.vendor.get()) != first) return VendorProfile::neutral();
  }
  return *first;
}

std::string_view verdict_name(Severity severity) noexcept {
  return to_string(as_verdict(severity));
}

int exit_code_for(Severity verdict, bool strict) noexcept {
  if (verdict == Severity::fail) return 1;
  if (strict && verdict == Severity::warn) return 1;
  return 0;
}

}  // namespace probe::core
