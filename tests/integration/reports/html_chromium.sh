#!/usr/bin/env bash
# html_chromium.sh TOOL WORKDIR: renders the sample HTML report, loads it in headless
# Chromium with networking disabled, and checks the DOM: the page renders, the key content
# is there, the hostile certificate name is text (no injected <script>), and the page refers
# to no external resource.
# html_chromium.sh --file HTML WORKDIR TEXT...: the same load and page checks on a report that a
# real `pinprobe check --format html` wrote (real_run.sh), and every TEXT in its DOM.
set -euo pipefail
source "$(dirname "$0")/common.sh"
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || need chromium
need timeout
if [[ $1 == --file ]]; then
  html=$2 work=$3
  shift 3
  expected=("$@")
  rm -rf "$work" && mkdir -p "$work/profile"
  cp "$html" "$work/report.html"
else
  tool=$1 work=$2
  expected=()
  rm -rf "$work" && mkdir -p "$work/profile"
  "$tool" render html "$work/report.html"
fi

if grep -Eqi '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//' "$work/report.html"; then
  echo "external reference in the HTML:" >&2
  grep -Eoi '(src|href)[[:space:]]*=[^ >]*' "$work/report.html" >&2
  exit 1
fi

timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --disable-default-apps \
  --user-data-dir="$work/profile" --virtual-time-budget=2000 \
  --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/chromium.log" || {
  echo "chromium failed:" >&2
  tail -20 "$work/chromium.log" >&2
  exit 1
}

check() {
  if ! grep -qF -- "$1" "$work/dom.html"; then
    echo "missing from the rendered DOM: $1" >&2
    exit 1
  fi
}
check '<table class="matrix">'
if ((${#expected[@]})); then
  for text in "${expected[@]}"; do check "$text"; done
else
  check 'berlin-hq'
  check 'TLS_INTERCEPTED'
  check 'intercepted by Zscaler Root CA (Zscaler Internet Access)'
  check 'REVOCATION_BLOCKED_BY_PROXY'
  check 'PROXY_AUTH_REQUIRED'
  check 'DNS_SINKHOLE'
  check '{org}.oktapreview.com'
  check '&lt;script&gt;alert(1)&lt;/script&gt;'
fi
# The script the page carries itself ran: the toggle button exists and is wired.
check 'id="toggle"'
scripts=$(grep -o '<script' "$work/dom.html" | wc -l)
if [[ $scripts -ne 1 ]]; then
  echo "expected exactly the page's own <script>, found $scripts" >&2
  exit 1
fi
echo "ok: html renders ($(wc -c <"$work/dom.html") bytes of DOM)"
