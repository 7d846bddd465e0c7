// Checks of option values that need more than a type: addresses, URLs and their schemes,
// credentials, trust-store paths and the --output target. Each runs before any network work
// and fails (usage, exit 2) with a message naming the option, the value (credentials
// redacted, never shown) and what is wrong. Internal to cli/.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace CLI {
class App;
}

namespace probe::cli {

// --ca-file: an existing, readable regular file (a directory belongs to --ca-path).
core::Result<void> validate_ca_file(const std::string& path);
// --ca-path: an existing directory.
core::Result<void> validate_ca_path(const std::string& path);

// --dns-server ADDR[:PORT]: an IPv4 address with an optional port 1-65535, a bare IPv6
// address, or "[IPv6]" with an optional port (the forms ares_set_servers_ports_csv reads).
core::Result<void> validate_dns_server(const std::string& text);

// --proxy URL as curl reads -x (no scheme means http): scheme http, https, socks4, socks4a,
// socks5 or socks5h, a host, and a port 1-65535 when one is given. Parsed with curl_url.
core::Result<void> validate_proxy_url(const std::string& text);

// --proxy-user USER:PASS: a colon is required. The value is never shown.
core::Result<void> validate_proxy_user(const std::string& text);

// --push URL: http or https with a host (and a port 1-65535 when given).
core::Result<void> validate_push_url(const std::string& text);

// --output FILE, before anything runs: its directory exists, is a directory and is writable;
// FILE itself, when it exists, is a regular file (or a terminal). "-" is stdout.
core::Result<void> validate_output_target(const std::string& path);

// The checks above for the options of `command` that live outside NetworkArgs and that a
// command registers itself (--output, --push), on their final value (a repeated option takes
// the last). Run by the command table after parsing, before the command body.
core::Result<void> validate_parsed_options(const CLI::App& command);

}  // namespace probe::cli
