#include "explain/matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/assert.hpp"
#include "core/text.hpp"
#include "lib/pcre2/regex.hpp"

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
  std::vector<lib::pcre2::Regex> regexes;
};

Matcher::Matcher(const std::vector<config::Signature>& signatures) : m_signatures(signatures) {
  for (const auto& sig : signatures) {
    auto compiled = std::make_unique<Compiled>();
    for (const auto& p : sig.patterns) {
      if (p.is_regex) {
        // Validated when the signatures were loaded.
        auto regex = lib::pcre2::Regex::compile(p.text);
        PROBE_ASSERT(regex.has_value());
        compiled->regexes.push_back(std::move(regex).value());
      } else {
        compiled->contains_lower.push_back(core::to_lower(p.text));
        compiled->contains_squeezed.push_back(without_spaces(p.text));
      }
    }
    m_compiled.push_back(std::move(compiled));
  }
}

Matcher::~Matcher() = default;

namespace {

bool contains_nocase(std::string_view haystack, std::string_view needle) {
  return core::to_lower(haystack).find(core::to_lower(needle)) != std::string::npos;
}

// Whether the record's event log fields (when it has them) agree with the signature's.
bool fields_agree(const config::Signature& sig, const LogRecord& record) {
  if (!sig.event_ids.empty() && record.event_id &&
      std::find(sig.event_ids.begin(), sig.event_ids.end(), *record.event_id) ==
          sig.event_ids.end()) {
    return false;
  }
  if (!sig.channel.empty() && !record.channel.empty() &&
      !contains_nocase(record.channel, sig.channel)) {
    return false;
  }
  if (!sig.provider.empty() && !record.provider.empty() &&
      !contains_nocase(record.provider, sig.provider)) {
    return false;
  }
  return true;
}

}  // namespace

struct MatchScan::State {
  State(const Matcher& m, std::optional<std::int64_t> since_time)
      : matcher(m),
        found(m.m_signatures.size()),
        hit(m.m_signatures.size()),
        groups(m.m_signatures.size()),
        since(since_time) {
    for (std::size_t s = 0; s < m.m_signatures.size(); ++s) index.emplace(m.m_signatures[s].id, s);
  }
  const Matcher& matcher;
  std::vector<SignatureMatch> found;
  std::map<std::string, std::size_t, std::less<>> index;
  std::vector<char> hit;
  std::vector<std::vector<std::optional<std::string>>> groups;  // first regex's captures
  std::optional<std::int64_t> since;
  std::size_t older = 0;
  std::size_t untimed = 0;
};

MatchScan::MatchScan(const Matcher& matcher, std::optional<std::int64_t> since)
    : m_state(std::make_unique<State>(matcher, since)) {}
MatchScan::~MatchScan() = default;

std::size_t MatchScan::skipped_older() const noexcept { return m_state->older; }
std::size_t MatchScan::skipped_untimed() const noexcept { return m_state->untimed; }

void MatchScan::add(const LogRecord& record) {
  auto& st = *m_state;
  const auto& signatures = st.matcher.m_signatures;
  const auto n = signatures.size();
  auto& hit = st.hit;
  auto& groups = st.groups;
  const auto time = parse_log_time(record.timestamp);
  if (st.since) {
    if (!time) {
      ++st.untimed;
      return;
    }
    if (*time < *st.since) {
      ++st.older;
      return;
    }
  }
  const auto lower = core::to_lower(record.text);
  const auto squeezed = without_spaces(record.text);
  for (std::size_t s = 0; s < n; ++s) {
    auto& c = *st.matcher.m_compiled[s];
    hit[s] = 0;
    groups[s].clear();
    if (!fields_agree(signatures[s], record)) continue;
    for (std::size_t p = 0; p < c.contains_lower.size() && hit[s] == 0; ++p) {
      hit[s] = lower.find(c.contains_lower[p]) != std::string::npos ||
               squeezed.find(c.contains_squeezed[p]) != std::string::npos;
    }
    for (std::size_t r = 0; r < c.regexes.size(); ++r) {
      if (c.regexes[r].search(record.text, r == 0 ? &groups[s] : nullptr)) {
        hit[s] = 1;
        break;
      }
    }
  }
  for (std::size_t s = 0; s < n; ++s) {
    if (hit[s] == 0) continue;
    const auto& sig = signatures[s];
    const bool superseded = std::any_of(sig.superseded_by.begin(), sig.superseded_by.end(),
                                        [&](const std::string& other) {
                                          const auto it = st.index.find(other);
                                          return it != st.index.end() && hit[it->second] != 0;
                                        });
    if (superseded) continue;
    auto& f = st.found[s];
    f.signature = &sig;
    ++f.count;
    if (time) {
      if (!f.first_time || *time < *f.first_time) {
        f.first_time = time;
        f.first_timestamp = record.timestamp;
      }
      if (!f.last_time || *time >= *f.last_time) {
        f.last_time = time;
        f.last_timestamp = record.timestamp;
      }
    } else if (!record.timestamp.empty() && !f.first_time) {
      if (f.first_timestamp.empty()) f.first_timestamp = record.timestamp;
      f.last_timestamp = record.timestamp;
    }
    if (f.lines.size() < k_max_shown_lines) {
      f.lines.push_back({record.line, record.text, record.timestamp, record.event_id,
                         record.channel, record.record_id, record.origin});
    }
    if (f.captures.empty() && !groups[s].empty()) {
      for (std::size_t g = 0; g < sig.captures.size() && g < groups[s].size(); ++g) {
        if (groups[s][g]) f.captures[sig.captures[g]] = *groups[s][g];
      }
    }
  }
}

std::vector<SignatureMatch> MatchScan::finish() {
  std::vector<SignatureMatch> out;
  for (auto& f : m_state->found) {
    if (f.count > 0) out.push_back(std::move(f));
  }
  m_state->found.clear();
  return out;
}

std::vector<SignatureMatch> Matcher::match(const std::vector<LogRecord>& records) const {
  MatchScan scan(*this);
  for (const auto& record : records) scan.add(record);
  return scan.finish();
}

std::vector<const SignatureMatch*> timeline(const std::vector<SignatureMatch>& matches) {
  std::vector<const SignatureMatch*> out;
  for (const auto& m : matches) out.push_back(&m);
  std::stable_sort(out.begin(), out.end(), [](const SignatureMatch* a, const SignatureMatch* b) {
    if (a->first_time && b->first_time) {
      // Same second: the fractions as written ("...07.25Z" < "...07.90Z").
      if (*a->first_time != *b->first_time) return *a->first_time < *b->first_time;
      return a->first_timestamp < b->first_timestamp;
    }
    return a->first_time.has_value() && !b->first_time.has_value();
  });
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
