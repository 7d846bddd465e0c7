// Where a PAC comes from: a URL fetched through the run's transport (DIRECT, as browsers fetch
// their PAC), or WPAD through DNS (http://wpad.<search domain>/wpad.dat). A PAC that cannot be
// fetched is a PAC_FETCH_FAILED finding, never an error of the run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/http.hpp"
#include "route/routed_http.hpp"

namespace probe::route {

// The largest PAC accepted (real ones are a few KiB; the biggest published ones under 1 MiB).
inline constexpr std::uint64_t k_max_pac_bytes = 1024 * 1024;

// True for http: and https: locations (a --pac value that is not one is a file path).
bool is_pac_url(std::string_view location) noexcept;

// The script, or why there is none.
struct PacFetch {
  std::optional<std::string> script;
  std::optional<core::Finding> failure;  // PAC_FETCH_FAILED with the URL and what failed
};

// Judges the answer to a PAC request (pure): 200 with a body within k_max_pac_bytes is the
// script; anything else PAC_FETCH_FAILED naming `source` ("pac", "wpad") and the outcome.
PacFetch judge_pac_response(const core::HttpResponse& response, std::string_view url,
                            std::string_view source);

// Fetches `url` DIRECT through `start` on `loop` within `budget`.
PacFetch fetch_pac(const StartVia& start, core::EventLoop& loop, const std::string& url,
                   std::string_view source, core::Millis budget, const core::Clock& clock);

// The search domain of a resolv.conf (resolv.conf(5): the last "search" or "domain" line wins;
// its first name), lower-case without a trailing dot; nullopt when there is none.
std::optional<std::string> resolv_conf_domain(std::string_view text);

// "http://wpad.<domain>/wpad.dat".
std::string wpad_url(std::string_view domain);

}  // namespace probe::route
