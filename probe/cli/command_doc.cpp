#include "cli/command_doc.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "core/text.hpp"

namespace probe::cli {
namespace {

// CLI11 names a value "TEXT", "INT:INT in [1 - 4096]" or "TEXT:{a,b,c}" (the type, then what
// its validator accepts): the placeholder is the type, the choices those in braces.
void describe_value(const CLI::Option& option, OptionDoc& doc) {
  const auto type = option.get_type_name();
  doc.value = type.substr(0, type.find(':'));
  if (doc.value.empty()) doc.value = "VALUE";
  const auto open = type.find('{');
  const auto close = type.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return;
  std::string_view list(type);
  list = list.substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const auto comma = list.find(',');
    doc.choices.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

OptionDoc describe_option(const CLI::Option& option) {
  OptionDoc doc;
  doc.description = option.get_description();
  if (option.get_positional()) {
    doc.positional = true;
    doc.names = {option.get_name()};
    doc.repeatable = option.get_items_expected_max() > 1;
    describe_value(option, doc);
    return doc;
  }
  for (const auto& s : option.get_snames()) doc.names.push_back("-" + s);
  for (const auto& l : option.get_lnames()) doc.names.push_back("--" + l);
  if (option.get_items_expected_max() > 0) describe_value(option, doc);
  return doc;
}

void walk(const CLI::App& app, const std::vector<std::string>& path, std::vector<CommandDoc>& out) {
  CommandDoc doc;
  doc.path = path;
  doc.description = app.get_description();
  doc.footer = app.get_footer();
  for (const auto* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden (tests only)
    doc.options.push_back(describe_option(*option));
  }
  const auto subcommands =
      app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
  for (const auto* sub : subcommands) doc.subcommands.push_back(sub->get_name());
  out.push_back(std::move(doc));
  for (const auto* sub : subcommands) {
    auto sub_path = path;
    sub_path.push_back(sub->get_name());
    walk(*sub, sub_path, out);
  }
}

}  // namespace

std::vector<CommandDoc> describe_commands(const CLI::App& app) {
  std::vector<CommandDoc> out;
  walk(app, {}, out);
  return out;
}

std::optional<int> run_generator(const CLI::App& app, const std::vector<std::string>& words,
                                 std::string_view version) {
  if (words.empty() || (words[0] != "--man" && words[0] != "--completion")) return std::nullopt;
  const auto commands = describe_commands(app);
  std::string text;
  if (words[0] == "--man") {
    if (words.size() != 1) {
      std::fprintf(stderr, "pinprobe: --man takes no other argument\n");
      return 2;
    }
    text = render_manpage(commands, version);
  } else {
    if (words.size() != 2) {
      std::fprintf(stderr, "pinprobe: --completion needs one SHELL (bash or zsh)\n");
      return 2;
    }
    auto script = render_completion(commands, words[1]);
    if (!script) {
      std::fprintf(stderr, "pinprobe: %s\n", script.error().message.c_str());
      return 2;
    }
    text = std::move(*script);
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  return std::fflush(stdout) == 0 && ok ? 0 : 2;
}

}  // namespace probe::cli
