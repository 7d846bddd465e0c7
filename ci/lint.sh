#!/usr/bin/env bash
# Check that every C++ source under probe/, tests/ and bench/ is clang-formatted
# (.clang-format). Prints the offending lines and fails when one is not.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
clang_format=${CLANG_FORMAT:-clang-format}
dirs=(probe tests bench)

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked files plus new, not ignored ones; skip tracked files deleted in the work tree.
  while IFS= read -r -d '' file; do
    [[ -f $file ]] && files+=("$file")
  done < <(git ls-files -z --cached --others --exclude-standard -- \
    "${dirs[@]/%//*.cpp}" "${dirs[@]/%//*.hpp}" | sort -zu)
else
  existing=()
  for dir in "${dirs[@]}"; do
    [[ -d $dir ]] && existing+=("$dir")
  done
  if ((${#existing[@]})); then
    while IFS= read -r -d '' file; do
      files+=("$file")
    done < <(find "${existing[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z)
  fi
fi

if ((${#files[@]} == 0)); then
  echo "lint: no C++ files under ${dirs[*]}" >&2
  exit 0
fi

echo "lint: $("$clang_format" --version | head -n 1), ${#files[@]} files" >&2
printf '%s\0' "${files[@]}" | xargs -0 -n 50 "$clang_format" --dry-run -Werror
echo "lint: ok" >&2
