#include "explain/evtx_file.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#if PROBE_HAVE_LIBEVTX
#include <libevtx.h>
#endif
#if PROBE_HAVE_LIBEVTX && PROBE_HAVE_LIBBFIO
#include <libbfio.h>
#endif

namespace probe::explain {

namespace {

constexpr std::uint64_t k_chunk_bytes = 64ULL * 1024;

std::uint16_t le16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

}  // namespace

bool looks_like_evtx(std::string_view head) noexcept {
  return head.substr(0, 8) == std::string_view("ElfFile\0", 8);
}

std::optional<std::string> evtx_truncation(std::string_view head, std::uint64_t size) {
  if (head.size() < 44 || !looks_like_evtx(head)) return std::nullopt;
  const std::uint64_t block = le16(head, 40);  // header block size: where the chunks start
  const std::uint64_t chunks = le16(head, 42);
  if (block == 0 || chunks == 0 || size >= block + chunks * k_chunk_bytes) return std::nullopt;
  const auto whole = size < block ? 0 : (size - block) / k_chunk_bytes;
  return fmt::format(
      "truncated: the header lists {} chunk{}, the file ends {} in chunk {}: the records of {} "
      "chunk{} are lost",
      chunks, chunks == 1 ? "" : "s",
      size < block ? "in its header, before" : fmt::format("after {} whole", whole), whole + 1,
      chunks - whole, chunks - whole == 1 ? "" : "s");
}

#if PROBE_HAVE_LIBEVTX

namespace {

// The last line of a libyal error message (the most specific one), without its full stop.
std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '.')) text.pop_back();
  const auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

// libevtx's error message, freed here.
std::string take_message(libevtx_error_t* error) {
  if (error == nullptr) return "unknown error";
  std::array<char, 1024> buffer{};
  const auto printed = libevtx_error_sprint(error, buffer.data(), buffer.size());
  libevtx_error_free(&error);
  return printed < 0 ? "unknown error" : last_line(buffer.data());
}

#if PROBE_HAVE_LIBBFIO
// libbfio's error message, freed here.
std::string take_bfio_message(libbfio_error_t* error) {
  if (error == nullptr) return "unknown error";
  std::array<char, 1024> buffer{};
  const auto printed = libbfio_error_sprint(error, buffer.data(), buffer.size());
  libbfio_error_free(&error);
  return printed < 0 ? "unknown error" : last_line(buffer.data());
}

// A libbfio memory range handle over bytes the caller owns; libevtx opens and closes it.
class MemoryRange {
 public:
  MemoryRange() = default;
  ~MemoryRange() {
    if (m_handle != nullptr) libbfio_handle_free(&m_handle, nullptr);
  }
  MemoryRange(const MemoryRange&) = delete;
  MemoryRange& operator=(const MemoryRange&) = delete;

  core::Result<void> set(std::string_view name, std::span<std::uint8_t> bytes) {
    libbfio_error_t* error = nullptr;
    if (libbfio_memory_range_initialize(&m_handle, &error) != 1) {
      m_handle = nullptr;
      return core::unexpected(core::ErrorKind::internal,
                              fmt::format("{}: {}", name, take_bfio_message(error)));
    }
    if (libbfio_memory_range_set(m_handle, bytes.data(), bytes.size(), &error) != 1) {
      return core::unexpected(core::ErrorKind::internal,
                              fmt::format("{}: {}", name, take_bfio_message(error)));
    }
    return {};
  }
  [[nodiscard]] libbfio_handle_t* get() const noexcept { return m_handle; }

 private:
  libbfio_handle_t* m_handle = nullptr;
};
#endif

class EvtxFile {
 public:
  EvtxFile() {
    libevtx_error_t* error = nullptr;
    if (libevtx_file_initialize(&m_file, &error) != 1) {
      m_file = nullptr;
      m_error = take_message(error);
    }
  }
  ~EvtxFile() {
    if (m_file == nullptr) return;
    if (m_open) libevtx_file_close(m_file, nullptr);
    libevtx_file_free(&m_file, nullptr);
  }
  EvtxFile(const EvtxFile&) = delete;
  EvtxFile& operator=(const EvtxFile&) = delete;

  core::Result<void> open(const std::string& path) {
    if (m_file == nullptr) return core::unexpected(core::ErrorKind::internal, m_error);
    libevtx_error_t* error = nullptr;
    if (libevtx_file_open(m_file, path.c_str(), libevtx_get_access_flags_read(), &error) != 1) {
      return core::unexpected(core::ErrorKind::io, fmt::format("{}: not a readable .evtx file: {}",
                                                               path, take_message(error)));
    }
    m_open = true;
    return {};
  }
#if PROBE_HAVE_LIBBFIO
  // Opens the .evtx held in `bytes` (they must outlive this object) as `name`.
  core::Result<void> open_memory(std::string_view name, std::span<std::uint8_t> bytes) {
    if (m_file == nullptr) return core::unexpected(core::ErrorKind::internal, m_error);
    if (auto ok = m_range.set(name, bytes); !ok) return ok;
    libevtx_error_t* error = nullptr;
    if (libevtx_file_open_file_io_handle(m_file, m_range.get(), libevtx_get_access_flags_read(),
                                         &error) != 1) {
      return core::unexpected(core::ErrorKind::io, fmt::format("{}: not a readable .evtx file: {}",
                                                               name, take_message(error)));
    }
    m_open = true;
    return {};
  }
#endif
  [[nodiscard]] libevtx_file_t* get() const noexcept { return m_file; }

 private:
#if PROBE_HAVE_LIBBFIO
  MemoryRange m_range;  // declared first: freed after the file that reads through it
#endif
  libevtx_file_t* m_file = nullptr;
  bool m_open = false;
  std::string m_error;
};

struct RecordDeleter {
  void operator()(libevtx_record_t* r) const noexcept { libevtx_record_free(&r, nullptr); }
};
using RecordPtr = std::unique_ptr<libevtx_record_t, RecordDeleter>;

core::Result<EventFields> fields_of(libevtx_record_t* record) {
  libevtx_error_t* error = nullptr;
  std::size_t size = 0;
  if (libevtx_record_get_utf8_xml_string_size(record, &size, &error) != 1 || size == 0) {
    return core::unexpected(core::ErrorKind::io, take_message(error));
  }
  std::string xml(size, '\0');
  if (libevtx_record_get_utf8_xml_string(record, reinterpret_cast<std::uint8_t*>(xml.data()), size,
                                         &error) != 1) {
    return core::unexpected(core::ErrorKind::io, take_message(error));
  }
  while (!xml.empty() && xml.back() == '\0') xml.pop_back();
  auto fields = event_from_xml(xml);
  // The record header's written time, when the XML has no TimeCreated.
  std::uint64_t filetime = 0;
  if (fields.time.empty() && libevtx_record_get_written_time(record, &filetime, nullptr) == 1) {
    fields.time = filetime_to_iso(filetime);
  }
  if (fields.record_id == 0) {
    std::uint64_t id = 0;
    if (libevtx_record_get_identifier(record, &id, nullptr) == 1) fields.record_id = id;
  }
  return fields;
}

void note(EvtxSummary& summary, std::string problem) {
  if (summary.problems.size() < k_max_evtx_problems) summary.problems.push_back(std::move(problem));
}

using EventSink = std::function<void(EventFields&&)>;

// Reads record `i` (of the recovered ones when `recovered`) into the sink; counts and notes it
// when it cannot be read.
void read_record(libevtx_file_t* file, int i, bool recovered, EvtxSummary& summary,
                 const EventSink& sink) {
  libevtx_record_t* raw = nullptr;
  libevtx_error_t* error = nullptr;
  const auto got = recovered ? libevtx_file_get_recovered_record_by_index(file, i, &raw, &error)
                             : libevtx_file_get_record_by_index(file, i, &raw, &error);
  if (got != 1 || raw == nullptr) {
    ++summary.unreadable;
    note(summary,
         fmt::format("{}record {}: {}", recovered ? "recovered " : "", i + 1, take_message(error)));
    return;
  }
  RecordPtr record(raw);
  auto fields = fields_of(record.get());
  if (!fields) {
    ++summary.unreadable;
    note(summary, fmt::format("{}record {}: {}", recovered ? "recovered " : "", i + 1,
                              fields.error().message));
    return;
  }
  ++summary.records;
  if (recovered) ++summary.recovered;
  sink(std::move(*fields));
}

// Reads every record (or every recovered record) of the file into the sink.
void read_records(libevtx_file_t* file, bool recovered, EvtxSummary& summary,
                  const EventSink& sink) {
  int count = 0;
  const auto counted = recovered
                           ? libevtx_file_get_number_of_recovered_records(file, &count, nullptr)
                           : libevtx_file_get_number_of_records(file, &count, nullptr);
  if (counted != 1) {
    note(summary,
         recovered ? "the recovered records cannot be counted" : "the records cannot be counted");
    return;
  }
  for (int i = 0; i < count; ++i) read_record(file, i, recovered, summary, sink);
}

// Reads every record of the opened file, the recovered ones after; `truncation` (what the
// header says is missing) goes first among the problems.
EvtxSummary read_opened(const EvtxFile& file, std::optional<std::string> truncation,
                        const EventSink& sink) {
  EvtxSummary summary;
  if (libevtx_file_is_corrupted(file.get(), nullptr) == 1) summary.corrupted = true;
  if (truncation) {
    summary.corrupted = true;
    note(summary, std::move(*truncation));
  }
  for (const bool recovered : {false, true}) read_records(file.get(), recovered, summary, sink);
  return summary;
}

// What the header of the file at `path` says is missing, if it can tell.
std::optional<std::string> file_truncation(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  std::array<char, 64> head{};
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), head.size());
  return evtx_truncation(std::string_view(head.data(), static_cast<std::size_t>(in.gcount())),
                         size);
}

}  // namespace

bool evtx_supported() noexcept { return true; }

core::Result<EvtxSummary> read_evtx(const std::string& path,
                                    const std::function<void(EventFields&&)>& sink) {
  EvtxFile file;
  if (auto ok = file.open(path); !ok) return core::unexpected(ok.error());
  return read_opened(file, file_truncation(path), sink);
}

#if PROBE_HAVE_LIBBFIO

bool evtx_memory_supported() noexcept { return true; }

core::Result<EvtxSummary> read_evtx_memory(std::string_view name, std::span<std::uint8_t> bytes,
                                           const std::function<void(EventFields&&)>& sink) {
  EvtxFile file;
  if (auto ok = file.open_memory(name, bytes); !ok) return core::unexpected(ok.error());
  const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return read_opened(file, evtx_truncation(view, bytes.size()), sink);
}

#else

bool evtx_memory_supported() noexcept { return false; }

core::Result<EvtxSummary> read_evtx_memory(std::string_view name, std::span<std::uint8_t> /*bytes*/,
                                           const std::function<void(EventFields&&)>& /*sink*/) {
  return core::unexpected(core::ErrorKind::usage,
                          fmt::format("{}: an .evtx in memory, and this pinprobe was built "
                                      "without libbfio: extract it and explain the file",
                                      name));
}

#endif

#else

bool evtx_supported() noexcept { return false; }

bool evtx_memory_supported() noexcept { return false; }

core::Result<EvtxSummary> read_evtx_memory(std::string_view name, std::span<std::uint8_t> /*bytes*/,
                                           const std::function<void(EventFields&&)>& /*sink*/) {
  return core::unexpected(
      core::ErrorKind::usage,
      fmt::format("{}: an .evtx file, and this pinprobe was built without libevtx: export the "
                  "log as XML (wevtutil qe /f:xml) and explain that",
                  name));
}

core::Result<EvtxSummary> read_evtx(const std::string& path,
                                    const std::function<void(EventFields&&)>& /*sink*/) {
  return core::unexpected(
      core::ErrorKind::usage,
      fmt::format("{}: an .evtx file, and this pinprobe was built without libevtx: export the "
                  "log as XML (wevtutil qe /f:xml) and explain that",
                  path));
}

#endif

}  // namespace probe::explain
