// The Prometheus exposition-format report (SPEC §5): for node_exporter's textfile
// collector and the Pushgateway.
#pragma once

#include <string>
#include <string_view>

#include "core/report.hpp"

namespace probe::report {

// Metric families with HELP and TYPE, every series labelled host, group, port, site
// (revocation series: url, kind, host, site). Accepted by `promtool check metrics`.
std::string render_prom(const core::RunReport& report);

// `value` escaped as a label value of the text exposition format: control characters made
// visible (core::escape_control), then \ " and newline escaped.
std::string prom_label_escape(std::string_view value);

}  // namespace probe::report
