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

// What was read, for the report's header.
struct ExplainInput {
  std::string source;  // file name or "<stdin>"
  Encoding encoding = Encoding::utf8;
  std::size_t records = 0;
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
