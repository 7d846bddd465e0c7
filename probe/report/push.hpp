// Pushing the Prometheus report to a Pushgateway (--push URL).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/settings.hpp"

namespace probe::report {

// The Pushgateway URL for job "pinprobe" grouped by `site`: <url>/metrics/job/pinprobe,
// then /site/<site> when the site is not empty (base64url-encoded per the Pushgateway's
// "@base64" form when it holds characters other than letters, digits, '.', '_', '-').
std::string push_url(std::string_view base_url, std::string_view site);

// PUTs `metrics_text` (exposition format 0.0.4) to push_url(url, site), replacing the
// group's previous metrics. Honours settings' proxy, --no-proxy, CA file/path and timeout.
// Fails (io) naming the URL, with the HTTP status and the start of the body on non-2xx.
core::Result<void> push_metrics(const std::string& url, std::string_view metrics_text,
                                const std::string& site, const core::ProbeSettings& settings);

}  // namespace probe::report
