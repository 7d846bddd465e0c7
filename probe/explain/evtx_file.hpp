// Reading exported Windows event logs (.evtx) with libevtx, from a file on disk or from bytes
// in memory (a zip bundle's entry, through a libbfio memory range handle). Built only where
// libevtx is found (PROBE_HAVE_LIBEVTX; in memory also libbfio, PROBE_HAVE_LIBBFIO); elsewhere
// the readers fail with a message saying so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "explain/event_record.hpp"

namespace probe::explain {

// What one .evtx file held.
struct EvtxSummary {
  std::size_t records = 0;            // records read and passed to the sink
  std::size_t recovered = 0;          // of them, recovered from freed space (libevtx)
  std::size_t unreadable = 0;         // records the file lists that could not be read
  bool corrupted = false;             // libevtx flagged the file as corrupted (bad checksums, ...)
  std::vector<std::string> problems;  // why, one line each (at most k_max_evtx_problems)
};

inline constexpr std::size_t k_max_evtx_problems = 8;

// True when libevtx is compiled in.
bool evtx_supported() noexcept;

// True when .evtx bytes in memory can be read (libevtx and libbfio compiled in).
bool evtx_memory_supported() noexcept;

// True when `head` (the first bytes of a file) starts with the EVTX signature "ElfFile\0".
bool looks_like_evtx(std::string_view head) noexcept;

// What the file header (`head`, at least its first 44 bytes) says is missing from a file of
// `size` bytes: when the file ends before the chunks the header lists (4096-byte header block,
// 64 KiB chunks), one line naming the chunk it ends in and how many are lost; else nullopt
// (also for a header too short to tell, and for a file longer than listed, which a log still
// open when copied may be).
std::optional<std::string> evtx_truncation(std::string_view head, std::uint64_t size);

// Reads every record of `path` (a file on disk), its recovered records after, and passes each
// to `sink`. A record that cannot be read is counted and its reason kept; the rest are still
// read. Fails (io) only when the file cannot be opened as EVTX at all (missing, not EVTX, no
// readable header), naming the path; fails (usage) when libevtx is not compiled in.
core::Result<EvtxSummary> read_evtx(const std::string& path,
                                    const std::function<void(EventFields&&)>& sink);

// The same for the .evtx file held in `bytes` (libevtx reads them in place through a libbfio
// memory range handle; they are not modified, not copied and must outlive the call), `name`
// naming it in messages. Fails (usage) when libevtx or libbfio is not compiled in.
core::Result<EvtxSummary> read_evtx_memory(std::string_view name, std::span<std::uint8_t> bytes,
                                           const std::function<void(EventFields&&)>& sink);

}  // namespace probe::explain
