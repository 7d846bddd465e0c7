// Text helpers for strings that come from outside (network, certificates, logs).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace probe::core {

// The longest network-sourced string kept in a report; longer ones are cut with "...".
inline constexpr std::size_t k_max_network_string = 1024;

// Returns `text` with control characters escaped (\n, \t, \r, \xNN, \u0085...), invalid
// UTF-8 bytes as \xNN, and DEL as \x7F; cut to `max_bytes` of input. Printable UTF-8 is kept.
std::string escape_control(std::string_view text, std::size_t max_bytes = k_max_network_string);

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence, adding "..." when cut.
std::string bound(std::string_view text, std::size_t max_bytes = k_max_network_string);

// The two markup languages the reports write.
enum class Markup {
  html,  // & < > " as entities, ' as &#39;
  xml,   // & < > " as entities, ' as &apos;; C0 controls but \n \t as \xNN and U+FFFE/U+FFFF
         // as \uFFFE/\uFFFF (not XML 1.0 characters)
};

// The one escaper of text put into HTML or XML: `visible` is text already made visible
// (escape_control) or the product's own text.
std::string markup_escape(std::string_view visible, Markup markup);

// ASCII lower-case copy.
std::string to_lower(std::string_view text);

// `text` without leading and trailing ASCII blanks (space, tab, CR, LF).
std::string_view trim(std::string_view text) noexcept;

// True when `text` matches the shell-style glob `pattern` (* and ?), case-insensitive.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

}  // namespace probe::core

namespace probe::core {

// True when `name` is a DNS host name (RFC 1123): labels of 1-63 letters, digits and
// hyphens (underscores are tolerated, as real zones and resolvers use them), not starting or
// ending with a hyphen, 253 characters at most, at least two labels; a trailing dot is
// allowed. A label may be "*" only when `allow_wildcard`.
bool is_dns_name(std::string_view name, bool allow_wildcard = false) noexcept;

}  // namespace probe::core
