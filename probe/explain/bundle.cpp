#include "explain/bundle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "core/text.hpp"
#include "lib/cptr.hpp"

#if PROBE_HAVE_LIBZIP
#include <zip.h>
#endif

namespace probe::explain {

namespace {

namespace fs = std::filesystem;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

}  // namespace

LogKind log_kind_of(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  const auto lower = core::to_lower(name);
  std::string_view n = lower;
  if (n.empty() || n.front() == '.') return LogKind::other;
  if (n.ends_with(".evtx")) return LogKind::evtx;
  for (std::string_view ext : {".log", ".txt", ".xml", ".csv"}) {
    if (n.ends_with(ext)) return LogKind::text;
  }
  // Rotated: "oktaverify.log.1", "app.log.2024-03-05", "app.txt.3".
  for (std::string_view ext : {".log.", ".txt."}) {
    if (const auto at = n.rfind(ext);
        at != std::string_view::npos && all_digits(n.substr(at + ext.size()))) {
      return LogKind::text;
    }
  }
  if (n.find('.') == std::string_view::npos && n.find("log") != std::string_view::npos) {
    return LogKind::text;
  }
  return LogKind::other;
}

core::Result<FolderListing> list_log_files(const std::string& root, const BundleLimits& limits) {
  FolderListing out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("{}: cannot list the folder: {}", root, ec.message()));
  }
  const fs::recursive_directory_iterator end;
  std::vector<FoundFile> found;
  while (it != end) {
    const auto& entry = *it;
    std::error_code type_ec;
    const auto status = entry.symlink_status(type_ec);
    if (!type_ec && fs::is_directory(status)) {
      if (static_cast<std::size_t>(it.depth()) + 1 > limits.max_depth) {
        ++out.skipped_deep;
        it.disable_recursion_pending();
      }
    } else if (!type_ec && fs::is_regular_file(status)) {
      const auto relative = entry.path().lexically_relative(root).generic_string();
      const auto kind = log_kind_of(relative);
      if (kind == LogKind::other) {
        ++out.skipped_other;
      } else if (found.size() >= limits.max_files) {
        ++out.skipped_over_cap;
      } else {
        found.push_back({entry.path().string(), relative, kind});
      }
    } else {
      ++out.skipped_other;
    }
    it.increment(ec);
    if (ec) {
      ++out.unreadable;
      ec.clear();
    }
  }
  std::sort(found.begin(), found.end(),
            [](const FoundFile& a, const FoundFile& b) { return a.relative < b.relative; });
  out.files = std::move(found);
  return out;
}

bool looks_like_zip(std::string_view head) noexcept {
  return head.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
         head.substr(0, 4) == std::string_view("PK\x05\x06", 4);
}

#if PROBE_HAVE_LIBZIP

namespace {

constexpr std::size_t k_max_zip_problems = 16;
constexpr std::size_t k_chunk = 64 * 1024;

void note(ZipSummary& summary, std::string problem) {
  if (summary.problems.size() < k_max_zip_problems) summary.problems.push_back(std::move(problem));
}

using ArchivePtr = lib::CPtr<zip_t, &zip_discard>;
using EntryPtr = lib::CPtr<zip_file_t, &zip_fclose>;

core::Result<ArchivePtr> open_archive(const std::string& path) {
  int code = 0;
  ArchivePtr archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    auto message = fmt::format("{}: not a readable zip: {}", path, zip_error_strerror(&error));
    zip_error_fini(&error);
    return core::unexpected(core::ErrorKind::io, std::move(message));
  }
  return archive;
}

// The name, size and kind of entry `i`; nullopt (noted) when it cannot be stat'ed, and for a
// folder entry ("logs/"), which is not a file: a folder has none to count, as on disk.
std::optional<ZipEntryInfo> stat_entry(zip_t* archive, zip_int64_t i, ZipSummary& summary) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
      (st.valid & ZIP_STAT_NAME) == 0) {
    note(summary, fmt::format("entry {}: cannot be read: {}", i + 1, zip_strerror(archive)));
    return std::nullopt;
  }
  ZipEntryInfo info{st.name, (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : 0, LogKind::other};
  if (!info.name.empty() && info.name.back() == '/') return std::nullopt;
  info.kind = log_kind_of(info.name);
  return info;
}

// Whether the entry is a log to read (a text log wanted by the sink, or an .evtx the sink
// takes) within the caps; counts and notes the ones it skips.
bool admit_entry(const ZipEntryInfo& info, const BundleLimits& limits, std::uint64_t total,
                 const ZipSink& sink, ZipSummary& summary) {
  if (info.kind == LogKind::evtx && !sink.evtx) {
    ++summary.skipped_other;
    note(summary, fmt::format("{}: an .evtx inside a zip is not read: extract it and explain "
                              "the file",
                              core::escape_control(info.name, 200)));
    return false;
  }
  if (info.kind == LogKind::other) {
    ++summary.skipped_other;
    return false;
  }
  if (summary.read >= limits.max_files || total >= limits.max_total_bytes) {
    ++summary.skipped_over_cap;
    return false;
  }
  if (info.kind == LogKind::text && !sink.begin(info)) {
    ++summary.skipped_other;
    return false;
  }
  return true;
}

// Why the entry is cut before reading it: it cannot be opened, or declares a size over the cap.
std::string initial_cut(const EntryPtr& file, zip_t* archive, const ZipEntryInfo& info,
                        const BundleLimits& limits) {
  if (!file) return fmt::format("cannot be opened: {}", zip_strerror(archive));
  if (info.size > limits.max_entry_bytes) {
    return fmt::format(
        "declares {} bytes uncompressed, over the per-entry cap: read up to the "
        "cap",
        info.size);
  }
  return {};
}

// The reason reading stops when there is no room left under the caps.
void note_cap_cut(std::uint64_t entry_bytes, const BundleLimits& limits, std::string& cut) {
  if (entry_bytes >= limits.max_entry_bytes) {
    if (cut.empty()) cut = "over the per-entry uncompressed size cap: cut there";
  } else {
    cut = "the total uncompressed size cap was reached: cut there";
  }
}

// Streams an opened entry to the sink in chunks, within the caps; sets `cut` when it stops early.
core::Result<void> stream_entry(zip_file_t* file, std::string& buffer, const BundleLimits& limits,
                                std::uint64_t& total, const ZipSink& sink, std::string& cut) {
  std::uint64_t entry_bytes = 0;
  while (true) {
    const auto room = std::min<std::uint64_t>(
        {k_chunk, limits.max_entry_bytes - entry_bytes, limits.max_total_bytes - total});
    if (room == 0) {
      note_cap_cut(entry_bytes, limits, cut);
      break;
    }
    const auto n = zip_fread(file, buffer.data(), room);
    if (n < 0) {
      cut = fmt::format("read error: {}", zip_file_strerror(file));
      break;
    }
    if (n == 0) break;
    entry_bytes += static_cast<std::uint64_t>(n);
    total += static_cast<std::uint64_t>(n);
    if (auto ok = sink.chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n))); !ok) {
      return core::unexpected(ok.error());
    }
  }
  return {};
}

// The bytes of an opened .evtx entry, at most `cap` of them; sets `cut` when there were more
// or the read failed.
std::vector<std::uint8_t> slurp_entry(zip_file_t* file, std::uint64_t declared, std::uint64_t cap,
                                      std::string& cut) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(static_cast<std::size_t>(std::min(declared, cap)));
  while (true) {
    const auto room = std::min<std::uint64_t>(k_chunk, cap - bytes.size());
    if (room == 0) {
      // One byte more tells a file of exactly `cap` bytes from a longer one.
      std::uint8_t probe_byte = 0;
      if (zip_fread(file, &probe_byte, 1) > 0 && cut.empty()) {
        cut = fmt::format("longer than the {} bytes read into memory: cut there", cap);
      }
      break;
    }
    const auto at = bytes.size();
    bytes.resize(at + static_cast<std::size_t>(room));
    const auto n = zip_fread(file, bytes.data() + at, room);
    bytes.resize(at + static_cast<std::size_t>(std::max<zip_int64_t>(n, 0)));
    if (n < 0) {
      cut = fmt::format("read error: {}", zip_file_strerror(file));
      break;
    }
    if (n == 0) break;
  }
  return bytes;
}

// Reads the .evtx entry `i` whole into memory (within k_max_zip_evtx_bytes and the caps) and
// hands it to the sink.
core::Result<void> read_evtx_entry(zip_t* archive, zip_int64_t i, const ZipEntryInfo& info,
                                   const BundleLimits& limits, const ZipSink& sink,
                                   std::uint64_t& total, ZipSummary& summary) {
  EntryPtr file(zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0));
  ++summary.read;
  const auto cap =
      std::min({k_max_zip_evtx_bytes, limits.max_entry_bytes, limits.max_total_bytes - total});
  std::string cut;
  if (!file) {
    cut = fmt::format("cannot be opened: {}", zip_strerror(archive));
  } else if (info.size > cap) {
    cut = fmt::format(
        "declares {} bytes uncompressed, over the {} bytes an .evtx is read into "
        "memory: read up to there",
        info.size, cap);
  }
  auto bytes = file ? slurp_entry(file.get(), info.size, cap, cut) : std::vector<std::uint8_t>{};
  total += bytes.size();
  if (!cut.empty()) note(summary, fmt::format("{}: {}", core::escape_control(info.name, 200), cut));
  if (!file) return {};
  return sink.evtx(info, bytes, cut);
}

// Reads entry `i` (if it is an admitted log) through the sink.
core::Result<void> read_entry(zip_t* archive, zip_int64_t i, const BundleLimits& limits,
                              const ZipSink& sink, std::uint64_t& total, std::string& buffer,
                              ZipSummary& summary) {
  const auto info = stat_entry(archive, i, summary);
  if (!info || !admit_entry(*info, limits, total, sink, summary)) return {};
  if (info->kind == LogKind::evtx) {
    return read_evtx_entry(archive, i, *info, limits, sink, total, summary);
  }
  EntryPtr file(zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0));
  ++summary.read;
  std::string cut = initial_cut(file, archive, *info, limits);
  if (file) {
    if (auto ok = stream_entry(file.get(), buffer, limits, total, sink, cut); !ok) return ok;
  }
  if (!cut.empty())
    note(summary, fmt::format("{}: {}", core::escape_control(info->name, 200), cut));
  return sink.end(*info, cut);
}

}  // namespace

bool zip_supported() noexcept { return true; }

core::Result<ZipSummary> read_zip(const std::string& path, const BundleLimits& limits,
                                  const ZipSink& sink) {
  auto archive = open_archive(path);
  if (!archive) return core::unexpected(archive.error());
  ZipSummary summary;
  const auto count = zip_get_num_entries(archive->get(), 0);
  summary.entries = count < 0 ? 0 : static_cast<std::size_t>(count);
  std::uint64_t total = 0;
  std::string buffer(k_chunk, '\0');
  for (zip_int64_t i = 0; i < count; ++i) {
    if (auto ok = read_entry(archive->get(), i, limits, sink, total, buffer, summary); !ok) {
      return core::unexpected(ok.error());
    }
  }
  return summary;
}

#else

bool zip_supported() noexcept { return false; }

core::Result<ZipSummary> read_zip(const std::string& path, const BundleLimits& /*limits*/,
                                  const ZipSink& /*sink*/) {
  return core::unexpected(core::ErrorKind::usage,
                          fmt::format("{}: a zip bundle, and this pinprobe was built without "
                                      "libzip: unpack it and explain the folder",
                                      path));
}

#endif

}  // namespace probe::explain
