// Files compiled into the binary at build time (cmake/EmbedFiles.cmake): the default
// domains.yaml, pins/ and data/. Paths are relative to the repository root.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace probe::core {

struct EmbeddedFile {
  std::string_view path;   // "pins/okta.yaml"
  std::string_view bytes;  // the file's exact bytes
};

// Every embedded file, sorted by path. Defined in the generated embedded_files.cpp.
std::span<const EmbeddedFile> embedded_files() noexcept;

// The bytes of one embedded file, or nullopt.
std::optional<std::string_view> embedded_file(std::string_view path) noexcept;

}  // namespace probe::core
