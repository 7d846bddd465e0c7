#include "config/file_source.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "core/embedded.hpp"

namespace probe::config {

using core::ErrorKind;
using core::unexpected;

std::string format_limit(std::uint64_t bytes) {
  constexpr std::uint64_t k_kib = 1024;
  for (auto [unit, size] : {std::pair{"GiB", k_kib * k_kib * k_kib},
                            std::pair{"MiB", k_kib * k_kib}, std::pair{"KiB", k_kib}}) {
    if (bytes >= size && bytes % size == 0) return fmt::format("{} {}", bytes / size, unit);
  }
  return fmt::format("{} bytes", bytes);
}

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

constexpr std::size_t k_chunk_bytes = 64 * 1024;

}  // namespace

core::Result<void> read_chunks(const std::string& path, const ReadLimit& limit,
                               const std::function<core::Result<void>(std::string_view)>& sink) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  FilePtr owned;
  std::FILE* in = stdin;
  if (!is_stdin) {
    errno = 0;
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) {
      const int error = errno;
      // Windows refuses to open a directory with EACCES: say what it is, as on POSIX (where
      // the directory opens and fstat below says so).
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) {
        return unexpected(ErrorKind::io, fmt::format("{}: is a directory", name));
      }
      return unexpected(ErrorKind::io,
                        fmt::format("{}: cannot open: {}", name, std::strerror(error)));
    }
    in = owned.get();
  }
  const auto over = [&](std::string_view size) {
    return unexpected(ErrorKind::io, fmt::format("{}: {}over the {} limit {}", name, size,
                                                 format_limit(limit.max_bytes), limit.what));
  };
  struct stat st {};
  if (::fstat(fileno(in), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return unexpected(ErrorKind::io, fmt::format("{}: is a directory", name));
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit.max_bytes) {
      return over(fmt::format("{} bytes, ", static_cast<std::uint64_t>(st.st_size)));
    }
  }
  // Never more than cap + 1 bytes are read: the one past the cap proves the file is over it.
  std::vector<char> chunk(k_chunk_bytes);
  std::uint64_t total = 0;
  while (true) {
    const auto room = std::min<std::uint64_t>(chunk.size(), limit.max_bytes + 1 - total);
    const auto n = std::fread(chunk.data(), 1, static_cast<std::size_t>(room), in);
    if (n == 0) break;
    total += n;
    if (total > limit.max_bytes) return over("");
    if (auto ok = sink(std::string_view(chunk.data(), n)); !ok) return ok;
  }
  if (std::ferror(in) != 0) {
    return unexpected(ErrorKind::io, fmt::format("{}: read error: {}", name, std::strerror(errno)));
  }
  return {};
}

core::Result<std::string> read_file(const std::string& path, const ReadLimit& limit) {
  std::string bytes;
  auto ok = read_chunks(path, limit, [&](std::string_view chunk) -> core::Result<void> {
    bytes.append(chunk);
    return {};
  });
  if (!ok) return core::unexpected(ok.error());
  return bytes;
}

core::Result<std::string> DiskSource::read(std::string_view path) const {
  return read_file((std::filesystem::path(m_root) / path).string(), k_config_limit);
}

core::Result<std::vector<std::string>> DiskSource::list(std::string_view suffix) const {
  std::error_code ec;
  std::vector<std::string> out;
  std::filesystem::directory_iterator it(m_root, ec);
  if (ec) {
    return unexpected(ErrorKind::io, fmt::format("{}: cannot list: {}", m_root, ec.message()));
  }
  for (const auto& entry : it) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && name.ends_with(suffix)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string DiskSource::display(std::string_view path) const {
  return (std::filesystem::path(m_root) / path).lexically_normal().string();
}

core::Result<std::string> EmbeddedSource::read(std::string_view path) const {
  const auto full = std::filesystem::path(m_prefix + std::string(path)).lexically_normal();
  if (auto bytes = core::embedded_file(full.generic_string())) return std::string(*bytes);
  return unexpected(ErrorKind::config, fmt::format("{}: no such built-in file", display(path)));
}

core::Result<std::vector<std::string>> EmbeddedSource::list(std::string_view suffix) const {
  std::vector<std::string> out;
  for (const auto& file : core::embedded_files()) {
    if (!file.path.starts_with(m_prefix)) continue;
    const auto rest = file.path.substr(m_prefix.size());
    if (rest.find('/') == std::string_view::npos && rest.ends_with(suffix)) {
      out.emplace_back(rest);
    }
  }
  return out;
}

std::string EmbeddedSource::display(std::string_view path) const {
  return fmt::format("<built-in>/{}{}", m_prefix, path);
}

core::Result<std::string> MemorySource::read(std::string_view path) const {
  const auto normal = std::filesystem::path(std::string(path)).lexically_normal().generic_string();
  if (auto it = m_files.find(normal); it != m_files.end()) return it->second;
  return unexpected(ErrorKind::io, fmt::format("{}: no such file", path));
}

core::Result<std::vector<std::string>> MemorySource::list(std::string_view suffix) const {
  std::vector<std::string> out;
  for (const auto& [name, bytes] : m_files) {
    if (name.find('/') == std::string::npos && name.ends_with(suffix)) out.push_back(name);
  }
  return out;
}

std::string MemorySource::display(std::string_view path) const { return std::string(path); }

}  // namespace probe::config
