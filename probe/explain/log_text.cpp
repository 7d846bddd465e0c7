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

std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
  constexpr std::uint32_t k_replacement = 0xFFFD;
  std::string out;
  out.reserve(bytes.size() / 2);
  auto unit_at = [&](std::size_t i) -> std::uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    return static_cast<std::uint32_t>(hi << 8 | lo);
  };
  std::size_t i = 0;
  while (i + 1 < bytes.size()) {
    const auto unit = unit_at(i);
    i += 2;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
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
  if (i < bytes.size()) append_utf8(out, k_replacement);  // odd trailing byte
  return out;
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
  void open(std::size_t line, std::string_view text, std::string timestamp) {
    close();
    m_current = LogRecord{line, {}, std::move(timestamp)};
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
    if (m_open && !m_current.text.empty()) m_records.push_back(std::move(m_current));
    m_current = {};
    m_open = false;
    m_pending_space = false;
  }
  [[nodiscard]] bool is_open() const { return m_open; }
  [[nodiscard]] std::size_t size() const { return m_current.text.size(); }
  std::vector<LogRecord> take() {
    close();
    return std::move(m_records);
  }

 private:
  std::vector<LogRecord> m_records;
  LogRecord m_current;
  bool m_open = false;
  bool m_pending_space = false;
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

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

// Appends one record per <Data> / <Message> text of `block` (starting at `offset`).
void xml_texts(std::string_view text, std::size_t offset, std::string_view block,
               const std::string& timestamp, RecordBuilder& builder) {
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
      builder.open(line_of(text, offset + at), value, timestamp);
      builder.close();
      at = end;
    }
  }
}

std::vector<LogRecord> split_xml(std::string_view text) {
  RecordBuilder builder;
  std::size_t at = 0;
  bool any = false;
  while ((at = text.find("<Event", at)) != std::string_view::npos) {
    const auto after = at + 6;
    if (after < text.size() && text[after] != '>' && text[after] != ' ') {
      at = after;
      continue;
    }
    const auto end = text.find("</Event>", after);
    const auto block = text.substr(at, end == std::string_view::npos ? text.npos : end - at);
    xml_texts(text, at, block, attribute(block, "<TimeCreated", "SystemTime"), builder);
    any = true;
    if (end == std::string_view::npos) break;
    at = end;
  }
  if (!any) xml_texts(text, 0, text, {}, builder);
  return builder.take();
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

core::Result<DecodedText> decode_log(std::string_view bytes, std::string_view source) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    return DecodedText{Encoding::utf8_bom, std::string(bytes.substr(3))};
  }
  if (bytes.starts_with("\xFF\xFE")) {
    return DecodedText{Encoding::utf16le_bom, utf16_to_utf8(bytes.substr(2), true)};
  }
  if (bytes.starts_with("\xFE\xFF")) {
    return DecodedText{Encoding::utf16be_bom, utf16_to_utf8(bytes.substr(2), false)};
  }
  const auto sample = bytes.substr(0, std::min(bytes.size(), k_sniff_bytes) & ~std::size_t{1});
  std::size_t odd_nul = 0;
  std::size_t even_nul = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    if (sample[i] == '\0') ++(i % 2 == 0 ? even_nul : odd_nul);
  }
  const auto pairs = sample.size() / 2;
  if (pairs > 0 && odd_nul * 10 >= pairs * 4 && even_nul * 10 < pairs) {
    return DecodedText{Encoding::utf16le, utf16_to_utf8(bytes, true)};
  }
  const auto nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    return unexpected(ErrorKind::io,
                      fmt::format("{}: not a text log: NUL byte at offset {} (expected UTF-8 or "
                                  "UTF-16LE text)",
                                  source, nul));
  }
  return DecodedText{Encoding::utf8, std::string(bytes)};
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

std::vector<LogRecord> split_records(std::string_view text) {
  if (looks_like_xml(text)) return split_xml(text);
  const auto lines = split_lines(text);
  bool has_timestamps = false;
  bool event_viewer = false;
  for (auto line : lines) {
    const auto t = trim(line);
    if (!has_timestamps && !leading_timestamp(t).empty()) has_timestamps = true;
    if (t.starts_with("Description:")) event_viewer = true;
  }
  RecordBuilder builder;
  std::string event_date;
  bool in_description = false;
  std::string_view previous;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto raw = lines[i];
    const auto t = trim(raw);
    const auto number = i + 1;
    if (t.empty()) {
      builder.close();
      in_description = false;
      previous = t;
      continue;
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
      previous = t;
      continue;
    }
    auto stamp = leading_timestamp(t);
    const bool continuation =
        builder.is_open() && builder.size() < k_max_record_bytes &&
        (in_description ||
         (stamp.empty() && (has_timestamps || !ends_sentence(previous) ||
                            std::isspace(static_cast<unsigned char>(raw.front())) != 0)));
    if (continuation) {
      builder.append(t);
    } else {
      builder.open(number, t, stamp.empty() && in_description ? event_date : std::move(stamp));
    }
    previous = t;
  }
  return builder.take();
}

}  // namespace probe::explain
