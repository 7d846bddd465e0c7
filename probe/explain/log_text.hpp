// Turning a log file's bytes into records to match: encoding detection (UTF-8, UTF-8 BOM,
// UTF-16LE/BE with or without BOM), line splitting (LF, CRLF, CR), Event Viewer text and
// XML exports, and messages wrapped over several lines joined back into one record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace probe::explain {

enum class Encoding { utf8, utf8_bom, utf16le, utf16le_bom, utf16be_bom };

// "utf-8", "utf-8 (BOM)", "utf-16le", "utf-16le (BOM)", "utf-16be (BOM)".
std::string_view to_string(Encoding encoding) noexcept;

struct DecodedText {
  Encoding encoding = Encoding::utf8;
  std::string text;  // UTF-8 (invalid input bytes kept; lone surrogates become U+FFFD)
};

// Decodes `bytes` named `source`. UTF-16 without a BOM is recognised by its NUL pattern
// (most of the first 4 KiB's odd bytes NUL, even ones not). Fails (io) with
// "<source>: not a text log: <why>" on binary input (NUL bytes that are not UTF-16).
core::Result<DecodedText> decode_log(std::string_view bytes, std::string_view source);

// decode_log for input that arrives in chunks, in bounded memory: the same text and the same
// errors whatever the chunk boundaries. The first 4 KiB are held back until the encoding is
// known; a UTF-16 unit or surrogate pair split by a chunk boundary waits for its rest.
class LogDecoder {
 public:
  explicit LogDecoder(std::string source) : m_source(std::move(source)) {}
  // Appends the decoded text of `bytes` to `out`. Fails as decode_log.
  core::Result<void> feed(std::string_view bytes, std::string& out);
  // End of input: appends what was held back.
  core::Result<void> finish(std::string& out);
  // Known once 4 KiB were fed, or after finish().
  [[nodiscard]] Encoding encoding() const noexcept { return m_encoding; }

 private:
  core::Result<void> decode(std::string_view bytes, bool final, std::string& out);
  std::string m_source;
  std::string m_pending;  // the sniff buffer, then a partial UTF-16 unit or pair
  bool m_known = false;
  Encoding m_encoding = Encoding::utf8;
  std::uint64_t m_offset = 0;  // UTF-8: input bytes decoded so far (for the NUL offset)
};

// One logical log message: a line, or a wrapped message joined from several lines, or an
// Event Viewer event's description.
struct LogRecord {
  std::size_t line = 0;   // 1-based line (of the decoded text) where the record starts
  std::string text;       // joined with single spaces, whitespace runs collapsed
  std::string timestamp;  // as written in the log ("2024-01-15T09:41:07.123Z"), or empty
  // Records of the Windows event log (.evtx files, --system) only:
  std::optional<std::uint32_t> event_id;
  std::string
      channel;  // "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin"
  std::string provider;         // the event's Provider Name
  std::uint64_t record_id = 0;  // EventRecordID (0: none); `line` is then the record's index
  // Where the record was read when the input has several files (a folder, a zip): the file's
  // path relative to it ("logs/OktaVerify.log.1"), or empty.
  std::string origin;
};

// The UTC time, in seconds since 1970, that a log timestamp names: ISO 8601 with an optional
// zone ("2024-01-15T09:41:07.123Z", "2024-01-15 09:41:07+01:00") or Event Viewer's
// "M/D/YYYY h:mm:ss AM|PM". A time without a zone is taken as UTC. Empty when not a time.
std::optional<std::int64_t> parse_log_time(std::string_view timestamp);

// "2024-01-15T09:41:07Z".
std::string format_utc(std::int64_t seconds);

// Splits decoded text into records. XML exports (<Event> elements) yield one record per
// <Data> and <Message> text with entities decoded and the event's TimeCreated; Event Viewer
// text exports yield the Description block with the event's Date; other lines start a new
// record when they begin with a timestamp, follow a blank line, or the previous line ends a
// sentence, and are joined to the previous record otherwise.
std::vector<LogRecord> split_records(std::string_view text);

// Bounds of the streaming splitter. The format (XML or lines) and, for lines, whether the log
// is timestamped or an Event Viewer text export are decided on the first k_lookahead_bytes of
// text (split_records on a longer text decides the same way). A line longer than
// k_max_line_bytes is cut there; an XML event longer than k_max_event_bytes is matched on its
// first k_max_event_bytes.
inline constexpr std::size_t k_lookahead_bytes = 1024 * 1024;
inline constexpr std::size_t k_max_line_bytes = 64 * 1024;
inline constexpr std::size_t k_max_event_bytes = 1024 * 1024;

// split_records for decoded text that arrives in chunks: each record goes to the sink as soon
// as it is complete, memory stays within the bounds above, and the records are the same
// whatever the chunk boundaries.
class RecordSplitter {
 public:
  using Sink = std::function<void(LogRecord&&)>;
  explicit RecordSplitter(Sink sink);
  ~RecordSplitter();
  RecordSplitter(const RecordSplitter&) = delete;
  RecordSplitter& operator=(const RecordSplitter&) = delete;
  void feed(std::string_view text);
  // End of input: flushes the last record. Feeding after finish() is a bug.
  void finish();
  [[nodiscard]] std::size_t records() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// The timestamp that `line` starts with (ISO 8601, "M/D/YYYY h:mm:ss AM", bracketed forms),
// or empty.
std::string leading_timestamp(std::string_view line);

// Decodes XML character data: &lt; &gt; &amp; &quot; &apos; &#N; &#xN;. Unknown entities
// are kept as written.
std::string decode_xml_entities(std::string_view text);

}  // namespace probe::explain
