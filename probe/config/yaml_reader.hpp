// Strict reading of YAML documents with file:line:col messages. Internal to config/.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace probe::config::detail {

// Reads YAML nodes of one document named `source`, producing located errors.
class YamlReader {
 public:
  explicit YamlReader(std::string source) : m_source(std::move(source)) {}

  // Parses `text`; fails with the parser's location on a syntax error, and on an empty
  // document with "<source>:1:1: empty file: <expected>".
  core::Result<YAML::Node> parse(std::string_view text, std::string_view expected) const;

  // "source:line:col: message" at `node` (yaml-cpp marks are 0-based).
  core::Error error_at(const YAML::Node& node, std::string_view message) const;

  // Fails when `node` is not a map, has a key outside `allowed`, or a key twice.
  core::Result<void> check_map(const YAML::Node& node, std::string_view what,
                               std::initializer_list<std::string_view> allowed) const;
  // Fails when the required `key` is missing from map `node`.
  core::Result<YAML::Node> required(const YAML::Node& node, std::string_view key,
                                    std::string_view what) const;

  core::Result<std::string> string(const YAML::Node& node, std::string_view key) const;
  core::Result<bool> boolean(const YAML::Node& node, std::string_view key) const;
  core::Result<long long> integer(const YAML::Node& node, std::string_view key) const;
  // A sequence (flow or block); `allow_empty` false fails on [].
  core::Result<void> sequence(const YAML::Node& node, std::string_view key, bool allow_empty) const;

  [[nodiscard]] const std::string& source() const noexcept { return m_source; }

 private:
  std::string m_source;
};

// The closest of `candidates` to `word` within two edits, or nullopt.
std::optional<std::string_view> closest(std::string_view word,
                                        std::initializer_list<std::string_view> candidates);

}  // namespace probe::config::detail
