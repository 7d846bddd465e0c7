#!/usr/bin/env bash
# check.sh SCENARIO BUILD_DIR STATE_DIR PINPROBE SOURCE_DIR: one packaging check.
#   deb              cpack builds the .deb; dpkg-deb -I shows Depends of runtime libraries
#                    only; dpkg -x unpacks it into STATE_DIR/root (the other scenarios' input)
#   deb-installed    the unpacked files are where Debian expects them, the binary runs from
#                    the scratch root, the units name /usr/bin/pinprobe
#   man-page         man -l renders the installed page without groff warnings, with every
#                    command and option --help lists (the same table)
#   bash-completion  the installed script, sourced in bash, completes commands, options and
#                    the --format values --help lists (compgen through _pinprobe)
#   zsh-completion   zsh parses and loads the installed script; it offers the same values
#   systemd-verify   systemd-analyze verify passes on the installed units in the scratch root
#                    and fails there without the binary
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
scenario=$1 build=$2 state=$3 pinprobe=$4 src=$5
root=$state/root
mkdir -p "$state"

fail() {
  echo "FAIL ($scenario): $*" >&2
  exit 1
}

# The --format values of `pinprobe check`, as --help prints them ("report format: a|b|c").
help_formats() {
  "$pinprobe" help check | sed -n 's/.*report format: \([a-z|]*\).*/\1/p' | head -1 | tr '|' ' '
}

# Every long option of every command's --help, one per line.
help_options() {
  local cmd
  for cmd in check "pins show" "pins learn" cert scep explain device; do
    # shellcheck disable=SC2086 # the command words split on purpose
    "$pinprobe" help $cmd
  done | grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' | sed 's/^[ ,]//' | sort -u
}

need_root() { [[ -x $root/usr/bin/pinprobe ]] || fail "the .deb is not unpacked in $root"; }

case $scenario in
  deb)
    need cpack dpkg-deb dpkg-shlibdeps file
    rm -rf "$state/cpack" "$root"
    cpack -G DEB --config "$build/CPackConfig.cmake" -B "$state/cpack" >"$state/cpack.log" 2>&1 ||
      { cat "$state/cpack.log" >&2; fail "cpack failed"; }
    debs=("$state"/cpack/pinprobe_*.deb)
    [[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "expected one .deb, got: ${debs[*]}"
    dpkg-deb -I "${debs[0]}" >"$state/info.txt"
    depends=$(sed -n 's/^ Depends: //p' "$state/info.txt")
    echo "Depends: $depends"
    [[ -n $depends ]] || fail "no Depends (dpkg-shlibdeps did not run)"
    for lib in libc6 libssl3 libcurl4 libc-ares2; do
      grep -qE "(^|, )$lib( |,|$)" <<<"$depends" || fail "Depends lacks $lib: $depends"
    done
    # Runtime libraries only: no headers, no compiler, none of the test toolchain.
    if grep -qE -- '-dev\b|nginx|squid|chromium|prometheus|dnsmasq|mingw|cmake|g\+\+' <<<"$depends"; then
      fail "Depends names a build or test package: $depends"
    fi
    grep -q '^ Package: pinprobe$' "$state/info.txt" || fail "package name"
    # apt can install it here: every Depends is satisfiable (a simulation: nothing changes).
    if command -v apt-get >/dev/null 2>&1; then
      apt-get install -s "${debs[0]}" >"$state/apt-simulate.txt" 2>&1 ||
        { cat "$state/apt-simulate.txt" >&2; fail "apt-get install -s refused the package"; }
      grep -q '^Inst pinprobe ' "$state/apt-simulate.txt" || fail "apt would not install pinprobe"
    fi
    dpkg -x "${debs[0]}" "$root"
    cp "${debs[0]}" "$state/pinprobe.deb"
    ;;
  deb-installed)
    need_root
    for f in usr/bin/pinprobe usr/share/man/man1/pinprobe.1.gz \
      usr/share/bash-completion/completions/pinprobe usr/share/zsh/vendor-completions/_pinprobe \
      usr/lib/systemd/system/pinprobe.service usr/lib/systemd/system/pinprobe.timer \
      usr/share/doc/pinprobe/domains.yaml usr/share/doc/pinprobe/pins/okta.yaml \
      usr/share/doc/pinprobe/examples/systemd/pinprobe.default \
      usr/share/doc/pinprobe/examples/prometheus/pinprobe-alerts.yml \
      usr/share/doc/pinprobe/examples/grafana/pinprobe-dashboard.json \
      usr/share/doc/pinprobe/schema/report-v1.schema.json \
      usr/share/doc/pinprobe/schema/scep-v1.schema.json; do
      [[ -e $root/$f ]] || fail "the package lacks /$f"
    done
    # The binary from the scratch root runs, reports its version, and its built-in plan is the
    # domains.yaml shipped as documentation.
    "$root/usr/bin/pinprobe" --version | grep -qx "pinprobe $("$pinprobe" --version | head -1 | cut -d' ' -f2)" ||
      fail "the packaged binary's --version"
    cmp -s "$root/usr/share/doc/pinprobe/domains.yaml" "$src/domains.yaml" || fail "domains.yaml copy"
    "$root/usr/bin/pinprobe" pins show >"$state/pins.txt" || fail "pins show from the package"
    grep -q okta "$state/pins.txt" || fail "pins show printed no okta pinset"
    grep -qx 'ExecStart=/usr/bin/pinprobe check --format prom --site ${SITE} \\' \
      "$root/usr/lib/systemd/system/pinprobe.service" || fail "the unit's ExecStart path"
    # The packaged page is the one the binary generates now (the table did not drift).
    cmp -s <(zcat "$root/usr/share/man/man1/pinprobe.1.gz") <("$pinprobe" --man) ||
      fail "the packaged man page differs from pinprobe --man"
    echo "ok: $(find "$root" -type f | wc -l) files in the package"
    ;;
  man-page)
    need man
    need_root
    page=$root/usr/share/man/man1/pinprobe.1.gz
    # man-db's --warnings passes groff's -w: any warning (bad macro, bad escape) is output.
    warnings=$(MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null || true)
    [[ -z $warnings ]] || fail "groff warnings: $warnings"
    MANWIDTH=100 man -l "$page" 2>/dev/null | col -bx >"$state/man.txt"
    grep -q '^NAME' "$state/man.txt" && grep -qE "^ +pinprobe +- +can +devices" "$state/man.txt" || fail "no NAME"
    for cmd in "pinprobe check" "pinprobe pins show" "pinprobe pins learn" "pinprobe cert" \
      "pinprobe scep" "pinprobe explain" "pinprobe device"; do
      grep -qF "$cmd" "$state/man.txt" || fail "the page lacks the command $cmd"
    done
    n=0
    while read -r opt; do
      grep -qF -- "$opt" "$state/man.txt" || fail "the page lacks $opt (in --help)"
      n=$((n + 1))
    done < <(help_options)
    ((n > 20)) || fail "only $n options found in --help"
    for f in $(help_formats); do
      grep -qE "One of: .*\b$f\b" "$state/man.txt" || fail "the page lacks --format value $f"
    done
    grep -q '^EXIT STATUS' "$state/man.txt" || fail "no EXIT STATUS"
    echo "ok: man page renders, $n options"
    ;;
  bash-completion)
    need_root
    script=$root/usr/share/bash-completion/completions/pinprobe
    # complete WORDS...: what _pinprobe offers for the last word (the word being completed).
    complete_words() {
      bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pinprobe
               printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$script" "$@"
    }
    got=$(complete_words pinprobe check --format "" | tr '\n' ' ')
    want=$(help_formats | tr ' ' '\n' | sort | tr '\n' ' ')
    [[ -n $want && $got == "$want" ]] || fail "--format values: got '$got', --help says '$want'"
    got=$(complete_words pinprobe --format j | tr '\n' ' ')
    [[ $got == "json junit " ]] || fail "--format j without a command: '$got'"
    got=$(complete_words pinprobe p | tr '\n' ' ')
    [[ $got == "pins " ]] || fail "command p: '$got'"
    got=$(complete_words pinprobe pins "" | tr '\n' ' ')
    [[ $got == *"learn"* && $got == *"show"* && $got != *"--site"* ]] || fail "pins: '$got'"
    got=$(complete_words pinprobe check --no- | tr '\n' ' ')
    for opt in --no-proxy --no-revocation --no-color; do
      [[ $got == *"$opt "* ]] || fail "check --no-: '$got' lacks $opt"
    done
    got=$(complete_words pinprobe pins learn --pro | tr '\n' ' ')
    [[ $got == "--proxy --proxy-auth --proxy-user " ]] || fail "pins learn --pro: '$got'"
    got=$(complete_words pinprobe check --proxy-auth "" | tr '\n' ' ')
    [[ $got == "any basic negotiate ntlm " ]] || fail "--proxy-auth values: '$got'"
    # A value that is a file completes as one.
    touch "$state/domains-test.yaml"
    got=$(complete_words pinprobe check --domains "$state/domains-t")
    [[ $got == "$state/domains-test.yaml" ]] || fail "--domains file: '$got'"
    echo "ok: bash completion"
    ;;
  zsh-completion)
    need zsh
    need_root
    script=$root/usr/share/zsh/vendor-completions/_pinprobe
    zsh -n "$script" || fail "zsh cannot parse $script"
    # Loaded by compinit from the package's directory, it is the completion of pinprobe.
    out=$(HOME=$state zsh -f -c "fpath=($(dirname "$script") \$fpath); autoload -Uz compinit;
      compinit -u -d $state/zcompdump; print -r -- \${_comps[pinprobe]}")
    [[ $out == _pinprobe ]] || fail "compinit did not register _pinprobe: '$out'"
    for f in $(help_formats); do
      grep -qE -- "--format=\[[^]]*\]:[A-Z]+:\([a-z ]*\b$f\b" "$script" ||
        fail "zsh: --format lacks $f"
    done
    echo "ok: zsh completion"
    ;;
  systemd-verify)
    need systemd-analyze
    need_root
    # The scratch root has the package's units and binary; systemd's own units (targets the
    # timer and service name) come from this machine.
    units=$state/verify-root
    rm -rf "$units"
    mkdir -p "$units/usr/lib/systemd" "$units/usr/bin"
    cp -a /usr/lib/systemd/system "$units/usr/lib/systemd/" 2>/dev/null ||
      cp -a /lib/systemd/system "$units/usr/lib/systemd/"
    cp "$root"/usr/lib/systemd/system/pinprobe.* "$units/usr/lib/systemd/system/"
    cp "$root/usr/bin/pinprobe" "$units/usr/bin/pinprobe"
    out=$(systemd-analyze verify --man=no --root="$units" pinprobe.service pinprobe.timer 2>&1) ||
      fail "systemd-analyze verify: $out"
    [[ -z $out ]] || fail "systemd-analyze verify warned: $out"
    # The timer is a real calendar timer.
    grep -q '^OnCalendar=' "$units/usr/lib/systemd/system/pinprobe.timer" || fail "no OnCalendar="
    # What the unit writes, node-exporter's prometheus user can read: under the unit's UMask a
    # new --output file is 0644 (and a replaced one keeps its mode).
    umask_value=$(sed -n 's/^UMask=//p' "$units/usr/lib/systemd/system/pinprobe.service")
    [[ $umask_value == 0022 ]] || fail "the service's UMask is '$umask_value'"
    rm -f "$state/textfile.prom"
    (umask "$umask_value" && "$units/usr/bin/pinprobe" pins show --output "$state/textfile.prom")
    [[ $(stat -c %a "$state/textfile.prom") == 644 ]] ||
      fail "--output under UMask $umask_value made mode $(stat -c %a "$state/textfile.prom")"
    grep -q '^ExecStart=/usr/bin/pinprobe .*--output /var/lib/prometheus/node-exporter/pinprobe.prom' \
      <(sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' "$units/usr/lib/systemd/system/pinprobe.service") ||
      fail "the service does not write node-exporter's textfile directory"
    # The check can fail: without the binary at the unit's path, verify refuses the service.
    rm "$units/usr/bin/pinprobe"
    if out=$(systemd-analyze verify --man=no --root="$units" pinprobe.service 2>&1); then
      fail "verify passed without /usr/bin/pinprobe: $out"
    fi
    grep -q 'is not executable' <<<"$out" || fail "unexpected verify failure: $out"
    echo "ok: systemd-analyze verify"
    ;;
  *)
    echo "unknown scenario $scenario" >&2
    exit 2
    ;;
esac
