#include "config/file_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/embedded.hpp"

namespace probe::config {

using core::ErrorKind;
using core::unexpected;

core::Result<std::string> read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return unexpected(ErrorKind::io, fmt::format("{}: is a directory", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(ErrorKind::io,
                      fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  // Chunked reads rather than istreambuf_iterator: GCC 12 flags the iterator's inlined
  // streambuf access under -Wnull-dereference, which is an error in CI.
  std::string bytes;
  std::array<char, 64 * 1024> chunk{};
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (!in) break;
  }
  if (in.bad()) return unexpected(ErrorKind::io, fmt::format("{}: read error", path));
  return bytes;
}

core::Result<std::string> DiskSource::read(std::string_view path) const {
  return read_file((std::filesystem::path(m_root) / path).string());
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
