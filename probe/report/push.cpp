#include "report/push.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#if defined(_WIN32)
#include <winsock2.h>
#else
#include <unistd.h>
#endif

#include "core/text.hpp"
#include "lib/curl/url.hpp"
#include "lib/openssl/base64.hpp"

namespace probe::report {
namespace {

constexpr std::size_t k_max_reply = 4096;

bool plain_label(std::string_view value) {
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return !value.empty();
}

// `text` with every occurrence of `secret` replaced by "***" (nothing when `secret` is empty).
std::string without(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

namespace {

// One grouping label as a path pair: /NAME/VALUE, or /NAME@base64/VALUE for other characters
// (an empty value too: the Pushgateway takes "=" for it).
std::string label_pair(std::string_view name, std::string_view value) {
  if (plain_label(value)) return fmt::format("/{}/{}", name, value);
  return fmt::format("/{}@base64/{}", name,
                     value.empty() ? std::string("=") : lib::openssl::base64url_encode(value));
}

// The grouping label names of a push URL's path after /metrics/job/JOB: every other segment,
// without an "@base64" suffix. Empty when the path carries no /metrics/job/.
std::vector<std::string> grouping_names(std::string_view url, std::size_t job_at) {
  std::vector<std::string> names;
  auto rest = url.substr(job_at + 1);  // "job/JOB/k/v/..."
  std::vector<std::string_view> segments;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    segments.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  for (std::size_t i = 0; i < segments.size(); i += 2) {
    auto name = segments[i];
    if (const auto at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
    names.emplace_back(name);
  }
  return names;
}

}  // namespace

std::string push_url(std::string_view base_url, std::string_view site, std::string_view instance) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  // A URL that already names its group (…/metrics/job/x/site/y) is honoured: only the labels it
  // lacks are added.
  const auto query = base_url.find_first_of("?#");
  const auto path = base_url.substr(0, query);
  const auto job_at = path.find("/metrics/job/");
  std::string url;
  std::vector<std::string> names;
  if (job_at == std::string_view::npos) {
    url = fmt::format("{}/metrics/job/pinprobe", path);
  } else {
    url = std::string(path);
    names = grouping_names(path, job_at + 8);  // after "/metrics"
  }
  auto named = [&names](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (!site.empty() && !named("site")) url += label_pair("site", site);
  if (!instance.empty() && !named("instance")) url += label_pair("instance", instance);
  return url;
}

std::string default_instance() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "localhost";
  return std::string(name.data());
}

core::Result<void> push_metrics(core::HttpClient& http, const std::string& url,
                                std::string_view metrics_text, const std::string& site,
                                core::Millis budget, const core::Clock& clock) {
  const auto target = push_url(url, site, default_instance());
  // The URL may carry the Pushgateway's basic-auth credentials: only the redacted form is
  // ever shown, and curl's own messages are scrubbed of the password too.
  const auto shown = core::escape_control(lib::curl::redact_url(target), 512);
  const auto parsed = lib::curl::parse_url(target);
  const auto secret = parsed ? parsed->password : std::string();
  core::HttpRequest request;
  request.url = target;
  request.method = "PUT";
  request.body = std::string(metrics_text);
  request.content_type = "text/plain; version=0.0.4";
  request.max_bytes = k_max_reply;
  request.max_redirects = 0;
  request.http_only = false;  // a Pushgateway behind TLS is fine
  const auto responses = core::fetch_all(http, {request}, budget, clock);
  const auto& response = responses.front();
  const auto& o = response.outcome;
  if (o.status == 0) {
    const std::string detail = o.detail.empty() ? std::string("no answer") : o.detail;
    return core::unexpected(
        core::ErrorKind::io,
        fmt::format("--push {}: {}", shown, core::escape_control(without(detail, secret), 256)));
  }
  if (o.status < 200 || o.status > 299) {
    return core::unexpected(
        core::ErrorKind::io,
        fmt::format("--push {}: the Pushgateway answered HTTP {}: {}", shown, o.status,
                    core::escape_control(without(response.body, secret), 256)));
  }
  return {};
}

}  // namespace probe::report
