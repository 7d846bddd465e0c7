// `pinprobe pins learn`: a pinset YAML fragment (SPEC §2 "pins/") for a captured chain.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "tls/judge.hpp"

namespace probe::tls {

struct PinsetFragment {
  std::string yaml;     // ready to paste into pins/<name>.yaml (labels escaped and quoted)
  std::string warning;  // non-empty when the chain looks intercepted: print it loudly
  // Anchor certificates the fragment's `cert:` lines name: {"certs/<file>.pem", PEM text}.
  std::vector<std::pair<std::string, std::string>> anchor_files;
};

// The fragment for `judgement` (from judge_chain on the captured chain) learned from
// `host_port` at `now`: one pin per certificate of the verified path (else of the presented
// chain), with labels and roles (leaf, intermediate, root), and a `cert:` anchor for the
// root. When the judge found interception the YAML starts with a WARNING comment and
// `warning` says why: pinning an inspection CA would hide the very failure pinprobe exists
// to find.
PinsetFragment pinset_fragment(const Judgement& judgement, std::string_view host_port,
                               core::SysTime now);

}  // namespace probe::tls
