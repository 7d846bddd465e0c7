#include "explain/matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "core/text.hpp"

namespace probe::explain {

namespace {

std::string without_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool safe_argument(std::string_view value) {
  if (value.empty() || value.size() > 2048 || value.front() == '-') return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("._~:/?#&=%+-").find(c) != std::string_view::npos;
  });
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const auto start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

struct Matcher::Compiled {
  std::vector<std::string> contains_lower;     // lower-case substrings
  std::vector<std::string> contains_squeezed;  // the same without any whitespace
  std::vector<std::regex> regexes;
};

Matcher::Matcher(const std::vector<config::Signature>& signatures) : m_signatures(signatures) {
  for (const auto& sig : signatures) {
    auto compiled = std::make_unique<Compiled>();
    for (const auto& p : sig.patterns) {
      if (p.is_regex) {
        // Validated when the signatures were loaded.
        compiled->regexes.emplace_back(p.text, std::regex::ECMAScript | std::regex::icase);
      } else {
        compiled->contains_lower.push_back(core::to_lower(p.text));
        compiled->contains_squeezed.push_back(without_spaces(p.text));
      }
    }
    m_compiled.push_back(std::move(compiled));
  }
}

Matcher::~Matcher() = default;

std::vector<SignatureMatch> Matcher::match(const std::vector<LogRecord>& records) const {
  const auto n = m_signatures.size();
  std::vector<SignatureMatch> found(n);
  std::map<std::string, std::size_t, std::less<>> index;
  for (std::size_t s = 0; s < n; ++s) index.emplace(m_signatures[s].id, s);
  std::vector<char> hit(n);
  std::vector<std::smatch> groups(n);
  for (const auto& record : records) {
    const auto lower = core::to_lower(record.text);
    const auto squeezed = without_spaces(record.text);
    for (std::size_t s = 0; s < n; ++s) {
      const auto& c = *m_compiled[s];
      hit[s] = 0;
      groups[s] = {};
      for (std::size_t p = 0; p < c.contains_lower.size() && hit[s] == 0; ++p) {
        hit[s] = lower.find(c.contains_lower[p]) != std::string::npos ||
                 squeezed.find(c.contains_squeezed[p]) != std::string::npos;
      }
      for (std::size_t r = 0; r < c.regexes.size(); ++r) {
        std::smatch m;
        if (std::regex_search(record.text, m, c.regexes[r])) {
          if (r == 0) groups[s] = m;
          hit[s] = 1;
          break;
        }
      }
    }
    for (std::size_t s = 0; s < n; ++s) {
      if (hit[s] == 0) continue;
      const auto& sig = m_signatures[s];
      const bool superseded = std::any_of(sig.superseded_by.begin(), sig.superseded_by.end(),
                                          [&](const std::string& other) {
                                            const auto it = index.find(other);
                                            return it != index.end() && hit[it->second] != 0;
                                          });
      if (superseded) continue;
      auto& f = found[s];
      f.signature = &sig;
      ++f.count;
      if (!record.timestamp.empty()) {
        if (f.first_timestamp.empty()) f.first_timestamp = record.timestamp;
        f.last_timestamp = record.timestamp;
      }
      if (f.lines.size() < k_max_shown_lines) f.lines.push_back({record.line, record.text});
      if (f.captures.empty() && !groups[s].empty()) {
        for (std::size_t g = 0; g < sig.captures.size() && g + 1 < groups[s].size(); ++g) {
          if (groups[s][g + 1].matched) f.captures[sig.captures[g]] = groups[s][g + 1].str();
        }
      }
    }
  }
  std::vector<SignatureMatch> out;
  for (auto& f : found) {
    if (f.count > 0) out.push_back(std::move(f));
  }
  return out;
}

std::vector<CheckCommand> build_check_commands(const std::vector<SignatureMatch>& matches) {
  std::vector<CheckCommand> out;
  std::set<std::vector<std::string>> seen;
  for (const auto& m : matches) {
    CheckCommand cmd{m.signature->id, {}, {}};
    auto words = split_words(m.signature->confirm);
    for (std::size_t i = 1; i < words.size(); ++i) {
      auto word = words[i];
      if (word.size() > 2 && word.front() == '{' && word.back() == '}') {
        const auto name = word.substr(1, word.size() - 2);
        const auto it = m.captures.find(name);
        if (it == m.captures.end()) {
          if (cmd.skipped.empty())
            cmd.skipped = fmt::format("needs {{{}}}, which the log does not show", name);
        } else if (!safe_argument(it->second)) {
          if (cmd.skipped.empty())
            cmd.skipped = fmt::format("the log's {} is not a plain value: run it by hand", name);
        } else {
          word = it->second;
        }
      }
      cmd.args.push_back(std::move(word));
    }
    if (!seen.insert(cmd.args).second) continue;
    out.push_back(std::move(cmd));
  }
  return out;
}

}  // namespace probe::explain
