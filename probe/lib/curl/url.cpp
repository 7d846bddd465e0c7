#include "lib/curl/url.hpp"

#include <curl/curl.h>

#include <memory>
#include <utility>

#include "core/text.hpp"
#include "lib/cptr.hpp"

namespace probe::lib::curl {
namespace {

using CurlUrlPtr = CPtr<CURLU, &curl_url_cleanup>;
using CurlStringPtr = CPtr<char, &curl_free>;

// One part of `url`, empty when the URL does not have it.
std::string part_of(CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, 0) != CURLUE_OK) return {};
  const CurlStringPtr owned(raw);
  return raw == nullptr ? std::string() : std::string(raw);
}

unsigned parse_flags(UrlMode mode) {
  switch (mode) {
    case UrlMode::guess_scheme:
      return CURLU_NON_SUPPORT_SCHEME | CURLU_GUESS_SCHEME;
    case UrlMode::allow_no_host:
      return CURLU_NON_SUPPORT_SCHEME | CURLU_NO_AUTHORITY;
    case UrlMode::strict:
      break;
  }
  return CURLU_NON_SUPPORT_SCHEME;
}

// The fallback of redact_url for a text curl cannot parse: drop [scheme://]...@.
std::string cut_userinfo(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(at + 1));
}

}  // namespace

core::Result<core::Url> parse_url(std::string_view text, UrlMode mode) {
  const auto fail = [](std::string why) {
    return core::unexpected(core::ErrorKind::usage, std::move(why));
  };
  const CurlUrlPtr url(curl_url());
  if (!url) return fail("out of memory");
  const std::string copy(text);  // curl_url_set needs a NUL-terminated string
  if (copy.find('\0') != std::string::npos) return fail("contains a NUL byte");
  if (const auto rc = curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), parse_flags(mode));
      rc != CURLUE_OK) {
    return fail(curl_url_strerror(rc));
  }
  // curl reads "http:///x" as host "x"; an authority that is empty as typed is no host.
  const bool no_authority =
      copy.find(":///") != std::string::npos && copy.find(":///") == copy.find(':');
  if (no_authority && mode != UrlMode::allow_no_host) return fail("No host part in the URL");
  core::Url out;
  out.scheme = core::to_lower(part_of(url.get(), CURLUPART_SCHEME));
  out.user = part_of(url.get(), CURLUPART_USER);
  out.password = part_of(url.get(), CURLUPART_PASSWORD);
  out.host = no_authority ? std::string() : core::to_lower(part_of(url.get(), CURLUPART_HOST));
  out.port = part_of(url.get(), CURLUPART_PORT);
  out.path = part_of(url.get(), CURLUPART_PATH);
  out.query = part_of(url.get(), CURLUPART_QUERY);
  return out;
}

bool is_http_url(std::string_view text) {
  const auto url = parse_url(text);
  return url && url->scheme == "http" && !url->host.empty();
}

bool has_http_scheme(std::string_view text) noexcept {
  constexpr std::string_view k_scheme = "http://";
  if (text.size() <= k_scheme.size()) return false;
  for (std::size_t i = 0; i < k_scheme.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != k_scheme[i]) return false;
  }
  return true;
}

std::string url_host(std::string_view text) {
  auto url = parse_url(text);
  return url ? std::move(url->host) : std::string();
}

std::string redact_url(std::string_view text) {
  if (text.find('@') == std::string_view::npos) return std::string(text);
  const CurlUrlPtr url(curl_url());
  const std::string copy(text);
  const bool guess = copy.find("://") == std::string::npos;
  if (!url || copy.find('\0') != std::string::npos ||
      curl_url_set(url.get(), CURLUPART_URL, copy.c_str(),
                   parse_flags(guess ? UrlMode::guess_scheme : UrlMode::strict)) != CURLUE_OK) {
    return cut_userinfo(text);
  }
  if (part_of(url.get(), CURLUPART_USER).empty() &&
      part_of(url.get(), CURLUPART_PASSWORD).empty()) {
    return std::string(text);  // the '@' is in the path or query, not credentials
  }
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_OPTIONS, nullptr, 0);
  auto shown = part_of(url.get(), CURLUPART_URL);
  return shown.empty() ? cut_userinfo(text) : shown;
}

}  // namespace probe::lib::curl
