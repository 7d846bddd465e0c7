#include "explain/system_log.hpp"

#include <fmt/format.h>

#include "lib/cptr.hpp"
#include "lib/win/utf16.hpp"

#ifdef _WIN32
#include <windows.h>
#include <winevt.h>

#include <filesystem>
#include <memory>
#endif

namespace probe::explain {

std::string system_query(const SystemChannel& channel, std::uint64_t since_ms) {
  std::string predicate;
  if (since_ms > 0) predicate = fmt::format("TimeCreated[timediff(@SystemTime) <= {}]", since_ms);
  if (!channel.filter.empty()) {
    predicate += fmt::format("{}{}", predicate.empty() ? "" : " and ", channel.filter);
  }
  return predicate.empty() ? std::string("*") : fmt::format("*[System[{}]]", predicate);
}

#ifdef _WIN32

namespace {

using EvtPtr = lib::CPtr<std::remove_pointer_t<EVT_HANDLE>, &EvtClose>;

std::string win_error(DWORD code) {
  wchar_t* buffer = nullptr;
  const auto n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text = n > 0 ? lib::win::utf8_from_wide(std::wstring_view(buffer, n))
                           : fmt::format("error {}", code);
  if (buffer != nullptr) LocalFree(buffer);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == '.')) {
    text.pop_back();
  }
  return text;
}

// The event's XML (EvtRenderEventXml) as UTF-8, or empty.
std::string render_xml(EVT_HANDLE event) {
  DWORD used = 0;
  DWORD properties = 0;
  EvtRender(nullptr, event, EvtRenderEventXml, 0, nullptr, &used, &properties);
  if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || used == 0) return {};
  std::wstring buffer(used / sizeof(wchar_t) + 1, L'\0');
  if (!EvtRender(nullptr, event, EvtRenderEventXml, used, buffer.data(), &used, &properties)) {
    return {};
  }
  return lib::win::utf8_from_wide(
      std::wstring_view(buffer.c_str(), wcsnlen(buffer.c_str(), buffer.size())));
}

// The event's message in the system's language (EvtFormatMessage), or empty when the
// provider's message resources are not installed.
std::string format_message(EVT_HANDLE event, const std::string& provider) {
  EvtPtr publisher(
      EvtOpenPublisherMetadata(nullptr, lib::win::wide_from_utf8(provider).c_str(), nullptr, 0, 0));
  if (!publisher) return {};
  DWORD used = 0;
  EvtFormatMessage(publisher.get(), event, 0, 0, nullptr, EvtFormatMessageEvent, 0, nullptr, &used);
  if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || used == 0) return {};
  std::wstring buffer(used + 1, L'\0');
  if (!EvtFormatMessage(publisher.get(), event, 0, 0, nullptr, EvtFormatMessageEvent, used,
                        buffer.data(), &used)) {
    return {};
  }
  return lib::win::utf8_from_wide(
      std::wstring_view(buffer.c_str(), wcsnlen(buffer.c_str(), buffer.size())));
}

}  // namespace

bool system_supported() noexcept { return true; }

core::Result<SystemSummary> read_system_events(std::uint64_t since_ms,
                                               const std::function<void(EventFields&&)>& sink) {
  SystemSummary summary;
  for (const auto& channel : k_system_channels) {
    const auto path = lib::win::wide_from_utf8(channel.channel);
    const auto query = lib::win::wide_from_utf8(system_query(channel, since_ms));
    EvtPtr results(EvtQuery(nullptr, path.c_str(), query.c_str(),
                            EvtQueryChannelPath | EvtQueryForwardDirection));
    if (!results) {
      summary.problems.push_back(
          fmt::format("{}: not read: {}", channel.channel, win_error(GetLastError())));
      continue;
    }
    summary.channels_read.emplace_back(channel.channel);
    std::array<EVT_HANDLE, 64> batch{};
    DWORD returned = 0;
    while (EvtNext(results.get(), static_cast<DWORD>(batch.size()), batch.data(), INFINITE, 0,
                   &returned)) {
      for (DWORD i = 0; i < returned; ++i) {
        EvtPtr event(batch[i]);
        auto fields = event_from_xml(render_xml(event.get()));
        if (const auto message = format_message(event.get(), fields.provider); !message.empty()) {
          fields.message = message + (fields.message.empty() ? "" : " " + fields.message);
        }
        ++summary.events;
        sink(std::move(fields));
      }
    }
    if (const auto last = GetLastError(); last != ERROR_NO_MORE_ITEMS) {
      summary.problems.push_back(
          fmt::format("{}: reading stopped: {}", channel.channel, win_error(last)));
    }
  }
  return summary;
}

std::optional<std::string> okta_verify_log_folder() {
  const wchar_t* base = _wgetenv(L"LOCALAPPDATA");
  if (base == nullptr) return std::nullopt;
  const auto folder = std::filesystem::path(base) / L"Okta" / L"OktaVerify" / L"logs";
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return std::nullopt;
  const auto wide = folder.wstring();
  return lib::win::utf8_from_wide(wide);
}

#else

bool system_supported() noexcept { return false; }

core::Result<SystemSummary> read_system_events(std::uint64_t /*since_ms*/,
                                               const std::function<void(EventFields&&)>& /*sink*/) {
  return core::unexpected(core::ErrorKind::usage,
                          "--system reads the Windows Event Log and the Okta Verify log folder "
                          "of the current user, and works on Windows only: on this system, "
                          "explain an exported .evtx file, a log folder or a zip bundle");
}

std::optional<std::string> okta_verify_log_folder() { return std::nullopt; }

#endif

}  // namespace probe::explain
