#include "cli/command_doc.hpp"

#include <CLI/CLI.hpp>
#include <doctest/doctest.h>

#include <string>

namespace probe::cli {
namespace {

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

// A small app shaped like pinprobe's: a command with a choice option, a flag, a hidden option
// and a positional; a command with subcommands.
struct Sample {
  CLI::App app{"tool: does things", "tool"};
  std::string format = "text";
  bool strict = false;
  std::string hidden;
  std::vector<std::string> files;
  std::string host;
  Sample() {
    app.footer("Exit status: 0 pass.");
    auto* check = app.add_subcommand("check", "check .things\\ now");
    check->add_option("--format", format, "report format")->check(CLI::IsMember({"text", "json"}));
    check->add_flag("-s,--strict", strict, "warnings fail [too]");
    check->add_option("--secret", hidden, "tests only")->group("");
    check->add_option("files", files, "input files");
    auto* pins = app.add_subcommand("pins", "pinsets");
    pins->add_subcommand("show", "list them");
    pins->add_subcommand("learn", "learn one")->add_option("host", host, "the host");
  }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("command_doc: the table lists commands, options and choices, not hidden ones") {
    Sample s;
    const auto docs = describe_commands(s.app);
    REQUIRE(docs.size() == 5);
    CHECK(docs[0].path.empty());
    CHECK(docs[0].subcommands == std::vector<std::string>{"check", "pins"});
    CHECK(docs[1].path == std::vector<std::string>{"check"});
    CHECK(docs[3].path == std::vector<std::string>{"pins", "show"});
    CHECK(docs[4].path == std::vector<std::string>{"pins", "learn"});
    const auto& check = docs[1];
    std::vector<std::string> names;
    for (const auto& o : check.options) names.push_back(o.names.front());
    CHECK(names == std::vector<std::string>{"-h", "--format", "-s", "files"});
    CHECK(check.options[1].choices == std::vector<std::string>{"text", "json"});
    CHECK(check.options[1].value == "TEXT");
    CHECK(check.options[2].names == std::vector<std::string>{"-s", "--strict"});
    CHECK(check.options[2].value.empty());
    CHECK(check.options[3].positional);
    CHECK(check.options[3].repeatable);
  }

  TEST_CASE("command_doc: the man page is roff with escaped text and every option") {
    Sample s;
    const auto page = render_manpage(describe_commands(s.app), "1.2.3");
    CHECK(page.starts_with(".\\\" pinprobe(1)"));
    CHECK(contains(page, ".TH PINPROBE 1 \"\" \"pinprobe 1.2.3\" \"User Commands\"\n"));
    CHECK(contains(page, ".SH NAME\npinprobe \\- does things\n"));
    CHECK(contains(page, ".SS \"pinprobe pins learn\"\n"));
    CHECK(contains(page,
                   "\\fB\\-\\-format\\fR \\fITEXT\\fR\nreport format\n.br\nOne of: "
                   "\\fBtext\\fR, \\fBjson\\fR.\n"));
    CHECK(contains(page, "\\fB\\-s\\fR, \\fB\\-\\-strict\\fR\nwarnings fail [too]\n"));
    // A description starting with '.' would be a request; a backslash an escape.
    CHECK(contains(page, "\n\\&.things\\e now\n") == false);
    CHECK(contains(page, "check .things\\e now\n"));
    CHECK_FALSE(contains(page, "secret"));
    CHECK(contains(page, ".SH EXIT STATUS\n"));
  }

  TEST_CASE("command_doc: bash completion knows commands, options and --format values") {
    Sample s;
    const auto script = render_completion(describe_commands(s.app), "bash");
    REQUIRE(script.has_value());
    CHECK(contains(*script, "/check|/pins|pins/show|pins/learn) cmd=${cmd:+$cmd/}$w ;;"));
    CHECK(contains(*script, "check:--format|:--format) COMPREPLY=($(compgen -W 'text json'"));
    CHECK(contains(*script, "'check') words='-h --help --format -s --strict'; files=1 ;;"));
    CHECK(contains(*script, "'pins') words='show learn -h --help' ;;"));
    CHECK(contains(*script, "complete -F _pinprobe pinprobe\n"));
    CHECK_FALSE(contains(*script, "--secret"));
  }

  TEST_CASE("command_doc: zsh completion has _arguments specs, values and subcommands") {
    Sample s;
    const auto script = render_completion(describe_commands(s.app), "zsh");
    REQUIRE(script.has_value());
    CHECK(script->starts_with("#compdef pinprobe\n"));
    CHECK(contains(*script, "'--format=[report format]:TEXT:(text json)'"));
    CHECK(contains(*script, "'--strict[warnings fail \\[too\\]]'"));
    CHECK(contains(*script, "'1:command:(show learn)'"));
    CHECK(contains(*script, "'*:files:_files'"));
  }

  TEST_CASE("command_doc: an unknown shell is a usage error naming it") {
    Sample s;
    const auto script = render_completion(describe_commands(s.app), "fish");
    REQUIRE_FALSE(script.has_value());
    CHECK(script.error().kind == core::ErrorKind::usage);
    CHECK(script.error().message == "--completion: unknown shell 'fish' (expected bash or zsh)");
  }

  TEST_CASE("command_doc: only --man and --completion run the generator") {
    Sample s;
    CHECK_FALSE(run_generator(s.app, {}, "1").has_value());
    CHECK_FALSE(run_generator(s.app, {"check", "--man"}, "1").has_value());
    CHECK(run_generator(s.app, {"--man", "x"}, "1") == 2);
    CHECK(run_generator(s.app, {"--completion"}, "1") == 2);
    CHECK(run_generator(s.app, {"--completion", "tcsh"}, "1") == 2);
  }
}

}  // namespace probe::cli
