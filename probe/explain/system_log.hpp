// `explain --system`: the live Windows event log (EvtQuery on the channels below) and the
// current user's Okta Verify log folder. Windows only; elsewhere system_supported() is false
// and read_system_events fails (usage).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "explain/event_record.hpp"

namespace probe::explain {

// One channel read by --system, with the XPath filter applied on top of the time filter.
struct SystemChannel {
  std::string_view channel;
  std::string_view filter;  // XPath predicate inside System[...], or empty for all events
};

// The SCEP/MDM errors (events 32, 307, ...), Okta Verify's own events in Application, and
// the TPM and key-storage providers.
inline constexpr std::array k_system_channels{
    SystemChannel{"Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin", ""},
    SystemChannel{"Application", "Provider[contains(@Name,'Okta')]"},
    SystemChannel{"System", "Provider[@Name='Microsoft-Windows-TPM-WMI' or @Name='TPM']"},
    SystemChannel{"Microsoft-Windows-TPM-WMI/Operational", ""},
    SystemChannel{"Microsoft-Windows-Crypto-NCrypt/Operational", ""},
};

// The XPath query of one channel: events newer than `since_ms` (0: all) and the filter.
std::string system_query(const SystemChannel& channel, std::uint64_t since_ms);

struct SystemSummary {
  std::size_t events = 0;
  std::vector<std::string> channels_read;
  std::vector<std::string> problems;  // "Application: access denied", missing channels
};

bool system_supported() noexcept;

// Reads the events of k_system_channels newer than `since_ms` (0: all) and passes each to
// `sink`. A channel that is absent or not readable is noted in the summary, not an error.
// Fails (usage) on platforms other than Windows.
core::Result<SystemSummary> read_system_events(std::uint64_t since_ms,
                                               const std::function<void(EventFields&&)>& sink);

// The current user's Okta Verify log folder (%LOCALAPPDATA%\Okta\OktaVerify\logs), when it
// exists; empty elsewhere.
std::optional<std::string> okta_verify_log_folder();

}  // namespace probe::explain
