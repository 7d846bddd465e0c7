#include "explain/event_record.hpp"

#include <fmt/format.h>

#include <cctype>

namespace probe::explain {

namespace {

// The text between <tag ...> and </tag> (first occurrence, namespace prefixes not handled:
// event XML uses the default namespace), or empty. Self-closing elements have no text.
std::string_view element_text(std::string_view xml, std::string_view tag) {
  const auto open = fmt::format("<{}", tag);
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const auto after = at + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ' || xml[after] == '/')) break;
    at = after;
  }
  if (at == std::string_view::npos) return {};
  const auto gt = xml.find('>', at);
  if (gt == std::string_view::npos || xml[gt - 1] == '/') return {};
  const auto close = xml.find(fmt::format("</{}>", tag), gt);
  if (close == std::string_view::npos) return {};
  return xml.substr(gt + 1, close - gt - 1);
}

// The value of attribute `name` on the first <tag ...> element, or empty.
std::string_view attribute(std::string_view xml, std::string_view tag, std::string_view name) {
  const auto at = xml.find(fmt::format("<{} ", tag));
  if (at == std::string_view::npos) return {};
  const auto gt = xml.find('>', at);
  const auto head = xml.substr(at, gt == std::string_view::npos ? xml.size() - at : gt - at);
  for (const char quote : {'"', '\''}) {
    const auto key = fmt::format(" {}={}", name, quote);
    const auto k = head.find(key);
    if (k == std::string_view::npos) continue;
    const auto start = k + key.size();
    const auto end = head.find(quote, start);
    if (end != std::string_view::npos) return head.substr(start, end - start);
  }
  return {};
}

std::optional<std::uint64_t> number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// The character data of `xml` with the tags removed, entities decoded, whitespace collapsed.
std::string text_content(std::string_view xml) {
  std::string raw;
  bool in_tag = false;
  for (const char c : xml) {
    if (c == '<') {
      in_tag = true;
      raw += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      raw += c;
    }
  }
  const auto decoded = decode_xml_entities(raw);
  std::string out;
  for (const char c : decoded) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

EventFields event_from_xml(std::string_view xml) {
  EventFields out;
  const auto system = element_text(xml, "System");
  if (const auto id = number(element_text(system, "EventID")); id && *id <= 0xFFFF) {
    out.event_id = static_cast<std::uint32_t>(*id);
  }
  if (const auto level = number(element_text(system, "Level")); level && *level < 256) {
    out.level = static_cast<int>(*level);
  }
  out.provider = decode_xml_entities(attribute(system, "Provider", "Name"));
  out.channel = text_content(element_text(system, "Channel"));
  out.computer = text_content(element_text(system, "Computer"));
  out.time = decode_xml_entities(attribute(system, "TimeCreated", "SystemTime"));
  if (const auto rid = number(element_text(system, "EventRecordID"))) out.record_id = *rid;
  const auto end_system = xml.find("</System>");
  auto rest = end_system == std::string_view::npos ? xml : xml.substr(end_system + 9);
  if (system.empty() && end_system == std::string_view::npos) rest = xml;
  out.message = text_content(rest);
  return out;
}

LogRecord to_log_record(const EventFields& event, std::size_t index) {
  LogRecord record;
  record.line = index;
  record.timestamp = event.time;
  record.event_id = event.event_id;
  record.channel = event.channel;
  record.provider = event.provider;
  record.record_id = event.record_id;
  record.text = event.message;
  return record;
}

std::string filetime_to_iso(std::uint64_t filetime) {
  constexpr std::uint64_t k_ticks = 10'000'000;
  constexpr std::uint64_t k_unix_epoch = 11'644'473'600ULL;  // seconds from 1601 to 1970
  const auto seconds = filetime / k_ticks;
  const auto fraction = filetime % k_ticks;
  if (seconds < k_unix_epoch) return {};
  auto text = format_utc(static_cast<std::int64_t>(seconds - k_unix_epoch));
  text.pop_back();  // 'Z'
  return fmt::format("{}.{:07}Z", text, fraction);
}

std::string level_name(int level) {
  switch (level) {
    case 0:
      return "log always";
    case 1:
      return "critical";
    case 2:
      return "error";
    case 3:
      return "warning";
    case 4:
      return "information";
    case 5:
      return "verbose";
    default:
      return fmt::format("level {}", level);
  }
}

}  // namespace probe::explain
