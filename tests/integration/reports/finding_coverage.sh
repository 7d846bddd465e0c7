#!/usr/bin/env bash
# finding_coverage.sh SOURCE_DIR: every finding code of the table (probe/core/finding.cpp) is
# asserted by at least one integration script that runs pinprobe against a real fixture. The
# scripts that check only the hand-built sample report (reports/validate.sh,
# reports/html_chromium.sh, reports/pushgateway.sh), this script and the shared helpers
# (lib/) do not count, nor do comment lines. Exceptions, each with its reason, are listed below;
# an exception that a script does assert fails too (delete it from the list).
set -euo pipefail
src=$1
table=$src/probe/core/finding.cpp
scripts=$src/tests/integration

# Codes no real fixture on Linux can produce, with the reason. (None today: the TPM codes come
# from `pinprobe device` on sysfs trees made by commands/check.sh.)
declare -A exceptions=()

mapfile -t codes < <(grep -oE '\{FindingCode::[a-z0-9_]+, "[A-Z0-9_]+"' "$table" |
  sed -E 's/.*"([A-Z0-9_]+)"/\1/' | sort -u)
if ((${#codes[@]} < 40)); then
  echo "read only ${#codes[@]} codes from $table: has its table's layout changed?" >&2
  exit 1
fi

mapfile -t files < <(find "$scripts" -name '*.sh' ! -path '*/lib/*' \
  ! -name finding_coverage.sh ! -path '*/reports/validate.sh' \
  ! -path '*/reports/html_chromium.sh' ! -path '*/reports/pushgateway.sh' | sort)
# The scripts' text without comment lines.
corpus=$(for f in "${files[@]}"; do grep -vE '^[[:space:]]*#' "$f"; done)

missing=() stale=()
for code in "${codes[@]}"; do
  if grep -qw -- "$code" <<<"$corpus"; then
    [[ -v exceptions[$code] ]] && stale+=("$code")
  elif [[ ! -v exceptions[$code] ]]; then
    missing+=("$code")
  fi
done
for code in "${!exceptions[@]}"; do
  echo "exception: $code (${exceptions[$code]})"
done
if ((${#missing[@]})); then
  echo "finding codes that no integration script asserts: ${missing[*]}" >&2
  echo "add a real fixture that produces each (or an exception with its reason)" >&2
  exit 1
fi
if ((${#stale[@]})); then
  echo "listed as exceptions but asserted by a script: ${stale[*]} (delete the exception)" >&2
  exit 1
fi
echo "ok: all ${#codes[@]} finding codes are asserted by ${#files[@]} integration scripts"
