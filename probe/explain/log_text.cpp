#include "explain/log_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace probe::explain {

using core::ErrorKind;
using core::unexpected;

namespace {

// A record longer than this stops absorbing continuation lines (stack traces, dumps).
constexpr std::size_t k_max_record_bytes = 64 * 1024;
constexpr std::size_t k_sniff_bytes = 4096;

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the UTF-16 units of `bytes` into `out`; returns how many bytes were consumed. Unless
// `final`, a trailing odd byte and a trailing high surrogate without its pair are left for the
// next chunk; at the end they become U+FFFD.
std::size_t utf16_to_utf8(std::string_view bytes, bool little_endian, bool final,
                          std::string& out) {
  constexpr std::uint32_t k_replacement = 0xFFFD;
  out.reserve(out.size() + bytes.size() / 2);
  auto unit_at = [&](std::size_t i) -> std::uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    return static_cast<std::uint32_t>(hi << 8 | lo);
  };
  std::size_t i = 0;
  while (i + 1 < bytes.size()) {
    const auto unit = unit_at(i);
    const bool high = unit >= 0xD800 && unit <= 0xDBFF;
    if (high && !final && i + 3 >= bytes.size()) break;  // its pair is in the next chunk
    i += 2;
    if (high) {
      if (i + 1 < bytes.size()) {
        const auto low = unit_at(i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          i += 2;
          append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
          continue;
        }
      }
      append_utf8(out, k_replacement);
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      append_utf8(out, k_replacement);
    } else {
      append_utf8(out, unit);
    }
  }
  if (final && i < bytes.size()) {  // odd trailing byte
    append_utf8(out, k_replacement);
    i = bytes.size();
  }
  return i;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Counts digits at `s[i...]`, at most `max`.
std::size_t digits(std::string_view s, std::size_t i, std::size_t max) {
  std::size_t n = 0;
  while (i + n < s.size() && n < max && is_digit(s[i + n])) ++n;
  return n;
}

// Length of "HH:MM[:SS[.fff]]" at `i`, or 0.
std::size_t time_length(std::string_view s, std::size_t i) {
  const auto hour = digits(s, i, 2);
  if (hour == 0 || i + hour >= s.size() || s[i + hour] != ':') return 0;
  std::size_t n = hour + 1;
  if (digits(s, i + n, 2) != 2) return 0;
  n += 2;
  if (i + n < s.size() && s[i + n] == ':' && digits(s, i + n + 1, 2) == 2) n += 3;
  if (i + n < s.size() && (s[i + n] == '.' || s[i + n] == ',')) {
    const auto frac = digits(s, i + n + 1, 9);
    if (frac > 0) n += 1 + frac;
  }
  return n;
}

// Length of a zone suffix at `i`: "Z", "+01:00", "-0800", " -08:00", " AM"/" PM", or 0.
std::size_t zone_length(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == 'Z') return 1;
  std::size_t skip = (i < s.size() && s[i] == ' ') ? 1 : 0;
  const auto j = i + skip;
  if (j + 1 < s.size() && (s[j] == 'A' || s[j] == 'P') && s[j + 1] == 'M') return skip + 2;
  if (j < s.size() && (s[j] == '+' || s[j] == '-') && digits(s, j + 1, 2) == 2) {
    std::size_t n = 3;
    if (j + n < s.size() && s[j + n] == ':') ++n;
    if (digits(s, j + n, 2) == 2) return skip + n + 2;
  }
  return 0;
}

// Length of a date at `i`: "YYYY-MM-DD" or "M/D/YYYY", or 0.
std::size_t date_length(std::string_view s, std::size_t i) {
  if (digits(s, i, 4) == 4 && i + 4 < s.size() && s[i + 4] == '-' && digits(s, i + 5, 2) == 2 &&
      i + 7 < s.size() && s[i + 7] == '-' && digits(s, i + 8, 2) == 2) {
    return 10;
  }
  const auto month = digits(s, i, 2);
  if (month == 0 || i + month >= s.size() || s[i + month] != '/') return 0;
  const auto day = digits(s, i + month + 1, 2);
  const auto at_year = i + month + 1 + day;
  if (day == 0 || at_year >= s.size() || s[at_year] != '/') return 0;
  if (digits(s, at_year + 1, 4) != 4) return 0;
  return month + day + 2 + 4;
}

// Event Viewer "Copy details as text" / wevtutil /f:text header keys.
constexpr std::array k_event_keys{
    "Log Name:", "Source:",   "Date:", "Event ID:",  "Task Category:", "Task:",       "Level:",
    "Opcode:",   "Keywords:", "User:", "User Name:", "Computer:",      "Description:"};

std::string_view event_key(std::string_view trimmed) {
  if (trimmed.starts_with("Event[")) return "Event[";
  for (std::string_view key : k_event_keys) {
    if (trimmed.starts_with(key)) return key;
  }
  return {};
}

bool ends_sentence(std::string_view trimmed) {
  if (trimmed.empty()) return true;
  const char c = trimmed.back();
  return c == '.' || c == '!' || c == '?' || c == ')' || c == ']' || c == '}' || c == '"';
}

class RecordBuilder {
 public:
  explicit RecordBuilder(RecordSplitter::Sink sink) : m_sink(std::move(sink)) {}
  void open(std::size_t line, std::string_view text, std::string timestamp) {
    close();
    m_current = LogRecord{};
    m_current.line = line;
    m_current.timestamp = std::move(timestamp);
    m_open = true;
    append(text);
  }
  void append(std::string_view text) {
    for (char c : text) {
      const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
      if (space) {
        m_pending_space = !m_current.text.empty();
      } else {
        if (m_pending_space) m_current.text += ' ';
        m_pending_space = false;
        m_current.text += c;
      }
    }
    m_pending_space = !m_current.text.empty();
  }
  void close() {
    if (m_open && !m_current.text.empty()) {
      ++m_count;
      m_sink(std::move(m_current));
    }
    m_current = {};
    m_open = false;
    m_pending_space = false;
  }
  [[nodiscard]] bool is_open() const { return m_open; }
  [[nodiscard]] std::size_t size() const { return m_current.text.size(); }
  [[nodiscard]] std::size_t count() const { return m_count; }

 private:
  RecordSplitter::Sink m_sink;
  std::size_t m_count = 0;
  LogRecord m_current;
  bool m_open = false;
  bool m_pending_space = false;
};

// The value of attribute `name` in the first element `tag` of `block`, or empty.
std::string attribute(std::string_view block, std::string_view tag, std::string_view name) {
  const auto at = block.find(tag);
  if (at == std::string_view::npos) return {};
  const auto end = block.find('>', at);
  const auto element = block.substr(at, end == std::string_view::npos ? block.npos : end - at);
  const auto key = element.find(name);
  if (key == std::string_view::npos) return {};
  auto i = key + name.size();
  while (i < element.size() && (element[i] == '=' || element[i] == ' ')) ++i;
  if (i >= element.size() || (element[i] != '"' && element[i] != '\'')) return {};
  const char quote = element[i];
  const auto close = element.find(quote, i + 1);
  if (close == std::string_view::npos) return {};
  return std::string(element.substr(i + 1, close - i - 1));
}

// Appends one record per <Data> / <Message> text of `block`, which starts at `offset` of
// `buffer`; `first_line` is the line number of buffer[0].
void xml_texts(std::string_view buffer, std::size_t first_line, std::size_t offset,
               std::string_view block, const std::string& timestamp, RecordBuilder& builder) {
  for (std::string_view tag : {"<Data", "<Message"}) {
    std::size_t at = 0;
    while ((at = block.find(tag, at)) != std::string_view::npos) {
      const auto after = at + tag.size();
      if (after < block.size() && block[after] != '>' && block[after] != ' ') {
        at = after;
        continue;
      }
      const auto gt = block.find('>', after);
      if (gt == std::string_view::npos) break;
      if (block[gt - 1] == '/') {
        at = gt;
        continue;
      }
      const auto close_tag = fmt::format("</{}>", tag.substr(1));
      const auto end = block.find(close_tag, gt);
      if (end == std::string_view::npos) break;
      const auto value = decode_xml_entities(block.substr(gt + 1, end - gt - 1));
      const auto line =
          first_line +
          static_cast<std::size_t>(std::count(
              buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(offset + at), '\n'));
      builder.open(line, value, timestamp);
      builder.close();
      at = end;
    }
  }
}

bool looks_like_xml(std::string_view text) {
  const auto t = trim(text.substr(0, 512));
  return t.starts_with("<?xml") || t.starts_with("<Events") || t.starts_with("<Event ") ||
         t.starts_with("<Event>");
}

}  // namespace

std::string_view to_string(Encoding encoding) noexcept {
  switch (encoding) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::utf8_bom:
      return "utf-8 (BOM)";
    case Encoding::utf16le:
      return "utf-16le";
    case Encoding::utf16le_bom:
      return "utf-16le (BOM)";
    case Encoding::utf16be_bom:
      return "utf-16be (BOM)";
  }
  return "utf-8";
}

core::Result<void> LogDecoder::feed(std::string_view bytes, std::string& out) {
  if (!m_known) {
    m_pending.append(bytes);
    if (m_pending.size() < k_sniff_bytes) return {};
    return decode({}, false, out);
  }
  return decode(bytes, false, out);
}

core::Result<void> LogDecoder::finish(std::string& out) { return decode({}, true, out); }

core::Result<void> LogDecoder::decode(std::string_view bytes, bool final, std::string& out) {
  if (!m_known) {
    m_known = true;
    std::string_view head = m_pending;
    std::size_t skip = 0;
    if (head.starts_with("\xEF\xBB\xBF")) {
      m_encoding = Encoding::utf8_bom;
      skip = 3;
    } else if (head.starts_with("\xFF\xFE")) {
      m_encoding = Encoding::utf16le_bom;
      skip = 2;
    } else if (head.starts_with("\xFE\xFF")) {
      m_encoding = Encoding::utf16be_bom;
      skip = 2;
    } else {
      const auto sample = head.substr(0, std::min(head.size(), k_sniff_bytes) & ~std::size_t{1});
      std::size_t odd_nul = 0;
      std::size_t even_nul = 0;
      for (std::size_t i = 0; i < sample.size(); ++i) {
        if (sample[i] == '\0') ++(i % 2 == 0 ? even_nul : odd_nul);
      }
      const auto pairs = sample.size() / 2;
      if (pairs > 0 && odd_nul * 10 >= pairs * 4 && even_nul * 10 < pairs) {
        m_encoding = Encoding::utf16le;
      }
    }
    std::string held = std::move(m_pending);
    m_pending.clear();
    if (auto ok = decode(std::string_view(held).substr(skip), final, out); !ok) return ok;
    return decode(bytes, final, out);
  }
  switch (m_encoding) {
    case Encoding::utf8:
      if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        return unexpected(ErrorKind::io,
                          fmt::format("{}: not a text log: NUL byte at offset {} (expected UTF-8 "
                                      "or UTF-16LE text)",
                                      m_source, m_offset + nul));
      }
      m_offset += bytes.size();
      out.append(bytes);
      return {};
    case Encoding::utf8_bom:
      out.append(bytes);
      return {};
    case Encoding::utf16le:
    case Encoding::utf16le_bom:
    case Encoding::utf16be_bom: {
      const bool little = m_encoding != Encoding::utf16be_bom;
      if (m_pending.empty()) {
        const auto used = utf16_to_utf8(bytes, little, final, out);
        m_pending.assign(bytes.substr(used));
      } else {
        std::string joined = std::move(m_pending);
        joined.append(bytes);
        const auto used = utf16_to_utf8(joined, little, final, out);
        m_pending.assign(std::string_view(joined).substr(used));
      }
      return {};
    }
  }
  return {};
}

core::Result<DecodedText> decode_log(std::string_view bytes, std::string_view source) {
  LogDecoder decoder{std::string(source)};
  DecodedText out;
  if (auto ok = decoder.feed(bytes, out.text); !ok) return core::unexpected(ok.error());
  if (auto ok = decoder.finish(out.text); !ok) return core::unexpected(ok.error());
  out.encoding = decoder.encoding();
  return out;
}

std::string leading_timestamp(std::string_view line) {
  auto s = trim(line);
  if (!s.empty() && s.front() == '[') s.remove_prefix(1);
  const auto date = date_length(s, 0);
  if (date == 0) return {};
  std::size_t n = date;
  if (n < s.size() && (s[n] == 'T' || s[n] == ' ')) {
    std::size_t sep = 1;
    while (n + sep < s.size() && s[n + sep] == ' ') ++sep;
    if (const auto t = time_length(s, n + sep); t > 0) {
      n += sep + t;
      n += zone_length(s, n);
    }
  }
  return std::string(s.substr(0, n));
}

std::string decode_xml_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const auto name = text.substr(i + 1, semi - i - 1);
    std::string_view replacement;
    if (name == "lt") replacement = "<";
    if (name == "gt") replacement = ">";
    if (name == "amp") replacement = "&";
    if (name == "quot") replacement = "\"";
    if (name == "apos") replacement = "'";
    if (!replacement.empty()) {
      out += replacement;
      i = semi;
      continue;
    }
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const auto num = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      bool ok = !num.empty();
      for (char c : num) {
        const auto d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                       : hex && std::isxdigit(static_cast<unsigned char>(c))
                           ? (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10)
                           : -1;
        if (d < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16U : 10U) + static_cast<std::uint32_t>(d);
      }
      if (ok && cp <= 0x10FFFF && cp != 0) {
        append_utf8(out, cp);
        i = semi;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

struct RecordSplitter::State {
  explicit State(Sink sink) : builder(std::move(sink)) {}

  enum class Mode { undecided, lines, xml };
  Mode mode = Mode::undecided;
  RecordBuilder builder;
  std::string head;  // the lookahead text, until the mode is decided
  bool finished = false;

  // lines
  bool has_timestamps = false;
  bool event_viewer = false;
  std::string partial;   // the current line so far (at most k_max_line_bytes)
  bool skip_lf = false;  // the previous chunk ended with CR: a leading LF belongs to it
  std::size_t line_number = 0;
  std::string event_date;
  bool in_description = false;
  bool previous_ends_sentence = true;

  // xml
  std::string xml;           // unconsumed text, from the current <Event on
  std::size_t xml_line = 1;  // line number of xml[0]
  bool any_event = false;

  void decide() {
    if (looks_like_xml(head)) {
      mode = Mode::xml;
      xml = std::move(head);
      head.clear();
      pump_xml(false);
      return;
    }
    mode = Mode::lines;
    // Whether the log is timestamped or an Event Viewer text export, from the lookahead.
    std::size_t start = 0;
    const std::string_view text = head;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
        const auto t = trim(text.substr(start, i - start));
        if (!has_timestamps && !leading_timestamp(t).empty()) has_timestamps = true;
        if (t.starts_with("Description:")) event_viewer = true;
        start = i + 1;
      }
    }
    const std::string held = std::move(head);
    head.clear();
    feed_lines(held);
  }

  void feed_lines(std::string_view text) {
    std::size_t i = 0;
    if (skip_lf && !text.empty()) {
      if (text[0] == '\n') i = 1;
      skip_lf = false;
    }
    std::size_t start = i;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c != '\n' && c != '\r') continue;
      append_partial(text.substr(start, i - start));
      end_line();
      if (c == '\r') {
        if (i + 1 < text.size()) {
          if (text[i + 1] == '\n') ++i;
        } else {
          skip_lf = true;
        }
      }
      start = i + 1;
    }
    append_partial(text.substr(std::min(start, text.size())));
  }

  void append_partial(std::string_view piece) {
    const auto room = k_max_line_bytes - std::min(k_max_line_bytes, partial.size());
    partial.append(piece.substr(0, std::min(room, piece.size())));
  }

  void end_line() {
    line(partial);
    partial.clear();
  }

  void line(std::string_view raw) {
    const auto t = trim(raw);
    const auto number = ++line_number;
    if (t.empty()) {
      builder.close();
      in_description = false;
      previous_ends_sentence = true;
      return;
    }
    if (const auto key = event_viewer ? event_key(t) : std::string_view{}; !key.empty()) {
      builder.close();
      in_description = false;
      const auto value = trim(t.substr(key.size()));
      if (key == "Event[") event_date.clear();
      if (key == "Date:") event_date = std::string(value);
      if (key == "Description:") {
        builder.open(number, value, event_date);
        in_description = true;
      }
      previous_ends_sentence = ends_sentence(t);
      return;
    }
    auto stamp = leading_timestamp(t);
    const bool continuation =
        builder.is_open() && builder.size() < k_max_record_bytes &&
        (in_description ||
         (stamp.empty() && (has_timestamps || !previous_ends_sentence ||
                            std::isspace(static_cast<unsigned char>(raw.front())) != 0)));
    if (continuation) {
      builder.append(t);
    } else {
      builder.open(number, t, stamp.empty() && in_description ? event_date : std::move(stamp));
    }
    previous_ends_sentence = ends_sentence(t);
  }

  // Drops the first `n` bytes of the XML buffer, counting their lines.
  void consume_xml(std::size_t n) {
    xml_line += static_cast<std::size_t>(
        std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(n), '\n'));
    xml.erase(0, n);
  }

  // Emits the records of every complete <Event> element in the buffer.
  void pump_xml(bool final) {
    constexpr std::string_view k_open = "<Event";
    std::size_t pos = 0;
    while (true) {
      const auto at = xml.find(k_open, pos);
      if (at == std::string::npos) {
        if (final) {
          if (!any_event) xml_texts(xml, xml_line, 0, xml, {}, builder);
          consume_xml(xml.size());
        } else if (any_event || xml.size() > k_max_event_bytes) {
          // Text between events: keep only what could be the start of a split "<Event".
          consume_xml(xml.size() - std::min(xml.size(), k_open.size() - 1));
        }
        return;
      }
      const auto after = at + k_open.size();
      if (after == xml.size() && !final) {  // "<Event" or "<Events"? the next chunk says
        if (any_event) consume_xml(at);
        return;
      }
      if (after < xml.size() && xml[after] != '>' && xml[after] != ' ') {
        pos = after;
        continue;
      }
      const auto end = xml.find("</Event>", after);
      if (end == std::string::npos && !final && xml.size() - at <= k_max_event_bytes) {
        any_event = true;
        consume_xml(at);
        return;  // wait for the rest of the event
      }
      const std::string_view buffer = xml;
      const auto block = buffer.substr(at, end == std::string::npos ? buffer.npos : end - at);
      xml_texts(buffer, xml_line, at, block, attribute(block, "<TimeCreated", "SystemTime"),
                builder);
      any_event = true;
      if (end == std::string::npos) {
        consume_xml(xml.size());
        return;
      }
      consume_xml(end);
      pos = 0;
    }
  }
};

RecordSplitter::RecordSplitter(Sink sink) : m_state(std::make_unique<State>(std::move(sink))) {}
RecordSplitter::~RecordSplitter() = default;

void RecordSplitter::feed(std::string_view text) {
  auto& s = *m_state;
  PROBE_ASSERT(!s.finished);
  switch (s.mode) {
    case State::Mode::undecided: {
      // Exactly the first k_lookahead_bytes decide, whatever the chunk sizes.
      const auto take = std::min(text.size(), k_lookahead_bytes - s.head.size());
      s.head.append(text.substr(0, take));
      if (s.head.size() < k_lookahead_bytes) return;
      s.decide();
      if (take < text.size()) feed(text.substr(take));
      return;
    }
    case State::Mode::lines:
      s.feed_lines(text);
      return;
    case State::Mode::xml:
      s.xml.append(text);
      s.pump_xml(false);
      return;
  }
}

void RecordSplitter::finish() {
  auto& s = *m_state;
  if (s.finished) return;
  if (s.mode == State::Mode::undecided) s.decide();
  if (s.mode == State::Mode::lines) {
    if (!s.partial.empty()) s.end_line();
  } else {
    s.pump_xml(true);
  }
  s.builder.close();
  s.finished = true;
}

std::size_t RecordSplitter::records() const noexcept { return m_state->builder.count(); }

std::vector<LogRecord> split_records(std::string_view text) {
  std::vector<LogRecord> out;
  RecordSplitter splitter([&](LogRecord&& record) { out.push_back(std::move(record)); });
  splitter.feed(text);
  splitter.finish();
  return out;
}

}  // namespace probe::explain

namespace probe::explain {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads up to `max` digits at `i`, advancing it; -1 when there is none.
int read_number(std::string_view s, std::size_t& i, std::size_t max) {
  int value = 0;
  std::size_t n = 0;
  while (i < s.size() && n < max && std::isdigit(static_cast<unsigned char>(s[i])) != 0) {
    value = value * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n == 0 ? -1 : value;
}

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

struct ClockTime {
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t offset = 0;
};

// Reads the date at `i` (YYYY-MM-DD or MM/DD/YYYY style), advancing it; nullopt when there is
// none or its month or day is out of range.
std::optional<CivilDate> read_date(std::string_view s, std::size_t& i) {
  CivilDate date;
  if (date_length(s, 0) == 10) {
    date.year = read_number(s, i, 4);
    ++i;
    date.month = read_number(s, i, 2);
    ++i;
    date.day = read_number(s, i, 2);
  } else if (date_length(s, 0) > 0) {
    date.month = read_number(s, i, 2);
    ++i;
    date.day = read_number(s, i, 2);
    ++i;
    date.year = read_number(s, i, 4);
  } else {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  return date;
}

// Skips a fractional-seconds part (".123" or ",123") at `i`.
void skip_fraction(std::string_view s, std::size_t& i) {
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0) ++i;
  }
}

// Reads a "+HH:MM"/"-HHMM" UTC offset at `j` into `clock.offset`.
void read_offset(std::string_view s, std::size_t j, ClockTime& clock) {
  const int sign = s[j] == '-' ? -1 : 1;
  ++j;
  const int oh = read_number(s, j, 2);
  if (j < s.size() && s[j] == ':') ++j;
  const int om = read_number(s, j, 2);
  if (oh >= 0 && om >= 0) clock.offset = sign * (oh * 3600 + om * 60);
}

// Applies an AM/PM marker or a UTC offset following the time at `i`; false when an AM/PM hour is
// out of range.
bool read_time_suffix(std::string_view s, std::size_t i, ClockTime& clock) {
  const std::size_t j = i < s.size() && s[i] == ' ' ? i + 1 : i;
  if (j + 1 < s.size() && (s[j] == 'A' || s[j] == 'P') && s[j + 1] == 'M') {
    if (clock.hour < 1 || clock.hour > 12) return false;
    clock.hour = clock.hour % 12 + (s[j] == 'P' ? 12 : 0);
  } else if (j < s.size() && (s[j] == '+' || s[j] == '-')) {
    read_offset(s, j, clock);
  }
  return true;
}

// Reads the optional time of day after the date at `i`; nullopt when it is malformed.
std::optional<ClockTime> read_clock(std::string_view s, std::size_t i) {
  ClockTime clock;
  if (i >= s.size() || (s[i] != 'T' && s[i] != ' ')) return clock;
  while (i < s.size() && (s[i] == 'T' || s[i] == ' ')) ++i;
  if (time_length(s, i) == 0) return clock;
  clock.hour = read_number(s, i, 2);
  ++i;
  clock.minute = read_number(s, i, 2);
  if (i < s.size() && s[i] == ':') {
    ++i;
    clock.second = read_number(s, i, 2);
  }
  skip_fraction(s, i);
  if (!read_time_suffix(s, i, clock)) return std::nullopt;
  return clock;
}

}  // namespace

std::optional<std::int64_t> parse_log_time(std::string_view timestamp) {
  auto s = timestamp;
  if (!s.empty() && s.front() == '[') s.remove_prefix(1);
  std::size_t i = 0;
  const auto date = read_date(s, i);
  if (!date) return std::nullopt;
  const auto clock = read_clock(s, i);
  if (!clock) return std::nullopt;
  if (clock->hour > 23 || clock->minute > 59 || clock->second > 60) return std::nullopt;
  return days_from_civil(date->year, static_cast<unsigned>(date->month),
                         static_cast<unsigned>(date->day)) *
             86400 +
         clock->hour * 3600 + clock->minute * 60 + clock->second - clock->offset;
}

std::string format_utc(std::int64_t seconds) {
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t rest = seconds - days * 86400;
  // civil_from_days
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rest / 3600, rest / 60 % 60,
                     rest % 60);
}

}  // namespace probe::explain
