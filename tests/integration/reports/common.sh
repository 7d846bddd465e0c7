# Shared by the report integration scripts: tool lookup with the skip/fail policy.
# A missing tool skips (exit 77) locally and fails with CI=true.
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing prerequisite: $1" >&2
    if [[ ${CI:-} == true ]]; then exit 1; fi
    exit 77
  fi
}
