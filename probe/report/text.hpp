// The text report (SPEC §5): for people at a terminal.
#pragma once

#include <string>

#include "core/report.hpp"
#include "report/render.hpp"

namespace probe::report {

// Groups with one line per target, skipped hosts, revocation lines, then every warning and
// failure with evidence, remediation and device symptoms, and a summary line. `quiet`
// keeps the failures and the summary; `verbose` adds each target's chain. Lines wrap at
// `width`; ANSI colour only when `color`. Every string from the model is escaped.
std::string render_text(const core::RunReport& report, const RenderOptions& options);

}  // namespace probe::report
