// The HTML report (SPEC §5): one self-contained page to hand to a firewall owner.
#pragma once

#include <string>
#include <string_view>

#include "core/report.hpp"
#include "report/render.hpp"

namespace probe::report {

// A page with inline CSS and JS only (a Content-Security-Policy forbids every external
// load): header, a groups x checks matrix, per-group target tables, the revocation table,
// and each warning/failure as <details> with evidence, chain, remediation and symptoms.
std::string render_html(const core::RunReport& report, const RenderOptions& options);

// `text` escaped for HTML text and quoted attributes, control characters made visible.
std::string html_escape(std::string_view text);

// The header of the matrix column a finding of `code` counts in ("TCP / proxy"), from the
// finding table's category; empty for a code of no column (FindingCategory::other).
std::string_view matrix_column(core::FindingCode code) noexcept;

}  // namespace probe::report
