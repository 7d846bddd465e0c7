// Pushing the Prometheus report to a Pushgateway (--push URL).
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/result.hpp"

namespace probe::report {

// The Pushgateway URL for job "pinprobe" grouped by `site` and `instance`:
// <url>/metrics/job/pinprobe, then /site/<site> and /instance/<instance> when not empty
// (base64url-encoded per the Pushgateway's "@base64" form when a value holds characters other
// than letters, digits, '.', '_', '-'). A `base_url` whose path already carries a grouping key
// (/metrics/job/JOB[/LABEL/VALUE]...) is kept as it is; only the labels it lacks are appended.
std::string push_url(std::string_view base_url, std::string_view site,
                     std::string_view instance = {});

// The default `instance` grouping label: this machine's host name ("localhost" when unknown),
// so that runs on different machines without --site do not replace each other's metrics.
std::string default_instance();

// PUTs `metrics_text` (exposition format 0.0.4) to push_url(url, site, default_instance()) through
// `http` (the run's transport: its proxy choice, CA file/path and timeout), replacing the group's
// previous metrics, and waits at most `budget`. Fails (io) naming the URL without its
// credentials, with the HTTP status and the start of the body on non-2xx.
core::Result<void> push_metrics(core::HttpClient& http, const std::string& url,
                                std::string_view metrics_text, const std::string& site,
                                core::Millis budget, const core::Clock& clock);

}  // namespace probe::report
