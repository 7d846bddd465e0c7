// What `explain` reads besides one text file: every log file under a folder (bounded depth and
// count), and the entries of a zip bundle streamed in chunks without extracting to disk
// (libzip, PROBE_HAVE_LIBZIP), with caps against zip bombs; an .evtx entry is read whole into
// memory (libevtx needs to seek), at most k_max_zip_evtx_bytes of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace probe::explain {

struct BundleLimits {
  std::size_t max_depth = 8;                              // folder levels below the root
  std::size_t max_files = 10000;                          // files (or zip entries) read
  std::uint64_t max_entry_bytes = 1024ULL * 1024 * 1024;  // uncompressed, per file or entry
  std::uint64_t max_total_bytes = 4096ULL * 1024 * 1024;  // uncompressed, all together
};

enum class LogKind { text, evtx, other };

// Whether a file named `name` (a path; only its last component counts) is read as a log: .log,
// .txt, .xml, .csv, .evtx, rotated names (OktaVerify.log.1, app.log.2024-03-05, app.1.log,
// .log.gz is not: compressed files are skipped) and extension-less names that contain "log".
LogKind log_kind_of(std::string_view name);

// A file found under a folder.
struct FoundFile {
  std::string path;      // full path
  std::string relative;  // below the root ("logs/OktaVerify.log.1")
  LogKind kind = LogKind::text;
};

struct FolderListing {
  std::vector<FoundFile> files;      // sorted by relative path
  std::size_t skipped_other = 0;     // not log files
  std::size_t skipped_over_cap = 0;  // beyond max_files
  std::size_t skipped_deep = 0;      // folders below max_depth, not entered
  std::size_t unreadable = 0;        // folders that could not be listed
};

// The log files under `root` (symbolic links are not followed). Fails (io) when `root` cannot
// be listed.
core::Result<FolderListing> list_log_files(const std::string& root, const BundleLimits& limits);

// True when `head` starts with a zip local-file or end-of-central-directory signature.
bool looks_like_zip(std::string_view head) noexcept;

// True when libzip is compiled in.
bool zip_supported() noexcept;

struct ZipEntryInfo {
  std::string name;
  std::uint64_t size = 0;  // as the central directory declares it
  LogKind kind = LogKind::text;
};

// The most bytes of one .evtx entry of a zip held in memory to read it (also within
// --max-input and --max-total): 64 MiB, a thousand chunks, more than the 20 MiB Windows gives a
// channel by default. A bigger entry is read up to the cap, as a truncated file: its first
// chunks' records are used and the cut is reported.
inline constexpr std::uint64_t k_max_zip_evtx_bytes = 64ULL * 1024 * 1024;

// Callbacks of read_zip: `begin` for each text log entry about to be streamed (returns false
// to skip it), `chunk` for its bytes (at most 64 KiB each), `end` when the entry is complete or
// was cut at a cap (`cut` says why, else empty). `evtx`, when set, gets each .evtx entry read
// whole into memory (the bytes live until it returns), `cut` as for `end`; unset, .evtx
// entries are skipped with a note.
struct ZipSink {
  std::function<bool(const ZipEntryInfo&)> begin;
  std::function<core::Result<void>(std::string_view)> chunk;
  std::function<core::Result<void>(const ZipEntryInfo&, std::string_view cut)> end;
  std::function<core::Result<void>(const ZipEntryInfo&, std::span<std::uint8_t> bytes,
                                   std::string_view cut)>
      evtx;
};

struct ZipSummary {
  std::size_t entries = 0;            // entries in the archive (folder entries too)
  std::size_t read = 0;               // log entries streamed (or read whole: .evtx)
  std::size_t skipped_other = 0;      // files that are not logs, .evtx when the sink takes none
  std::size_t skipped_over_cap = 0;   // beyond max_files or the total size cap
  std::vector<std::string> problems;  // entries cut or unreadable, one line each (at most 16)
};

// Streams the log entries of the zip `path`. An entry whose declared or actual uncompressed
// size passes max_entry_bytes (an .evtx: also k_max_zip_evtx_bytes) is cut there; once
// max_total_bytes were read the rest are skipped. Fails (io) when `path` is not a readable zip,
// naming it; (usage) when libzip is not compiled in; a sink error stops the read and is returned as
// is.
core::Result<ZipSummary> read_zip(const std::string& path, const BundleLimits& limits,
                                  const ZipSink& sink);

}  // namespace probe::explain
