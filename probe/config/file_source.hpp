// Where configuration files come from: the files embedded in the binary, or a directory
// on disk. An abstract seam so tests can feed configuration from memory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace probe::config {

class FileSource {
 public:
  virtual ~FileSource() = default;
  // The bytes of `path` (relative to the source's root). Fails (config) naming the path.
  [[nodiscard]] virtual core::Result<std::string> read(std::string_view path) const = 0;
  // Names of the regular files directly in the root whose name ends with `suffix`, sorted.
  [[nodiscard]] virtual core::Result<std::vector<std::string>> list(
      std::string_view suffix) const = 0;
  // How `path` is named in messages: "pins/okta.yaml", "<built-in>/pins/okta.yaml".
  [[nodiscard]] virtual std::string display(std::string_view path) const = 0;
};

// The caps on what pinprobe reads from a file (README "Bounded input"): a file over its cap is
// an error naming the file and the cap, found with fstat before reading when the file has a
// size, and while reading otherwise (stdin, a FIFO, /dev/zero), so memory never grows past
// the cap.
inline constexpr std::uint64_t k_max_config_bytes = 4 * 1024 * 1024;  // yaml, pinset anchors
inline constexpr std::uint64_t k_max_file_bytes = 16 * 1024 * 1024;   // cert, --trusted-ca
inline constexpr std::uint64_t k_default_max_log_bytes = 1024ULL * 1024 * 1024;  // explain

// A cap and how messages name it: "the 4 MiB limit for configuration files".
struct ReadLimit {
  std::uint64_t max_bytes = k_max_file_bytes;
  std::string_view what = "for a file read whole";
};
inline constexpr ReadLimit k_config_limit{k_max_config_bytes, "for configuration files"};

// Streams `path` ("-" is stdin) to `sink` in chunks of at most 64 KiB and at most
// `limit.max_bytes` bytes in all. Fails (io) naming the path (stdin as "<stdin>"): cannot
// open, is a directory, read error, "<path>: N bytes, over the 4 MiB limit for ..." (from
// fstat, before reading) or "<path>: over the 4 MiB limit for ..." (found while reading); a
// sink error stops the read and is returned as is.
core::Result<void> read_chunks(const std::string& path, const ReadLimit& limit,
                               const std::function<core::Result<void>(std::string_view)>& sink);

// "4 MiB", "1 GiB", "1500 bytes": a cap as messages show it.
std::string format_limit(std::uint64_t bytes);

// Files on disk under `root`, each read whole within k_config_limit.
class DiskSource final : public FileSource {
 public:
  explicit DiskSource(std::string root) : m_root(std::move(root)) {}
  [[nodiscard]] core::Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] core::Result<std::vector<std::string>> list(std::string_view suffix) const override;
  [[nodiscard]] std::string display(std::string_view path) const override;

 private:
  std::string m_root;
};

// The embedded files whose path starts with `prefix` ("pins/").
class EmbeddedSource final : public FileSource {
 public:
  explicit EmbeddedSource(std::string prefix) : m_prefix(std::move(prefix)) {}
  [[nodiscard]] core::Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] core::Result<std::vector<std::string>> list(std::string_view suffix) const override;
  [[nodiscard]] std::string display(std::string_view path) const override;

 private:
  std::string m_prefix;
};

// Files held in memory (tests): path -> bytes.
class MemorySource final : public FileSource {
 public:
  explicit MemorySource(std::map<std::string, std::string, std::less<>> files)
      : m_files(std::move(files)) {}
  [[nodiscard]] core::Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] core::Result<std::vector<std::string>> list(std::string_view suffix) const override;
  [[nodiscard]] std::string display(std::string_view path) const override;

 private:
  std::map<std::string, std::string, std::less<>> m_files;
};

// Reads a whole file from disk ("-" is stdin) within `limit` (read_chunks); fails (io) naming
// the path and the OS error or the cap.
core::Result<std::string> read_file(const std::string& path, const ReadLimit& limit = {});

}  // namespace probe::config
