// One record of the Windows event log as explain matches it, whether read from an exported
// .evtx file (libevtx) or live through the Windows Event Log API: both render the record as
// its XML (<Event><System>...</System><EventData>...</EventData></Event>), parsed here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "explain/log_text.hpp"

namespace probe::explain {

struct EventFields {
  std::optional<std::uint32_t> event_id;
  int level = -1;  // 1 critical, 2 error, 3 warning, 4 information, 5 verbose; -1 unknown
  std::string provider;
  std::string channel;
  std::string computer;
  std::string time;  // System/TimeCreated/@SystemTime as written ("2024-03-05T09:41:07.1Z")
  std::uint64_t record_id = 0;
  // The record's message data: the text of every element after <System> (EventData's <Data>,
  // UserData, RenderingInfo's <Message>) with entities decoded, joined by single spaces.
  std::string message;
};

// The fields of one event's XML. Missing elements stay empty; never fails (a record whose XML
// is not an event yields empty fields and its text as the message).
EventFields event_from_xml(std::string_view xml);

// The record explain matches: the message data as its text, with the event's time, ID,
// channel, provider and record ID. `index` (1-based position in its file) becomes the line.
LogRecord to_log_record(const EventFields& event, std::size_t index);

// A Windows FILETIME (100 ns since 1601-01-01 UTC) as "2024-03-05T09:41:07.1234567Z".
std::string filetime_to_iso(std::uint64_t filetime);

// "error", "warning", ... for a Level value, or "level N".
std::string level_name(int level);

}  // namespace probe::explain
