// Where configuration files come from: the files embedded in the binary, or a directory
// on disk. An abstract seam so tests can feed configuration from memory.
#pragma once

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

// Files on disk under `root`.
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

// Reads a whole file from disk ("-" is stdin); fails (io) naming the path and the OS error.
core::Result<std::string> read_file(const std::string& path);

}  // namespace probe::config
