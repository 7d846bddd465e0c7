// A URL as a value: the parts libcurl's URL API (lib/curl/url.hpp, parse_url) found in a text.
// Every module that needs a URL's scheme, host or port reads it from here; none splits a URL
// by hand.
#pragma once

#include <string>

namespace probe::core {

struct Url {
  std::string scheme;    // lower-case
  std::string user;      // raw (percent-encoded as typed); empty when absent
  std::string password;  // raw; empty when absent
  std::string host;      // lower-case; IPv6 literals with brackets, as curl returns them
  std::string port;      // digits as typed; empty when the URL names none
  std::string path;      // "/" at least
  std::string query;     // without '?'; empty when absent

  [[nodiscard]] bool has_credentials() const noexcept { return !user.empty() || !password.empty(); }
  // The host without the brackets of an IPv6 literal ("::1" for "[::1]").
  [[nodiscard]] std::string bare_host() const;
  // The explicit port, else the scheme's default (http 80, https 443); 0 when neither is known.
  [[nodiscard]] long port_number() const noexcept;
};

}  // namespace probe::core
