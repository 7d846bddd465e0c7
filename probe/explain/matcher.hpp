// Matching log records against the explain signatures, and the confirming pinprobe
// commands that --run-checks runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/signatures.hpp"
#include "explain/log_text.hpp"

namespace probe::explain {

// One record that matched, as it will be shown (raw; renderers escape and bound it).
struct MatchedLine {
  std::size_t line = 0;
  std::string text;
  std::string timestamp;
  // Event log records: which record it was (event ID, channel, EventRecordID).
  std::optional<std::uint32_t> event_id;
  std::string channel;
  std::uint64_t record_id = 0;
  std::string origin;  // the file within a folder or zip, or empty
};

// Everything found for one signature.
struct SignatureMatch {
  const config::Signature* signature = nullptr;  // borrowed from the Matcher's list
  std::size_t count = 0;
  // The earliest and latest matching record's timestamp, as written: by the time they name
  // when parse_log_time reads them, else the first and last seen in input order.
  std::string first_timestamp;
  std::string last_timestamp;
  std::optional<std::int64_t> first_time;  // parse_log_time of first_timestamp
  std::optional<std::int64_t> last_time;
  std::vector<MatchedLine> lines;               // the first k_max_shown_lines matches
  std::map<std::string, std::string> captures;  // from the first record whose regex captured
};

// How many matching records each signature keeps for display.
inline constexpr std::size_t k_max_shown_lines = 5;

// Compiles the signatures once (PCRE2, JIT where available) and matches records. Borrows
// `signatures`, which must outlive the Matcher and its results. One thread at a time: the
// compiled patterns keep their match scratch space.
class Matcher {
 public:
  explicit Matcher(const std::vector<config::Signature>& signatures);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // The signatures found in `records`, in signature-file order, each once with its count.
  // A record counts for a signature when one of its patterns matches the text and the
  // record's event ID, channel and provider (when it has them) agree with the signature's,
  // unless a signature in its superseded_by also matches it.
  [[nodiscard]] std::vector<SignatureMatch> match(const std::vector<LogRecord>& records) const;

 private:
  friend class MatchScan;
  struct Compiled;
  const std::vector<config::Signature>& m_signatures;
  std::vector<std::unique_ptr<Compiled>> m_compiled;
};

// Matching one record at a time, for a log streamed through RecordSplitter: after the same
// records, finish() returns what Matcher::match returns. Memory is bounded by the signature
// count (each keeps k_max_shown_lines lines). Borrows `matcher`.
class MatchScan {
 public:
  // With `since` (UTC seconds), only records whose timestamp names that time or later count;
  // records without a readable time are skipped too (both counted).
  explicit MatchScan(const Matcher& matcher, std::optional<std::int64_t> since = std::nullopt);
  ~MatchScan();
  MatchScan(const MatchScan&) = delete;
  MatchScan& operator=(const MatchScan&) = delete;
  void add(const LogRecord& record);
  // The matches so far, in signature-file order; the scan is spent afterwards.
  [[nodiscard]] std::vector<SignatureMatch> finish();
  // Records --since left out: older, or without a readable time.
  [[nodiscard]] std::size_t skipped_older() const noexcept;
  [[nodiscard]] std::size_t skipped_untimed() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// The matches ordered by the time of their first occurrence (those without a readable time
// last, in signature-file order).
std::vector<const SignatureMatch*> timeline(const std::vector<SignatureMatch>& matches);

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
