// Matching log records against the explain signatures, and the confirming pinprobe
// commands that --run-checks runs.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/signatures.hpp"
#include "explain/log_text.hpp"

namespace probe::explain {

// One record that matched, as it will be shown (raw; renderers escape and bound it).
struct MatchedLine {
  std::size_t line = 0;
  std::string text;
};

// Everything found for one signature.
struct SignatureMatch {
  const config::Signature* signature = nullptr;  // borrowed from the Matcher's list
  std::size_t count = 0;
  std::string first_timestamp;  // of the first matching record that had one
  std::string last_timestamp;
  std::vector<MatchedLine> lines;               // the first k_max_shown_lines matches
  std::map<std::string, std::string> captures;  // from the first record whose regex captured
};

// How many matching records each signature keeps for display.
inline constexpr std::size_t k_max_shown_lines = 5;

// Compiles the signatures once and matches records. Borrows `signatures`, which must
// outlive the Matcher and its results.
class Matcher {
 public:
  explicit Matcher(const std::vector<config::Signature>& signatures);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // The signatures found in `records`, in signature-file order, each once with its count.
  // A record counts for a signature unless a signature in its superseded_by also matches it.
  [[nodiscard]] std::vector<SignatureMatch> match(const std::vector<LogRecord>& records) const;

 private:
  struct Compiled;
  const std::vector<config::Signature>& m_signatures;
  std::vector<std::unique_ptr<Compiled>> m_compiled;
};

// A confirming command for --run-checks: the pinprobe arguments (without the program name),
// or why it cannot run unattended.
struct CheckCommand {
  std::string signature_id;
  std::vector<std::string> args;  // {"check"}, {"scep", "https://...", "--thumbprint", "AB.."}
  std::string skipped;            // non-empty: not runnable ("needs {trusted_ca_file}")
};

// The distinct confirming commands of `matches`, in order: each signature's `confirm` split
// on spaces with {name} placeholders filled from its captures. A placeholder without a
// capture, or a captured value outside [A-Za-z0-9._~:/?#&=%+-] (logs are untrusted), makes
// the command skipped with the reason.
std::vector<CheckCommand> build_check_commands(const std::vector<SignatureMatch>& matches);

}  // namespace probe::explain
