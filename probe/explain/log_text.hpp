// Turning a log file's bytes into records to match: encoding detection (UTF-8, UTF-8 BOM,
// UTF-16LE/BE with or without BOM), line splitting (LF, CRLF, CR), Event Viewer text and
// XML exports, and messages wrapped over several lines joined back into one record.
#pragma once

#include <cstddef>
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

// One logical log message: a line, or a wrapped message joined from several lines, or an
// Event Viewer event's description.
struct LogRecord {
  std::size_t line = 0;   // 1-based line (of the decoded text) where the record starts
  std::string text;       // joined with single spaces, whitespace runs collapsed
  std::string timestamp;  // as written in the log ("2024-01-15T09:41:07.123Z"), or empty
};

// Splits decoded text into records. XML exports (<Event> elements) yield one record per
// <Data> and <Message> text with entities decoded and the event's TimeCreated; Event Viewer
// text exports yield the Description block with the event's Date; other lines start a new
// record when they begin with a timestamp, follow a blank line, or the previous line ends a
// sentence, and are joined to the previous record otherwise.
std::vector<LogRecord> split_records(std::string_view text);

// The timestamp that `line` starts with (ISO 8601, "M/D/YYYY h:mm:ss AM", bracketed forms),
// or empty.
std::string leading_timestamp(std::string_view line);

// Decodes XML character data: &lt; &gt; &amp; &quot; &apos; &#N; &#xN;. Unknown entities
// are kept as written.
std::string decode_xml_entities(std::string_view text);

}  // namespace probe::explain
