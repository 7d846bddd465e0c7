// The explain signatures (data/explain-signatures.yaml): which log messages point to which
// known cause. Parsed strictly, with file:line:col errors, like the other configuration.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/result.hpp"

namespace probe::config {

// One pattern of a signature: a case-insensitive substring, or a PCRE2 regex (a superset of
// the ECMAScript patterns signatures use) matched case-insensitively, bounded per search.
// `regex` patterns are checked to compile when loaded.
struct SignaturePattern {
  bool is_regex = false;
  std::string text;
};

// A signature's patterns are matched against a record's text. Records read from the Windows
// event log (.evtx, --system) also carry an event ID, a channel and a provider: a signature
// naming `event_id`, `channel` or `provider` counts only such records whose fields agree
// (channel and provider: case-insensitive substrings). Text-log records, which carry none of
// these fields, are matched on their text alone.
struct Signature {
  std::string id;
  std::vector<SignaturePattern> patterns;
  std::vector<std::uint32_t> event_ids;  // `event_id: 32` or `event_id: [32, 307]`
  std::string channel;
  std::string provider;
  std::vector<std::string> captures;       // names of the first regex's groups
  std::vector<std::string> superseded_by;  // ids of more specific signatures
  std::string cause;
  std::string remediation;
  std::string article;
  std::vector<core::FindingCode> findings;
  std::string confirm;  // "pinprobe ..." with optional {capture} placeholders
};

// Parses a signature file named `source`. Fails (config) with "source:line:col: message" on
// a YAML error, an unknown or missing key, a duplicate id, a regex that does not compile, an
// event_id that is not an integer in 0..65535, an empty channel or provider, an unknown
// finding code, a superseded_by id that does not exist, or a confirm command that
// does not start with "pinprobe ".
core::Result<std::vector<Signature>> parse_signatures(std::string_view text,
                                                      const std::string& source);

// The built-in signatures (embedded data/explain-signatures.yaml).
core::Result<std::vector<Signature>> default_signatures();

}  // namespace probe::config
