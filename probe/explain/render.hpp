// The explain report: text for people, JSON (schema "pinprobe.explain/v1") for tools.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "explain/log_text.hpp"
#include "explain/matcher.hpp"

namespace probe::explain {

inline constexpr std::string_view k_explain_schema_id = "pinprobe.explain/v1";
// How much of one matching log record is shown.
inline constexpr std::size_t k_max_shown_bytes = 400;

// One file read (of a folder or zip bundle, or the one .evtx file).
struct InputFile {
  std::string name;  // relative to the folder or zip
  std::string kind;  // "utf-16le (BOM)", "evtx"
  std::size_t records = 0;
  std::vector<std::string> problems;  // records not read, entries cut (shown escaped)
};

// What was read, for the report's header.
struct ExplainInput {
  std::string source;  // file name, folder, zip, "<stdin>" or "<system>"
  Encoding encoding = Encoding::utf8;
  std::string kind;  // "folder", "zip", "evtx", "system"; empty: one text log (`encoding`)
  std::size_t records = 0;
  std::vector<InputFile> files;    // for folders, zips, .evtx and --system
  std::vector<std::string> notes;  // skipped files, missing channels, ...
  std::string since;               // --since as given, or empty
  std::size_t skipped_older = 0;   // records --since left out
  std::size_t skipped_untimed = 0;
};

// One confirming check that --run-checks ran (or skipped).
struct CheckRun {
  CheckCommand command;
  int exit_code = -1;  // -1: not run
};

// Human-readable report; every log-sourced string escaped and bounded.
std::string render_text(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                        const std::vector<CheckRun>& checks);
// JSON document with the same content.
nlohmann::json render_json(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                           const std::vector<CheckRun>& checks);

}  // namespace probe::explain
