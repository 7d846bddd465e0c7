// --compare-paths (pure): the device's route beside DIRECT for one target.
#pragma once

#include "core/report.hpp"

namespace probe::route {

// The verdict of a target's path: the worst of its findings except those carried from its
// revocation URLs (they are compared nowhere: the DIRECT copy checks no revocation) and
// PATH_VERDICT_DIFFERS itself; info counts as pass.
core::Severity path_verdict(const core::TargetResult& target) noexcept;

// Records the comparison on `device` (its `compare`), and adds PATH_VERDICT_DIFFERS with both
// verdicts, the route and both sets of finding codes when the verdicts differ.
void compare_paths(core::TargetResult& device, const core::TargetResult& direct);

}  // namespace probe::route
