#include "config/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

#include "core/text.hpp"

namespace probe::config::detail {

using core::ErrorKind;
using core::unexpected;

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

}  // namespace

std::optional<std::string_view> closest(std::string_view word,
                                        std::initializer_list<std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (auto c : candidates) {
    const auto d = edit_distance(core::to_lower(word), c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

core::Result<YAML::Node> YamlReader::parse(std::string_view text, std::string_view expected) const {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return unexpected(ErrorKind::config, fmt::format("{}:{}:{}: invalid YAML: {}", m_source,
                                                     e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (!root || root.IsNull()) {
    return unexpected(ErrorKind::config,
                      fmt::format("{}:1:1: empty file: expected {}", m_source, expected));
  }
  return root;
}

core::Error YamlReader::error_at(const YAML::Node& node, std::string_view message) const {
  const auto mark = node.Mark();
  if (mark.is_null())
    return core::Error{ErrorKind::config, fmt::format("{}: {}", m_source, message)};
  return core::Error{ErrorKind::config, fmt::format("{}:{}:{}: {}", m_source, mark.line + 1,
                                                    mark.column + 1, message)};
}

core::Result<void> YamlReader::check_map(const YAML::Node& node, std::string_view what,
                                         std::initializer_list<std::string_view> allowed) const {
  if (!node.IsMap()) {
    return unexpected(
        error_at(node, fmt::format("{} must be a mapping, found {}", what, type_name(node))));
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      return unexpected(
          error_at(entry.first, fmt::format("{} has a key that is not a string", what)));
    }
    const auto key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string expected;
      for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
      auto hint = closest(key, allowed);
      return unexpected(
          error_at(entry.first, hint ? fmt::format("unknown key '{}' in {} (did you mean '{}'?)",
                                                   core::escape_control(key, 64), what, *hint)
                                     : fmt::format("unknown key '{}' in {} (expected one of: {})",
                                                   core::escape_control(key, 64), what, expected)));
    }
    if (!seen.insert(key).second) {
      return unexpected(error_at(entry.first, fmt::format("duplicate key '{}' in {}", key, what)));
    }
  }
  return {};
}

core::Result<YAML::Node> YamlReader::required(const YAML::Node& node, std::string_view key,
                                              std::string_view what) const {
  auto value = node[std::string(key)];
  if (!value) return unexpected(error_at(node, fmt::format("{} is missing '{}'", what, key)));
  return value;
}

core::Result<std::string> YamlReader::string(const YAML::Node& node, std::string_view key) const {
  if (!node.IsScalar()) {
    return unexpected(
        error_at(node, fmt::format("'{}' must be a string, found {}", key, type_name(node))));
  }
  if (node.Scalar().empty()) {
    return unexpected(error_at(node, fmt::format("'{}' must not be empty", key)));
  }
  return node.Scalar();
}

core::Result<bool> YamlReader::boolean(const YAML::Node& node, std::string_view key) const {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    return unexpected(
        error_at(node, fmt::format("'{}' must be true or false, found '{}'", key,
                                   node.IsScalar() ? core::escape_control(node.Scalar(), 64)
                                                   : std::string(type_name(node)))));
  }
  return value;
}

core::Result<long long> YamlReader::integer(const YAML::Node& node, std::string_view key) const {
  long long value = 0;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, value)) {
    return unexpected(
        error_at(node, fmt::format("'{}' must be an integer, found '{}'", key,
                                   node.IsScalar() ? core::escape_control(node.Scalar(), 64)
                                                   : std::string(type_name(node)))));
  }
  return value;
}

core::Result<void> YamlReader::sequence(const YAML::Node& node, std::string_view key,
                                        bool allow_empty) const {
  if (!node.IsSequence()) {
    return unexpected(
        error_at(node, fmt::format("'{}' must be a list, found {}", key, type_name(node))));
  }
  if (!allow_empty && node.size() == 0) {
    return unexpected(error_at(node, fmt::format("'{}' must not be empty", key)));
  }
  return {};
}

}  // namespace probe::config::detail
