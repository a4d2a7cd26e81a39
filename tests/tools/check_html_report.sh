#!/usr/bin/env bash
# Checks the HTML report in a real browser: renders the scan fixture's report with headless
# Chromium, inspects the DOM after the inline script ran (verdict, finding rows, escaping, filter
# controls, digests, the URL-hash filter) and takes a screenshot.
# Usage: check_html_report.sh LETHE_BINARY SOURCE_DIR
set -euo pipefail
lethe=$1
source=$2
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "missing $chromium: apt-get install -y chromium" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$work/report.html
fixture=$source/tests/fixtures/scan

source "$source/tests/tools/check.sh"

status=0
"$lethe" scan "$fixture/export" --rules "$fixture/rules" --as-of 2026-11-01 --reveal-pii \
  --report "html=$report" >/dev/null || status=$?
# The fixture has a rule that ends in error on purpose: the run is incomplete.
[ "$status" -eq 3 ] || { echo "FAIL  lethe scan exited $status, expected 3" >&2; exit 1; }
[ -s "$report" ] || { echo "FAIL  lethe scan wrote no $report" >&2; exit 1; }
echo "ok    lethe scan exited 3 and wrote $(wc -c <"$report") bytes of HTML"

browse() {  # browse ARGS...: headless Chromium with a fresh profile and no network chatter
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>"$work/chromium.log"
}

browse --dump-dom "file://$report" >"$work/dom.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom" >&2; exit 1; }
browse --dump-dom "file://$report#rule=t.inactive-child-profile" >"$work/filtered.html" ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --dump-dom (filtered)" >&2; exit 1; }
browse --screenshot="$work/report.png" --window-size=1280,2000 "file://$report" >/dev/null ||
  { cat "$work/chromium.log" >&2; echo "FAIL  chromium --screenshot" >&2; exit 1; }

dom=$work/dom.html
filtered=$work/filtered.html
count() { grep -o -- "$1" "$2" | wc -l; }
equals() { [ "$1" -eq "$2" ] || { echo "      got $1, expected $2" >&2; return 1; }; }

check "the verdict reads INCOMPLETE" grep -Eq '<span id="verdict"[^>]*>INCOMPLETE</span>' "$dom"
check "exactly 6 finding rows" equals "$(count '<tr class="finding"' "$dom")" 6
check "every finding row is visible without a filter" equals "$(count '<tr class="finding"[^>]* hidden' "$dom")" 0
check "the transcript shows as escaped text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$dom"
check "no <script>alert in the DOM" bash -c '! grep -qF "<script>alert" "$1"' _ "$dom"
check "no <script>alert in the file" bash -c '! grep -qF "<script>alert" "$1"' _ "$report"
check "the rule filter exists" grep -q '<select id="filter-rule"' "$dom"
check "the severity filter exists" grep -q '<select id="filter-severity"' "$dom"
check "the script revealed the filters" bash -c '! grep -q "id=\"filters\" hidden" "$1"' _ "$dom"
for section in outcomes coverage waivers audit; do
  check "section id=\"$section\" exists" grep -q "id=\"$section\"" "$dom"
done
audit=$(sed -n '/<section id="audit">/,/<\/section>/p' "$dom")
check "the audit trail lists SHA-256 digests" equals "$(grep -Eo '<code>[0-9a-f]{64}</code>' <<<"$audit" | wc -l)" 13
check "the file loads nothing over http(s)" bash -c '! grep -Eqi "(src|href|action|url)[[:space:]]*[=(][[:space:]]*[\"'"'"']?[[:space:]]*(https?:)?//" "$1"' _ "$report"
check "the file has no http(s) URL at all" bash -c '! grep -Eqi "https?://" "$1"' _ "$report"
check "a Content-Security-Policy forbids loading anything" grep -q "default-src 'none'" "$report"
check "the file ends with a newline" bash -c '[ "$(tail -c1 "$1" | od -An -c | tr -d " ")" = "\\n" ]' _ "$report"

check "#rule=t.inactive-child-profile shows 2 rows" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$filtered" | grep -v hidden | grep -c 'data-rule="t.inactive-child-profile"')" 2
check "#rule=t.inactive-child-profile hides the other 4" \
  equals "$(grep -o '<tr class="finding"[^>]*>' "$filtered" | grep -v 'data-rule="t.inactive-child-profile"' | grep -c hidden)" 4
check "#rule=... updates the count" grep -q '2 of 6 findings shown' "$filtered"

size=$(stat -c %s "$work/report.png" 2>/dev/null || echo 0)
check "the screenshot exists and is over 10 KB ($size bytes)" test "$size" -gt 10240
if [ -n "${KEEP_SCREENSHOT:-}" ]; then cp "$work/report.png" "$KEEP_SCREENSHOT"; fi

if [ "$failures" -gt 0 ]; then
  kept=${TMPDIR:-/tmp}/lethe-report-failed.html
  cp "$report" "$kept"
  echo "$failures check(s) failed; the report is kept at $kept" >&2
  exit 1
fi
echo "all HTML report checks passed"
