// Fuzz target: the explain log decoder, record splitter and signature matcher. Besides not
// crashing, the streaming decoder and splitter must agree with the whole-buffer ones whatever
// the chunk size (log_text.hpp promises the same text, errors and records); a disagreement
// aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/signatures.hpp"
#include "explain/log_text.hpp"
#include "explain/matcher.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace probe;

[[noreturn]] void disagree(const char* what) {
  std::fprintf(stderr, "explain_fuzz: streaming and whole-buffer %s differ\n", what);
  std::abort();
}

bool same(const std::vector<explain::LogRecord>& a, const std::vector<explain::LogRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].line != b[i].line || a[i].text != b[i].text || a[i].timestamp != b[i].timestamp) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<config::Signature> signatures = config::default_signatures().value();
  static const explain::Matcher matcher(signatures);
  const auto bytes = fuzz::as_text(data, size);
  // Chunk sizes from 1 to 64 bytes, picked by the input so boundaries move as it mutates.
  const std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 64;

  const auto whole = explain::decode_log(bytes, "fuzz.log");
  explain::LogDecoder decoder("fuzz.log");
  std::string streamed;
  core::Result<void> fed;
  for (std::size_t at = 0; at < size && fed; at += chunk) {
    fed = decoder.feed(bytes.substr(at, chunk), streamed);
  }
  if (fed) fed = decoder.finish(streamed);
  if (whole.has_value() != fed.has_value()) disagree("decode results");
  if (!whole) {
    if (whole.error().message != fed.error().message) disagree("decode errors");
    return 0;
  }
  if (whole->text != streamed) disagree("decoded texts");
  if (whole->encoding != decoder.encoding()) disagree("encodings");

  const auto records = explain::split_records(whole->text);
  std::vector<explain::LogRecord> split;
  explain::RecordSplitter splitter([&split](explain::LogRecord&& r) { split.push_back(r); });
  const std::string_view text = whole->text;
  for (std::size_t at = 0; at < text.size(); at += chunk) splitter.feed(text.substr(at, chunk));
  splitter.finish();
  if (!same(records, split)) disagree("records");

  const auto matches = matcher.match(records);
  explain::MatchScan scan(matcher);
  for (const auto& record : records) scan.add(record);
  if (scan.finish().size() != matches.size()) disagree("matches");
  (void)explain::build_check_commands(matches);
  (void)explain::leading_timestamp(text.substr(0, 256));
  (void)explain::decode_xml_entities(text.substr(0, 4096));
  return 0;
}
