// libcurl's URL API (curl_url(3)) as plain values: the one URL parser of the product (what
// users type with --proxy and --push, and every URL a certificate, a configuration or a server
// names) and the one place credentials are taken out of a URL before it is shown.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/url.hpp"

namespace probe::lib::curl {

// How parse_url reads a text: `strict` needs "scheme://host"; `guess_scheme` reads a text
// without "scheme://" the way curl reads -x/--proxy (CURLU_GUESS_SCHEME: "proxy:3128" is
// http); `allow_no_host` accepts "http:///path" with an empty host (CURLU_NO_AUTHORITY), so
// that the caller can name what is missing.
enum class UrlMode { strict, guess_scheme, allow_no_host };

// Parses `text` with curl_url_set(CURLUPART_URL), any scheme allowed
// (CURLU_NON_SUPPORT_SCHEME). A text curl rejects is an Error (usage) holding
// curl_url_strerror's text. Never throws.
core::Result<core::Url> parse_url(std::string_view text, UrlMode mode = UrlMode::strict);

// True when `text` parses as a URL with the plain http scheme and a host.
bool is_http_url(std::string_view text);
// True when `text` starts with "http://" (any case) and has something after it, whether or not
// curl can parse the rest: a certificate's malformed http: CDP or caIssuers URL is still one a
// device tries, so it is fetched and its failure reported, not skipped as non-http.
bool has_http_scheme(std::string_view text) noexcept;

// The host of `text` (lower-case, IPv6 literals bracketed); empty when `text` is not a URL.
std::string url_host(std::string_view text);

// `text` with its user name and password removed ("http://u:secret@p:3128" ->
// "http://p:3128/", in curl's normalised form), for every message, report and log. A text
// without credentials comes back unchanged. When curl cannot parse the text, everything up to
// its last '@' after the scheme is dropped instead, so a malformed URL never shows a secret.
std::string redact_url(std::string_view text);

}  // namespace probe::lib::curl
